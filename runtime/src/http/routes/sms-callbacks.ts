// Twilio's webhooks: POST /t/sms/status (delivery status of a sent message) and POST /t/sms/inbound
// (messages people send, STOP and START among them). Form-encoded, outside /api: the request's
// X-Twilio-Signature is its credential, checked before anything is read or written.
import express, { type Request, Router } from 'express';
import type { Runtime } from '../../runtime.js';
import { SMS_INBOUND_PATH, SMS_STATUS_PATH } from '../../services/messaging.js';
import { SmsCallbacks, type TwilioParams } from '../../services/sms-callbacks.js';
import { HttpError } from '../errors.js';

export function smsCallbackRoutes(runtime: Runtime): Router {
  const router = Router();
  const callbacks = new SmsCallbacks(runtime);
  const form = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 });

  /** The posted parameters, once the signature over the URL Twilio called and them is valid. */
  async function verified(req: Request): Promise<TwilioParams> {
    const params = Object.fromEntries(Object.entries((req.body ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
    // The URL as Twilio called it: TERN_PUBLIC_URL (which the callback URL was made from) and the path.
    const url = `${runtime.config.publicUrl}${req.originalUrl}`;
    if (!(await callbacks.verify(url, params, req.get('x-twilio-signature')))) {
      throw new HttpError(403, 'forbidden', 'the request does not carry a valid X-Twilio-Signature');
    }
    return params;
  }

  router.post(SMS_STATUS_PATH, form, async (req, res) => {
    await callbacks.status(await verified(req));
    res.status(204).end();
  });

  router.post(SMS_INBOUND_PATH, form, async (req, res) => {
    const reply = await callbacks.inbound(await verified(req));
    res.type('text/xml').send(reply);
  });

  return router;
}

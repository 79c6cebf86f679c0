// SMS out through Twilio's Messages API, or any provider that speaks it (base URL configurable):
// `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, form-encoded, HTTP basic auth with the
// account SID and auth token — through the one SSRF-guarded HTTP client.
import { type ChannelCredential, DeliveryError, type HttpService, type SmsMessage, type SmsSendResult } from '@tern/shared';
import { findOutgoingError } from './outgoing-error.js';

export const TWILIO_DEFAULT_BASE_URL = 'https://api.twilio.com';

export interface TwilioSenderOptions {
  http: HttpService;
  /** Where Twilio reports delivery status (`StatusCallback`); null when Tern is not reachable from outside. */
  statusCallbackUrl?: string | null;
  timeoutMs?: number;
}

interface TwilioAccount {
  accountSid: string;
  authToken: string;
  baseUrl: string;
}

/** Sends one SMS; refusals (4xx) reject as `rejected`, 429, 5xx and network failures as `temporary`. */
export function createTwilioSender(options: TwilioSenderOptions): (message: SmsMessage) => Promise<SmsSendResult> {
  return async (message) => {
    const account = twilioAccount(message.credential);
    const form = new URLSearchParams({ To: message.to, From: message.from, Body: message.body });
    if (options.statusCallbackUrl) form.set('StatusCallback', options.statusCallbackUrl);
    let response;
    try {
      response = await options.http.request({
        method: 'POST',
        url: `${account.baseUrl}/2010-04-01/Accounts/${encodeURIComponent(account.accountSid)}/Messages.json`,
        headers: {
          Authorization: `Basic ${Buffer.from(`${account.accountSid}:${account.authToken}`).toString('base64')}`,
          Accept: 'application/json',
        },
        body: form,
        timeoutMs: options.timeoutMs ?? 15_000,
        // Creating a message is not idempotent at Twilio: the client never sends it twice.
        retries: 0,
      });
    } catch (err) {
      const failure = findOutgoingError(err);
      const kind = failure && !failure.retryable ? 'rejected' : 'temporary';
      throw new DeliveryError(kind, failure?.message ?? (err as Error).message, failure ? { code: failure.code } : {}, { cause: err });
    }
    const body = (response.body ?? {}) as Record<string, unknown>;
    if (response.status >= 200 && response.status < 300 && typeof body.sid === 'string') {
      return { messageId: body.sid, status: typeof body.status === 'string' ? body.status : 'queued' };
    }
    const temporary = response.status === 429 || response.status >= 500;
    throw new DeliveryError(temporary ? 'temporary' : 'rejected', twilioMessage(response.status, body), {
      status: response.status,
      ...(body.code !== undefined ? { code: body.code } : {}),
      ...(typeof body.more_info === 'string' ? { moreInfo: body.more_info } : {}),
    });
  };
}

/** Twilio's error JSON is `{ code, message, more_info, status }`. */
function twilioMessage(status: number, body: Record<string, unknown>): string {
  if (typeof body.message === 'string' && body.message !== '') return body.message;
  return `the SMS provider answered with HTTP status ${status}`;
}

function twilioAccount(credential: ChannelCredential): TwilioAccount {
  const { accountSid, authToken, baseUrl } = credential.data;
  if (typeof accountSid !== 'string' || accountSid === '' || typeof authToken !== 'string' || authToken === '') {
    throw new DeliveryError('rejected', 'the twilio credential needs an accountSid and an authToken');
  }
  const base = typeof baseUrl === 'string' && baseUrl !== '' ? baseUrl : TWILIO_DEFAULT_BASE_URL;
  return { accountSid, authToken, baseUrl: base.replace(/\/+$/, '') };
}

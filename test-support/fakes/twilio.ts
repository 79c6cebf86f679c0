// A local stand-in for Twilio's Messages API (`POST /2010-04-01/Accounts/{Sid}/Messages.json`)
// that checks requests the way Twilio does — HTTP basic auth with the account SID and auth token
// of the account in the path, form-encoded `To`, `From` and `Body`, E.164 numbers — and answers
// like it: 201 with the message resource (`sid`, `status: "queued"`, …), or Twilio's error JSON
// `{ code, message, more_info, status }` with 400, 401 or 404.
import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import { type ReceivedRequest, sendJson, startServer } from '../../runtime/src/adapters/test-server.js';
import { twilioSignature } from '../../runtime/src/services/sms-callbacks.js';

export interface TwilioMessage {
  sid: string;
  account_sid: string;
  to: string;
  from: string;
  body: string;
  status: string;
  status_callback: string | null;
  date_created: string;
}

export interface FakeTwilio {
  /** `http://127.0.0.1:port`: the credential's `baseUrl`. */
  origin: string;
  accountSid: string;
  authToken: string;
  /** The data of a `twilio` credential for this account. */
  credential: { accountSid: string; authToken: string; baseUrl: string };
  /** Every request received, accepted or not. */
  requests: ReceivedRequest[];
  /** The messages accepted. */
  messages: TwilioMessage[];
  /** Answers the next message request with this status and error code instead (e.g. 503, 20500). */
  failNext(status: number, code: number, message: string): void;
  /** The headers and form of a webhook this account sends to `url` (a status callback, an incoming SMS), signed as Twilio signs it. */
  webhook(url: string, params: Record<string, string>): { headers: Record<string, string>; form: Record<string, string> };
  close(): Promise<void>;
}

const E164 = /^\+[1-9]\d{6,14}$/;
const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;
const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;

export async function startFakeTwilio(): Promise<FakeTwilio> {
  const accountSid = `AC${randomBytes(16).toString('hex')}`;
  const authToken = randomBytes(16).toString('hex');
  const messages: TwilioMessage[] = [];
  const failures: Array<{ status: number; code: number; message: string }> = [];

  const server = await startServer((req, res) => {
    const url = new URL(req.url, 'http://twilio.local');
    const path = MESSAGES_PATH.exec(url.pathname);
    if (!path) return error(res, 404, 20404, `The requested resource ${url.pathname} was not found`);
    if (!authenticated(req, path[1]!, accountSid, authToken)) return error(res, 401, 20003, 'Authenticate');
    if (req.method !== 'POST') return error(res, 405, 20004, 'Method not allowed');
    const failure = failures.shift();
    if (failure) return error(res, failure.status, failure.code, failure.message);

    // Twilio reads form fields only; a JSON body has none of them.
    const form = /^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '') ? new URLSearchParams(req.body) : new URLSearchParams();
    const to = form.get('To');
    const from = form.get('From');
    const body = form.get('Body');
    if (!to) return error(res, 400, 21604, "A 'To' phone number is required.");
    if (!from) return error(res, 400, 21603, "A 'From' phone number is required.");
    if (!body) return error(res, 400, 21602, 'Message body is required.');
    if (!E164.test(to)) return error(res, 400, 21211, `Invalid 'To' Phone Number: ${to}`);
    if (!E164.test(from) && !ALPHANUMERIC_SENDER.test(from)) return error(res, 400, 21212, `Invalid From Number (caller ID): ${from}`);
    if (body.length > 1_600) return error(res, 400, 21617, 'The concatenated message body exceeds the 1600 character limit.');

    const sid = `SM${randomBytes(16).toString('hex')}`;
    const message: TwilioMessage = {
      sid, account_sid: accountSid, to, from, body, status: 'queued',
      status_callback: form.get('StatusCallback'), date_created: new Date().toUTCString(),
    };
    messages.push(message);
    sendJson(res, 201, {
      ...message,
      api_version: '2010-04-01',
      direction: 'outbound-api',
      num_segments: String(Math.ceil(body.length / 160)),
      num_media: '0',
      error_code: null,
      error_message: null,
      price: null,
      price_unit: 'USD',
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
    });
  });

  return {
    origin: server.origin,
    accountSid,
    authToken,
    credential: { accountSid, authToken, baseUrl: server.origin },
    requests: server.received,
    messages,
    failNext: (status, code, message) => failures.push({ status, code, message }),
    webhook(url, params) {
      const form = { AccountSid: accountSid, ApiVersion: '2010-04-01', ...params };
      return { headers: { 'X-Twilio-Signature': twilioSignature(authToken, url, form) }, form };
    },
    close: () => server.close(),
  };
}

/** Basic auth whose user is the account in the path and whose password is its auth token. */
function authenticated(req: ReceivedRequest, pathSid: string, accountSid: string, authToken: string): boolean {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(req.headers.authorization ?? '');
  if (!match) return false;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 && decoded.slice(0, colon) === accountSid && decoded.slice(colon + 1) === authToken && pathSid === accountSid;
}

function error(res: http.ServerResponse, status: number, code: number, message: string): void {
  sendJson(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

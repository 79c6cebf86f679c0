// The messaging services the runner hands to nodes (ctx.services.email, .sms, .tracking): each
// picks its provider by the credential's type, so another provider is one more entry here.
import { DeliveryError, type EmailService, type HttpService, type SmsService } from '@tern/shared';
import { blockedReason, parseIp } from '../adapters/address-policy.js';
import { SmtpMailer } from '../adapters/smtp.js';
import { createTwilioSender } from '../adapters/twilio.js';
import type { Store } from '../db/store.js';
import type { EncryptionKey } from '../security/crypto.js';
import { type DefaultFrequencyCaps, MessageLog } from './message-log.js';
import { TrackingTokens } from './tracking-tokens.js';

/** Where the SMS provider reports delivery status, under TERN_PUBLIC_URL (routes/sms-callbacks.ts). */
export const SMS_STATUS_PATH = '/t/sms/status';
/** Where the SMS provider posts messages sent to Tern's numbers (set it as the number's webhook). */
export const SMS_INBOUND_PATH = '/t/sms/inbound';

export interface MessagingOptions {
  /** The SSRF-guarded client (SMS providers are HTTP APIs). */
  http: HttpService;
  /** `TERN_HTTP_ALLOW`: the SMTP host is held to the same address policy as HTTP requests. */
  httpAllow: string[];
  /** Links in emails and provider callbacks point here. */
  publicUrl: string;
  encryptionKey: EncryptionKey;
  now: () => Date;
  /** Where the message log, the suppression list and consent live. */
  store: Store;
  frequencyCaps: DefaultFrequencyCaps;
  onSmtpError?: (err: Error, credentialId: string) => void;
}

export interface Messaging {
  email: EmailService;
  sms: SmsService;
  tracking: TrackingTokens;
  /** Suppression, frequency caps and the record of every message (ctx.services.messages). */
  messages: MessageLog;
  /** Closes pooled SMTP connections. */
  close(): Promise<void>;
}

export function createMessaging(options: MessagingOptions): Messaging {
  const smtp = new SmtpMailer({ allow: options.httpAllow, ...(options.onSmtpError ? { onError: options.onSmtpError } : {}) });
  const twilio = createTwilioSender({
    http: options.http,
    statusCallbackUrl: reachableFromOutside(options.publicUrl) ? `${options.publicUrl.replace(/\/+$/, '')}${SMS_STATUS_PATH}` : null,
  });
  return {
    email: {
      send(message) {
        if (message.credential.type !== 'smtp') return Promise.reject(noProvider('email', message.credential.type));
        return smtp.send(message);
      },
    },
    sms: {
      send(message) {
        if (message.credential.type !== 'twilio') return Promise.reject(noProvider('SMS', message.credential.type));
        return twilio(message);
      },
    },
    tracking: TrackingTokens.fromEncryptionKey(options.encryptionKey, options.publicUrl, options.now),
    messages: new MessageLog(options.store, { now: options.now }, options.frequencyCaps),
    close: () => smtp.close(),
  };
}

function noProvider(channel: string, type: string): DeliveryError {
  return new DeliveryError('rejected', `a credential of type ${type} cannot send ${channel}`);
}

/** A provider can call back only to a public address: not localhost, not a private or loopback IP. */
export function reachableFromOutside(publicUrl: string): boolean {
  let host: string;
  try {
    host = new URL(publicUrl).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (host === 'localhost' || host.endsWith('.localhost')) return false;
  const ip = parseIp(host);
  return ip ? blockedReason(ip) === null : true;
}

import { defineNode, isValidTimeZone, next, waitUntil } from '@tern/shared';
import { z } from 'zod';
import { channelCredential, refusalOrThrow } from '../lib/delivery.js';
import { admitMessage, heldBack, recordFailure, recordSent } from '../lib/message-log.js';
import { isAlphanumericSender, isCountryCode, toE164 } from './phone.js';
import { DEFAULT_QUIET_HOURS, quietHoursEnd, recipientZone } from './quiet-hours.js';

export const smsCredentialTypes = ['twilio'];
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

export const smsSendParams = z.object({
  credential: z
    .string()
    .min(1, 'choose an SMS credential')
    .meta({ label: 'SMS credential', widget: 'credential', credentialTypes: smsCredentialTypes }),
  from: z.string().min(1, 'must not be empty').meta({
    label: 'From',
    widget: 'template',
    placeholder: '+15017122661',
    description: 'Your number (E.164), or an alphanumeric sender id where carriers allow one.',
  }),
  // Null when the template names a field the contact lacks: that goes to `error`, not a failed step.
  to: z.string().nullable().meta({ label: 'To', widget: 'template', placeholder: '{{ contact.phone }}' }),
  body: z.string().min(1, 'must not be empty').max(1_600, 'can be at most 1600 characters').meta({ label: 'Message', widget: 'template' }),
  marketing: z.boolean().default(false).meta({
    label: 'Marketing message',
    widget: 'boolean',
    description: "Held back during quiet hours in the recipient's time zone; skipped after a STOP or at the frequency cap.",
  }),
  defaultCountry: z
    .string()
    .refine(isCountryCode, 'must be a two-letter country code such as DE or US')
    .optional()
    .meta({ label: 'Default country', widget: 'text', placeholder: 'DE', description: 'For numbers written without their country code.' }),
  quietHours: z
    .object({
      from: z.string().regex(HH_MM, 'must be a time such as 21:00').meta({ label: 'Quiet from', widget: 'text' }),
      to: z.string().regex(HH_MM, 'must be a time such as 08:00').meta({ label: 'Quiet until', widget: 'text' }),
    })
    .refine((q) => q.from !== q.to, { path: ['to'], message: 'must differ from "from"' })
    .default(DEFAULT_QUIET_HOURS)
    .meta({ label: 'Quiet hours', description: 'Marketing messages due in these hours wait until they end.' }),
  timezone: z
    .string()
    .refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Berlin')
    .optional()
    .meta({ label: "Recipient's time zone", widget: 'text', description: "Default: the contact's, else the workflow's." }),
});
export type SmsSendParams = z.output<typeof smsSendParams>;

/**
 * Sends one SMS through a Twilio-compatible credential: `out` with `{ messageId, status }`, or
 * `error` when the number is not one or the provider refuses the message (with its words). A
 * marketing message due during quiet hours in the recipient's time zone waits (durably) until
 * they end and is sent then. A provider that cannot be reached fails the step, for its `retry`.
 * Held back by the message log (a STOP, the frequency cap): `out` with `{ status: "suppressed" |
 * "capped", reason }`.
 */
export const smsSendNode = defineNode({
  type: 'sms.send',
  version: 1,
  title: 'Send SMS',
  description: 'Sends a text message through a Twilio-compatible provider, never at night for marketing.',
  category: 'sms',
  icon: 'message-square',
  outputs: ['out', 'error'],
  // No `waits: true`: it waits only sometimes, so it may not be what breaks a cycle.
  params: smsSendParams,
  async execute(ctx) {
    const sms = ctx.services.sms;
    if (!sms) throw new Error('SMS is not configured in this Tern runtime');
    const { params } = ctx;
    const recipient = params.to ?? '';
    const refused = (message: string) => next({ message, to: recipient }, 'error');

    if (recipient.trim() === '') return refused('params.to is empty: there is no recipient');
    const to = toE164(recipient, params.defaultCountry);
    if (!to.ok) return refused(`params.to: ${to.message}`);
    const from = senderOf(params.from, params.defaultCountry);
    if (!from.ok) return refused(`params.from: ${from.message}`);

    if (params.marketing) {
      // Checked again on resume: a scheduler running late must not send into the next night.
      const zone = recipientZone(ctx);
      const allowedAt = quietHoursEnd(ctx.now(), params.quietHours, zone);
      if (allowedAt.getTime() > ctx.now().getTime()) {
        ctx.log.info('SMS held back for quiet hours', { until: allowedAt.toISOString(), timezone: zone });
        return waitUntil(allowedAt, { status: 'deferred', reason: 'quiet hours', until: allowedAt.toISOString(), timezone: zone });
      }
    }

    const credential = await channelCredential(ctx, params.credential, smsCredentialTypes);
    // After quiet hours: a STOP texted during the night holds back the message deferred to the morning.
    const admission = await admitMessage(ctx, { channel: 'sms', to: to.e164, marketing: params.marketing });
    if (admission && !admission.admitted) return heldBack(ctx, admission, to.e164);
    try {
      const sent = await sms.send({ credential, from: from.e164, to: to.e164, body: params.body, idempotencyKey: ctx.idempotencyKey });
      await recordSent(ctx, admission, sent.messageId, sent.status);
      ctx.log.info('SMS sent', { messageId: sent.messageId, status: sent.status });
      return next({ messageId: sent.messageId, status: sent.status, to: to.e164, from: from.e164 });
    } catch (err) {
      ctx.log.warn('SMS not sent', { error: (err as Error).message });
      await recordFailure(ctx, admission, err);
      return refusalOrThrow(err, { to: to.e164 });
    }
  },
});

function senderOf(from: string, defaultCountry: string | undefined): { ok: true; e164: string } | { ok: false; message: string } {
  const text = from.trim();
  if (isAlphanumericSender(text)) return { ok: true, e164: text };
  return toE164(text, defaultCountry);
}

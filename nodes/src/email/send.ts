import {
  defineNode,
  type EmailMessage,
  type NodeContext,
  next,
  type TrackingService,
  type TrackingTarget,
} from '@tern/shared';
import { z } from 'zod';
import { channelCredential, refusalOrThrow } from '../lib/delivery.js';
import { fieldWithLineBreak, parseMailbox, stableMessageId } from './headers.js';
import { htmlToText } from './html-text.js';
import { admitMessage, heldBack, recordFailure, recordSent } from '../lib/message-log.js';
import { UNSUBSCRIBE_PLACEHOLDER, withClickTracking, withOpenPixel, withUnsubscribeLink } from './tracking-html.js';

export const emailCredentialTypes = ['smtp'];

export const emailSendParams = z
  .object({
    credential: z
      .string()
      .min(1, 'choose an SMTP credential')
      .meta({ label: 'SMTP credential', widget: 'credential', credentialTypes: emailCredentialTypes }),
    from: z.string().min(1, 'must not be empty').meta({ label: 'From', widget: 'template', placeholder: 'Tern <hello@example.com>' }),
    // Null when the template names a field the contact lacks: that goes to `error`, not a failed step.
    to: z.string().nullable().meta({ label: 'To', widget: 'template', placeholder: '{{ contact.email }}' }),
    replyTo: z.string().optional().meta({ label: 'Reply to', widget: 'template' }),
    subject: z.string().min(1, 'must not be empty').meta({ label: 'Subject', widget: 'template', placeholder: 'Welcome, {{ contact.first_name }}!' }),
    html: z.string().optional().meta({
      label: 'HTML',
      widget: 'template',
      description: `Liquid with the contact's data; ${UNSUBSCRIBE_PLACEHOLDER} marks where the unsubscribe link goes.`,
    }),
    text: z.string().optional().meta({ label: 'Text', widget: 'template', description: 'Plain-text part; made from the HTML when left empty.' }),
    marketing: z.boolean().default(false).meta({
      label: 'Marketing email',
      widget: 'boolean',
      description: 'Adds an unsubscribe link and the one-click List-Unsubscribe headers; skipped for contacts who unsubscribed or reached the frequency cap.',
    }),
    track: z
      .object({
        opens: z.boolean().default(false).meta({ label: 'Track opens', widget: 'boolean' }),
        clicks: z.boolean().default(false).meta({ label: 'Track clicks', widget: 'boolean' }),
      })
      .optional()
      .meta({ label: 'Tracking' }),
    unsubscribeMailto: z
      .email('must be an email address')
      .optional()
      .meta({ label: 'Unsubscribe mailbox', widget: 'text', description: 'Also offered in List-Unsubscribe, for clients that unsubscribe by mail.' }),
  })
  .refine((p) => p.html !== undefined || p.text !== undefined, { path: ['html'], message: 'give the HTML, the text, or both' });
export type EmailSendParams = z.output<typeof emailSendParams>;

/**
 * Sends one email through an SMTP credential. Delivered: `out` with `{ messageId, status }`.
 * Refused — a header value with a line break, an address that is not one, the server rejecting
 * the message — `error` with the reason (the SMTP server's own words where it answered). A
 * server that cannot be reached or asks to try later fails the step, so the node's `retry`
 * sends again with the same Message-ID. Held back by the message log — the recipient unsubscribed
 * (marketing), bounced or complained, or reached the frequency cap (marketing) — `out` with
 * `{ status: "suppressed" | "capped", reason }`: the journey goes on, and can branch on it.
 */
export const emailSendNode = defineNode({
  type: 'email.send',
  version: 1,
  title: 'Send email',
  description: 'Sends a personalised email through SMTP, with open and click tracking and unsubscribe.',
  category: 'email',
  icon: 'mail',
  outputs: ['out', 'error'],
  params: emailSendParams,
  async execute(ctx) {
    const email = ctx.services.email;
    if (!email) throw new Error('email is not configured in this Tern runtime');
    const { params } = ctx;
    const recipient = params.to ?? '';
    const refused = (message: string) => next({ message, to: recipient }, 'error');

    const broken = fieldWithLineBreak({ from: params.from, to: recipient, replyTo: params.replyTo, subject: params.subject });
    if (broken) return refused(`params.${broken} contains a line break, which could add headers of its own; nothing was sent`);
    const from = parseMailbox(params.from);
    if (!from) return refused(`params.from: "${params.from}" is not an email address`);
    if (recipient.trim() === '') return refused('params.to is empty: there is no recipient');
    const to = parseMailbox(recipient);
    if (!to) return refused(`params.to: "${recipient}" is not an email address`);
    if (params.replyTo !== undefined && params.replyTo.trim() !== '' && !parseMailbox(params.replyTo)) {
      return refused(`params.replyTo: "${params.replyTo}" is not an email address`);
    }

    const credential = await channelCredential(ctx, params.credential, emailCredentialTypes);
    // Checked now, not when the journey started: an unsubscribe during a delay holds this back.
    const admission = await admitMessage(ctx, { channel: 'email', to: to.address, subject: params.subject, marketing: params.marketing });
    if (admission && !admission.admitted) return heldBack(ctx, admission, to.address);
    const messageId = stableMessageId(ctx.idempotencyKey, ctx.node.id, from.address);
    const message: EmailMessage = {
      credential,
      from: params.from.trim(),
      to: recipient.trim(),
      ...(params.replyTo?.trim() ? { replyTo: params.replyTo.trim() } : {}),
      subject: params.subject,
      messageId,
      ...composeBody(ctx, to.address, admission?.messageId ?? null),
    };
    try {
      const sent = await email.send(message);
      await recordSent(ctx, admission, sent.messageId, sent.status);
      ctx.log.info('email sent', { messageId: sent.messageId });
      return next({ messageId: sent.messageId, status: sent.status, to: to.address, subject: params.subject, response: sent.response });
    } catch (err) {
      ctx.log.warn('email not sent', { messageId, error: (err as Error).message });
      await recordFailure(ctx, admission, err);
      return refusalOrThrow(err, { messageId, to: to.address });
    }
  },
});

/** The body and headers: unsubscribe link and headers for marketing, tracking pixel and links. */
function composeBody(ctx: NodeContext<EmailSendParams>, address: string, logId: string | null): Pick<EmailMessage, 'html' | 'text' | 'headers'> {
  const { params } = ctx;
  let { html, text } = params;
  const headers: Record<string, string> = {};
  const tracking = params.marketing || params.track?.opens || params.track?.clicks ? trackingOf(ctx) : null;
  const target: TrackingTarget = {
    executionId: ctx.data.execution.id,
    nodeId: ctx.node.id,
    ...(typeof ctx.contact?.id === 'string' ? { contactId: ctx.contact.id } : { email: address }),
    ...(logId !== null ? { messageId: logId } : {}),
  };
  let unsubscribeUrl: string | null = null;
  if (params.marketing && tracking) {
    unsubscribeUrl = tracking.unsubscribeUrl(target);
    ({ html, text } = withUnsubscribeLink({ html, text }, unsubscribeUrl));
    const mailto = params.unsubscribeMailto ? `, <mailto:${params.unsubscribeMailto}?subject=unsubscribe>` : '';
    headers['List-Unsubscribe'] = `<${unsubscribeUrl}>${mailto}`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  // The text part is made before tracking touches the HTML: it shows the real link targets.
  if (text === undefined && html !== undefined) text = htmlToText(html);
  if (html !== undefined && tracking) {
    if (params.track?.clicks) html = withClickTracking(html, (url) => tracking.clickUrl(target, url), (url) => url === unsubscribeUrl);
    if (params.track?.opens) html = withOpenPixel(html, tracking.openUrl(target));
  }
  return {
    ...(html !== undefined ? { html } : {}),
    ...(text !== undefined ? { text } : {}),
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
  };
}

function trackingOf(ctx: NodeContext<EmailSendParams>): TrackingService {
  if (!ctx.services.tracking) throw new Error('tracking links are not configured in this Tern runtime; a marketing or tracked email needs them');
  return ctx.services.tracking;
}

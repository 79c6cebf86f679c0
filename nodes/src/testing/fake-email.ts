import type { EmailMessage, EmailSendResult, EmailService } from '@tern/shared';
import { type FakeHandler, FakeRecorder } from './fake-recorder.js';

/**
 * Answers one message: return a result (or nothing, for the default "accepted"), or throw a
 * `DeliveryError` to simulate a refusal (`rejected`) or an unreachable server (`temporary`).
 */
export type FakeEmailHandler = FakeHandler<EmailMessage, EmailSendResult>;

/** An EmailService that records every message and accepts it, unless its handler says otherwise. */
export class FakeEmail extends FakeRecorder<EmailMessage, EmailSendResult> implements EmailService {
  constructor(handler?: FakeEmailHandler) {
    super(handler, (message) => ({ messageId: message.messageId, status: 'sent', accepted: [message.to], rejected: [], response: '250 2.0.0 OK' }));
  }
}

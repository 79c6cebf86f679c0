import type { SmsMessage, SmsSendResult, SmsService } from '@tern/shared';
import { type FakeHandler, FakeRecorder } from './fake-recorder.js';

/**
 * Answers one message: return a result (or nothing, for the default "queued"), or throw a
 * `DeliveryError` to simulate a refusal (`rejected`) or an unreachable provider (`temporary`).
 */
export type FakeSmsHandler = FakeHandler<SmsMessage, SmsSendResult>;

/** An SmsService that records every message and queues it (ids `SM…1`, `SM…2`, …), unless its handler says otherwise. */
export class FakeSms extends FakeRecorder<SmsMessage, SmsSendResult> implements SmsService {
  constructor(handler?: FakeSmsHandler) {
    super(handler, (_message, count) => ({ messageId: `SM${String(count).padStart(32, '0')}`, status: 'queued' }));
  }
}

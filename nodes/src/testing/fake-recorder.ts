/** Answers one message: a result, or nothing for the default; or it throws to simulate a failure. */
export type FakeHandler<M, R> = (message: M) => R | undefined | Promise<R | undefined>;

/** What FakeEmail and FakeSms share: every message recorded (a copy), then answered. */
export class FakeRecorder<M, R> {
  /** Every message handed to send() so far, in order (copies). */
  readonly messages: M[] = [];

  constructor(
    private readonly handler: FakeHandler<M, R> | undefined,
    /** The answer when the handler gives none; `count` is how many messages came so far. */
    private readonly fallback: (message: M, count: number) => R,
  ) {}

  send = async (message: M): Promise<R> => {
    this.messages.push(structuredClone(message));
    return (await this.handler?.(message)) ?? this.fallback(message, this.messages.length);
  };
}

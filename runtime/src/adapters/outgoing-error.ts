/** Why an outgoing request failed, for callers that branch on it (only `network` and `timeout` are retried). */
export type OutgoingErrorCode = 'refused' | 'invalid_request' | 'timeout' | 'too_large' | 'too_many_redirects' | 'network';

/** An outgoing HTTP request that did not produce a response; the message is meant for the user. */
export class OutgoingRequestError extends Error {
  override name = 'OutgoingRequestError';

  constructor(
    readonly code: OutgoingErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get retryable(): boolean {
    return this.code === 'network' || this.code === 'timeout';
  }
}

/** The first OutgoingRequestError in an error's cause chain (sockets and redirects wrap errors). */
export function findOutgoingError(err: unknown): OutgoingRequestError | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    if (current instanceof OutgoingRequestError) return current;
    current = current.cause;
  }
  return undefined;
}

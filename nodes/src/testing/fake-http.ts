import type { HttpRequestOptions, HttpResponse, HttpService } from '@tern/shared';

/** What a fake handler answers: headers and body may be left out. */
export interface FakeHttpAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * Answers one request. Return `undefined` for a request the test does not expect (FakeHttp then
 * throws), or throw to simulate a network error, a timeout or an SSRF refusal.
 */
export type FakeHttpHandler = (
  request: HttpRequestOptions,
) => FakeHttpAnswer | undefined | Promise<FakeHttpAnswer | undefined>;

/** An HttpService that records every request and answers through a handler. */
export class FakeHttp implements HttpService {
  /** Every request made so far, in order (copies, so later mutation by the node does not show). */
  readonly requests: HttpRequestOptions[] = [];

  constructor(private readonly handler?: FakeHttpHandler) {}

  async request(options: HttpRequestOptions): Promise<HttpResponse> {
    this.requests.push(structuredClone(options));
    const answer = await this.handler?.(options);
    if (!answer) throw new Error(`FakeHttp: unexpected request ${options.method} ${options.url}`);
    return { status: answer.status, headers: answer.headers ?? {}, body: answer.body ?? null };
  }
}

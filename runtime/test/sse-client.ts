// A small server-sent events client for tests: a real HTTP connection (node:http) whose events are
// parsed as a browser's EventSource would, and read one at a time.
import http from 'node:http';

export interface SseEvent {
  event: string;
  data: unknown;
}

export class SseClient {
  readonly events: SseEvent[] = [];
  /** Comment lines (`: ping`), without the colon. */
  readonly comments: string[] = [];
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  private waiters: Array<() => void> = [];
  private buffer = '';
  private raw = '';
  private done = false;

  private constructor(
    private readonly req: http.ClientRequest,
    readonly res: http.IncomingMessage,
  ) {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      this.raw += chunk;
      this.buffer += chunk;
      this.parse();
    });
    this.ended = new Promise((resolve) => {
      res.on('close', () => {
        this.done = true;
        this.wake();
        resolve();
      });
    });
  }

  /** Opens the stream; resolves once the response headers arrived. */
  static open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      const req = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => resolve(new SseClient(req, res)));
      req.on('error', reject);
    });
  }

  get status(): number {
    return this.res.statusCode ?? 0;
  }

  get closed(): boolean {
    return this.done;
  }

  /** The next event not yet taken, waiting up to `timeoutMs` for it. */
  async next(timeoutMs = 5_000): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    while (this.taken >= this.events.length) {
      if (this.done) throw new Error(`the stream ended; events so far: ${this.names().join(', ')}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no event within ${timeoutMs} ms; events so far: ${this.names().join(', ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.events[this.taken++]!;
  }

  /** Takes events until one named `name` (inclusive); returns them all. */
  async until(name: string, timeoutMs = 5_000): Promise<SseEvent[]> {
    const out: SseEvent[] = [];
    for (;;) {
      const event = await this.next(timeoutMs);
      out.push(event);
      if (event.event === name) return out;
    }
  }

  /** The whole body once the server ended it, as JSON (for answers that are not a stream). */
  async json(): Promise<unknown> {
    await this.ended;
    return JSON.parse(this.raw);
  }

  names(): string[] {
    return this.events.map((e) => e.event);
  }

  close(): void {
    this.req.destroy();
  }

  private taken = 0;

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private parse(): void {
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
        else if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length > 0) this.events.push({ event, data: JSON.parse(data.join('\n')) });
    }
    this.wake();
  }
}


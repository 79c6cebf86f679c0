// The local service that crash and queue tests point their http.request nodes at, standing for a
// payment or CRM API: it records every call with its idempotency key, and can hold a call
// unanswered (to kill a process mid-step) or answer it late.
import { createServer, type Server, type ServerResponse } from 'node:http';

export interface Effect {
  /** The path called, without the leading slash. */
  name: string;
  /** The request body's `n`, when the flow sends one (which run made the call). */
  n: string;
  /** The `Idempotency-Key` header (`'undefined'` when there was none). */
  key: string;
  at: number;
}

export class EffectSink {
  hits: Effect[] = [];
  /** Calls to hold unanswered (until stop). */
  hold: (name: string) => boolean = () => false;
  /** How long to wait before answering a call. */
  delayMs: (name: string) => number = () => 0;
  url = '';
  private server: Server | null = null;
  private held: ServerResponse[] = [];

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const name = (req.url ?? '/').slice(1);
        const n = String((JSON.parse(body || '{}') as { n?: unknown }).n ?? '');
        this.hits.push({ name, n, key: String(req.headers['idempotency-key']), at: Date.now() });
        if (this.hold(name)) return void this.held.push(res);
        const answer = () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: name }));
        const delay = this.delayMs(name);
        if (delay > 0) setTimeout(answer, delay);
        else answer();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as { port: number }).port}`;
  }

  count(name: string): number {
    return this.hits.filter((h) => h.name === name).length;
  }

  /** Distinct effects (idempotency keys) per `n` for one call. */
  effectsPer(name: string): Map<string, Set<string>> {
    const effects = new Map<string, Set<string>>();
    for (const hit of this.hits.filter((h) => h.name === name)) {
      const keys = effects.get(hit.n) ?? new Set();
      keys.add(hit.key);
      effects.set(hit.n, keys);
    }
    return effects;
  }

  async stop(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

export const node = (id: string, type: string, params: Record<string, unknown>) => ({ id, type, version: 1, position: { x: 0, y: 0 }, params });
export const edge = (source: string, target: string) => ({ id: `${source}-${target}`, source, sourcePort: 'out', target, targetPort: 'in' });

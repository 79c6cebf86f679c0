// Runs `tern start` as a real child process on a free port, for tests that kill and restart it
// (or `tern worker`, queue mode's process without HTTP, ready once it says it takes jobs).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TERN_BIN = fileURLToPath(new URL('../bin/tern.js', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export class ServerProcess {
  private child: ChildProcess | null = null;
  /** Chosen at the first start and kept, so a restarted server is where its clients left it. */
  private port: number | null = null;
  readonly output: string[] = [];
  url = '';

  private constructor(
    readonly dataDir: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly ownsDataDir: boolean,
    private readonly args: string[],
  ) {}

  static async create(env: NodeJS.ProcessEnv = {}, dataDir?: string, args = ['start']): Promise<ServerProcess> {
    const dir = dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'tern-proc-'));
    return new ServerProcess(dir, env, !dataDir, args);
  }

  /** Starts the server and resolves once /api/health answers (a worker: once it takes jobs). */
  async start(): Promise<void> {
    const port = (this.port ??= await freePort());
    this.url = `http://127.0.0.1:${port}`;
    const worker = this.args[0] === 'worker';
    // A restarted worker is ready once it says so again: only what this start prints counts.
    const printedBefore = this.output.length;
    this.child = spawn(process.execPath, [TERN_BIN, ...this.args], {
      // The test's own storage: a DATABASE_URL or REDIS_URL set for the PostgreSQL and queue suites (CI) is not inherited.
      env: {
        ...process.env, DATABASE_URL: undefined, REDIS_URL: undefined, TERN_LOG_LEVEL: 'warn', ...this.env, PORT: String(port), HOST: '127.0.0.1',
        TERN_DATA_DIR: this.dataDir, ...(worker ? { TERN_LOG_LEVEL: 'info' } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (d: Buffer) => this.output.push(d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => this.output.push(d.toString()));
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`server exited: ${this.output.join('')}`);
      if (worker && this.output.slice(printedBefore).join('').includes('Tern worker is taking execution jobs')) return;
      if (worker) {
        await sleep(100);
        continue;
      }
      try {
        const res = await fetch(`${this.url}/api/health`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error(`server did not start: ${this.output.join('')}`);
  }

  /** SIGKILL: no shutdown code runs, as in a crash or an OOM kill. */
  kill(): Promise<void> {
    return this.signal('SIGKILL');
  }

  /** SIGTERM: a graceful shutdown. */
  stop(): Promise<void> {
    return this.signal('SIGTERM');
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
    this.child = null;
  }

  async dispose(): Promise<void> {
    await this.kill();
    if (this.ownsDataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }

  async api(method: string, route: string, body?: unknown, key?: string): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.url}${route}`, {
      method,
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `check` returns a value (not undefined) or the time is up. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

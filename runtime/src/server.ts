// `tern start`: the runtime plus the HTTP server (API, webhooks, editor), stopped gracefully on
// SIGTERM/SIGINT.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import { createRuntime, type RuntimeHandle } from './create-runtime.js';
import { createApp } from './http/app.js';
import { closeEventStreams } from './http/event-stream.js';
import { ensureOwnerFromConfig } from './services/auth.js';

export interface RunningServer {
  runtime: RuntimeHandle;
  server: Server;
  url: string;
  close(): Promise<void>;
}

export async function startServer(config: Config): Promise<RunningServer> {
  const runtime = await createRuntime(config);
  await ensureOwnerFromConfig(runtime);
  await runtime.start();
  const app = createApp(runtime);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;
  runtime.log.info({ url, dataDir: config.dataDir }, `Tern is listening on ${url}`);
  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Live views never end by themselves; their clients reconnect to the next server.
      closeEventStreams(app);
      server.closeIdleConnections();
      await closed;
      await runtime.stop();
    })());
  return { runtime, server, url, close };
}

/** Stops on SIGTERM/SIGINT: no new requests, in-flight steps finish, storage closes. */
export function stopOnSignals(running: RunningServer): void {
  const onSignal = (signal: string) => {
    running.runtime.log.info({ signal }, 'shutting down');
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        running.runtime.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('SIGINT', () => onSignal('SIGINT'));
}

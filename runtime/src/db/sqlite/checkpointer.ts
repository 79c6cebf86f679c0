// Checkpoints the WAL from a worker thread. better-sqlite3 is synchronous, so a checkpoint run by
// the connection that commits (SQLite's default, every 1,000 pages) stalls the event loop on its
// writes and fsyncs. In a quick measurement of a persisted webhook flow under load, moving them
// here took p99 latency from 34-43 ms to 19-24 ms and throughput up by 10-15 %. Commits themselves
// never fsync in WAL mode with synchronous=NORMAL.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the worker copies the WAL back into the database file. */
const INTERVAL_MS = 200;

// Plain CommonJS for an eval worker: it runs outside the TypeScript loader, and it is handed the
// resolved driver path so that module resolution does not depend on the working directory.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 5000 });
const checkpoint = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy or closing: the next tick tries again */ }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.postMessage('closed');
});
`;

export interface Checkpointer {
  /** Runs a last checkpoint and stops the worker. */
  stop(): Promise<void>;
}

/** `onFailure` runs if the worker dies: the caller then checkpoints on its own again. */
export function startCheckpointer(file: string, onFailure: (error: unknown) => void): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file, intervalMs: INTERVAL_MS } });
  // Never the reason a process stays alive; a process that exits without close() loses nothing,
  // since the next connection to the file checkpoints what the WAL holds.
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  let stopping = false;
  worker.on('error', (error) => {
    if (!stopping) onFailure(error);
  });
  return {
    async stop() {
      if (stopping) return exited;
      stopping = true;
      worker.once('message', () => void worker.terminate());
      worker.postMessage('stop');
      return exited;
    },
  };
}

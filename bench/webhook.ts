// Webhook-triggered executions per second for the README's example flow (webhook → condition →
// set → respond, every execution and step persisted) next to a bare Express JSON handler.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ServerProcess } from '../runtime/test/server-process.js';
import { load, type LoadResult } from './load.js';

const EXAMPLE = fileURLToPath(new URL('../examples/lead-webhook.json', import.meta.url));
const BODY = { score: 80, name: 'Ada' };

export interface WebhookFigures {
  tern: LoadResult;
  bare: LoadResult;
  ratio: number;
  executionsRecorded: number;
  connections: number;
  seconds: number;
}

export async function benchWebhook(seconds: number, connections: number): Promise<WebhookFigures> {
  const tern = await measureTern(seconds, connections);
  const bare = await measureBare(seconds, connections);
  return { tern: tern.result, bare, ratio: tern.result.requestsPerSecond / bare.requestsPerSecond, executionsRecorded: tern.recorded, connections, seconds };
}

async function measureTern(seconds: number, connections: number) {
  const server = await ServerProcess.create({ TERN_LOG_LEVEL: 'error' });
  try {
    await server.start();
    const setup = await server.api('POST', '/api/setup', { email: 'bench@example.com', password: 'bench-password' });
    const key = setup.body.apiKey as string;
    const created = await server.api('POST', '/api/workflows', JSON.parse(readFileSync(EXAMPLE, 'utf8')), key);
    await server.api('POST', `/api/workflows/${created.body.id}/activate`, undefined, key);
    const url = `${server.url}/webhook/lead`;
    await load(url, BODY, 2, connections); // warm-up
    const before = (await server.api('GET', `/api/executions?workflowId=${created.body.id}&limit=1`, undefined, key)).body.total as number;
    const result = await load(url, BODY, seconds, connections);
    const after = (await server.api('GET', `/api/executions?workflowId=${created.body.id}&limit=1`, undefined, key)).body.total as number;
    return { result, recorded: after - before };
  } finally {
    await server.dispose();
  }
}

async function measureBare(seconds: number, connections: number): Promise<LoadResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./bare-express.ts', import.meta.url))], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
    const { port } = JSON.parse(line) as { port: number };
    const url = `http://127.0.0.1:${port}/webhook/lead`;
    await load(url, BODY, 2, connections);
    return await load(url, BODY, seconds, connections);
  } finally {
    child.kill('SIGKILL');
  }
}

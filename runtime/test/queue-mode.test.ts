// Queue mode end to end, with real processes on the real PostgreSQL and Redis: `tern start`
// enqueues, `tern worker`s run executions. A worker killed with SIGKILL in the middle of a load
// loses nothing and repeats no side effect; FLUSHALL while executions wait on delays changes
// nothing (SQL holds the waits); two `start` processes fire a cron trigger once per tick, and arm
// or disarm it at once when another `start` changes its activation; the editor's live streams on
// `start` show what a worker runs.
// Runs when DATABASE_URL and REDIS_URL are set, as .ci/run sets them:
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379 npm test
// FLUSHALL empties that whole Redis: point REDIS_URL at a Redis used for nothing else.
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EffectSink, edge, node } from './effect-sink.js';
import { eventually, freePort, ServerProcess, sleep } from './server-process.js';
import { SseClient } from './sse-client.js';

const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
const HOW_TO_ENABLE = 'set DATABASE_URL=postgres://postgres@127.0.0.1:5432/test and REDIS_URL=redis://127.0.0.1:6379 to run';
if (!databaseUrl || !redisUrl) console.warn(`queue mode tests skipped: ${HOW_TO_ENABLE}`);

/** Webhook executions in the SIGKILL test. */
const LOAD = 1_000;

describe.skipIf(!databaseUrl || !redisUrl)(`queue mode with real processes (${HOW_TO_ENABLE})`, () => {
  // Like a payment API, one effect per idempotency key; calls to `hang` are never answered, calls
  // to `slow` after 1.5 s.
  const sink = new EffectSink();
  sink.hold = (name) => name === 'hang';
  sink.delayMs = (name) => (name === 'slow' ? 1_500 : 0);
  const admin = databaseUrl ? new pg.Pool({ connectionString: databaseUrl, max: 1 }) : null;
  const redis = redisUrl ? new Redis(redisUrl, { lazyConnect: true }) : null;
  let processes: ServerProcess[] = [];
  let test = 0;
  let schema = '';
  let env: NodeJS.ProcessEnv = {};

  beforeAll(async () => {
    await sink.start();
  });
  afterAll(async () => {
    await sink.stop();
    await admin?.end();
    redis?.disconnect();
  });

  /** Each test: its own schema and queue prefix, and processes of its own. */
  async function setUp(): Promise<void> {
    test++;
    schema = `tern_queue_${process.pid}_${test}`;
    env = {
      DATABASE_URL: databaseUrl, TERN_DATABASE_SCHEMA: schema, REDIS_URL: redisUrl, TERN_QUEUE_PREFIX: `tern-test-${process.pid}-${test}`,
      TERN_ENCRYPTION_KEY: 'ab'.repeat(32), TERN_HTTP_ALLOW: '127.0.0.1', TERN_SWEEP_INTERVAL_MS: '200',
      TERN_QUEUE_LOCK_MS: '3000', TERN_QUEUE_RECONCILE_MS: '1000',
    };
    sink.hits = [];
  }
  afterEach(async () => {
    for (const p of processes) await p.dispose();
    processes = [];
    await admin?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    if (redis) {
      const keys = await redis.keys(`${env.TERN_QUEUE_PREFIX}:*`);
      if (keys.length > 0) await redis.del(...keys);
    }
  });

  async function spawn(args: string[]): Promise<ServerProcess> {
    const p = await ServerProcess.create(env, undefined, args);
    processes.push(p);
    await p.start();
    return p;
  }

  /** A fresh test's `tern start`, its owner's API key and one worker. */
  async function startWithWorker(workerArgs = ['worker']): Promise<{ server: ServerProcess; key: string; worker: ServerProcess }> {
    await setUp();
    const server = await spawn(['start']);
    const key = await ownerKey(server);
    return { server, key, worker: await spawn(workerArgs) };
  }

  async function ownerKey(server: ServerProcess): Promise<string> {
    const setup = await server.api('POST', '/api/setup', { email: 'owner@example.com', password: 'correct horse battery' });
    expect(setup.status).toBe(201);
    return setup.body.apiKey as string;
  }

  async function deploy(server: ServerProcess, key: string, nodes: unknown[], edges: unknown[]): Promise<string> {
    const created = await server.api('POST', '/api/workflows', { name: `Queue test ${test}`, nodes, edges }, key);
    expect(created.status).toBe(201);
    expect((await server.api('POST', `/api/workflows/${created.body.id}/activate`, undefined, key)).status).toBe(200);
    return created.body.id as string;
  }

  async function execution(id: string): Promise<{ status: string; error: { message: string } | null }> {
    const { rows } = await admin!.query(`SELECT status, error FROM "${schema}".executions WHERE id = $1`, [id]);
    return rows[0];
  }

  async function trigger(server: ServerProcess, path: string): Promise<string> {
    const res = await fetch(`${server.url}/webhook/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(202);
    return ((await res.json()) as { executionId: string }).executionId;
  }

  async function statuses(): Promise<Record<string, number>> {
    const { rows } = await admin!.query(`SELECT status, count(*)::int AS n FROM "${schema}".executions GROUP BY status`);
    return Object.fromEntries(rows.map((r: { status: string; n: number }) => [r.status, r.n]));
  }

  async function executionCount(): Promise<number> {
    return (await admin!.query(`SELECT count(*)::int AS n FROM "${schema}".executions`)).rows[0].n as number;
  }

  /** A cron trigger fired on at least `ticks` seconds, once on each. */
  async function expectOncePerTick(ticks: number): Promise<void> {
    const { rows } = await admin!.query(
      `SELECT substring(started_at, 1, 19) AS second, count(*)::int AS n FROM "${schema}".executions GROUP BY 1 ORDER BY 1`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(ticks);
    expect(rows.filter((r: { n: number }) => r.n !== 1)).toEqual([]);
  }

  async function fire(server: ServerProcess, path: string, count: number): Promise<void> {
    const parallel = 20;
    for (let from = 0; from < count; from += parallel) {
      await Promise.all(Array.from({ length: Math.min(parallel, count - from) }, async (_, i) => {
        const res = await fetch(`${server.url}/webhook/${path}`, {
          method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ n: from + i }),
        });
        expect(res.status).toBe(202);
      }));
    }
  }

  it(`runs ${LOAD} webhook executions on two workers, one killed and restarted mid-way: each finishes once, no effect twice`, async () => {
    await setUp();
    const server = await spawn(['start']);
    const key = await ownerKey(server);
    const workers = [await spawn(['worker', '--concurrency', '20']), await spawn(['worker', '--concurrency', '20'])];
    await deploy(server, key, [
      node('hook', 'trigger.webhook', { path: 'load', method: 'POST', respond: 'immediately' }),
      node('charge', 'http.request', { method: 'POST', url: `${sink.url}/charge`, body: { n: '{{ trigger.body.n }}' } }),
      node('pause', 'flow.delay', { mode: 'duration', amount: 1, unit: 'seconds' }),
      node('receipt', 'http.request', { method: 'POST', url: `${sink.url}/receipt`, body: { n: '{{ trigger.body.n }}' } }),
    ], [edge('hook', 'charge'), edge('charge', 'pause'), edge('pause', 'receipt')]);

    const firing = fire(server, 'load', LOAD);
    await eventually(async () => (sink.hits.filter((h) => h.name === 'receipt').length >= LOAD / 4 ? true : undefined), 60_000, 'a quarter of the receipts');
    await workers[0]!.kill();
    await sleep(500);
    await workers[0]!.start();
    await firing;

    await eventually(async () => ((await statuses()).success === LOAD ? true : undefined), 90_000, `${LOAD} executions to succeed`);
    expect(await statuses()).toEqual({ success: LOAD });
    const twice = await admin!.query(`SELECT execution_id, node_id FROM "${schema}".steps GROUP BY execution_id, node_id HAVING count(*) > 1`);
    expect(twice.rows).toEqual([]);
    // The kill did interrupt work: the dead worker's jobs were taken back by the live ones.
    expect(workers.some((w) => w.output.join('').includes('took back the job'))).toBe(true);
    for (const name of ['charge', 'receipt']) {
      const effects = sink.effectsPer(name);
      expect(effects.size).toBe(LOAD);
      expect([...effects.values()].filter((keys) => keys.size !== 1)).toEqual([]);
    }
  }, 240_000);

  it('resumes executions waiting on delays on time from SQL after FLUSHALL', async () => {
    const { server, key } = await startWithWorker();
    await deploy(server, key, [
      node('hook', 'trigger.webhook', { path: 'later', method: 'POST', respond: 'immediately' }),
      node('pause', 'flow.delay', { mode: 'duration', amount: 3, unit: 'seconds' }),
      node('late', 'http.request', { method: 'POST', url: `${sink.url}/late`, body: { n: '{{ trigger.body.n }}' } }),
    ], [edge('hook', 'pause'), edge('pause', 'late')]);

    const sent = Date.now();
    await fire(server, 'later', 20);
    await eventually(async () => ((await statuses()).waiting === 20 ? true : undefined), 10_000, 'every execution to wait');
    await redis!.flushall();

    await eventually(async () => ((await statuses()).success === 20 ? true : undefined), 20_000, 'every execution to finish');
    const late = sink.hits.filter((h) => h.name === 'late');
    expect(new Set(late.map((h) => h.n)).size).toBe(20);
    expect(late).toHaveLength(20);
    // Not before the delay, and at most a few sweeps after it.
    for (const hit of late) expect(hit.at - sent).toBeGreaterThanOrEqual(3_000);
    expect(Math.max(...late.map((h) => h.at)) - sent).toBeLessThan(3_000 + 4_000);
  }, 60_000);

  it('fires a cron trigger once per tick with two start processes', async () => {
    await setUp();
    const first = await spawn(['start']);
    const key = await ownerKey(first);
    const workflowId = await deploy(first, key, [
      node('every', 'trigger.schedule', { cron: '* * * * * *' }),
      node('tick', 'http.request', { method: 'POST', url: `${sink.url}/tick`, body: { n: '{{ trigger.firedAt }}' } }),
    ], [edge('every', 'tick')]);
    // The second arms the same active workflow at its start.
    await spawn(['start']);
    await spawn(['worker']);
    await sleep(4_500);
    expect((await first.api('POST', `/api/workflows/${workflowId}/deactivate`, undefined, key)).status).toBe(200);
    // The second process, which armed it at its start, stops too: it reads the workflow at each tick.
    await sleep(1_500);
    const fired = await executionCount();
    await sleep(2_000);
    expect(await executionCount()).toBe(fired);

    await expectOncePerTick(3);
  }, 60_000);

  it('arms and disarms a cron trigger on every start at once when another start (de)activates it', async () => {
    await setUp();
    env.TERN_LOG_LEVEL = 'info';
    const first = await spawn(['start']);
    const key = await ownerKey(first);
    // Both started before the workflow was activated: only the broadcast arms it on the second.
    const second = await spawn(['start']);
    await spawn(['worker']);
    const created = await first.api('POST', '/api/workflows', { name: 'Every second', nodes: [
      node('every', 'trigger.schedule', { cron: '* * * * * *' }),
      node('tick', 'http.request', { method: 'POST', url: `${sink.url}/tick` }),
    ], edges: [edge('every', 'tick')] }, key);
    const workflowId = created.body.id as string;

    expect((await first.api('POST', `/api/workflows/${workflowId}/activate`, undefined, key)).status).toBe(200);
    await eventually(async () => (second.output.join('').includes('armed the schedules of a workflow activated through another process') ? true : undefined), 5_000, 'the second start to arm it');
    await sleep(3_000);
    // The first stops for good: the second, armed by the broadcast alone, keeps firing.
    await first.kill();
    const beforeKill = await executionCount();
    await sleep(2_500);
    expect(await executionCount()).toBeGreaterThan(beforeKill);

    // A third start; deactivating through the second disarms it at once.
    const third = await spawn(['start']);
    expect((await second.api('POST', `/api/workflows/${workflowId}/deactivate`, undefined, key)).status).toBe(200);
    await eventually(async () => (third.output.join('').includes('disarmed the schedules of a workflow deactivated through another process') ? true : undefined), 5_000, 'the third start to disarm it');
    await sleep(1_500);
    const fired = await executionCount();
    await sleep(2_000);
    expect(await executionCount()).toBe(fired);
    await expectOncePerTick(5);
  }, 60_000);

  it('enqueues again what SQL says is running after FLUSHALL lost the jobs; /api/ready and /metrics see Redis', async () => {
    await setUp();
    const server = await spawn(['start']);
    const key = await ownerKey(server);
    await deploy(server, key, [
      node('hook', 'trigger.webhook', { path: 'queued', method: 'POST', respond: 'immediately' }),
      node('call', 'http.request', { method: 'POST', url: `${sink.url}/queued`, body: { n: '{{ trigger.body.n }}' } }),
    ], [edge('hook', 'call')]);
    expect((await server.api('GET', '/api/ready')).body).toEqual({ status: 'ready', database: 'ok', redis: 'ok' });
    // No worker yet: the jobs wait in Redis.
    await fire(server, 'queued', 20);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain('tern_queue_jobs{state="waiting"} 20');
    expect(await statuses()).toEqual({ running: 20 });

    await redis!.flushall();
    await spawn(['worker']);
    await eventually(async () => ((await statuses()).success === 20 ? true : undefined), 20_000, 'every execution to finish');
    expect(sink.effectsPer('queued').size).toBe(20);
    expect(sink.count('queued')).toBe(20);
  }, 60_000);

  it('marks an execution whose job stalled past the limit as failed, with the reason', async () => {
    await setUp();
    env.TERN_QUEUE_MAX_STALLS = '0';
    const server = await spawn(['start']);
    const key = await ownerKey(server);
    const doomed = await spawn(['worker']);
    await deploy(server, key, [
      node('hook', 'trigger.webhook', { path: 'stall', method: 'POST', respond: 'immediately' }),
      node('call', 'http.request', { method: 'POST', url: `${sink.url}/hang`, timeoutMs: 60_000 }),
    ], [edge('hook', 'call')]);
    const id = await trigger(server, 'stall');
    await eventually(async () => (sink.count('hang') === 1 ? true : undefined), 10_000, 'the hanging call');
    await doomed.kill();
    await spawn(['worker']);

    const failed = await eventually(async () => {
      const e = await execution(id);
      return e.status === 'error' ? e : undefined;
    }, 30_000, 'the execution to be marked failed');
    expect(failed.error?.message).toMatch(/stalled/);
    expect(sink.count('hang')).toBe(1);
  }, 60_000);

  it('a worker stopped with SIGTERM finishes its step in flight and hands the rest back', async () => {
    const { server, key, worker: leaving } = await startWithWorker(['worker', '--grace', '10']);
    await deploy(server, key, [
      node('hook', 'trigger.webhook', { path: 'drain', method: 'POST', respond: 'immediately' }),
      node('slow', 'http.request', { method: 'POST', url: `${sink.url}/slow` }),
      node('after', 'http.request', { method: 'POST', url: `${sink.url}/after` }),
    ], [edge('hook', 'slow'), edge('slow', 'after')]);
    const id = await trigger(server, 'drain');
    await eventually(async () => (sink.count('slow') === 1 ? true : undefined), 10_000, 'the slow call');
    await leaving.stop();

    // The step in flight was checkpointed; the next one was left for another worker.
    const { rows } = await admin!.query(`SELECT node_id, status FROM "${schema}".steps WHERE execution_id = $1 ORDER BY seq`, [id]);
    expect(rows).toEqual([{ node_id: 'hook', status: 'success' }, { node_id: 'slow', status: 'success' }, { node_id: 'after', status: 'pending' }]);
    expect(sink.count('after')).toBe(0);

    await spawn(['worker']);
    await eventually(async () => ((await execution(id)).status === 'success' ? true : undefined), 20_000, 'the execution to finish');
    expect(sink.count('slow')).toBe(1);
    expect(sink.count('after')).toBe(1);
  }, 60_000);

  it('refuses to start on a Redis that may evict keys, and without DATABASE_URL', async () => {
    await setUp();
    const previous = ((await redis!.config('GET', 'maxmemory-policy')) as string[])[1]!;
    await redis!.config('SET', 'maxmemory-policy', 'allkeys-lru');
    try {
      await expect(spawn(['start'])).rejects.toThrow(/maxmemory-policy is "allkeys-lru".*noeviction/);
    } finally {
      await redis!.config('SET', 'maxmemory-policy', previous);
    }
    env.DATABASE_URL = undefined;
    await expect(spawn(['start'])).rejects.toThrow(/REDIS_URL \(queue mode\) needs DATABASE_URL/);
  }, 60_000);

  it('a when_done webhook answers with what a worker ran; the worker serves its metrics', async () => {
    const metricsPort = await freePort();
    const { server, key } = await startWithWorker(['worker', '--metrics-port', String(metricsPort)]);
    await deploy(server, key, [
      node('hook', 'trigger.webhook', { path: 'answer', method: 'POST', respond: 'when_done' }),
      node('call', 'http.request', { method: 'POST', url: `${sink.url}/answer`, body: { n: '{{ trigger.body.n }}' } }),
      node('reply', 'data.set', { values: { greeting: 'hello {{ trigger.body.n }}' } }),
    ], [edge('hook', 'call'), edge('call', 'reply')]);
    const res = await fetch(`${server.url}/webhook/answer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n":"ada"}' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ greeting: 'hello ada' });
    expect(sink.count('answer')).toBe(1);
    const workerMetrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(workerMetrics).toMatch(/tern_step_duration_seconds_count\{node_type="http.request",outcome="ok"\} 1/);
    const ready = await fetch(`http://127.0.0.1:${metricsPort}/api/ready`);
    expect(await ready.json()).toEqual({ status: 'ready', database: 'ok', redis: 'ok' });
  }, 60_000);

  it("the editor's live streams on start show the steps a worker runs, and the end", async () => {
    const { server, key } = await startWithWorker();
    const workflowId = await deploy(server, key, [
      node('hook', 'trigger.webhook', { path: 'watched', method: 'POST', respond: 'immediately' }),
      node('pause', 'flow.delay', { mode: 'duration', amount: 1, unit: 'seconds' }),
      node('call', 'http.request', { method: 'POST', url: `${sink.url}/watched` }),
    ], [edge('hook', 'pause'), edge('pause', 'call')]);
    const auth = { authorization: `Bearer ${key}` };
    const liveSubscribers = async () => ((await redis!.pubsub('NUMSUB', `${env.TERN_QUEUE_PREFIX}:live`)) as [string, number])[1];
    expect(await liveSubscribers()).toBe(0);
    const workflowStream = await SseClient.open(`${server.url}/api/workflows/${workflowId}/live`, auth);
    try {
      expect((await workflowStream.next()).event).toBe('ready');
      const id = await trigger(server, 'watched');
      const executionStream = await SseClient.open(`${server.url}/api/executions/${id}/live`, auth);
      try {
        expect((await executionStream.next()).event).toBe('snapshot');
        // The end comes from the worker's last checkpoint: nothing else would end this stream.
        const seen = await executionStream.until('end', 10_000);
        expect(seen.filter((e) => e.event === 'step').map((e) => e.data)).toContainEqual(expect.objectContaining({ nodeId: 'call', status: 'success' }));
        expect(seen.at(-1)!.data).toMatchObject({ id, status: 'success' });
        await executionStream.ended;
      } finally {
        executionStream.close();
      }
      // The workflow's stream saw the same run, up to its success.
      const events: Array<{ event: string; data: any }> = [];
      do events.push(await workflowStream.next(10_000));
      while (!(events.at(-1)!.event === 'execution' && events.at(-1)!.data.status === 'success'));
      expect(events.filter((e) => e.event === 'step' && e.data.executionId === id).map((e) => [e.data.nodeId, e.data.status]))
        .toContainEqual(['call', 'success']);
      expect(sink.count('watched')).toBe(1);
      expect(await liveSubscribers()).toBe(1);
    } finally {
      workflowStream.close();
    }
    // start listens to Redis only while a stream is open.
    await eventually(async () => ((await liveSubscribers()) === 0 ? true : undefined), 5_000, 'start to unsubscribe');
  }, 60_000);

  it('a cancel written by start stops the worker driving the execution', async () => {
    const { server, key } = await startWithWorker();
    await deploy(server, key, [
      node('hook', 'trigger.webhook', { path: 'stop', method: 'POST', respond: 'immediately' }),
      node('slow', 'http.request', { method: 'POST', url: `${sink.url}/slow` }),
      node('after', 'http.request', { method: 'POST', url: `${sink.url}/after` }),
    ], [edge('hook', 'slow'), edge('slow', 'after')]);
    const id = await trigger(server, 'stop');
    await eventually(async () => (sink.count('slow') === 1 ? true : undefined), 10_000, 'the slow call');
    expect((await server.api('POST', `/api/executions/${id}/cancel`, undefined, key)).body.status).toBe('canceled');

    // The slow call answers 1.5 s after it began; the worker would have called `after` by now.
    await sleep(2_500);
    expect(sink.count('after')).toBe(0);
    expect((await execution(id)).status).toBe('canceled');
  }, 60_000);
});

// `npm run bench` — prints the figures and writes them to BENCHMARKS.md.
//   npm run bench                 every benchmark
//   npm run bench -- webhook      only some (webhook, waits, editor, code, campaign, segments, events, queue)
//   npm run bench -- --quick      shorter runs, smaller sizes
import { machine, writeSection } from './report.js';
import { benchCampaign } from './campaign.js';
import { benchCodeNode } from './code-node.js';
import { benchEditor } from './editor.js';
import { benchSegments } from './segments.js';
import { benchEvents } from './events.js';
import { benchWaits } from './waits.js';
import { benchWebhook } from './webhook.js';
import { benchQueue } from './queue.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.filter((a) => !a.startsWith('--'));
const wanted = (name: string) => only.length === 0 || only.includes(name);
const date = new Date().toISOString().slice(0, 10);
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

if (wanted('webhook')) {
  const seconds = quick ? 5 : 15;
  const connections = 20;
  console.log(`webhook: ${seconds} s per side, ${connections} connections…`);
  const f = await benchWebhook(seconds, connections);
  const rows = [
    `| | requests/s | p50 latency | p99 latency | non-2xx or errors |`,
    `| --- | ---: | ---: | ---: | ---: |`,
    `| Tern, example flow, every execution and step persisted | ${fmt(f.tern.requestsPerSecond)} | ${f.tern.p50Ms} ms | ${f.tern.p99Ms} ms | ${f.tern.errors} |`,
    `| bare Express JSON handler | ${fmt(f.bare.requestsPerSecond)} | ${f.bare.p50Ms} ms | ${f.bare.p99Ms} ms | ${f.bare.errors} |`,
  ];
  const text = [
    `## Webhook-triggered executions (${date})`,
    '',
    `Machine: ${machine()}. Load from autocannon in a second process on the same machine, ${connections} connections, ${seconds} s after a 2 s warm-up.`,
    `Flow: \`examples/lead-webhook.json\` (webhook → condition → set → respond, \`respond: when_done\`), each request answered after its execution finished; SQLite in WAL mode.`,
    '',
    ...rows,
    '',
    `**Ratio: ${fmt(f.ratio * 100, 1)} %** of the bare handler's throughput (target ≥ 40 %). Executions recorded during the run: ${fmt(f.executionsRecorded)} for ${fmt(f.tern.ok)} answered requests.`,
  ].join('\n');
  console.log(`\n${text}\n`);
  writeSection('webhook', text);
}

if (wanted('waits')) {
  const sizes = quick ? [10_000] : [10_000, 30_000, 100_000];
  const results = sizes.map((n) => {
    console.log(`waits: ${fmt(n)} executions waiting on a delay…`);
    return benchWaits(n);
  });
  const text = [
    `## Due waits resumed by the scheduler (${date})`,
    '',
    `Machine: ${machine()}. N executions wait on a 1-day delay (trigger → delay → set); the clock moves past their due time; the scheduler claims them in batches of 500 and the runner completes each (resume the delay, run the set node, checkpoint, finish).`,
    '',
    `| waiting executions | created in | all resumed and finished in | resumed per second | heap before → peak | RSS before → peak | left waiting |`,
    `| ---: | ---: | ---: | ---: | ---: | ---: | ---: |`,
    ...results.map((r) =>
      `| ${fmt(r.count)} | ${fmt(r.createSeconds, 1)} s | ${fmt(r.resumeSeconds, 2)} s | ${fmt(r.resumed / r.resumeSeconds)} | ${fmt(r.baselineHeapMb)} → ${fmt(r.peakHeapMb)} MB | ${fmt(r.baselineRssMb)} → ${fmt(r.peakRssMb)} MB | ${r.stillWaiting} |`),
    '',
    `Target: 100,000 due waits resumed in under 10 s. Measured here: ${fmt(results[results.length - 1]!.resumeSeconds, 1)} s for ${fmt(results[results.length - 1]!.count)} (resumed and run to the end of the flow, every step checkpointed).`,
    '',
    'Memory during the resume is bounded by the batch (500) and concurrency (1,000 executions) limits, not by how many waits fall due: the peak levels off once a run is long enough to reach those limits (compare 30,000 and 100,000).',
  ].join('\n');
  console.log(`\n${text}\n`);
  writeSection('waits', text);
}

if (wanted('editor')) {
  console.log('editor: a 500-node, 600-edge workflow in Chromium…');
  const f = await benchEditor();
  if (f) {
    const text = [
      `## The editor with a large workflow (${date})`,
      '',
      `Machine: ${machine()}. Debian's Chromium, headless, 1440 × 900, driven by playwright-core against \`tern start\`; the workflow has ${fmt(f.nodes)} nodes and ${fmt(f.edges)} edges (\`bench/editor.ts\`, \`largeWorkflow\`).`,
      '',
      '| what | measured |',
      '| --- | ---: |',
      `| navigation → first node drawn | ${fmt(f.firstNodeMs)} ms |`,
      `| navigation → interactive (a click on a node selects it and the inspector shows it) | ${fmt(f.interactiveMs)} ms |`,
      `| frame interval while dragging a node, median | ${fmt(f.dragFrameMedianMs, 1)} ms |`,
      `| frame interval while dragging a node, p95 | ${fmt(f.dragFrameP95Ms, 1)} ms |`,
      `| frames recorded during the drag / main-thread tasks over 50 ms | ${fmt(f.dragFrames)} / ${fmt(f.dragLongTasks)} |`,
      '',
      'A frame interval of 16.7 ms is 60 frames per second, the display rate of headless Chromium here.',
    ].join('\n');
    console.log(`\n${text}\n`);
    writeSection('editor', text);
  }
}

if (wanted('code')) {
  const seconds = quick ? 2 : 5;
  console.log(`code: data.code steps against data.set steps, ${seconds} s each…`);
  const f = await benchCodeNode(seconds);
  const row = (what: string, r: { runsPerSecond: number; meanUs: number; callerUs: number }) =>
    `| ${what} | ${fmt(r.runsPerSecond)} | ${fmt(r.meanUs)} µs | ${fmt(r.callerUs)} µs |`;
  const text = [
    `## The data.code node (${date})`,
    '',
    `Machine: ${machine()}. One step at a time through the \`runNode()\` harness (params resolved, \`execute(ctx)\` called, result checked, as the runtime's step execution does), ${seconds} s each after a warm-up. The code sums a three-item order (\`bench/code-node.ts\`); each run gets a fresh QuickJS runtime and context in a sandbox worker, its context copied in and its result copied out as JSON.`,
    '',
    '| step | runs/s | time per run | server-thread time per run |',
    '| --- | ---: | ---: | ---: |',
    row('`data.set`, two values', f.set),
    row('`data.code`, JavaScript', f.code),
    row('`data.code`, TypeScript (types stripped once, then cached)', f.typescript),
    row('for comparison: the same job in QuickJS on the calling thread, no worker', f.inThread),
    '',
    `**Per-run overhead of a code step over a set step: ${fmt(f.overheadUs)} µs** back to back, where most of it is QuickJS making each run's fresh runtime and context. A worker makes the next run's realm while it waits, so a code step arriving at an idle worker (runs 5 ms apart) takes ${fmt(f.idleUs)} µs. With ${f.concurrency} code steps in flight the worker pool runs ${fmt(f.concurrent)} per second. Server-thread time is the event loop's active time (\`performance.eventLoopUtilization\`) per run: what a code step takes from everything else the server does.`,
  ].join('\n');
  console.log(`\n${text}\n`);
  writeSection('code', text);
}

if (wanted('campaign')) {
  const contacts = quick ? 1_000 : 10_000;
  console.log(`campaign: ${fmt(contacts)} contacts, a personalised email each through a local SMTP server…`);
  const f = await benchCampaign(contacts);
  const text = [
    `## A campaign: ${fmt(f.contacts)} contacts, an email each (${date})`,
    '',
    `Machine: ${machine()}. ${fmt(f.contacts)} contacts (made beforehand, ${fmt(f.setupSeconds, 1)} s) each get a \`campaign.joined\` event, ingested as \`POST /api/events\` takes them, in batches of 1,000; each event starts a journey (\`trigger.event\` → \`email.send\`) that renders a personalised marketing email (Liquid with an \`{% if %}\` block, an open pixel, click tracking, an unsubscribe link and the one-click headers), checks suppression, consent and the frequency cap, records the message in the log, and sends it through SMTP (nodemailer, a pool of 5 connections) to an SMTP server on loopback in another process (\`smtp-server\`, accepting without parsing). Every step is checkpointed. Tern runs in its own process (\`bench/campaign-child.ts\`). Load average of the machine when the run began: ${fmt(f.loadAverage, 1)} (other work shared its cores).`,
    '',
    '| contacts | all sent in | messages per second | accepted by the SMTP server | recorded as sent | heap before → peak | RSS before → peak |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${fmt(f.contacts)} | ${fmt(f.seconds, 1)} s | ${fmt(f.messagesPerSecond)} | ${fmt(f.delivered)} | ${fmt(f.logged)} | ${fmt(f.baselineHeapMb)} → ${fmt(f.peakHeapMb)} MB | ${fmt(f.baselineRssMb)} → ${fmt(f.peakRssMb)} MB |`,
  ].join('\n');
  console.log(`\n${text}\n`);
  writeSection('campaign', text);
}

if (wanted('segments')) {
  const contacts = quick ? 20_000 : 100_000;
  console.log(`segments: ${fmt(contacts)} contacts with tags, scores, custom fields and events…`);
  const f = await benchSegments(contacts);
  const text = [
    `## Segment counts (${date})`,
    '',
    `Machine: ${machine()}. ${fmt(f.contacts)} contacts (a quarter of them with each of five tags, scores 0–99, a plan, a birthday and a seat count as custom fields, email consent) and ${fmt(f.events)} events (opens over 90 days, orders over a year), seeded in ${fmt(f.seedSeconds, 1)} s into a SQLite file (\`bench/segments.ts\`). Each segment's rules compiled to one SQL statement and counted as the editor's live preview does (count and a sample of 10), median of 5.`,
    '',
    '| segment | contacts in it | count + sample |',
    '| --- | ---: | ---: |',
    ...f.counts.map((c) => `| ${c.name} | ${fmt(c.count)} | ${fmt(c.medianMs)} ms |`),
    '',
    `With these ${f.segmentsRefreshed} segments saved: computing the membership of ${fmt(f.refreshBatch)} touched contacts again (what follows an ingest of a 1,000-event batch) takes ${fmt(f.refreshMs)} ms; sweeping the time-based ones over every contact, ${fmt(f.sweepMs)} ms. Event rules read the index on events (contact_id, type, at).`,
  ].join('\n');
  console.log(`\n${text}\n`);
  writeSection('segments', text);
}

if (wanted('events')) {
  const seconds = quick ? 5 : 15;
  const connections = 20;
  console.log(`events: ${seconds} s single, ${seconds} s batches of 100, ${connections} connections…`);
  const f = await benchEvents(seconds, connections);
  const row = (what: string, r: typeof f.single) =>
    `| ${what} | ${fmt(r.eventsPerSecond)} | ${fmt(r.requestsPerSecond)} | ${r.p50Ms} ms | ${r.p99Ms} ms | ${r.errors} |`;
  const text = [
    `## Events ingested through POST /api/events (${date})`,
    '',
    `Machine: ${machine()}. Load from autocannon against \`tern start\` (SQLite) in a second process on the same machine, ${connections} connections, ${seconds} s each after a 2 s warm-up. Each event is a \`page.viewed\` of one of 10,000 contacts (created on its first event, updated after) with one active scoring rule on that type, so each event also scores its contact; every request is all or nothing in one transaction, and answered after its commit. No workflow listens (\`bench/events.ts\`).`,
    '',
    '| | events/s | requests/s | p50 latency | p99 latency | non-2xx or errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    row('one event per request', f.single),
    row('batches of 100 events', f.batch),
    '',
    `Contacts in the database after the run: ${fmt(f.contacts)}.`,
  ].join('\n');
  console.log(`\n${text}\n`);
  writeSection('events', text);
}

if (wanted('queue')) {
  const { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl } = process.env;
  if (!databaseUrl || !redisUrl) {
    console.log('queue: skipped; set DATABASE_URL=postgres://… and REDIS_URL=redis://… to compare queue mode with embedded mode');
  } else {
    const count = quick ? 1_000 : 5_000;
    console.log(`queue: ${fmt(count)} webhook executions, embedded and with 1 and 2 workers…`);
    const runs = await benchQueue(count, databaseUrl, redisUrl);
    const text = [
      `## Queue mode: executions per second (${date})`,
      '',
      `Machine: ${machine()}; PostgreSQL and Redis on the same machine. ${fmt(count)} webhook executions (webhook → set → set, \`respond: immediately\`) sent to \`tern start\` 20 at a time, timed from the first request until the last execution succeeded; every process on these same cores (\`bench/queue.ts\`).`,
      '',
      '| mode | finished in | executions/s |',
      '| --- | ---: | ---: |',
      ...runs.map((r) => `| ${r.workers === 0 ? 'embedded (one `tern start`, SQLite)' : `queue: one \`tern start\` + ${r.workers} \`tern worker\` (PostgreSQL, Redis)`} | ${fmt(r.seconds, 1)} s | ${fmt(r.perSecond)} |`),
      '',
      'Queue mode adds a Redis round trip and a PostgreSQL reload per execution, and here every process shares two cores: it is for running more machines, not for more speed on one.',
    ].join('\n');
    console.log(`\n${text}\n`);
    writeSection('queue', text);
  }
}


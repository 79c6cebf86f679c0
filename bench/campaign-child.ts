// Run in its own process so its memory is its own (bench/campaign.ts): makes N contacts, then
// times N `campaign.joined` events — posted as the API takes them, in batches of 1,000 — each
// starting a journey that renders a personalised email and sends it through SMTP, every step
// checkpointed and every message recorded in the message log. Prints one JSON line.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../runtime/src/config.js';
import { createRuntime } from '../runtime/src/create-runtime.js';
import { createLogger } from '../runtime/src/logger.js';
import { Credentials } from '../runtime/src/services/credentials.js';
import { ingestEvents, MAX_BATCH } from '../runtime/src/services/events.js';
import { saveWorkflow } from '../runtime/test/helpers.js';
import { sampleMemory } from './memory.js';

const count = Number(process.argv[2] ?? 10_000);
const smtpPort = Number(process.argv[3]);
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tern-bench-campaign-'));
const config = loadConfig({}, { dataDir, logLevel: 'error', httpAllow: ['127.0.0.1'], publicUrl: 'https://tern.example.com' });
const runtime = await createRuntime(config, { log: createLogger('error') });

const batches = (type: string, contact: (i: number) => Record<string, unknown>) =>
  Array.from({ length: Math.ceil(count / MAX_BATCH) }, (_, b) => ({
    batch: Array.from({ length: Math.min(MAX_BATCH, count - b * MAX_BATCH) }, (_, j) => ({ type, contact: contact(b * MAX_BATCH + j) })),
  }));

try {
  const credential = await new Credentials(runtime.store, runtime.encryptionKey, runtime.clock, runtime.credentialTypes).create({
    type: 'smtp', name: 'Local sink', data: { host: '127.0.0.1', port: smtpPort, secure: false },
  });
  await saveWorkflow(runtime, {
    name: 'Spring campaign',
    nodes: [
      { id: 'joined', type: 'trigger.event', version: 1, params: { event: 'campaign.joined' } },
      { id: 'offer', type: 'email.send', version: 1, params: {
        credential: credential.id,
        from: 'Tern Outdoor <hello@tern.example>',
        to: '{{ contact.email }}',
        subject: '{{ contact.first_name }}, 20% off for {{ contact.plan | default: "you" }}',
        html: '<p>Hi {{ contact.first_name | capitalize }},</p>{% if contact.plan == "pro" %}<p>Pro members get free shipping too.</p>{% endif %}'
          + '<p><a href="https://shop.example/spring?c={{ contact.id }}">See the offer</a></p>',
        marketing: true,
        track: { opens: true, clicks: true },
      } },
    ],
    edges: [{ id: 'e1', source: 'joined', target: 'offer' }],
  }, { activate: true });

  // The contacts exist before the campaign, as in a real list.
  const setupStart = performance.now();
  for (const body of batches('signed_up', (i) => ({ email: `person${i}@example.com`, first_name: `person${i}`, plan: i % 3 === 0 ? 'pro' : 'free' }))) {
    await ingestEvents(runtime, body);
  }
  const setupSeconds = (performance.now() - setupStart) / 1000;

  const memory = sampleMemory();

  const start = performance.now();
  for (const body of batches('campaign.joined', (i) => ({ email: `person${i}@example.com` }))) {
    await ingestEvents(runtime, body);
    // Back-pressure, as the scheduler applies it: at most a few thousand journeys in flight.
    if (runtime.runner.activeCount > 2_000) await runtime.runner.whenBelow(1_000);
  }
  await runtime.runner.idle();
  const seconds = (performance.now() - start) / 1000;
  const figures = memory.stop();

  const campaign = (await runtime.store.workflows.list({ limit: 10 })).items.find((w) => w.name === 'Spring campaign')!;
  const stats = await runtime.store.messages.statsForWorkflow(campaign.id);
  process.stdout.write(`${JSON.stringify({
    contacts: count, setupSeconds, seconds, messagesPerSecond: stats.sent / seconds, logged: stats.sent,
    ...figures,
  })}\n`);
} finally {
  await runtime.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

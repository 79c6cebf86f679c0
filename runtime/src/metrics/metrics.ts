// Prometheus metrics (prom-client), served at GET /metrics. Counters and histograms are updated
// where things happen (the runner's observer, the messaging services, the webhook route); gauges that the database knows (waiting executions) are read at scrape
// time, so nothing is counted twice and a restart loses nothing that SQL holds.
import type { EmailService, SmsService } from '@tern/shared';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Store } from '../db/store.js';

/** What the runner reports as it works: each execution it creates, each step it executes and
 *  each execution that ends. */
export interface RunObserver {
  started(mode: string): void;
  step(nodeType: string, seconds: number, ok: boolean): void;
  finished(status: string): void;
}

export interface MetricsSources {
  store: Store;
  /** Executions this process is driving now. */
  activeExecutions(): number;
  /** Queue mode: the jobs in the queue, by state (all processes). */
  queueDepth?: () => Promise<Record<'waiting' | 'active' | 'delayed', number>>;
}

/** Step durations from a 0.5 ms set node to a 30 s HTTP call. */
const STEP_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const WEBHOOK_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export class Metrics implements RunObserver {
  readonly registry = new Registry();
  private readonly executionsStarted: Counter<'mode'>;
  private readonly executionsFinished: Counter<'status'>;
  private readonly stepDuration: Histogram<'node_type' | 'outcome'>;
  private readonly webhookDuration: Histogram<'status'>;
  private readonly messagesSent: Counter<'channel'>;
  private readonly messagesFailed: Counter<'channel'>;
  private processMetrics = false;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    this.executionsStarted = new Counter({
      name: 'tern_executions_started_total', help: 'Executions started, by trigger mode', labelNames: ['mode'], registers,
    });
    this.executionsFinished = new Counter({
      name: 'tern_executions_finished_total', help: 'Executions that ended, by final status', labelNames: ['status'], registers,
    });
    this.stepDuration = new Histogram({
      name: 'tern_step_duration_seconds', help: 'Time to execute one step, by node type and outcome (ok or error)',
      labelNames: ['node_type', 'outcome'], buckets: STEP_BUCKETS, registers,
    });
    this.webhookDuration = new Histogram({
      name: 'tern_webhook_duration_seconds', help: 'Webhook requests from arrival to answer, by response status',
      labelNames: ['status'], buckets: WEBHOOK_BUCKETS, registers,
    });
    this.messagesSent = new Counter({ name: 'tern_messages_sent_total', help: 'Emails and SMS accepted by their provider', labelNames: ['channel'], registers });
    this.messagesFailed = new Counter({ name: 'tern_messages_failed_total', help: 'Emails and SMS refused or not delivered to their provider', labelNames: ['channel'], registers });
    new Gauge({
      name: 'tern_executions_active', help: 'Executions this process is driving now (its in-process queue depth)', registers,
      collect() {
        this.set(sources.activeExecutions());
      },
    });
    new Gauge({
      name: 'tern_executions_waiting', help: 'Executions waiting on a delay, an event or a retry (all processes)', registers,
      async collect() {
        this.set((await sources.store.executions.list({ status: 'waiting' }, { limit: 1 })).total);
      },
    });
    const { queueDepth } = sources;
    if (queueDepth) {
      new Gauge({
        name: 'tern_queue_jobs', help: 'Execution jobs in the queue (queue mode), by state: waiting, active, delayed', labelNames: ['state'], registers,
        async collect() {
          for (const [state, count] of Object.entries(await queueDepth())) this.set({ state }, count);
        },
      });
    }
  }

  /** The email and SMS services, counting what they send and what fails. */
  counting(services: { email: EmailService; sms: SmsService }): { email: EmailService; sms: SmsService } {
    const count = <T>(channel: 'email' | 'sms', sent: Promise<T>): Promise<T> =>
      sent.then((result) => (this.message(channel, true), result), (err: unknown) => {
        this.message(channel, false);
        throw err;
      });
    return {
      email: { send: (message) => count('email', services.email.send(message)) },
      sms: { send: (message) => count('sms', services.sms.send(message)) },
    };
  }

  started(mode: string): void {
    this.executionsStarted.inc({ mode });
  }

  finished(status: string): void {
    this.executionsFinished.inc({ status });
  }

  step(nodeType: string, seconds: number, ok: boolean): void {
    this.stepDuration.observe({ node_type: nodeType, outcome: ok ? 'ok' : 'error' }, seconds);
  }

  webhook(status: number, seconds: number): void {
    this.webhookDuration.observe({ status: String(status) }, seconds);
  }

  message(channel: 'email' | 'sms', ok: boolean): void {
    (ok ? this.messagesSent : this.messagesFailed).inc({ channel });
  }

  text(): Promise<string> {
    // The process metrics (memory, CPU, event-loop lag) start with the first scrape: they keep
    // observers running, which a runtime that is never scraped (a test, the CLI) does without.
    if (!this.processMetrics) {
      this.processMetrics = true;
      collectDefaultMetrics({ register: this.registry, prefix: 'tern_' });
    }
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

// A campaign: N contacts enter a flow that personalises and sends a marketing email (tracked, with
// one-click unsubscribe) to a local SMTP server. Tern runs in a child process, so its peak memory is
// its own; the SMTP server runs here and only counts what it accepts (no parsing).
import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { SMTPServer } from 'smtp-server';

export interface CampaignFigures {
  contacts: number;
  /** Contacts made beforehand (not timed). */
  setupSeconds: number;
  /** From the first event of the campaign to the last message accepted by the SMTP server. */
  seconds: number;
  messagesPerSecond: number;
  /** Messages the SMTP server accepted. */
  delivered: number;
  /** Message-log rows with status `sent`. */
  logged: number;
  baselineRssMb: number;
  peakRssMb: number;
  baselineHeapMb: number;
  peakHeapMb: number;
  /** The machine's one-minute load average when the run began (other work on it slows the run). */
  loadAverage: number;
}

export async function benchCampaign(contacts: number): Promise<CampaignFigures> {
  const loadAverage = os.loadavg()[0]!;
  let delivered = 0;
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => {
        delivered++;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  try {
    const child = fileURLToPath(new URL('./campaign-child.ts', import.meta.url));
    // Asynchronous: this process must keep answering SMTP while the child sends.
    const out = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--expose-gc', '--import', 'tsx', child, String(contacts), String(port)], {
        encoding: 'utf8', maxBuffer: 1 << 20,
      }, (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)));
    });
    const figures = JSON.parse(out.trim().split('\n').pop()!) as Omit<CampaignFigures, 'delivered' | 'loadAverage'>;
    return { ...figures, delivered, loadAverage };
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

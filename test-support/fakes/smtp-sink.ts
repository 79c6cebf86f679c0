// Not a fake: a real SMTP server (smtp-server) on 127.0.0.1 that requires a login, keeps every
// message it receives parsed with mailparser, and can be told to answer the next message with
// an error, as a real server does when it defers (4xx) or refuses (5xx) one.
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerError } from 'smtp-server';

export interface ReceivedMail {
  /** MAIL FROM and RCPT TO: where the message really went (a `Bcc:` header would add a recipient here). */
  envelope: { from: string; to: string[] };
  raw: string;
  parsed: ParsedMail;
  /** The raw value of a header, as it was on the wire (folded lines joined), or undefined. */
  header(name: string): string | undefined;
  /** Whether the server accepted it (false: answered with an error after receiving it). */
  accepted: boolean;
}

export interface SmtpSink {
  host: string;
  port: number;
  /** The data of an `smtp` credential that logs in to this server. */
  credential: { host: string; port: number; secure: false; user: string; password: string };
  /** Every message received, in order, refused ones included. */
  received: ReceivedMail[];
  /** How many connections clients opened. */
  readonly connections: number;
  /** Messages the server accepted. */
  accepted(): ReceivedMail[];
  /** Answers the next message's DATA with this code and text (e.g. 451 for "try again later"). */
  failNextMessage(code: number, text: string): void;
  /** Refuses these recipients at RCPT TO with 550. */
  refuseRecipient(address: string): void;
  /** Resolves once `count` messages were received (accepted or not). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export async function startSmtpSink(login = { user: 'tern', password: 'sink-password' }): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const failures: Array<{ code: number; text: string }> = [];
  const refused = new Set<string>();
  const waiters: Array<() => void> = [];
  let connections = 0;
  const reject = (code: number, text: string) => Object.assign(new Error(text), { responseCode: code }) as SMTPServerError;

  const server = new SMTPServer({
    // No TLS: the test runs on loopback; login over plain text must then be allowed.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: false,
    logger: false,
    onConnect(_session, callback) {
      connections++;
      callback();
    },
    onAuth(auth, _session, callback) {
      if (auth.username === login.user && auth.password === login.password) callback(null, { user: auth.username });
      else callback(reject(535, '5.7.8 Authentication credentials invalid'));
    },
    onRcptTo(address, _session, callback) {
      if (refused.has(address.address.toLowerCase())) callback(reject(550, `5.1.1 <${address.address}>: Recipient address rejected: User unknown`));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const failure = failures.shift();
        void simpleParser(raw).then((parsed) => {
          received.push({
            envelope: {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
            },
            raw,
            parsed,
            header: (name) => headerOf(raw, name),
            accepted: !failure,
          });
          for (const wake of waiters.splice(0)) wake();
          callback(failure ? reject(failure.code, failure.text) : null);
        }, (err: Error) => callback(err));
      });
    },
  });
  await new Promise<void>((resolve, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    host: '127.0.0.1',
    port,
    credential: { host: '127.0.0.1', port, secure: false, user: login.user, password: login.password },
    received,
    get connections() {
      return connections;
    },
    accepted: () => received.filter((m) => m.accepted),
    failNextMessage: (code, text) => failures.push({ code, text }),
    refuseRecipient: (address) => refused.add(address.toLowerCase()),
    async waitFor(count, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`the SMTP sink received ${received.length} of ${count} messages`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
      return received.slice(0, count);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A header's raw value from a message's header block, continuation lines unfolded. */
function headerOf(raw: string, name: string): string | undefined {
  const block = raw.split(/\r?\n\r?\n/, 1)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const wanted = `${name.toLowerCase()}:`;
  const line = block.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(wanted));
  return line?.slice(wanted.length).trim();
}

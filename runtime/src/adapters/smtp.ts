// Email out through SMTP (nodemailer): one pooled transporter per credential, connected to an
// address the SSRF guard has checked. The guard that protects the HTTP client resolves the SMTP
// host and refuses private, loopback and metadata addresses unless TERN_HTTP_ALLOW lets them
// through; the transporter then connects to that very address (with the host name kept for TLS),
// so a DNS answer cannot change between the check and the connection.
import { createHash } from 'node:crypto';
import net from 'node:net';
import { type ChannelCredential, DeliveryError, type EmailMessage, type EmailSendResult, type EmailService } from '@tern/shared';
import { createTransport } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import type { SMTPPoolOptions } from 'nodemailer/lib/smtp-pool';
import { AddressGuard, type Resolver } from './address-guard.js';
import { findOutgoingError } from './outgoing-error.js';

export interface SmtpMailerOptions {
  /** Host names, IPs or CIDRs reachable although private (`TERN_HTTP_ALLOW`). */
  allow?: string[];
  /** Resolves host names (injectable for tests; default: the system resolver). */
  resolve?: Resolver;
  /** Connections per credential (default 5). */
  maxConnections?: number;
  /** Connect, greeting and idle socket timeouts in ms (default 15 s, 15 s, 60 s). */
  timeouts?: { connectMs?: number; greetingMs?: number; socketMs?: number };
  /** Told when a pooled connection fails outside a send. */
  onError?: (err: Error, credentialId: string) => void;
}

interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
}

type Transporter = Mail;

interface Pool {
  fingerprint: string;
  /** The checked address the transporter connects to. */
  address: string;
  transporter: Transporter;
}

export class SmtpMailer implements EmailService {
  private readonly guard: AddressGuard;
  private readonly pools = new Map<string, Pool>();
  private closed = false;

  constructor(private readonly options: SmtpMailerOptions = {}) {
    this.guard = new AddressGuard(options.allow ?? [], options.resolve);
  }

  async send(message: EmailMessage): Promise<EmailSendResult> {
    if (this.closed) throw new DeliveryError('temporary', 'the email service is shutting down');
    const transporter = await this.transporterFor(message.credential);
    try {
      const info = await transporter.sendMail({
        from: message.from,
        to: message.to,
        ...(message.replyTo ? { replyTo: message.replyTo } : {}),
        subject: message.subject,
        ...(message.html !== undefined ? { html: message.html } : {}),
        ...(message.text !== undefined ? { text: message.text } : {}),
        messageId: message.messageId,
        headers: message.headers ?? {},
        // Message content never reads files or URLs on this machine.
        disableFileAccess: true,
        disableUrlAccess: true,
      });
      return {
        messageId: info.messageId ?? message.messageId,
        status: 'sent',
        accepted: (info.accepted ?? []).map(String),
        rejected: (info.rejected ?? []).map(String),
        response: String(info.response ?? ''),
      };
    } catch (err) {
      throw smtpFailure(err);
    }
  }

  /** Closes every pooled connection. */
  async close(): Promise<void> {
    this.closed = true;
    for (const pool of this.pools.values()) pool.transporter.close();
    this.pools.clear();
  }

  /** The credential's transporter: made anew when the credential changed or its host moved. */
  private async transporterFor(credential: ChannelCredential): Promise<Transporter> {
    if (credential.type !== 'smtp') throw new DeliveryError('rejected', `a credential of type ${credential.type} cannot send email; use an smtp credential`);
    const settings = smtpSettings(credential.data);
    const addresses = await this.checkedAddresses(settings.host);
    const fingerprint = createHash('sha256').update(JSON.stringify(settings)).digest('hex');
    const existing = this.pools.get(credential.id);
    if (existing && existing.fingerprint === fingerprint && addresses.includes(existing.address)) return existing.transporter;
    existing?.transporter.close();
    const address = addresses[0]!;
    const transporter = this.createTransporter(settings, address, credential.id);
    this.pools.set(credential.id, { fingerprint, address, transporter });
    return transporter;
  }

  private async checkedAddresses(host: string): Promise<string[]> {
    try {
      if (net.isIP(host)) {
        const refusal = this.guard.refusalForAddress(host);
        if (refusal) throw refusal;
        return [host];
      }
      const resolved = await this.guard.resolve(host);
      if (resolved.length === 0) throw new Error(`${host} has no address`);
      return resolved.map((a) => a.address);
    } catch (err) {
      const refused = findOutgoingError(err);
      if (refused) throw new DeliveryError('rejected', `SMTP host ${refused.message}`, { code: 'ESSRF' }, { cause: err });
      throw new DeliveryError('temporary', `could not resolve the SMTP host ${host}: ${(err as Error).message}`, { code: 'EDNS' }, { cause: err });
    }
  }

  private createTransporter(settings: SmtpSettings, address: string, credentialId: string): Transporter {
    const timeouts = this.options.timeouts ?? {};
    const hostName = net.isIP(settings.host) ? undefined : settings.host;
    const options: SMTPPoolOptions & { pool: true } = {
      pool: true,
      maxConnections: this.options.maxConnections ?? 5,
      host: address,
      port: settings.port,
      secure: settings.secure,
      // Certificates are checked against the host name, not the address connected to.
      ...(hostName ? { servername: hostName, tls: { servername: hostName } } : {}),
      ...(settings.user ? { auth: { user: settings.user, pass: settings.password } } : {}),
      connectionTimeout: timeouts.connectMs ?? 15_000,
      greetingTimeout: timeouts.greetingMs ?? 15_000,
      socketTimeout: timeouts.socketMs ?? 60_000,
      disableFileAccess: true,
      disableUrlAccess: true,
    };
    const transporter: Transporter = createTransport(options);
    transporter.on('error', (err: Error) => this.options.onError?.(err, credentialId));
    return transporter;
  }
}

function smtpSettings(data: Record<string, unknown>): SmtpSettings {
  const host = typeof data.host === 'string' ? data.host.trim() : '';
  const port = Number(data.port);
  if (host === '') throw new DeliveryError('rejected', 'the smtp credential has no host');
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new DeliveryError('rejected', 'the smtp credential has no valid port');
  return {
    host,
    port,
    secure: data.secure === true,
    user: typeof data.user === 'string' ? data.user : '',
    password: typeof data.password === 'string' ? data.password : '',
  };
}

interface NodemailerError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
}

/**
 * What nodemailer threw, as a DeliveryError: a 5xx answer (and a failed login) is a refusal; a 4xx
 * answer, a connection that failed or timed out, is temporary. The message is the server's own
 * answer where there is one.
 */
export function smtpFailure(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const e = err as NodemailerError;
  const details = {
    ...(e.code ? { code: e.code } : {}),
    ...(typeof e.responseCode === 'number' ? { responseCode: e.responseCode } : {}),
    ...(e.command ? { command: e.command } : {}),
  };
  const permanent = typeof e.responseCode === 'number' ? e.responseCode >= 500 : ['EAUTH', 'EENVELOPE', 'EMESSAGE', 'ETLS'].includes(e.code ?? '');
  const said = typeof e.response === 'string' && e.response !== '' ? e.response : null;
  const message = said ? `the SMTP server answered: ${said}` : `could not send through SMTP: ${e.message}`;
  return new DeliveryError(permanent ? 'rejected' : 'temporary', message, details, { cause: err });
}

// The SSRF guard of the outgoing HTTP client. Addresses are checked where the socket is opened:
// host names inside the agents' `lookup` (so the address checked is the address connected to, and
// DNS rebinding between a check and the connection is impossible), IP literals in
// `createConnection` (Node does not call `lookup` for them), and every redirect hop again.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import ipaddr from 'ipaddr.js';
import { blockedReason, METADATA_HOSTNAMES, normalizeIp, parseIp } from './address-policy.js';
import { OutgoingRequestError } from './outgoing-error.js';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to every address it has (injectable for tests). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/** The allow list from `TERN_HTTP_ALLOW`: comma separated host names, IPs and CIDR ranges. */
export function parseAllowList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

const ALLOW_HINT = '; to reach a self-hosted service, add it to TERN_HTTP_ALLOW';
const HOSTNAME = /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/;

type IP = ipaddr.IPv4 | ipaddr.IPv6;

export class AddressGuard {
  private readonly hosts = new Set<string>();
  private readonly ranges: Array<[IP, number]> = [];

  constructor(
    allow: readonly string[] = [],
    private readonly resolver: Resolver = systemResolver,
  ) {
    for (const entry of allow) this.addAllowed(entry.trim());
  }

  /** Throws when a URL may not be requested: a scheme other than http(s), a metadata host name,
   *  or a refused IP literal. Host names are checked when they are resolved. */
  checkUrl(url: URL): void {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw refused(`refused: only http: and https: URLs can be requested, not ${url.protocol}`);
    }
    const host = normalizeHost(url.hostname);
    if (this.hosts.has(host)) return;
    if (METADATA_HOSTNAMES.has(host)) throw refused(`refused: ${host} is a cloud metadata address`);
    const refusal = this.refusalForAddress(host);
    if (refusal) throw refusal;
  }

  /** Why a connection to this address is refused, or null (also null for a host name). */
  refusalForAddress(address: string, hostname?: string): OutgoingRequestError | null {
    const ip = net.isIP(stripBrackets(address)) ? parseIp(address) : undefined;
    if (!ip) return hostname ? refused(`refused: ${hostname} resolves to "${address}", which is not an IP address`) : null;
    if (this.ipAllowed(ip)) return null;
    const reason = blockedReason(ip);
    if (reason === null) return null;
    const subject = hostname ? `${hostname} resolves to ${address}, ${reason}` : `${stripBrackets(address)} is ${reason}`;
    return refused(`refused: ${subject}${reason.includes('metadata') ? '' : ALLOW_HINT}`);
  }

  /** Resolves a host name and returns its addresses, or throws when any of them is refused. */
  async resolve(hostname: string): Promise<ResolvedAddress[]> {
    const host = normalizeHost(hostname);
    const allowed = this.hosts.has(host);
    if (!allowed && METADATA_HOSTNAMES.has(host)) throw refused(`refused: ${host} is a cloud metadata address`);
    const addresses = await this.resolver(hostname);
    if (!allowed) {
      for (const { address } of addresses) {
        const refusal = this.refusalForAddress(address, host);
        if (refusal) throw refusal;
      }
    }
    return addresses;
  }

  /** A `lookup` for sockets: resolves through the guard, honouring `family` and `all`. */
  readonly lookup: net.LookupFunction = (hostname, options, callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : (options.family ?? 0);
    this.resolve(hostname).then(
      (addresses) => {
        const usable = addresses.filter((a) => family === 0 || a.family === family);
        if (usable.length === 0) {
          const err: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
          err.code = 'ENOTFOUND';
          callback(err, '', 0);
        } else if (options.all) {
          callback(null, usable);
        } else {
          callback(null, usable[0]!.address, usable[0]!.family);
        }
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 0),
    );
  };

  /** http and https agents whose every connection goes through this guard. */
  createAgents(options: http.AgentOptions = {}): { http: http.Agent; https: https.Agent } {
    const withLookup = { ...options, lookup: this.lookup };
    return { http: guardLiterals(new http.Agent(withLookup), this), https: guardLiterals(new https.Agent(withLookup), this) };
  }

  private ipAllowed(ip: IP): boolean {
    const candidates = new Set([ip, normalizeIp(ip)]);
    for (const candidate of candidates) {
      for (const range of this.ranges) {
        if (range[0].kind() === candidate.kind() && candidate.match(range)) return true;
      }
    }
    return false;
  }

  private addAllowed(entry: string): void {
    if (entry === '') return;
    const ip = net.isIP(stripBrackets(entry)) ? parseIp(entry) : undefined;
    const host = normalizeHost(entry);
    if (ip) this.ranges.push([ip, ip.kind() === 'ipv4' ? 32 : 128]);
    else if (ipaddr.isValidCIDR(entry)) this.ranges.push(ipaddr.parseCIDR(entry));
    else if (HOSTNAME.test(host)) this.hosts.add(host);
    else throw new Error(`TERN_HTTP_ALLOW: "${entry}" is not a host name, IP address or CIDR range`);
  }
}

type ConnectionCallback = (err: Error | null, stream: Duplex) => void;

/** Makes an agent refuse connections to blocked IP literals; the callback gets the error on the next tick. */
function guardLiterals<A extends http.Agent>(agent: A, guard: AddressGuard): A {
  const connect = agent.createConnection.bind(agent);
  (agent as http.Agent).createConnection = (options: http.ClientRequestArgs, callback?: ConnectionCallback) => {
    const refusal = options.host ? guard.refusalForAddress(options.host) : null;
    if (!refusal) return connect(options, callback);
    process.nextTick(() => callback?.(refusal, undefined as unknown as Duplex));
    return undefined;
  };
  return agent;
}

function refused(message: string): OutgoingRequestError {
  return new OutgoingRequestError('refused', message);
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Lower case, without IPv6 brackets and without a trailing dot. */
function normalizeHost(host: string): string {
  return stripBrackets(host).toLowerCase().replace(/\.$/, '');
}

// Which IP addresses an outgoing request may reach: public unicast only. Private, loopback,
// link-local, CGNAT, multicast, reserved and cloud metadata addresses are refused, including when
// they hide inside an IPv6 form (IPv4-mapped, IPv4-translated, NAT64, 6to4).
import ipaddr from 'ipaddr.js';

type IP = ipaddr.IPv4 | ipaddr.IPv6;

const METADATA_ADDRESSES = new Set([
  '169.254.169.254', // AWS, GCP, Azure, DigitalOcean, …
  '100.100.100.200', // Alibaba Cloud
  '192.0.0.192', // Oracle Cloud (legacy)
  'fd00:ec2::254', // AWS over IPv6
]);

export const METADATA_HOSTNAMES: ReadonlySet<string> = new Set(['metadata.google.internal', 'metadata.goog']);

const RANGE_NAMES: Record<string, string> = {
  unspecified: 'an unspecified address',
  broadcast: 'a broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address',
  loopback: 'a loopback address',
  carrierGradeNat: 'a carrier-grade NAT (100.64.0.0/10) address',
  private: 'a private address',
  uniqueLocal: 'a private (unique local) address',
  teredo: 'a Teredo tunnel address',
  reserved: 'a reserved address',
};

const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3');
const NAT64_WELL_KNOWN = ipaddr.IPv6.parseCIDR('64:ff9b::/96');

/** Parses an IP literal (IPv6 with or without brackets); undefined when it is not one. */
export function parseIp(value: string): IP | undefined {
  const bare = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  if (!ipaddr.isValid(bare)) return undefined;
  return ipaddr.parse(bare);
}

/** An IPv4-mapped IPv6 address as the IPv4 address it is; anything else unchanged. */
export function normalizeIp(ip: IP): IP {
  return ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress() ? (ip as ipaddr.IPv6).toIPv4Address() : ip;
}

/** Why requests to this address are refused, e.g. "a loopback address"; null for a public address. */
export function blockedReason(ip: IP): string | null {
  if (METADATA_ADDRESSES.has(ip.toString())) return 'a cloud metadata address';
  if (ip.kind() === 'ipv4') {
    const range = (ip as ipaddr.IPv4).range();
    return range === 'unicast' ? null : describeRange(range);
  }
  const v6 = ip as ipaddr.IPv6;
  const range = v6.range();
  switch (range) {
    case 'ipv4Mapped':
      return embedded('an IPv4-mapped form of', v6.toIPv4Address());
    case 'rfc6145':
      return embedded('an IPv4-translated form of', lastIPv4(v6));
    case 'rfc6052':
      // 64:ff9b::/96 reaches the embedded IPv4 address; 64:ff9b:1::/48 is for local use only.
      return v6.match(NAT64_WELL_KNOWN) ? embedded('a NAT64 form of', lastIPv4(v6)) : 'a local-use NAT64 address';
    case '6to4':
      return embedded('a 6to4 form of', ipv4FromParts(v6.parts[1]!, v6.parts[2]!));
    case 'unicast':
      return v6.match(GLOBAL_UNICAST_V6) ? null : 'a reserved address';
    default:
      return describeRange(range);
  }
}

function describeRange(range: string): string {
  return RANGE_NAMES[range] ?? `a reserved (${range}) address`;
}

function embedded(form: string, v4: ipaddr.IPv4): string | null {
  const reason = blockedReason(v4);
  return reason === null ? null : `${form} ${v4.toString()}, ${reason}`;
}

function lastIPv4(v6: ipaddr.IPv6): ipaddr.IPv4 {
  return ipv4FromParts(v6.parts[6]!, v6.parts[7]!);
}

function ipv4FromParts(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

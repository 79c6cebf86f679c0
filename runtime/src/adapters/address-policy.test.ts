// Which addresses the outgoing client refuses, and what it tells the user about each.
import { describe, expect, it } from 'vitest';
import { blockedReason, parseIp } from './address-policy.js';

const reasonFor = (address: string) => blockedReason(parseIp(address)!);

describe('blockedReason', () => {
  it.each([
    ['10.1.2.3', 'a private address'],
    ['172.16.0.1', 'a private address'],
    ['172.31.255.255', 'a private address'],
    ['192.168.0.10', 'a private address'],
    ['127.0.0.1', 'a loopback address'],
    ['127.255.0.9', 'a loopback address'],
    ['169.254.1.1', 'a link-local address'],
    ['0.0.0.0', 'an unspecified address'],
    ['224.0.0.251', 'a multicast address'],
    ['255.255.255.255', 'a broadcast address'],
    ['100.64.0.1', 'a carrier-grade NAT (100.64.0.0/10) address'],
    ['192.0.2.15', 'a reserved address'],
    ['240.0.0.1', 'a reserved address'],
    ['198.18.0.1', 'a reserved address'],
    ['169.254.169.254', 'a cloud metadata address'],
    ['100.100.100.200', 'a cloud metadata address'],
  ])('refuses IPv4 %s as %s', (address, reason) => {
    expect(reasonFor(address)).toBe(reason);
  });

  it.each([
    ['::1', 'a loopback address'],
    ['::', 'an unspecified address'],
    ['fe80::1', 'a link-local address'],
    ['fc00::1', 'a private (unique local) address'],
    ['fd12:3456::1', 'a private (unique local) address'],
    ['ff02::1', 'a multicast address'],
    ['fd00:ec2::254', 'a cloud metadata address'],
    ['2001:db8::1', 'a reserved address'],
    ['2001::1', 'a Teredo tunnel address'],
    ['64:ff9b:1::a00:1', 'a local-use NAT64 address'],
  ])('refuses IPv6 %s as %s', (address, reason) => {
    expect(reasonFor(address)).toBe(reason);
  });

  it.each([
    ['::ffff:127.0.0.1', 'an IPv4-mapped form of 127.0.0.1, a loopback address'],
    ['::ffff:a9fe:a9fe', 'an IPv4-mapped form of 169.254.169.254, a cloud metadata address'],
    ['::ffff:0:10.0.0.1', 'an IPv4-translated form of 10.0.0.1, a private address'],
    ['64:ff9b::127.0.0.1', 'a NAT64 form of 127.0.0.1, a loopback address'],
    ['64:ff9b::a9fe:a9fe', 'a NAT64 form of 169.254.169.254, a cloud metadata address'],
    ['2002:c0a8:0101::1', 'a 6to4 form of 192.168.1.1, a private address'],
  ])('sees through the IPv6 form %s', (address, reason) => {
    expect(reasonFor(address)).toBe(reason);
  });

  it.each(['8.8.8.8', '93.184.216.34', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '64:ff9b::808:808', '2002:808:808::1'])(
    'lets the public address %s through',
    (address) => {
      expect(reasonFor(address)).toBeNull();
    },
  );

  it('reads the legacy spellings that URLs normalise to the same address', () => {
    expect(reasonFor('2130706433')).toBe('a loopback address');
    expect(reasonFor('0x7f.0.0.1')).toBe('a loopback address');
    expect(reasonFor('[::1]')).toBe('a loopback address');
  });
});

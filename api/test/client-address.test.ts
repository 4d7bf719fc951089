import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { clientAddress } from '../src/observability/client-address.ts';

describe('client address', () => {
  it.each<[string, string | null, string | string[] | null, number, string | null]>([
    ['no proxy trusted: the socket peer', '203.0.113.9', null, 0, '203.0.113.9'],
    ['no proxy trusted: a spoofed X-Forwarded-For is ignored', '203.0.113.9', '198.51.100.1', 0, '203.0.113.9'],
    ['IPv4-mapped IPv6 peer reads as IPv4', '::ffff:127.0.0.1', null, 0, '127.0.0.1'],
    ['one proxy: the address it appended', '10.0.0.2', '198.51.100.7', 1, '198.51.100.7'],
    [
      'one proxy: the caller’s own claim to the left is ignored',
      '10.0.0.2',
      '6.6.6.6, 198.51.100.7',
      1,
      '198.51.100.7',
    ],
    ['two proxies: the entry the outer one wrote', '10.0.0.2', '6.6.6.6, 198.51.100.7, 10.0.0.9', 2, '198.51.100.7'],
    ['several headers count as one list', '10.0.0.2', ['6.6.6.6', '198.51.100.7'], 1, '198.51.100.7'],
    ['fewer entries than proxies: the leftmost', '10.0.0.2', '198.51.100.7', 3, '198.51.100.7'],
    ['not an address: the socket peer', '10.0.0.2', 'evil<script>', 1, '10.0.0.2'],
    ['proxy trusted but no header: the socket peer', '10.0.0.2', null, 1, '10.0.0.2'],
    ['no peer known', null, null, 0, null],
  ])('%s', (_name, peer, forwarded, hops, expected) => {
    expect(clientAddress(peer, forwarded, hops)).toBe(expected);
  });

  it('trusts no proxy unless TRUSTED_PROXY_HOPS says so', () => {
    expect(loadConfig({}).trustedProxyHops).toBe(0);
    expect(loadConfig({ TRUSTED_PROXY_HOPS: '2' }).trustedProxyHops).toBe(2);
    expect(() => loadConfig({ TRUSTED_PROXY_HOPS: 'yes' })).toThrow(/TRUSTED_PROXY_HOPS must be a whole number/);
  });
});

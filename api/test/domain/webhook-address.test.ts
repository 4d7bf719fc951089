import { describe, expect, it } from 'vitest';
import { classifyAddress, hostProblem, localNameProblem } from '../../src/domain/webhook-address.ts';

describe('classifyAddress', () => {
  it.each<[string, string, string | null, boolean]>([
    // address, range, embedded IPv4, public
    ['8.8.8.8', 'unicast', null, true],
    ['127.0.0.1', 'loopback', null, false],
    ['127.255.255.254', 'loopback', null, false],
    ['10.1.2.3', 'private', null, false],
    ['172.16.0.1', 'private', null, false],
    ['172.32.0.1', 'unicast', null, true],
    ['192.168.1.1', 'private', null, false],
    ['169.254.169.254', 'linkLocal', null, false],
    ['100.64.0.1', 'carrierGradeNat', null, false],
    ['0.0.0.0', 'unspecified', null, false],
    ['0.1.2.3', 'unspecified', null, false],
    ['224.0.0.1', 'multicast', null, false],
    ['255.255.255.255', 'broadcast', null, false],
    ['192.0.2.1', 'reserved', null, false],
    ['198.51.100.1', 'reserved', null, false],
    ['203.0.113.1', 'reserved', null, false],
    ['198.18.0.1', 'reserved', null, false],
    ['240.0.0.1', 'reserved', null, false],
    ['::1', 'loopback', null, false],
    ['[::1]', 'loopback', null, false],
    ['::', 'unspecified', null, false],
    ['fe80::1', 'linkLocal', null, false],
    ['fd00::1', 'uniqueLocal', null, false],
    ['fc00::1', 'uniqueLocal', null, false],
    ['ff02::1', 'multicast', null, false],
    ['fec0::1', 'deprecatedSiteLocal', null, false],
    ['2001:db8::1', 'reserved', null, false],
    ['2606:4700:4700::1111', 'unicast', null, true],
    // IPv6 forms that carry an IPv4 address are judged by it.
    ['::ffff:127.0.0.1', 'loopback', '127.0.0.1', false],
    ['::ffff:7f00:1', 'loopback', '127.0.0.1', false],
    ['0:0:0:0:0:ffff:7f00:1', 'loopback', '127.0.0.1', false],
    ['::ffff:a9fe:a9fe', 'linkLocal', '169.254.169.254', false],
    ['::ffff:8.8.8.8', 'unicast', '8.8.8.8', true],
    ['::7f00:1', 'loopback', '127.0.0.1', false],
    ['::127.0.0.1', 'loopback', '127.0.0.1', false],
    ['::ffff:0:7f00:1', 'loopback', '127.0.0.1', false],
    ['64:ff9b::7f00:1', 'loopback', '127.0.0.1', false],
    ['64:ff9b::808:808', 'unicast', '8.8.8.8', true],
    ['64:ff9b:1::a00:1', 'private', '10.0.0.1', false],
    // Tunnels are refused whatever they lead to.
    ['2002:7f00:1::', '6to4', '127.0.0.1', false],
    ['2002:808:808::', '6to4', '8.8.8.8', false],
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'teredo', '127.0.0.1', false],
  ])('%s → %s', (address, range, embedded, isPublic) => {
    expect(classifyAddress(address)).toMatchObject({ range, embedded, public: isPublic });
  });

  it.each(['example.com', '0x7f.1', '127.1', '2130706433', 'fe80::1%eth0', '', '1.2.3.4.5', '[::1'])(
    '%j is not an address literal',
    (value) => expect(classifyAddress(value)).toBeNull(),
  );
});

describe('localNameProblem', () => {
  it.each<[string, boolean]>([
    ['localhost', true],
    ['LOCALHOST.', true],
    ['api.localhost', true],
    ['printer.local', true],
    ['metadata.google.internal', true],
    ['router.home.arpa', true],
    ['box.localdomain', true],
    ['intranet', true],
    ['hooks.example.com', false],
    ['localhost.example.com', false],
  ])('%s → %s', (name, refused) => expect(localNameProblem(name) !== null).toBe(refused));
});

describe('hostProblem', () => {
  it.each<[string, boolean]>([
    ['hooks.example.com', false],
    ['8.8.8.8', false],
    ['[2606:4700::1111]', false],
    ['127.0.0.1', true],
    ['[::ffff:7f00:1]', true],
    ['0x7f.1', true],
    ['1.2.3.4.5', true],
    ['localhost', true],
  ])('%s refused: %s', (host, refused) => expect(hostProblem(host) !== null).toBe(refused));
});

// Webhook destinations under the production policy (private addresses refused): every spelling of
// a loopback, private or special address is refused when an endpoint is saved through the API, and
// an endpoint that holds one anyway (saved under another policy, or written to the database) gets
// no connection when its deliveries are sent. A loopback receiver counts connections to prove it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, startTestApi, type TestApi, type TestOrganization } from '../../../test/support/api.ts';
import { type Receiver, startReceiver } from '../../../test/support/webhook-receiver.ts';
import { createLogger } from '../../src/logger.ts';
import { enqueueEvent } from '../../src/services/webhook-events.ts';
import { type DispatcherOptions, startWebhookDispatcher } from '../../src/webhooks/dispatcher.ts';
import type { Resolve } from '../../src/webhooks/sender.ts';

let api: TestApi;
let org: TestOrganization;
let receiver: Receiver;

/**
 * Hosts as written in a URL, and whether they lead to the loopback receiver when nothing refuses
 * them (names resolve to 127.0.0.1 through the test's resolver). The URL parser turns decimal,
 * octal, hexadecimal, short, percent-encoded and full-width IPv4 into dotted quads and IPv6 into
 * compressed hex (::ffff:127.0.0.1 becomes ::ffff:7f00:1); names it leaves alone.
 */
const HOSTILE_HOSTS: Array<[label: string, host: string, reachesLoopback: boolean]> = [
  ['loopback', '127.0.0.1', true],
  ['loopback, another address', '127.255.255.254', false],
  ['IPv4-mapped IPv6, dotted', '[::ffff:127.0.0.1]', true],
  ['IPv4-mapped IPv6, full hex', '[0:0:0:0:0:ffff:7f00:1]', true],
  ['IPv4-mapped IPv6, compressed hex', '[::ffff:7f00:1]', true],
  ['IPv4-mapped IPv6, upper case', '[::FFFF:7F00:1]', true],
  ['decimal IPv4', '2130706433', true],
  ['hexadecimal IPv4', '0x7f000001', true],
  ['octal IPv4', '017700000001', true],
  ['dotted octal IPv4', '0177.0.0.1', true],
  ['dotted hexadecimal IPv4', '0x7f.0x0.0x0.0x1', true],
  ['two-part IPv4', '0x7f.1', true],
  ['short IPv4', '127.1', true],
  ['three-part IPv4', '127.0.1', true],
  ['IPv4 with a trailing dot', '127.0.0.1.', true],
  ['percent-encoded IPv4', '%31%32%37.0.0.1', true],
  ['full-width digits', '１２７.０.０.１', true],
  ['localhost', 'localhost', true],
  ['localhost in capitals with a trailing dot', 'LOCALHOST.', true],
  ['a subdomain of localhost', 'hooks.localhost', true],
  ['IPv6 loopback', '[::1]', false],
  ['IPv6 loopback, full', '[0:0:0:0:0:0:0:1]', false],
  ['IPv4-compatible IPv6', '[::127.0.0.1]', false],
  ['IPv4-translated IPv6', '[::ffff:0:127.0.0.1]', false],
  ['NAT64 well-known prefix', '[64:ff9b::127.0.0.1]', false],
  ['NAT64 local-use prefix', '[64:ff9b:1::7f00:1]', false],
  ['6to4 around loopback', '[2002:7f00:1::]', false],
  ['Teredo around loopback', '[2001:0:4136:e378:8000:63bf:80ff:fffe]', false],
  ['unspecified IPv4', '0.0.0.0', false],
  ['unspecified IPv4, one number', '0', false],
  ['unspecified IPv6', '[::]', false],
  ['private 10/8', '10.0.0.1', false],
  ['private 172.16/12', '172.16.5.4', false],
  ['private 192.168/16', '192.168.1.1', false],
  ['private, IPv4-mapped', '[::ffff:10.0.0.1]', false],
  ['cloud metadata (link-local)', '169.254.169.254', false],
  ['cloud metadata, decimal', '2852039166', false],
  ['cloud metadata, IPv4-mapped', '[::ffff:169.254.169.254]', false],
  ['cloud metadata name', 'metadata.google.internal', false],
  ['IPv6 link-local', '[fe80::1]', false],
  ['carrier-grade NAT', '100.64.0.1', false],
  ['multicast', '224.0.0.1', false],
  ['IPv6 multicast', '[ff02::1]', false],
  ['broadcast', '255.255.255.255', false],
  ['unique-local fd00::/8', '[fd00::1]', false],
  ['unique-local fc00::/8', '[fc00::1]', false],
  ['IPv6 site-local', '[fec0::1]', false],
  ['documentation 192.0.2/24', '192.0.2.10', false],
  ['documentation 198.51.100/24', '198.51.100.7', false],
  ['documentation 203.0.113/24', '203.0.113.9', false],
  ['IPv6 documentation', '[2001:db8::1]', false],
  ['benchmarking 198.18/15', '198.18.0.1', false],
  ['reserved 240/4', '240.0.0.1', false],
  ['mDNS name', 'printer.local', false],
  ['single-label name', 'intranet', false],
];

const urlFor = (host: string) => `http://${host}:${receiver.port}/hooks/x`;

const CREATE = `mutation($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) {
    __typename
    ... on Error { code message }
    ... on ValidationError { issues { path message } }
  }
}`;
const UPDATE = `mutation($input: UpdateWebhookEndpointInput!) {
  updateWebhookEndpoint(input: $input) {
    __typename
    ... on WebhookEndpointPayload { endpoint { url } }
    ... on ValidationError { code issues { path message } }
  }
}`;

const logger = createLogger('silent');
const stops: Array<() => Promise<void>> = [];

/** Resolves every name to the loopback receiver, as a hostile DNS answer would, and counts the questions. */
function loopbackResolver() {
  const asked: string[] = [];
  const resolve: Resolve = async (hostname) => {
    asked.push(hostname);
    return [{ address: '127.0.0.1', family: 4 }];
  };
  return { resolve, asked };
}

/** Writes endpoint rows directly (as a row saved under another policy would be) and one event for them. */
async function endpointsAt(urls: string[]) {
  await api.prisma.webhookEndpoint.deleteMany({ where: { organizationId: org.id } });
  const endpoints = [];
  for (const url of urls) {
    endpoints.push(
      await api.prisma.webhookEndpoint.create({
        data: {
          organizationId: org.id,
          url,
          events: ['RISK_BAND_CHANGED'],
          secret: 'whsec_test',
          secretPrefix: 'whsec_test',
          createdById: org.admin.id,
        },
      }),
    );
  }
  await api.prisma.$transaction((tx) =>
    enqueueEvent(tx, org.id, 'RISK_BAND_CHANGED', () => ({
      account: { id: 'a', name: 'Anywhere' },
      previousBand: 'GREEN',
      band: 'RED',
      score: 80,
      zone: null,
    })),
  );
  return endpoints;
}

/** Runs a dispatcher until every delivery of the organization has had its one attempt. */
async function sendAll(options: DispatcherOptions) {
  const dispatcher = startWebhookDispatcher(api.prisma, logger, {
    pollIntervalMs: 30,
    wakeDelayMs: 5,
    timeoutMs: 2_000,
    retry: { baseDelayMs: 60_000, maxDelayMs: 60_000, maxAttempts: 1 },
    ...options,
  });
  stops.push(() => dispatcher.stop());
  const deadline = Date.now() + 20_000;
  for (;;) {
    const open = await api.prisma.webhookDelivery.count({
      where: { organizationId: org.id, status: { in: ['PENDING', 'DELIVERING'] } },
    });
    if (open === 0) break;
    if (Date.now() > deadline) throw new Error(`${open} deliveries were never attempted.`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  await dispatcher.stop();
  return api.prisma.webhookDelivery.findMany({
    where: { organizationId: org.id },
    include: { endpoint: { select: { url: true } }, attempts: true },
  });
}

beforeAll(async () => {
  // The server's default, and production's: private addresses refused.
  api = await startTestApi();
  org = await createOrganization(api.prisma, 'addresses');
  receiver = await startReceiver();
});
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});
afterAll(async () => {
  await receiver.close();
  await api.close();
});

describe('saving an endpoint', () => {
  it.each(HOSTILE_HOSTS)('refuses %s (%s) with a validation error, and saves nothing', async (_label, host) => {
    const response = await api.gql<{
      createWebhookEndpoint: { __typename: string; code: string; issues: Array<{ path: string[]; message: string }> };
    }>(org.admin.token, CREATE, { input: { url: urlFor(host), events: ['FLAG_CREATED'] } });
    expect(response.errors).toBeUndefined();
    expect(response.data?.createWebhookEndpoint).toMatchObject({
      __typename: 'ValidationError',
      code: 'VALIDATION',
      issues: [{ path: ['input', 'url'], message: expect.stringMatching(/^Must point at a public address: /) }],
    });
    expect(await api.prisma.webhookEndpoint.count({ where: { organizationId: org.id } })).toBe(0);
  });

  it('refuses a hostile URL when an endpoint is changed, and keeps the old one', async () => {
    const created = await api.gql<{ createWebhookEndpoint: { __typename: string } }>(org.admin.token, CREATE, {
      input: { url: 'https://hooks.example.com/threadwatch', events: ['FLAG_CREATED'] },
    });
    expect(created.data?.createWebhookEndpoint.__typename).toBe('CreateWebhookEndpointPayload');
    const row = await api.prisma.webhookEndpoint.findFirstOrThrow({ where: { organizationId: org.id } });
    const id = Buffer.from(`WebhookEndpoint:${row.id}`).toString('base64url');
    for (const host of ['[::ffff:7f00:1]', '2130706433', 'localhost']) {
      const response = await api.gql<{ updateWebhookEndpoint: { __typename: string } }>(org.admin.token, UPDATE, {
        input: { id, url: urlFor(host) },
      });
      expect(response.data?.updateWebhookEndpoint.__typename).toBe('ValidationError');
    }
    const after = await api.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: row.id } });
    expect(after.url).toBe('https://hooks.example.com/threadwatch');
    await api.prisma.webhookEndpoint.deleteMany({ where: { organizationId: org.id } });
  });
});

describe('sending to an endpoint that holds a hostile URL', () => {
  it(`connects to none of the ${HOSTILE_HOSTS.length} forms, even when DNS answers loopback`, async () => {
    const endpoints = await endpointsAt(HOSTILE_HOSTS.map(([, host]) => urlFor(host)));
    const before = receiver.connections;
    const { resolve } = loopbackResolver();
    const deliveries = await sendAll({ allowPrivateAddresses: false, resolve });

    expect(deliveries).toHaveLength(endpoints.length);
    for (const delivery of deliveries) {
      expect({ url: delivery.endpoint.url, status: delivery.status, error: delivery.lastError }).toEqual({
        url: delivery.endpoint.url,
        status: 'FAILED',
        error: expect.stringMatching(/^refused: /),
      });
      expect(delivery.attempts).toMatchObject([{ statusCode: null, succeeded: false }]);
    }
    expect(receiver.connections - before).toBe(0);
    expect(receiver.requests).toHaveLength(0);
  });

  it('reaches the receiver through the loopback forms when private addresses are allowed (the control)', async () => {
    const loopbackHosts = HOSTILE_HOSTS.filter(([, , reaches]) => reaches).map(([, host]) => host);
    await endpointsAt(loopbackHosts.map(urlFor));
    const before = receiver.requests.length;
    const { resolve } = loopbackResolver();
    const deliveries = await sendAll({ allowPrivateAddresses: true, resolve });

    expect(deliveries.map((delivery) => [delivery.endpoint.url, delivery.status])).toEqual(
      deliveries.map((delivery) => [delivery.endpoint.url, 'SUCCEEDED']),
    );
    expect(receiver.requests.length - before).toBe(loopbackHosts.length);
  });

  it('refuses a public-looking name that resolves to loopback, or to loopback among public addresses', async () => {
    await endpointsAt([urlFor('hooks.customer.example'), urlFor('mixed.customer.example')]);
    const before = receiver.connections;
    const asked: string[] = [];
    const resolve: Resolve = async (hostname) => {
      asked.push(hostname);
      return hostname.startsWith('mixed')
        ? [
            { address: '2606:4700:4700::1111', family: 6 },
            { address: '::ffff:127.0.0.1', family: 6 },
          ]
        : [{ address: '127.0.0.1', family: 4 }];
    };
    const deliveries = await sendAll({ allowPrivateAddresses: false, resolve });

    expect(deliveries.map((delivery) => delivery.lastError).sort()).toEqual([
      'refused: hooks.customer.example resolves to an address that may not be reached: 127.0.0.1 is a loopback address',
      'refused: mixed.customer.example resolves to an address that may not be reached: ::ffff:7f00:1 is a loopback address (127.0.0.1)',
    ]);
    expect(asked.sort()).toEqual(['hooks.customer.example', 'mixed.customer.example']);
    expect(receiver.connections - before).toBe(0);
  });

  it('connects to the address it resolved and checked, naming the host in the Host header', async () => {
    await endpointsAt([urlFor('receiver.customer.example')]);
    const before = receiver.requests.length;
    const { resolve, asked } = loopbackResolver();
    const [delivery] = await sendAll({ allowPrivateAddresses: true, resolve });

    expect(delivery?.status).toBe('SUCCEEDED');
    // The system resolver knows no such name: the request reached the receiver through the one answer checked.
    expect(asked).toEqual(['receiver.customer.example']);
    expect(receiver.requests.slice(before).map((request) => request.headers.host)).toEqual([
      `receiver.customer.example:${receiver.port}`,
    ]);
  });
});

describe("the receiver's answer", () => {
  it.each([
    [302, 'HTTP 302 Found: redirects are not followed'],
    [404, 'HTTP 404 Not Found'],
    [500, 'HTTP 500 Internal Server Error'],
    [599, 'HTTP 599'],
  ])('%i is recorded as its status only, never its body, and redirects are not followed', async (status, error) => {
    const target = await startReceiver();
    const secrets = await startReceiver(() => ({
      status,
      body: 'root:x:0:0:secret-from-behind-the-firewall',
      headers: { location: target.url },
    }));
    try {
      await endpointsAt([secrets.url]);
      const deliveries = await sendAll({ allowPrivateAddresses: true });
      expect(deliveries.map((delivery) => [delivery.status, delivery.lastStatusCode, delivery.lastError])).toEqual([
        ['FAILED', status, error],
      ]);
      expect(deliveries[0]?.attempts.map((attempt) => attempt.error)).toEqual([error]);
      expect(JSON.stringify(deliveries)).not.toContain('secret-from-behind-the-firewall');
      expect(target.connections).toBe(0);
    } finally {
      await secrets.close();
      await target.close();
    }
  });
});

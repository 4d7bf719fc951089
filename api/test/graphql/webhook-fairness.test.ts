// One organization's failing receivers must not hold up another's webhooks: claims are fair across
// organizations and endpoints with per-endpoint and per-organization limits on deliveries in
// flight, and an endpoint that keeps failing is paused by its circuit breaker (its admins see it,
// and its organization's other endpoints get a webhook_endpoint.paused event) until a probe is
// delivered or an admin resumes it.
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, startTestApi, type TestApi, type TestOrganization } from '../../../test/support/api.ts';
import { type Receiver, type Reply, startReceiver } from '../../../test/support/webhook-receiver.ts';
import type { WebhookEventType } from '../../src/domain/webhook-payloads.ts';
import { createLogger } from '../../src/logger.ts';
import { enqueueEvent } from '../../src/services/webhook-events.ts';
import { claimDueDeliveries } from '../../src/webhooks/claims.ts';
import { type Dispatcher, type DispatcherOptions, startWebhookDispatcher } from '../../src/webhooks/dispatcher.ts';

let api: TestApi;
let orgA: TestOrganization;
let orgB: TestOrganization;
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');
const logger = createLogger('silent');
const receivers: Receiver[] = [];
const dispatchers: Dispatcher[] = [];

async function receiver(reply?: (index: number) => Reply) {
  const started = await startReceiver(reply);
  receivers.push(started);
  return started;
}

function dispatcher(options: DispatcherOptions = {}) {
  const started = startWebhookDispatcher(api.prisma, logger, {
    pollIntervalMs: 30,
    wakeDelayMs: 5,
    timeoutMs: 20_000,
    retry: { baseDelayMs: 100, maxDelayMs: 200, maxAttempts: 20 },
    random: () => 0.999,
    ...options,
  });
  dispatchers.push(started);
  return started;
}

async function endpoint(org: TestOrganization, url: string, events: WebhookEventType[] = ['RISK_BAND_CHANGED']) {
  return api.prisma.webhookEndpoint.create({
    data: {
      organizationId: org.id,
      url,
      events,
      secret: 'whsec_t',
      secretPrefix: 'whsec_t',
      createdById: org.admin.id,
    },
  });
}

/** Writes `count` risk events for the organization's endpoints, as if they happened `agoMs` ago. */
async function events(org: TestOrganization, count: number, agoMs = 0) {
  for (let index = 0; index < count; index++) {
    await api.prisma.$transaction((tx) =>
      enqueueEvent(
        tx,
        org.id,
        'RISK_BAND_CHANGED',
        () => ({
          account: { id: `a${index}`, name: `Account ${index}` },
          previousBand: 'GREEN',
          band: 'RED',
          score: 80,
          zone: null,
        }),
        { occurredAt: new Date(Date.now() - agoMs + index) },
      ),
    );
  }
}

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const ENDPOINT = `query($id: ID!) {
  node(id: $id) { ... on WebhookEndpoint { status consecutiveFailures pausedAt pausedReason nextProbeAt } }
}`;
interface EndpointView {
  status: string;
  consecutiveFailures: number;
  pausedAt: string | null;
  pausedReason: string | null;
  nextProbeAt: string | null;
}
async function endpointView(id: string): Promise<EndpointView> {
  const response = await api.gql<{ node: EndpointView }>(orgA.admin.token, ENDPOINT, {
    id: gid('WebhookEndpoint', id),
  });
  expect(response.errors).toBeUndefined();
  return response.data!.node;
}

beforeAll(async () => {
  api = await startTestApi({ webhookAllowPrivateAddresses: true });
  orgA = await createOrganization(api.prisma, 'fair-a');
  orgB = await createOrganization(api.prisma, 'fair-b');
});
afterEach(async () => {
  // Receivers first: a tarpit's open requests then end at once instead of at their timeout.
  for (const started of receivers.splice(0)) await started.close();
  for (const started of dispatchers.splice(0)) await started.stop();
  await api.prisma.webhookEndpoint.deleteMany({ where: { organizationId: { in: [orgA.id, orgB.id] } } });
});
afterAll(() => api.close());

describe('fair claiming', () => {
  it('takes organizations and endpoints in turn, within the per-endpoint and per-organization limits', async () => {
    const busy = await endpoint(orgB, 'http://127.0.0.1:9/busy');
    const quiet = await endpoint(orgB, 'http://127.0.0.1:9/quiet', ['FLAG_CREATED']);
    await events(orgB, 10, 60_000);
    await api.prisma.$transaction((tx) =>
      enqueueEvent(tx, orgB.id, 'FLAG_CREATED', () => ({
        flag: { id: 'f', kind: 'PROMOTION', status: 'PENDING', matchedBy: 'MANUAL', observedAt: '' },
        account: { id: 'a', name: 'A' },
        stakeholder: null,
      })),
    );
    await endpoint(orgA, 'http://127.0.0.1:9/a');
    await events(orgA, 1);
    const endpointOf = async (ids: string[]) =>
      (await api.prisma.webhookDelivery.findMany({ where: { id: { in: ids } }, select: { endpointId: true } }))
        .map((row) => (row.endpointId === busy.id ? 'B busy' : row.endpointId === quiet.id ? 'B quiet' : 'A'))
        .sort();
    const limits = { endpointConcurrency: 2, organizationConcurrency: 3 };
    const claim = async (limit: number) =>
      endpointOf(
        (await claimDueDeliveries(api.prisma, 'test', limit, 60_000, new Date(), limits)).map((row) => row.id),
      );

    // In global due order, three slots would all go to B's busy endpoint (its ten deliveries are a minute older).
    expect(await claim(3)).toEqual(['A', 'B busy', 'B quiet']);
    // B's busy endpoint may have one more in flight; then B is at its limit of three.
    expect(await claim(10)).toEqual(['B busy']);
    expect(await claim(10)).toEqual([]);
  });

  it("keeps another organization's delivery prompt while a tarpit holds one organization's deliveries", async () => {
    const tarpit = await receiver(() => 'hang');
    const healthy = await receiver();
    for (let index = 0; index < 10; index++) await endpoint(orgB, `${tarpit.url}/${index}`);
    await events(orgB, 3, 60_000);
    const mine = await endpoint(orgA, healthy.url);
    await events(orgA, 1);
    dispatcher({ concurrency: 8 });

    // B's 30 deliveries are older, and none of them will ever be answered (20 s timeout).
    const [delivered] = await waitFor('A’s delivery', async () => {
      const rows = await api.prisma.webhookDelivery.findMany({ where: { endpointId: mine.id, status: 'SUCCEEDED' } });
      return rows.length ? rows : null;
    });
    expect(delivered?.attemptCount).toBe(1);
    expect(healthy.requests).toHaveLength(1);
    // Claimed in the first rounds: B holds at most its organization limit (4) while its backlog waits.
    const attemptedB = await api.prisma.webhookDelivery.count({
      where: { organizationId: orgB.id, attemptCount: { gt: 0 } },
    });
    expect(attemptedB).toBeLessThanOrEqual(4);
    expect(tarpit.requests.length).toBeLessThanOrEqual(4);
    expect(await api.prisma.webhookDelivery.count({ where: { organizationId: orgB.id, attemptCount: 0 } })).toBe(
      30 - attemptedB,
    );
  });
});

describe('circuit breaker', () => {
  it('pauses an endpoint after failures in a row, tells the organization, sends it nothing, and resumes on request', async () => {
    let healthy = false;
    const failing = await receiver(() => ({ status: healthy ? 200 : 500, body: 'internal details' }));
    const watcher = await receiver();
    const broken = await endpoint(orgA, failing.url);
    await endpoint(orgA, watcher.url, ['WEBHOOK_ENDPOINT_PAUSED']);
    await events(orgA, 5);
    const registry = new Registry();
    dispatcher({
      breaker: { failureThreshold: 3, coolDownMs: 3_600_000 },
      claimLimits: { endpointConcurrency: 1 },
      registry,
    });

    const paused = await waitFor('the pause', async () => {
      const view = await endpointView(broken.id);
      return view.status === 'PAUSED' ? view : null;
    });
    expect(paused).toMatchObject({ consecutiveFailures: 3, pausedReason: 'HTTP 500 Internal Server Error' });
    expect(new Date(paused.nextProbeAt!).getTime()).toBeGreaterThan(new Date(paused.pausedAt!).getTime());

    const [notice] = await waitFor('the paused event', async () => (watcher.requests.length ? watcher.requests : null));
    expect(notice?.headers['threadwatch-event']).toBe('webhook_endpoint.paused');
    const body = JSON.parse(notice!.body);
    expect(body).toMatchObject({
      type: 'webhook_endpoint.paused',
      data: {
        endpoint: { id: gid('WebhookEndpoint', broken.id), description: null },
        reason: 'HTTP 500 Internal Server Error',
        consecutiveFailures: 3,
      },
    });
    expect(notice!.body).not.toContain(failing.url);
    expect(await registry.getSingleMetricAsString('threadwatch_webhook_endpoint_pauses_total')).toMatch(
      /^threadwatch_webhook_endpoint_pauses_total 1$/m,
    );

    // While paused, nothing of it is claimed, however due its deliveries are.
    await api.prisma.webhookDelivery.updateMany({
      where: { endpointId: broken.id, status: 'PENDING' },
      data: { nextAttemptAt: new Date(Date.now() - 60_000) },
    });
    const claimed = await claimDueDeliveries(api.prisma, 'observer', 100, 60_000);
    expect(claimed).toEqual([]);
    expect(failing.requests).toHaveLength(3);

    healthy = true;
    const resumed = await api.gql<{ resumeWebhookEndpoint: { __typename: string; endpoint: { status: string } } }>(
      orgA.admin.token,
      `mutation($id: ID!) { resumeWebhookEndpoint(id: $id) {
        __typename ... on WebhookEndpointPayload { endpoint { status } } } }`,
      { id: gid('WebhookEndpoint', broken.id) },
    );
    expect(resumed.data?.resumeWebhookEndpoint).toEqual({
      __typename: 'WebhookEndpointPayload',
      endpoint: { status: 'ACTIVE' },
    });
    await waitFor('every delivery', async () => {
      const open = await api.prisma.webhookDelivery.count({
        where: { endpointId: broken.id, status: { not: 'SUCCEEDED' } },
      });
      return open === 0;
    });
    expect(await endpointView(broken.id)).toMatchObject({ status: 'ACTIVE', consecutiveFailures: 0, pausedAt: null });
  });

  it('resumes by itself when the probe after the cool-down is delivered', async () => {
    const flaky = await receiver((index) => ({ status: index < 2 ? 503 : 200 }));
    const watcher = await receiver();
    const broken = await endpoint(orgA, flaky.url);
    await endpoint(orgA, watcher.url, ['WEBHOOK_ENDPOINT_PAUSED']);
    await events(orgA, 4);
    dispatcher({ breaker: { failureThreshold: 2, coolDownMs: 200 }, claimLimits: { endpointConcurrency: 1 } });

    await waitFor('every delivery', async () => {
      const open = await api.prisma.webhookDelivery.count({
        where: { endpointId: broken.id, status: { not: 'SUCCEEDED' } },
      });
      return open === 0;
    });
    // Two failures paused it (the organization was told once); the probe and the rest were delivered.
    expect(flaky.requests).toHaveLength(6);
    await waitFor('the paused event', async () => watcher.requests.length > 0);
    expect(watcher.requests.map((request) => request.headers['threadwatch-event'])).toEqual([
      'webhook_endpoint.paused',
    ]);
    expect(await endpointView(broken.id)).toMatchObject({ status: 'ACTIVE', consecutiveFailures: 0 });
  });
});

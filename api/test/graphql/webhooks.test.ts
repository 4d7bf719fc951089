// Webhooks end to end: endpoints registered through the API, events written by real writes, the
// dispatcher sending to real HTTP receivers on loopback (a good one, a failing one, a slow one).
import { randomUUID } from 'node:crypto';
import { openDatabase } from '@threadwatch/db/database';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, startTestApi, type TestApi, type TestOrganization } from '../../../test/support/api.ts';
import { type Receiver, startReceiver as startTestReceiver } from '../../../test/support/webhook-receiver.ts';
import type { RetryPolicy } from '../../src/domain/webhook-retry.ts';
import { verifySignature } from '../../src/domain/webhook-signing.ts';
import { createLogger } from '../../src/logger.ts';
import { enqueueEvent } from '../../src/services/webhook-events.ts';
import { claimDueDeliveries } from '../../src/webhooks/claims.ts';
import { type Dispatcher, type DispatcherOptions, startWebhookDispatcher } from '../../src/webhooks/dispatcher.ts';
import { verifyStandardWebhook } from '../support/standard-webhooks-receiver.ts';

let api: TestApi;
let org: TestOrganization;
const DAY = 86_400_000;
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');

// ---------------------------------------------------------------------------------------------
// Receivers

/** A receiver closed after each test. */
async function startReceiver(reply?: Parameters<typeof startTestReceiver>[0]): Promise<Receiver> {
  const receiver = await startTestReceiver(reply);
  receivers.push(receiver);
  return receiver;
}

const receivers: Receiver[] = [];
const dispatchers: Dispatcher[] = [];

const FAST_RETRY: RetryPolicy = { baseDelayMs: 150, maxDelayMs: 600, maxAttempts: 4 };
const logger = createLogger('silent');

function dispatcher(options: DispatcherOptions = {}, prisma = api.prisma): Dispatcher {
  const started = startWebhookDispatcher(prisma, logger, {
    pollIntervalMs: 40,
    wakeDelayMs: 10,
    timeoutMs: 2_000,
    retry: FAST_RETRY,
    random: () => 0.999,
    ...options,
  });
  dispatchers.push(started);
  return started;
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

// ---------------------------------------------------------------------------------------------
// API helpers

const CREATE = `mutation($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) {
    __typename
    ... on CreateWebhookEndpointPayload { secret endpoint { id url events format active secretPrefix } }
    ... on Error { code message }
    ... on ValidationError { issues { path message } }
  }
}`;

const DELIVERIES = `query($id: ID!) {
  node(id: $id) {
    ... on WebhookEndpoint {
      deliveries(first: 50) {
        totalCount
        nodes {
          id eventId eventType eventName payload status attemptCount lastStatusCode lastError redeliveryOf
          attempts { number statusCode error succeeded durationMs }
        }
      }
    }
  }
}`;

interface DeliveryView {
  id: string;
  eventId: string;
  eventType: string;
  eventName: string;
  payload: string;
  status: string;
  attemptCount: number;
  lastStatusCode: number | null;
  lastError: string | null;
  redeliveryOf: string | null;
  attempts: Array<{ number: number; statusCode: number | null; error: string | null; succeeded: boolean }>;
}

async function register(url: string, events: string[], extra: Record<string, unknown> = {}, token = org.manager.token) {
  const response = await api.gql<{
    createWebhookEndpoint: { __typename: string; secret: string; endpoint: { id: string; secretPrefix: string } };
  }>(token, CREATE, { input: { url, events, ...extra } });
  expect(response.errors).toBeUndefined();
  return response.data!.createWebhookEndpoint;
}

async function deliveries(endpointId: string): Promise<DeliveryView[]> {
  const response = await api.gql<{ node: { deliveries: { nodes: DeliveryView[] } } }>(org.manager.token, DELIVERIES, {
    id: endpointId,
  });
  expect(response.errors).toBeUndefined();
  return response.data!.node.deliveries.nodes;
}

/** An assessed strategic account with a main contact (champion) and an economic buyer, each with a live thread. */
async function account(name: string) {
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${randomUUID().slice(0, 6)}`;
  const row = await api.prisma.account.create({
    data: {
      organizationId: org.id,
      name,
      tier: 'STRATEGIC',
      arrMinor: 40_000_000n,
      ownerId: org.csm.id,
      companyUrl: `linkedin.com/company/${slug}`,
      renewalDate: new Date(Date.now() + 200 * DAY),
    },
  });
  const person = async (fullName: string, roles: Array<'CHAMPION' | 'ECONOMIC_BUYER'>, main: boolean) => {
    const created = await api.prisma.stakeholder.create({
      data: {
        organizationId: org.id,
        accountId: row.id,
        fullName,
        buyingRoles: roles,
        isMainContact: main,
        profileUrl: `linkedin.com/in/${slug}-${fullName.toLowerCase().replace(/\s+/g, '-')}`,
      },
    });
    await api.prisma.relationship.create({
      data: {
        organizationId: org.id,
        memberId: org.csm.id,
        stakeholderId: created.id,
        strength: 'STRONG',
        lastTouchAt: new Date(Date.now() - 3 * DAY),
      },
    });
    return created;
  };
  const main = await person('Dana Ruiz', ['CHAMPION'], true);
  const buyer = await person('Eli Brandt', ['ECONOMIC_BUYER'], false);
  const assessed = await api.gql(
    org.manager.token,
    'mutation($input: UpdateAccountInput!) { updateAccount(input: $input) { __typename } }',
    { input: { id: gid('Account', row.id), vocal: false } },
  );
  expect(assessed.errors).toBeUndefined();
  return { id: row.id, name, mainId: main.id, buyerId: buyer.id };
}

async function flag(stakeholderId: string, kind = 'PROMOTION') {
  const response = await api.gql<{ flagJobChange: { __typename: string; flag: { id: string } } }>(
    org.rep.token,
    `mutation($input: FlagJobChangeInput!) {
      flagJobChange(input: $input) { __typename ... on FlagPayload { flag { id } } ... on Error { message } }
    }`,
    {
      input: {
        idempotencyKey: randomUUID(),
        kind,
        stakeholderId: gid('Stakeholder', stakeholderId),
        observedCompany: 'Rival Systems',
        observedTitle: 'COO',
        observedAt: new Date().toISOString(),
      },
    },
  );
  expect(response.data?.flagJobChange.__typename).toBe('FlagPayload');
  return response.data!.flagJobChange.flag.id;
}

beforeAll(async () => {
  // The receivers here listen on loopback; webhook-addresses.test.ts covers the refusing policy.
  api = await startTestApi({ webhookAllowPrivateAddresses: true });
  org = await createOrganization(api.prisma, 'webhooks');
});
afterEach(async () => {
  for (const started of dispatchers.splice(0)) await started.stop();
  for (const receiver of receivers.splice(0)) await receiver.close();
  // Endpoints of one test must not receive the next test's events.
  await api.prisma.webhookEndpoint.deleteMany({ where: { organizationId: org.id } });
});
afterAll(() => api.close());

// ---------------------------------------------------------------------------------------------

describe('registering endpoints', () => {
  it('shows the secret once, lists the endpoint without it, and keeps other roles and organizations out', async () => {
    const created = await register('https://hooks.example.com/tw', ['FLAG_CREATED', 'RISK_BAND_CHANGED']);
    expect(created.__typename).toBe('CreateWebhookEndpointPayload');
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created.secret.startsWith(created.endpoint.secretPrefix)).toBe(true);

    const listed = await api.gql<{ webhookEndpoints: { totalCount: number; nodes: Array<Record<string, unknown>> } }>(
      org.admin.token,
      '{ webhookEndpoints(first: 10) { totalCount nodes { id url events format active } } }',
    );
    expect(listed.data?.webhookEndpoints).toEqual({
      totalCount: 1,
      nodes: [
        {
          id: created.endpoint.id,
          url: 'https://hooks.example.com/tw',
          events: ['FLAG_CREATED', 'RISK_BAND_CHANGED'],
          format: 'GENERIC',
          active: true,
        },
      ],
    });
    // The secret is not part of the type at all.
    const asked = await api.gql(org.admin.token, '{ webhookEndpoints(first: 1) { nodes { secret } } }');
    expect(asked.errors?.[0]?.message).toMatch(/Cannot query field "secret"/);

    const byCsm = await register('https://hooks.example.com/csm', ['FLAG_CREATED'], {}, org.csm.token);
    expect(byCsm).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
    const csmList = await api.gql(org.csm.token, '{ webhookEndpoints(first: 1) { totalCount } }');
    expect(csmList.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const other = await createOrganization(api.prisma, `other-${randomUUID().slice(0, 8)}`);
    const seen = await api.gql<{ node: unknown }>(other.admin.token, 'query($id: ID!) { node(id: $id) { id } }', {
      id: created.endpoint.id,
    });
    expect(seen.data?.node).toBeNull();
    const deleted = await api.gql<{ deleteWebhookEndpoint: { __typename: string } }>(
      other.admin.token,
      'mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { __typename } }',
      { id: created.endpoint.id },
    );
    expect(deleted.data?.deleteWebhookEndpoint.__typename).toBe('NotFoundError');
  });

  it.each([
    ['ftp://hooks.example.com/x', ['FLAG_CREATED'], ['input', 'url']],
    ['https://user:secret@hooks.example.com/x', ['FLAG_CREATED'], ['input', 'url']],
    ['not a url', ['FLAG_CREATED'], ['input', 'url']],
    ['https://hooks.example.com/x', [], ['input', 'events']],
  ])('refuses %s with %j as a validation error at %j and stores nothing', async (url, events, path) => {
    const before = await api.prisma.webhookEndpoint.count();
    const result = (await register(url, events)) as unknown as {
      __typename: string;
      issues: Array<{ path: string[] }>;
    };
    expect(result.__typename).toBe('ValidationError');
    expect(result.issues.map((issue) => issue.path)).toContainEqual(path);
    expect(await api.prisma.webhookEndpoint.count()).toBe(before);
  });
});

describe('delivery', () => {
  it('signs each delivery so a receiver holding the shown secret can verify it, and records it', async () => {
    let created: Awaited<ReturnType<typeof register>> | null = null;
    const verdicts: Array<ReturnType<typeof verifySignature>> = [];
    const good = await startReceiver((_index, request) => {
      const verdict = verifySignature(
        request.headers['threadwatch-signature'] as string,
        request.body,
        created!.secret,
      );
      verdicts.push(verdict);
      return { status: verdict.ok ? 204 : 401 };
    });
    created = await register(good.url, ['FLAG_CREATED']);
    const fixture = await account('Signed Goods');
    dispatcher();
    const flagId = await flag(fixture.mainId);

    await waitFor('the delivery', async () => good.requests.length === 1);
    expect(verdicts).toEqual([{ ok: true, timestamp: expect.any(Number) }]);
    const request = good.requests[0]!;
    expect(Math.abs(Date.now() / 1000 - (verdicts[0] as { timestamp: number }).timestamp)).toBeLessThan(60);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['threadwatch-event']).toBe('flag.created');
    const body = JSON.parse(request.body);
    expect(body).toMatchObject({
      id: request.headers['threadwatch-event-id'],
      type: 'flag.created',
      data: {
        flag: { id: flagId, kind: 'PROMOTION', status: 'PENDING' },
        account: { id: gid('Account', fixture.id), name: 'Signed Goods' },
        stakeholder: { id: gid('Stakeholder', fixture.mainId), name: 'Dana Ruiz' },
      },
    });
    // No contact data or page evidence travels.
    expect(request.body).not.toMatch(/linkedin\.com|Rival Systems|COO/);

    const [delivery] = await waitFor('the recorded success', async () => {
      const log = await deliveries(created!.endpoint.id);
      return log[0]?.status === 'SUCCEEDED' ? log : null;
    });
    expect(delivery).toMatchObject({
      id: request.headers['threadwatch-delivery'],
      eventId: body.id,
      eventType: 'FLAG_CREATED',
      eventName: 'flag.created',
      attemptCount: 1,
      lastStatusCode: 204,
      lastError: null,
      attempts: [{ number: 1, statusCode: 204, error: null, succeeded: true }],
    });
    expect(JSON.parse(delivery!.payload)).toEqual(body.data);
  });

  it('signs the deliveries of a STANDARD endpoint as Standard Webhooks says too, so a receiver following the specification accepts them', async () => {
    let created: Awaited<ReturnType<typeof register>> | null = null;
    const verdicts: boolean[] = [];
    const receiver = await startReceiver((_index, request) => {
      const accepted = verifyStandardWebhook(request.headers, request.body, created!.secret);
      verdicts.push(accepted);
      return { status: accepted ? 204 : 401 };
    });
    created = await register(receiver.url, ['FLAG_CREATED'], { format: 'STANDARD' });
    const fixture = await account('Standard Goods');
    dispatcher();
    await flag(fixture.mainId);

    await waitFor('the delivery', async () => receiver.requests.length === 1);
    expect(verdicts).toEqual([true]);
    const request = receiver.requests[0]!;
    const body = JSON.parse(request.body);
    // The generic body, the message id being the event's id; today's signature is sent as well.
    expect(body).toMatchObject({ id: request.headers['threadwatch-event-id'], type: 'flag.created' });
    expect(request.headers['webhook-id']).toBe(body.id);
    expect(request.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(verifySignature(request.headers['threadwatch-signature'] as string, request.body, created.secret).ok).toBe(
      true,
    );
  });

  it('retries a failing receiver with growing delays, records every attempt, and succeeds once it recovers', async () => {
    const failing = await startReceiver((index) =>
      index < 2 ? { status: 500, body: 'database unavailable' } : { status: 200 },
    );
    const created = await register(failing.url, ['FLAG_CREATED']);
    const fixture = await account('Flaky Receivers');
    dispatcher();
    await flag(fixture.buyerId);

    const [delivery] = await waitFor('the third attempt to succeed', async () => {
      const log = await deliveries(created.endpoint.id);
      return log[0]?.status === 'SUCCEEDED' ? log : null;
    });
    expect(delivery).toMatchObject({
      attemptCount: 3,
      lastStatusCode: 200,
      attempts: [
        // The status and its standard wording; never the receiver's body.
        { number: 1, statusCode: 500, error: 'HTTP 500 Internal Server Error', succeeded: false },
        { number: 2, statusCode: 500, succeeded: false },
        { number: 3, statusCode: 200, error: null, succeeded: true },
      ],
    });
    // The same event each time; the second wait is about twice the first (150 ms, then 300 ms, jitter ≈ 1).
    expect(new Set(failing.requests.map((request) => request.headers['threadwatch-event-id'])).size).toBe(1);
    const [first, second, third] = failing.requests.map((request) => request.at);
    expect(second! - first!).toBeGreaterThanOrEqual(140);
    expect(third! - second!).toBeGreaterThanOrEqual(290);
  });

  it('records a receiver that does not answer in time as a timeout, and retries it', async () => {
    const slow = await startReceiver((index) => (index === 0 ? { status: 200, delayMs: 1_500 } : { status: 200 }));
    const created = await register(slow.url, ['FLAG_CREATED']);
    const fixture = await account('Slow Lane');
    dispatcher({ timeoutMs: 300 });
    await flag(fixture.buyerId);

    const [delivery] = await waitFor('the retry to succeed', async () => {
      const log = await deliveries(created.endpoint.id);
      return log[0]?.status === 'SUCCEEDED' ? log : null;
    });
    expect(delivery!.attempts).toHaveLength(2);
    expect(delivery!.attempts[0]).toMatchObject({ statusCode: null, succeeded: false });
    expect(delivery!.attempts[0]!.error).toMatch(/^timeout: no answer within 300 ms/);
    expect(delivery!.attempts[1]).toMatchObject({ statusCode: 200, succeeded: true });
  });

  it('does not reach loopback or private addresses when they are not allowed (as in production)', async () => {
    const internal = await startReceiver();
    const created = await register(internal.url, ['FLAG_CREATED']);
    const fixture = await account('Internal Only');
    dispatcher({ allowPrivateAddresses: false });
    await flag(fixture.buyerId);

    const [delivery] = await waitFor('the refused attempt to be recorded', async () => {
      const log = await deliveries(created.endpoint.id);
      return log[0]?.attempts.length ? log : null;
    });
    expect(delivery!.attempts[0]).toMatchObject({ statusCode: null, succeeded: false });
    expect(delivery!.attempts[0]!.error).toBe('refused: 127.0.0.1 is a loopback address');
    expect(internal.requests).toHaveLength(0);
  });

  it('gives up after the last attempt (FAILED), and a redelivery sends the same event again', async () => {
    let healthy = false;
    const receiver = await startReceiver(() => ({ status: healthy ? 200 : 503 }));
    const created = await register(receiver.url, ['FLAG_CREATED']);
    const fixture = await account('Given Up Ltd');
    dispatcher();
    await flag(fixture.buyerId);

    const [failed] = await waitFor('the delivery to fail for good', async () => {
      const log = await deliveries(created.endpoint.id);
      return log[0]?.status === 'FAILED' ? log : null;
    });
    expect(failed).toMatchObject({ attemptCount: FAST_RETRY.maxAttempts, lastStatusCode: 503 });
    expect(failed!.attempts).toHaveLength(FAST_RETRY.maxAttempts);
    expect(receiver.requests).toHaveLength(FAST_RETRY.maxAttempts);

    healthy = true;
    const redelivered = await api.gql<{ redeliverWebhook: { __typename: string; delivery: { id: string } } }>(
      org.manager.token,
      'mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { __typename ... on RedeliverWebhookPayload { delivery { id } } } }',
      { id: failed!.id },
    );
    expect(redelivered.data?.redeliverWebhook.__typename).toBe('RedeliverWebhookPayload');
    const log = await waitFor('the redelivery to succeed', async () => {
      const current = await deliveries(created.endpoint.id);
      return current.find((item) => item.redeliveryOf === failed!.id && item.status === 'SUCCEEDED') ? current : null;
    });
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({ eventId: failed!.eventId, attemptCount: 1, redeliveryOf: failed!.id });
    const last = receiver.requests.at(-1)!;
    expect(last.headers['threadwatch-event-id']).toBe(failed!.eventId);
    expect(last.headers['threadwatch-delivery']).toBe(log[0]!.id);
  });

  it('posts Slack messages for a Slack endpoint and the account events for a confirmed departure', async () => {
    const slack = await startReceiver();
    const generic = await startReceiver();
    await register(slack.url, ['DEPARTURE_CASE_OPENED'], { format: 'SLACK' });
    await register(generic.url, [
      'FLAG_CONFIRMED',
      'DEPARTURE_CASE_OPENED',
      'RISK_BAND_CHANGED',
      'COVERAGE_GAP_OPENED',
    ]);
    const fixture = await account('Halcyon <Logistics>');
    dispatcher();
    const flagId = await flag(fixture.mainId, 'LEFT_COMPANY');
    const confirmed = await api.gql<{ confirmJobChange: { __typename: string } }>(
      org.csm.token,
      'mutation($input: ConfirmJobChangeInput!) { confirmJobChange(input: $input) { __typename } }',
      { input: { id: flagId } },
    );
    expect(confirmed.data?.confirmJobChange.__typename).toBe('ReviewFlagPayload');

    await waitFor('the Slack message', async () => slack.requests.length === 1);
    const message = JSON.parse(slack.requests[0]!.body);
    expect(Object.keys(message).sort()).toEqual(['blocks', 'text']);
    expect(message.text).toBe(
      'Departure case opened at *Halcyon &lt;Logistics&gt;* (main contact turnover: *Dana Ruiz*). ARR at risk: 400,000.',
    );
    expect(message.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: message.text } });
    expect(message.blocks.at(-1).elements[0].text).toMatch(/^Threadwatch · departure_case\.opened · /);

    const view = await api.gql<{ account: { risk: { band: string }; coverage: { gaps: Array<{ kind: string }> } } }>(
      org.manager.token,
      'query($id: ID!) { account(id: $id) { risk { band } coverage { gaps { kind } } } }',
      { id: gid('Account', fixture.id) },
    );
    const types = await waitFor('the account events', async () => {
      const seen = generic.requests.map((request) => JSON.parse(request.body).type as string);
      return seen.length === 4 ? seen : null;
    });
    expect(types.sort()).toEqual([
      'coverage_gap.opened',
      'departure_case.opened',
      'flag.confirmed',
      'risk_band.changed',
    ]);
    const bodies = generic.requests.map((request) => JSON.parse(request.body));
    const band = bodies.find((body) => body.type === 'risk_band.changed');
    expect(band.data.band).toBe(view.data?.account.risk.band);
    expect(band.data.previousBand).not.toBe(band.data.band);
    const gaps = bodies.find((body) => body.type === 'coverage_gap.opened');
    expect(gaps.data.openedGaps.length).toBeGreaterThan(0);
    for (const gap of gaps.data.openedGaps) {
      expect(view.data?.account.coverage.gaps.map((item) => item.kind)).toContain(gap.kind);
    }
  });
});

describe('case events', () => {
  it('sends departure_case.closed with the outcome when a case is closed, once', async () => {
    const receiver = await startReceiver();
    await register(receiver.url, ['DEPARTURE_CASE_CLOSED']);
    const fixture = await account('Closing Time');
    const flagId = await flag(fixture.mainId, 'LEFT_COMPANY');
    await api.gql(
      org.csm.token,
      'mutation($input: ConfirmJobChangeInput!) { confirmJobChange(input: $input) { __typename } }',
      {
        input: { id: flagId },
      },
    );
    const cases = await api.gql<{ account: { departureCases: Array<{ id: string }> } }>(
      org.manager.token,
      'query($id: ID!) { account(id: $id) { departureCases { id } } }',
      { id: gid('Account', fixture.id) },
    );
    const caseId = cases.data!.account.departureCases[0]!.id;
    dispatcher();
    const CLOSE =
      'mutation($id: ID!) { closeDepartureCase(id: $id, outcome: SAVED, note: "Renewed early") { __typename } }';
    const closed = await api.gql<{ closeDepartureCase: { __typename: string } }>(org.csm.token, CLOSE, { id: caseId });
    expect(closed.data?.closeDepartureCase.__typename).toBe('DepartureCasePayload');
    // Closing again with the same outcome changes nothing and sends nothing.
    await api.gql(org.csm.token, CLOSE, { id: caseId });
    await waitFor('the closed event', async () => receiver.requests.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.requests).toHaveLength(1);
    expect(JSON.parse(receiver.requests[0]!.body)).toMatchObject({
      type: 'departure_case.closed',
      data: {
        departureCase: { id: caseId, cause: 'MAIN_CONTACT_TURNOVER', outcome: 'SAVED', closedAt: expect.any(String) },
        account: { name: 'Closing Time' },
        stakeholder: { id: gid('Stakeholder', fixture.mainId), name: 'Dana Ruiz' },
      },
    });
  });
});

describe('the outbox', () => {
  it('writes deliveries in the transaction of the change: a rolled-back write leaves none', async () => {
    const receiver = await startReceiver();
    await register(receiver.url, ['RISK_BAND_CHANGED']);
    const before = await api.prisma.webhookDelivery.count();
    await expect(
      api.prisma.$transaction(async (tx) => {
        const written = await enqueueEvent(tx, org.id, 'RISK_BAND_CHANGED', () => ({
          account: { id: 'x', name: 'Rolled Back' },
          previousBand: 'GREEN',
          band: 'RED',
          score: 90,
          zone: null,
        }));
        expect(written).toBe(1);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await api.prisma.webhookDelivery.count()).toBe(before);
    expect(
      await api.prisma.event.count({
        where: { notificationPayload: { path: ['account', 'name'], equals: 'Rolled Back' } },
      }),
    ).toBe(0);
  });

  it('logs no notification and builds no data when no endpoint subscribes to the event', async () => {
    const quiet = await createOrganization(api.prisma, `webhooks-quiet-${randomUUID().slice(0, 6)}`);
    await api.prisma.webhookEndpoint.create({
      data: {
        organizationId: quiet.id,
        url: 'https://hooks.example.com/quiet',
        events: ['FLAG_CREATED'],
        secret: 'whsec_quiet',
        secretPrefix: 'whsec_qu',
        createdById: quiet.manager.id,
      },
    });
    let built = 0;
    const written = await api.prisma.$transaction((tx) =>
      enqueueEvent(tx, quiet.id, 'RISK_BAND_CHANGED', () => {
        built += 1;
        return {
          account: { id: 'x', name: 'Nobody Listens' },
          previousBand: 'GREEN',
          band: 'RED',
          score: 90,
          zone: null,
        };
      }),
    );
    expect({ written, built }).toEqual({ written: 0, built: 0 });
    expect(await api.prisma.event.count({ where: { organizationId: quiet.id, kind: 'NOTIFICATION' } })).toBe(0);
    expect(await api.prisma.webhookDelivery.count({ where: { organizationId: quiet.id } })).toBe(0);
  });

  it('keeps notifications and their deliveries when the account they are about is deleted', async () => {
    const receiver = await startReceiver();
    const created = await register(receiver.url, ['FLAG_CREATED']);
    const fixture = await account('Gone Account');
    dispatcher();
    await flag(fixture.mainId);
    await waitFor(
      'the delivered event',
      async () => (await deliveries(created.endpoint.id))[0]?.status === 'SUCCEEDED',
    );
    for (const started of dispatchers.splice(0)) await started.stop();
    await flag(fixture.buyerId); // stays pending: no dispatcher runs
    const before = await deliveries(created.endpoint.id);
    expect(before.map((item) => item.status).sort()).toEqual(['PENDING', 'SUCCEEDED']);

    await api.prisma.account.delete({ where: { id: fixture.id } });
    expect(await api.prisma.account.count({ where: { id: fixture.id } })).toBe(0);
    expect(await api.prisma.event.count({ where: { accountId: fixture.id } })).toBe(0);
    // The delivery log is as it was, and the pending delivery is still sent.
    expect(await deliveries(created.endpoint.id)).toEqual(before);
    dispatcher();
    await waitFor('the pending delivery', async () =>
      (await deliveries(created.endpoint.id)).every((item) => item.status === 'SUCCEEDED'),
    );
    expect(receiver.requests).toHaveLength(2);
    expect(JSON.parse(receiver.requests[1]!.body).data.account.name).toBe('Gone Account');
  });

  it('keeps what was written while no dispatcher ran, and delivers it once one starts', async () => {
    const receiver = await startReceiver();
    const created = await register(receiver.url, ['FLAG_CREATED']);
    const fixture = await account('Waiting Room');
    await flag(fixture.buyerId);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.requests).toHaveLength(0);
    expect((await deliveries(created.endpoint.id))[0]).toMatchObject({ status: 'PENDING', attemptCount: 0 });

    dispatcher();
    await waitFor('the delivery', async () => (await deliveries(created.endpoint.id))[0]?.status === 'SUCCEEDED');
    expect(receiver.requests).toHaveLength(1);
  });

  it('retries a delivery whose process died mid-send once its lease expires', async () => {
    const receiver = await startReceiver();
    const created = await register(receiver.url, ['FLAG_CREATED']);
    const fixture = await account('Crashed Worker');
    await flag(fixture.buyerId);
    // A process claims the delivery and dies before sending.
    const claimedAt = Date.now();
    const claimed = await claimDueDeliveries(api.prisma, 'crashed-process', 10, 400);
    expect(claimed).toHaveLength(1);
    dispatcher();
    const [delivery] = await waitFor('the delivery after the lease', async () => {
      const log = await deliveries(created.endpoint.id);
      return log[0]?.status === 'SUCCEEDED' ? log : null;
    });
    expect(receiver.requests).toHaveLength(1);
    // Not before the lease ran out, although the dispatcher polled all along.
    expect(receiver.requests[0]!.at).toBeGreaterThanOrEqual(claimedAt + 400);
    expect(delivery).toMatchObject({ attemptCount: 2, attempts: [{ number: 2, succeeded: true }] });
  });

  it('delivers each event exactly once per endpoint with two dispatchers on separate connections', async () => {
    const first = await startReceiver(() => ({ status: 200, delayMs: 15 }));
    const second = await startReceiver(() => ({ status: 200, delayMs: 15 }));
    await register(first.url, ['RISK_BAND_CHANGED']);
    await register(second.url, ['RISK_BAND_CHANGED']);
    const events = 40;
    for (let index = 0; index < events; index++) {
      await api.prisma.$transaction((tx) =>
        enqueueEvent(tx, org.id, 'RISK_BAND_CHANGED', () => ({
          account: { id: `a${index}`, name: `Race ${index}` },
          previousBand: 'GREEN',
          band: 'AMBER',
          score: 55,
          zone: null,
        })),
      );
    }
    // On PostgreSQL the second dispatcher has its own client and connection pool, as another API process would.
    const other = api.db.url ? await openDatabase({ kind: 'postgres', url: api.db.url }) : null;
    try {
      dispatcher({ concurrency: 4, workerId: 'process-a' });
      dispatcher({ concurrency: 4, workerId: 'process-b' }, other?.prisma ?? api.prisma);
      await waitFor('every delivery', async () => first.requests.length + second.requests.length >= 2 * events);
      await new Promise((resolve) => setTimeout(resolve, 200));
      for (const receiver of [first, second]) {
        const deliveryIds = receiver.requests.map((request) => request.headers['threadwatch-delivery']);
        const eventIds = receiver.requests.map((request) => request.headers['threadwatch-event-id']);
        expect(deliveryIds).toHaveLength(events);
        expect(new Set(deliveryIds).size).toBe(events);
        expect(new Set(eventIds).size).toBe(events);
      }
      const attempts = await api.prisma.webhookAttempt.count({
        where: {
          delivery: {
            organizationId: org.id,
            event: { notificationPayload: { path: ['account', 'name'], string_starts_with: 'Race ' } },
          },
        },
      });
      expect(attempts).toBe(2 * events);
    } finally {
      for (const started of dispatchers.splice(0)) await started.stop();
      await other?.close();
    }
  });
});

describe('changing endpoints', () => {
  it('a disabled endpoint gets nothing: its pending deliveries fail, new events skip it, redelivery is refused', async () => {
    const receiver = await startReceiver();
    const created = await register(receiver.url, ['FLAG_CREATED']);
    const fixture = await account('Switched Off');
    await flag(fixture.buyerId); // pending: no dispatcher runs yet
    const UPDATE = `mutation($input: UpdateWebhookEndpointInput!) {
      updateWebhookEndpoint(input: $input) {
        __typename
        ... on WebhookEndpointPayload { endpoint { active events url } }
        ... on ValidationError { issues { path } }
      }
    }`;
    const disabled = await api.gql<{ updateWebhookEndpoint: Record<string, unknown> }>(org.admin.token, UPDATE, {
      input: { id: created.endpoint.id, active: false, events: ['FLAG_CREATED', 'FLAG_CONFIRMED'] },
    });
    expect(disabled.data?.updateWebhookEndpoint).toEqual({
      __typename: 'WebhookEndpointPayload',
      endpoint: { active: false, events: ['FLAG_CREATED', 'FLAG_CONFIRMED'], url: receiver.url },
    });
    const refused = await api.gql<{ updateWebhookEndpoint: { __typename: string } }>(org.admin.token, UPDATE, {
      input: { id: created.endpoint.id, url: 'https://admin:pw@example.com/' },
    });
    expect(refused.data?.updateWebhookEndpoint).toEqual({
      __typename: 'ValidationError',
      issues: [{ path: ['input', 'url'] }],
    });

    await flag(fixture.buyerId); // written for no one
    dispatcher();
    const [failed] = await waitFor('the pending delivery to fail', async () => {
      const log = await deliveries(created.endpoint.id);
      return log[0]?.status === 'FAILED' ? log : null;
    });
    expect(await deliveries(created.endpoint.id)).toHaveLength(1);
    expect(failed).toMatchObject({ lastError: 'endpoint disabled', attemptCount: 1 });
    expect(receiver.requests).toHaveLength(0);
    const redelivery = await api.gql<{ redeliverWebhook: { __typename: string } }>(
      org.manager.token,
      'mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { __typename } }',
      { id: failed!.id },
    );
    expect(redelivery.data?.redeliverWebhook.__typename).toBe('ConflictError');
  });
});

describe('secret rotation', () => {
  it('signs with both secrets during the overlap, and with the new one only after it', async () => {
    const receiver = await startReceiver();
    const created = await register(receiver.url, ['FLAG_CREATED']);
    const fixture = await account('Rotating Keys');
    const ROTATE = `mutation($id: ID!, $hours: Int) {
      rotateWebhookSecret(id: $id, overlapHours: $hours) {
        __typename
        ... on RotateWebhookSecretPayload { secret endpoint { secretPrefix previousSecretExpiresAt } }
        ... on ValidationError { issues { path } }
      }
    }`;
    const rotate = async (hours: number) =>
      (
        await api.gql<{
          rotateWebhookSecret: {
            __typename: string;
            secret: string;
            endpoint: { previousSecretExpiresAt: string | null };
          };
        }>(org.manager.token, ROTATE, { id: created.endpoint.id, hours })
      ).data!.rotateWebhookSecret;

    const rotated = await rotate(2);
    expect(rotated.secret).not.toBe(created.secret);
    expect(new Date(rotated.endpoint.previousSecretExpiresAt!).getTime()).toBeGreaterThan(Date.now() + 3_500_000);
    dispatcher();
    await flag(fixture.buyerId);
    await waitFor('the delivery during the overlap', async () => receiver.requests.length === 1);
    const during = receiver.requests[0]!;
    const header = during.headers['threadwatch-signature'] as string;
    expect(header.match(/v1=/g)).toHaveLength(2);
    expect(verifySignature(header, during.body, rotated.secret).ok).toBe(true);
    expect(verifySignature(header, during.body, created.secret).ok).toBe(true);

    const again = await rotate(0);
    expect(again.endpoint.previousSecretExpiresAt).toBeNull();
    // Another kind: the same kind again would be a sighting of the pending flag (no new event).
    await flag(fixture.buyerId, 'LEAVING_SOON');
    await waitFor('the delivery after the overlap', async () => receiver.requests.length === 2);
    const after = receiver.requests[1]!;
    const afterHeader = after.headers['threadwatch-signature'] as string;
    expect(afterHeader.match(/v1=/g)).toHaveLength(1);
    expect(verifySignature(afterHeader, after.body, again.secret).ok).toBe(true);
    expect(verifySignature(afterHeader, after.body, rotated.secret)).toEqual({
      ok: false,
      reason: 'no-matching-signature',
    });

    expect(await rotate(500)).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['overlapHours'] }] });
  });
});

describe('erasure', () => {
  it("scrubs a pending notification's data in the event log, and it stays pending", async () => {
    await register('https://hooks.example.com/erasure', ['FLAG_CREATED', 'DEPARTURE_CASE_OPENED']);
    const fixture = await account('Pending Erasure Inc');
    const person = await api.prisma.stakeholder.update({
      where: { id: fixture.mainId },
      data: { fullName: 'Ysolde Pennywhistle' },
    });
    const flagId = await flag(person.id, 'LEFT_COMPANY');
    const confirmed = await api.gql<{ confirmJobChange: { __typename: string } }>(
      org.manager.token,
      'mutation($input: ConfirmJobChangeInput!) { confirmJobChange(input: $input) { __typename } }',
      { input: { id: flagId } },
    );
    expect(confirmed.errors).toBeUndefined();
    const notifications = () =>
      api.prisma.event.findMany({
        where: { organizationId: org.id, kind: 'NOTIFICATION', deliveries: { some: { status: 'PENDING' } } },
        select: { id: true, stakeholderId: true, notificationType: true, notificationPayload: true },
        orderBy: { seq: 'asc' },
      });
    const pending = (await notifications()).filter((row) =>
      JSON.stringify(row.notificationPayload).includes('Pending Erasure Inc'),
    );
    expect(pending.map((row) => row.notificationType)).toEqual(['FLAG_CREATED', 'DEPARTURE_CASE_OPENED']);
    expect(pending.every((row) => row.stakeholderId === person.id)).toBe(true);
    expect(JSON.stringify(pending[0]!.notificationPayload)).toContain('Ysolde Pennywhistle');
    expect(pending[1]!.notificationPayload).toMatchObject({ departureCase: { destinationCompany: 'Rival Systems' } });

    const erased = await api.gql<{ eraseStakeholder: { __typename: string } }>(
      org.manager.token,
      'mutation($id: ID!) { eraseStakeholder(id: $id) { __typename } }',
      { id: gid('Stakeholder', person.id) },
    );
    expect(erased.errors).toBeUndefined();
    const after = (await notifications()).filter((row) => pending.some((before) => before.id === row.id));
    expect(after.map((row) => row.id)).toEqual(pending.map((row) => row.id));
    for (const row of after) {
      expect(row.stakeholderId).toBeNull();
      expect(JSON.stringify(row.notificationPayload)).not.toContain('Ysolde');
      expect(JSON.stringify(row.notificationPayload)).not.toContain(gid('Stakeholder', person.id));
      expect(row.notificationPayload).toMatchObject({ account: { name: 'Pending Erasure Inc' }, stakeholder: null });
    }
    expect(after[1]!.notificationPayload).toMatchObject({ departureCase: { destinationCompany: null } });
  });

  it("removes the person's data from delivered and undelivered events", async () => {
    const receiver = await startReceiver();
    const created = await register(receiver.url, ['FLAG_CREATED']);
    const fixture = await account('Forget Me Inc');
    const person = await api.prisma.stakeholder.update({
      where: { id: fixture.buyerId },
      data: { fullName: 'Zelda Quintessa' },
    });
    dispatcher();
    await flag(person.id);
    await waitFor(
      'the delivered event',
      async () => (await deliveries(created.endpoint.id))[0]?.status === 'SUCCEEDED',
    );
    for (const started of dispatchers.splice(0)) await started.stop();
    await flag(person.id, 'LEAVING_SOON'); // stays undelivered: no dispatcher runs
    const named = () =>
      api.prisma.$queryRaw<Array<{ count: bigint }>>`
        SELECT count(*) AS count FROM "Event"
        WHERE "kind" = 'NOTIFICATION' AND "notificationPayload"::text LIKE '%Zelda Quintessa%'`;
    expect(Number((await named())[0]!.count)).toBe(2);

    const erased = await api.gql<{ eraseStakeholder: { __typename: string } }>(
      org.manager.token,
      'mutation($id: ID!) { eraseStakeholder(id: $id) { __typename } }',
      { id: gid('Stakeholder', person.id) },
    );
    expect(erased.errors).toBeUndefined();
    expect(Number((await named())[0]!.count)).toBe(0);
    const log = await deliveries(created.endpoint.id);
    expect(log.map((item) => item.status).sort()).toEqual(['PENDING', 'SUCCEEDED']);
    for (const item of log) {
      const payload = JSON.parse(item.payload);
      expect(payload.stakeholder).toBeNull();
      expect(payload.account.name).toBe('Forget Me Inc');
    }
    // What is sent later carries no trace of the person either.
    dispatcher();
    await waitFor('the scrubbed delivery', async () => receiver.requests.length === 2);
    expect(receiver.requests[1]!.body).not.toContain('Zelda');
    expect(receiver.requests[1]!.body).not.toContain(gid('Stakeholder', person.id));
  });
});

// Bulk changes send one summary, not one alert per account: a settings change that re-scores every
// account (and the change back), an import, a handover. Real writes through the API, the real
// background runs and dispatcher, real HTTP receivers on loopback; owner-scoped endpoints get their
// owner's accounts only, in both formats.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, startTestApi, type TestApi, type TestOrganization } from '../../../test/support/api.ts';
import { awaitRun } from '../../../test/support/runs.ts';
import { type Receiver, startReceiver } from '../../../test/support/webhook-receiver.ts';
import type { BulkSummaryEventData } from '../../src/domain/webhook-payloads.ts';
import { createLogger } from '../../src/logger.ts';
import { refreshOrganizationHealth } from '../../src/services/health.ts';
import { RECOMPUTE_BATCH_SIZE } from '../../src/services/health-recompute.ts';
import { type Dispatcher, startWebhookDispatcher } from '../../src/webhooks/dispatcher.ts';
import { BackgroundRunner, runnerFor } from '../../src/workers/background-runner.ts';

let api: TestApi;
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');
const DAY = 86_400_000;

const receivers: Receiver[] = [];
const dispatchers: Dispatcher[] = [];

beforeAll(async () => {
  api = await startTestApi({ webhookAllowPrivateAddresses: true });
});
afterEach(async () => {
  for (const started of dispatchers.splice(0)) await started.stop();
  for (const receiver of receivers.splice(0)) await receiver.close();
});
afterAll(() => api?.close());

async function receiver(): Promise<Receiver> {
  const started = await startReceiver();
  receivers.push(started);
  return started;
}

function dispatch() {
  dispatchers.push(
    startWebhookDispatcher(api.prisma, createLogger('silent'), {
      pollIntervalMs: 40,
      wakeDelayMs: 10,
      timeoutMs: 2_000,
    }),
  );
}

async function register(org: TestOrganization, url: string, events: string[], extra: Record<string, unknown> = {}) {
  const response = await api.gql<{ createWebhookEndpoint: { __typename: string; endpoint: { id: string } } }>(
    org.manager.token,
    `mutation($input: CreateWebhookEndpointInput!) {
      createWebhookEndpoint(input: $input) { __typename ... on CreateWebhookEndpointPayload { endpoint { id } } }
    }`,
    { input: { url, events, ...extra } },
  );
  expect(response.data?.createWebhookEndpoint.__typename).toBe('CreateWebhookEndpointPayload');
  // The endpoint's own id (the API answers a global id).
  return Buffer.from(response.data!.createWebhookEndpoint.endpoint.id, 'base64url').toString().split(':')[1];
}

/** Every delivery written so far, by type (the outbox, whatever the dispatcher has sent yet). */
async function written(organizationId: string) {
  const rows = await api.prisma.webhookDelivery.findMany({
    where: { organizationId },
    select: { endpointId: true, event: { select: { notificationType: true, notificationPayload: true } } },
  });
  return rows.map((row) => ({
    endpointId: row.endpointId,
    type: row.event.notificationType,
    payload: row.event.notificationPayload,
  }));
}

/** Waits until the receiver got `count` requests, then a little more to see that no more come. */
async function settled(target: Receiver, count: number) {
  const deadline = Date.now() + 15_000;
  while (target.requests.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  await new Promise((r) => setTimeout(r, 300));
  return target.requests.map((request) => JSON.parse(request.body) as Record<string, unknown>);
}

/** `count` standard accounts with no stakeholders (so: coverage gaps), alternately owned by the CSM and the rep, assessed. */
async function accounts(org: TestOrganization, prefix: string, count: number) {
  await api.prisma.account.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      organizationId: org.id,
      name: `${prefix} ${String(i).padStart(3, '0')}`,
      crmId: `${prefix}-${i}`,
      tier: 'STANDARD' as const,
      arrMinor: BigInt((i + 1) * 1_000_000),
      ownerId: i % 2 === 0 ? org.csm.id : org.rep.id,
      renewalDate: new Date(Date.now() + 300 * DAY),
    })),
  });
  await refreshOrganizationHealth(api.prisma, org.id);
}

const UPDATE = `mutation($input: UpdateOrganizationSettingsInput!) {
  updateOrganizationSettings(input: $input) {
    __typename ... on UpdateOrganizationSettingsPayload { recompute { id status } }
  }
}`;

async function changeSettings(org: TestOrganization, input: Record<string, unknown>) {
  const response = await api.gql<{ updateOrganizationSettings: { recompute: { id: string } } }>(
    org.admin.token,
    UPDATE,
    { input },
  );
  expect(response.errors).toBeUndefined();
  const id = response.data!.updateOrganizationSettings.recompute.id;
  const run = await awaitRun<{ status: string }>(api, org.admin.token, id, '... on HealthRecomputeRun { status }');
  expect(run.status).toBe('SUCCEEDED');
}

describe('a settings change', () => {
  it('and the change back send at most one summary each to an endpoint, not one alert per account', async () => {
    const org = await createOrganization(api.prisma, 'bulk-settings');
    // More accounts than one recompute batch: the summary spans the run's batches.
    const count = RECOMPUTE_BATCH_SIZE + 30;
    await accounts(org, 'Settings', count);
    const generic = await receiver();
    const slack = await receiver();
    const genericId = await register(org, generic.url, ['RISK_BAND_CHANGED']);
    await register(org, slack.url, ['RISK_BANDS_CHANGED'], { format: 'SLACK' });
    const before = await api.prisma.account.groupBy({
      by: ['riskBand'],
      where: { organizationId: org.id },
      _count: true,
    });

    await changeSettings(org, { riskWeights: [{ factor: 'coverageGap', maxPoints: 60 }] });
    const raised = await api.prisma.account.groupBy({
      by: ['riskBand'],
      where: { organizationId: org.id },
      _count: true,
    });
    expect(raised).not.toEqual(before);
    await changeSettings(org, { riskWeights: [{ factor: 'coverageGap', maxPoints: 15 }] });
    const back = await api.prisma.account.groupBy({
      by: ['riskBand'],
      where: { organizationId: org.id },
      _count: true,
    });
    expect(back).toEqual(before);

    const outbox = await written(org.id);
    expect(outbox.filter((row) => row.type === 'RISK_BAND_CHANGED')).toEqual([]);
    expect(outbox.filter((row) => row.endpointId === genericId)).toHaveLength(2);
    expect(outbox).toHaveLength(4);
    dispatch();
    const bodies = await settled(generic, 2);
    expect(bodies).toHaveLength(2);
    // Both are pending when the dispatcher starts: they may arrive in either order.
    const summaries = bodies.map((body) => body.data as BulkSummaryEventData);
    const up = summaries.find((summary) => summary.rose > 0);
    const down = summaries.find((summary) => summary.fell > 0);
    expect(bodies.map((body) => body.type)).toEqual(['risk_bands.changed', 'risk_bands.changed']);
    expect(up).toMatchObject({
      cause: { kind: 'SETTINGS_CHANGED', keys: ['riskWeights'], member: { id: gid('Member', org.admin.id) } },
      owner: null,
      currency: 'USD',
      accountsMoved: count,
      rose: count,
      fell: 0,
    });
    expect(down).toMatchObject({ accountsMoved: count, rose: 0, fell: count });
    // The largest accounts by ARR, from → to, with amounts in the organization's currency.
    expect(up?.accounts).toHaveLength(10);
    expect(up?.accounts[0]).toMatchObject({ arrMinor: count * 1_000_000, bandFrom: down?.accounts[0]?.bandTo });
    expect(up?.accounts[0]?.account.name).toBe(`Settings ${String(count - 1).padStart(3, '0')}`);
    expect(up?.headline).toContain(`Settings changed (risk weights) by ADMIN of bulk-settings`);
    expect(up?.headline).toContain(`rose at ${count}`);
    expect(up?.bands.reduce((sum, band) => sum + band.rose, 0)).toBe(count);
    expect(up?.lines[0]).toMatch(/^Settings 129 \(USD 1,300,000\): \w+ → \w+, score \d+$/);

    const messages = await settled(slack, 2);
    expect(messages).toHaveLength(2);
    const first = messages[0] as { text: string; blocks: Array<{ text?: { text: string } }> };
    expect(first.text).toContain('Settings changed (risk weights) by ADMIN of bulk-settings: the risk band moved at');
    expect(first.blocks[1]?.text?.text).toContain('• Settings 129 (USD 1,300,000):');
    expect(first.blocks[1]?.text?.text).toContain(`…and ${count - 10} more`);
  });

  it('that moves no band sends nothing', async () => {
    const org = await createOrganization(api.prisma, 'bulk-quiet');
    await accounts(org, 'Quiet', 5);
    await register(org, (await receiver()).url, ['RISK_BAND_CHANGED', 'RISK_BANDS_CHANGED']);
    await changeSettings(org, { digestSchedule: { hour: 9 } });
    await changeSettings(org, { riskWeights: [{ factor: 'advocacyDrop', maxPoints: 7 }] });
    expect(await written(org.id)).toEqual([]);
  });
});

describe('owner-scoped endpoints', () => {
  it("get a summary of their owner's accounts only; an owner with no moved account gets none", async () => {
    const org = await createOrganization(api.prisma, 'bulk-owners');
    await accounts(org, 'Owned', 12);
    const everyone = await receiver();
    const csm = await receiver();
    const manager = await receiver();
    await register(org, everyone.url, ['RISK_BAND_CHANGED']);
    await register(org, csm.url, ['COVERAGE_GAP_OPENED'], { ownerId: gid('Member', org.csm.id), format: 'SLACK' });
    await register(org, manager.url, ['RISK_BANDS_CHANGED'], { ownerId: gid('Member', org.manager.id) });
    dispatch();
    await changeSettings(org, { riskWeights: [{ factor: 'coverageGap', maxPoints: 60 }] });

    const [all] = (await settled(everyone, 1)).map((body) => body.data as BulkSummaryEventData);
    expect(all).toMatchObject({ owner: null, accountsMoved: 12 });
    const names = (summary: BulkSummaryEventData | undefined) => summary?.accounts.map((line) => line.account.name);
    expect(names(all)).toHaveLength(10);
    const [mine] = await settled(csm, 1);
    expect(csm.requests).toHaveLength(1);
    const text = JSON.stringify(mine);
    expect(text).toContain('For *CSM of bulk-owners*: Settings changed');
    expect(text).toContain('the risk band moved at 6 accounts');
    for (const i of [0, 2, 4, 6, 8, 10]) expect(text).toContain(`Owned 0${String(i).padStart(2, '0')} (`);
    for (const i of [1, 3, 5, 7, 9, 11]) expect(text).not.toContain(`Owned 0${String(i).padStart(2, '0')} (`);
    // The manager owns nothing: no summary at all.
    expect(manager.requests).toHaveLength(0);
    const scoped = await api.prisma.event.findMany({ where: { organizationId: org.id, kind: 'NOTIFICATION' } });
    const csmSummary = scoped.find((event) => (event.notificationPayload as { owner: unknown }).owner !== null);
    expect((csmSummary?.notificationPayload as unknown as BulkSummaryEventData | undefined)?.owner).toEqual({
      id: gid('Member', org.csm.id),
      name: 'CSM of bulk-owners',
    });
  });
});

describe('an import', () => {
  it('that moves N accounts sends one summary naming the import, not N alerts', async () => {
    const org = await createOrganization(api.prisma, 'bulk-import');
    const IMPORT = `mutation($input: ImportCsvInput!) {
      importCsv(input: $input) { __typename ... on ImportRun { id status } ... on Error { message } }
    }`;
    const file = (type: string) =>
      `Account ID,Account Name,Tier,ARR,Type,Account Owner\n${Array.from(
        { length: 40 },
        (_, i) =>
          `imp-${i},Imported ${i},Standard,${(i + 1) * 1000},${type},${i % 2 ? 'rep' : 'csm'}@bulk-import.example`,
      ).join('\n')}\n`;
    const run = async (content: string, fileName: string) => {
      const response = await api.gql<{ importCsv: { __typename: string; id: string } }>(org.admin.token, IMPORT, {
        input: { kind: 'ACCOUNTS', content, fileName },
      });
      expect(response.data?.importCsv.__typename).toBe('ImportRun');
      const done = await awaitRun<{ status: string }>(
        api,
        org.admin.token,
        response.data!.importCsv.id,
        '... on ImportRun { status }',
      );
      expect(done.status).toBe('SUCCEEDED');
    };
    const target = await receiver();
    await register(org, target.url, ['RISK_BAND_CHANGED', 'COVERAGE_GAP_OPENED']);
    // The first import creates the accounts (first assessments: nothing to compare, nothing sent).
    await run(file('Customer'), 'first.csv');
    expect(await written(org.id)).toEqual([]);
    const before = await api.prisma.account.findMany({ where: { organizationId: org.id }, select: { riskBand: true } });
    // The second marks every account churned (a churned account scores 0): risk falls at each, in one summary.
    await run(file('Churned'), 'churned.csv');
    const after = await api.prisma.account.findMany({ where: { organizationId: org.id }, select: { riskBand: true } });
    const moved = after.filter((row, i) => row.riskBand !== before[i]?.riskBand).length;
    expect(moved).toBe(40);
    const outbox = await written(org.id);
    expect(outbox.map((row) => row.type)).toEqual(['RISK_BANDS_CHANGED']);
    dispatch();
    const [body] = await settled(target, 1);
    expect(target.requests).toHaveLength(1);
    expect(body?.data).toMatchObject({
      cause: {
        kind: 'IMPORT',
        fileName: 'churned.csv',
        importKind: 'ACCOUNTS',
        member: { name: 'ADMIN of bulk-import' },
      },
      accountsMoved: 40,
      fell: 40,
    });
  });
});

describe('a handover', () => {
  it('sends one summary of the bands it moved; a change to one account still sends its own event', async () => {
    const org = await createOrganization(api.prisma, 'bulk-handover');
    // Accounts that hang on the rep's threads alone: the handover deactivates the rep, so they lose them.
    for (let i = 0; i < 4; i++) {
      const account = await api.prisma.account.create({
        data: {
          organizationId: org.id,
          name: `Handed ${i}`,
          tier: 'STANDARD',
          ownerId: org.rep.id,
          arrMinor: 5_000_000n,
        },
      });
      const person = await api.prisma.stakeholder.create({
        data: {
          organizationId: org.id,
          accountId: account.id,
          fullName: `Person ${i}`,
          buyingRoles: ['CHAMPION'],
          isMainContact: true,
        },
      });
      await api.prisma.relationship.create({
        data: {
          organizationId: org.id,
          memberId: org.rep.id,
          stakeholderId: person.id,
          strength: 'STRONG',
          lastTouchAt: new Date(),
        },
      });
    }
    await refreshOrganizationHealth(api.prisma, org.id);
    const target = await receiver();
    await register(org, target.url, ['RISK_BAND_CHANGED']);
    const response = await api.gql<{ handOverAccounts: { __typename: string } }>(
      org.admin.token,
      `mutation($input: HandOverAccountsInput!) { handOverAccounts(input: $input) { __typename } }`,
      { input: { fromMemberId: gid('Member', org.rep.id), toMemberId: gid('Member', org.csm.id), deactivate: true } },
    );
    expect(response.data?.handOverAccounts.__typename).toBe('HandOverAccountsPayload');
    const outbox = await written(org.id);
    expect(outbox.map((row) => row.type)).toEqual(['RISK_BANDS_CHANGED']);
    const summary = outbox[0]?.payload as unknown as BulkSummaryEventData;
    expect(summary).toMatchObject({
      cause: {
        kind: 'HANDOVER',
        from: { name: 'REP of bulk-handover' },
        to: { name: 'CSM of bulk-handover' },
        member: { name: 'ADMIN of bulk-handover' },
      },
      accountsMoved: 4,
      rose: 4,
    });
    expect(summary.headline).toContain('Handover from REP of bulk-handover to CSM of bulk-handover');

    // One account's own change is not a bulk change: its own risk_band.changed, as before.
    const one = await api.prisma.account.findFirstOrThrow({ where: { organizationId: org.id, name: 'Handed 0' } });
    const churned = await api.gql<{ updateAccount: { __typename: string } }>(
      org.admin.token,
      'mutation($input: UpdateAccountInput!) { updateAccount(input: $input) { __typename } }',
      { input: { id: gid('Account', one.id), lifecycle: 'CHURNED' } },
    );
    expect(churned.errors).toBeUndefined();
    const types = (await written(org.id)).map((row) => row.type).sort();
    expect(types).toEqual(['RISK_BANDS_CHANGED', 'RISK_BAND_CHANGED']);
  });
});

// Last: it stops this process's runner, as a deploy would.
describe('a resumed recompute', () => {
  it('a recompute interrupted mid-run and resumed elsewhere still sends one summary of every account', async () => {
    const org = await createOrganization(api.prisma, 'bulk-resume');
    const count = RECOMPUTE_BATCH_SIZE + 20;
    await accounts(org, 'Resumed', count);
    await register(org, (await receiver()).url, ['RISK_BAND_CHANGED']);
    // This process stops after the first batch (a deploy); another one claims the run and finishes it.
    const local = runnerFor(api.prisma);
    const stopped = new Promise<void>((resolve) => {
      const off = local.onProgress(() => {
        off();
        void local.stop().then(resolve);
      });
    });
    const response = await api.gql<{ updateOrganizationSettings: { recompute: { id: string } } }>(
      org.admin.token,
      UPDATE,
      { input: { riskWeights: [{ factor: 'coverageGap', maxPoints: 60 }] } },
    );
    const id = response.data!.updateOrganizationSettings.recompute.id;
    await stopped;
    expect(await written(org.id)).toEqual([]);
    const restarted = new BackgroundRunner(api.prisma, null, 'restarted-process');
    await (await restarted.next())?.done;
    const run = await awaitRun<{ status: string; attempts: number }>(
      api,
      org.admin.token,
      id,
      '... on HealthRecomputeRun { status attempts }',
    );
    expect(run).toMatchObject({ status: 'SUCCEEDED', attempts: 2 });
    const outbox = await written(org.id);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]?.payload).toMatchObject({ accountsMoved: count, rose: count });
  });
});

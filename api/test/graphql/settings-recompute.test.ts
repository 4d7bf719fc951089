// Settings changes through HTTP: the change and its health recompute are committed together, the
// recompute runs in the background (followed through the API), resumes after an interruption, and
// stored health ends equal to a fresh assessment under the new settings. A release that changes the
// risk rules marks every row stale, and the recompute queued at start brings them back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, startTestApi, type TestApi } from '../../../test/support/api.ts';
import { awaitRun } from '../../../test/support/runs.ts';
import { RISK_RULES_VERSION } from '../../src/domain/risk.ts';
import { assessAccounts, refreshOrganizationHealth, staleHealth } from '../../src/services/health.ts';
import { queueStaleRecomputes, RECOMPUTE_BATCH_SIZE } from '../../src/services/health-recompute.ts';
import { BackgroundRunner, runnerFor } from '../../src/workers/background-runner.ts';

let api: TestApi;

interface Recompute {
  id: string;
  status: string;
  settingsVersion: number;
  accountsDone: number;
  accountsTotal: number | null;
  attempts: number;
}

const RECOMPUTE = 'id status settingsVersion accountsDone accountsTotal attempts';
const UPDATE = `mutation($input: UpdateOrganizationSettingsInput!) {
  updateOrganizationSettings(input: $input) {
    __typename
    ... on UpdateOrganizationSettingsPayload { settings { requiredRoles { tier roles } } recompute { ${RECOMPUTE} } }
  }
}`;
const RUN = `... on HealthRecomputeRun { ${RECOMPUTE} }`;

/** More accounts than one batch, their health stored under the current settings. */
async function organizationWithAccounts(slug: string, count = RECOMPUTE_BATCH_SIZE + 50) {
  const org = await createOrganization(api.prisma, slug);
  await api.prisma.account.createMany({
    data: Array.from({ length: count }, (_, i) => ({ organizationId: org.id, name: `${slug} ${i}`, tier: 'STANDARD' })),
  });
  await refreshOrganizationHealth(api.prisma, org.id);
  return org;
}

/** Every account's stored coverage and risk equal a fresh assessment, stamped with the current versions. */
async function expectStoredHealthCurrent(organizationId: string) {
  const stored = await api.prisma.account.findMany({
    where: { organizationId },
    select: {
      id: true,
      riskScore: true,
      riskBand: true,
      coveragePercent: true,
      gapCount: true,
      healthRulesVersion: true,
      healthSettingsVersion: true,
    },
  });
  const { settingsVersion } = await api.prisma.organization.findUniqueOrThrow({ where: { id: organizationId } });
  const fresh = await assessAccounts(
    api.prisma,
    organizationId,
    stored.map((row) => row.id),
  );
  for (const row of stored) {
    const health = fresh.get(row.id);
    expect(row).toEqual({
      id: row.id,
      riskScore: health?.risk.score,
      riskBand: health?.risk.band,
      coveragePercent: health?.coverage.coveragePercent,
      gapCount: health?.coverage.gaps.length,
      healthRulesVersion: RISK_RULES_VERSION,
      healthSettingsVersion: settingsVersion,
    });
  }
  return stored;
}

beforeAll(async () => {
  api = await startTestApi();
});

afterAll(async () => {
  await api?.close();
});

describe('settings recompute', () => {
  it('answers with the run; the run brings every account to the new settings', async () => {
    const org = await organizationWithAccounts('recompute-a');
    const before = await expectStoredHealthCurrent(org.id);
    expect(before.every((row) => row.coveragePercent === 0)).toBe(true);

    const response = await api.gql<{
      updateOrganizationSettings: { __typename: string; recompute: Recompute };
    }>(org.admin.token, UPDATE, { input: { requiredRoles: [{ tier: 'STANDARD', roles: [] }] } });
    expect(response.errors).toBeUndefined();
    const started = response.data?.updateOrganizationSettings;
    expect(started?.__typename).toBe('UpdateOrganizationSettingsPayload');
    expect(started?.recompute).toMatchObject({ settingsVersion: 2 });
    expect(['QUEUED', 'RUNNING', 'SUCCEEDED']).toContain(started?.recompute.status);

    const run = await awaitRun<Recompute>(api, org.admin.token, started?.recompute.id ?? '', RUN);
    expect(run).toMatchObject({ status: 'SUCCEEDED', accountsDone: 150, accountsTotal: 150 });
    const after = await expectStoredHealthCurrent(org.id);
    expect(after.every((row) => row.coveragePercent === 100 && row.healthSettingsVersion === 2)).toBe(true);
    const listed = await api.gql<{ healthRecomputeRuns: Array<{ id: string }> }>(
      org.csm.token,
      '{ healthRecomputeRuns { id } }',
    );
    expect(listed.data?.healthRecomputeRuns.map((item) => item.id)).toEqual([run.id]);
  });

  it('a recompute interrupted mid-run resumes after its last batch and finishes', async () => {
    const org = await organizationWithAccounts('recompute-b');
    // This process stops after the first batch (a deploy): the run is released, half done.
    const local = runnerFor(api.prisma);
    const stopped = new Promise<void>((resolve) => {
      const off = local.onProgress(() => {
        off();
        void local.stop().then(resolve);
      });
    });
    const response = await api.gql<{ updateOrganizationSettings: { recompute: Recompute } }>(org.admin.token, UPDATE, {
      input: { requiredRoles: [{ tier: 'STANDARD', roles: [] }] },
    });
    const id = response.data?.updateOrganizationSettings.recompute.id ?? '';
    await stopped;
    const half = await api.gql<{ node: Recompute }>(org.admin.token, `query($id: ID!) { node(id: $id) { ${RUN} } }`, {
      id,
    });
    expect(half.data?.node).toMatchObject({ status: 'RUNNING', accountsDone: RECOMPUTE_BATCH_SIZE });
    const stale = await api.prisma.account.count({ where: { organizationId: org.id, ...staleHealth(2) } });
    expect(stale).toBe(50);

    // Another process claims it (the worker's way) and recomputes only what is left.
    const restarted = new BackgroundRunner(api.prisma, null, 'restarted-process');
    const resumed = await restarted.next();
    await resumed?.done;
    const run = await awaitRun<Recompute>(api, org.admin.token, id, RUN);
    expect(run).toMatchObject({ status: 'SUCCEEDED', accountsDone: 150, attempts: 2 });
    await expectStoredHealthCurrent(org.id);
  });

  it('a release that changes the risk rules marks every row stale; the run queued at start recomputes them', async () => {
    const org = await organizationWithAccounts('recompute-c', 30);
    // Health stored by the previous release: an older rules version on every row.
    await api.prisma.account.updateMany({
      where: { organizationId: org.id },
      data: { healthRulesVersion: RISK_RULES_VERSION - 1, riskScore: 99 },
    });
    const { settingsVersion } = await api.prisma.organization.findUniqueOrThrow({ where: { id: org.id } });
    expect(await api.prisma.account.count({ where: { organizationId: org.id, ...staleHealth(settingsVersion) } })).toBe(
      30,
    );
    // Two processes starting at once queue one run.
    const [first, second] = await Promise.all([queueStaleRecomputes(api.prisma), queueStaleRecomputes(api.prisma)]);
    const mine = (first ?? []).filter((run) => run.organizationId === org.id);
    expect(mine).toHaveLength(1);
    expect((second ?? []).filter((run) => run.organizationId === org.id).map((run) => run.id)).toEqual(
      mine.map((run) => run.id),
    );
    const worker = new BackgroundRunner(api.prisma, null, 'fresh-process');
    for (let next = await worker.next(); next; next = await worker.next()) await next.done;
    const finished = await api.prisma.backgroundRun.findUniqueOrThrow({ where: { id: mine[0]?.id ?? '' } });
    expect(finished).toMatchObject({ status: 'SUCCEEDED', done: 30 });
    const stored = await expectStoredHealthCurrent(org.id);
    expect(stored.some((row) => row.riskScore === 99)).toBe(false);
  });
});

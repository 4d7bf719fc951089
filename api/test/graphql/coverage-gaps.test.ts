import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, startTestApi, type TestApi, type TestOrganization } from '../../../test/support/api.ts';
import { refreshOrganizationHealth } from '../../src/services/health.ts';

let api: TestApi;
let org: TestOrganization;
const DAY = 86_400_000;

interface Person {
  name: string;
  roles?: Array<'CHAMPION' | 'USER'>;
  department?: string;
  main?: boolean;
  /** Live threads (one per member, in this order: csm, rep, manager) and stale ones. */
  live?: number;
  stale?: number;
}

/** A standard-tier account (it requires a Champion) with its people and our threads to them. */
async function account(name: string, arrMinor: bigint, people: Person[]): Promise<void> {
  const row = await api.prisma.account.create({
    data: { organizationId: org.id, name, tier: 'STANDARD', arrMinor, ownerId: org.csm.id },
  });
  const members = [org.csm.id, org.rep.id, org.manager.id];
  for (const person of people) {
    const stakeholder = await api.prisma.stakeholder.create({
      data: {
        organizationId: org.id,
        accountId: row.id,
        fullName: person.name,
        department: person.department ?? 'IT',
        buyingRoles: person.roles ?? [],
        isMainContact: person.main ?? false,
      },
    });
    const threads = [
      ...Array.from({ length: person.live ?? 0 }, () => 5),
      ...Array.from({ length: person.stale ?? 0 }, () => 200),
    ];
    await api.prisma.relationship.createMany({
      data: threads.map((daysAgo, index) => ({
        organizationId: org.id,
        memberId: members[index] as string,
        stakeholderId: stakeholder.id,
        strength: 'STRONG' as const,
        lastTouchAt: new Date(Date.now() - daysAgo * DAY),
      })),
    });
  }
}

const LIST = `query($first: Int, $after: String, $last: Int, $before: String, $filter: CoverageGapFilter) {
  coverageGaps(first: $first, after: $after, last: $last, before: $before, filter: $filter) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    nodes { id name coverage { noLiveThread singleThreaded severity gaps { kind severity severityRank message } } }
  }
}`;

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  nodes: Array<{
    id: string;
    name: string;
    coverage: {
      noLiveThread: boolean;
      singleThreaded: boolean;
      severity: string | null;
      gaps: Array<{ kind: string; severity: string; severityRank: number; message: string }>;
    };
  }>;
}

async function list(variables: Record<string, unknown>): Promise<Page> {
  const response = await api.gql<{ coverageGaps: Page }>(org.manager.token, LIST, variables);
  expect(response.errors).toBeUndefined();
  return response.data!.coverageGaps;
}

// Ids are random, so the two accounts tied on exposure and ARR are expected in id order.
let tied: string[];

beforeAll(async () => {
  api = await startTestApi();
  org = await createOrganization(api.prisma, 'gap-ranking');
  // Exposure = ARR × the weight of the worst gap (5 unfilled role, 4 none live, 3 single, 2 stale, 1 department).
  await account('Alpha', 100_000n, [{ name: 'A Champion', roles: ['CHAMPION'] }]); // 5 × 100k = 500k
  await account('Bravo', 400_000n, [{ name: 'B Champion', roles: ['CHAMPION'], live: 1 }]); // 3 × 400k = 1.2M
  await account('Golf', 400_000n, [{ name: 'G Champion', roles: ['CHAMPION'], live: 1 }]); // 1.2M, tied with Bravo
  await account('Charlie', 900_000n, [
    { name: 'C Champion', roles: ['CHAMPION'], live: 2 },
    { name: 'C Main', department: 'Operations', main: true },
  ]); // department: 1 × 900k
  await account('Delta', 300_000n, [
    { name: 'D Champion', roles: ['CHAMPION'], live: 2 },
    { name: 'D Main', main: true, stale: 1 },
  ]); // stale key thread: 2 × 300k = 600k
  await account('Echo', 2_000_000n, [
    { name: 'E Champion', roles: ['CHAMPION'], live: 2, main: true },
    { name: 'E User', roles: ['USER'], department: 'Sales' },
    { name: 'E Other', department: 'Marketing' },
  ]); // fully covered: no gap, though Sales and Marketing have no thread
  await refreshOrganizationHealth(api.prisma, org.id);
  const ids = await api.prisma.account.findMany({
    where: { organizationId: org.id, name: { in: ['Bravo', 'Golf'] } },
    orderBy: { id: 'asc' },
    select: { name: true },
  });
  tied = ids.map((row) => row.name);
});
afterAll(() => api.close());

describe('coverageGaps', () => {
  it('ranks by severity-weighted exposure, then ARR, then id, and leaves fully covered accounts out', async () => {
    const page = await list({ first: 10 });
    expect(page.nodes.map((node) => node.name)).toEqual([...tied, 'Charlie', 'Delta', 'Alpha']);
    expect(page.totalCount).toBe(5);
    const byName = new Map(page.nodes.map((node) => [node.name, node.coverage]));
    expect(byName.get('Alpha')).toMatchObject({ noLiveThread: true, singleThreaded: false, severity: 'CRITICAL' });
    expect(byName.get('Alpha')?.gaps.map((gap) => [gap.kind, gap.severity, gap.severityRank])).toEqual([
      ['UNFILLED_ROLE', 'CRITICAL', 1],
      ['NO_LIVE_THREAD', 'HIGH', 2],
    ]);
    expect(byName.get('Bravo')).toMatchObject({ noLiveThread: false, singleThreaded: true, severity: 'MEDIUM' });
    expect(byName.get('Bravo')?.gaps.map((gap) => gap.kind)).toEqual(['SINGLE_THREADED']);
    expect(byName.get('Charlie')?.gaps).toEqual([
      {
        kind: 'UNCOVERED_DEPARTMENT',
        severity: 'MINOR',
        severityRank: 5,
        message: 'No live thread to anyone in Operations, where the main contact works.',
      },
    ]);
    expect(byName.get('Delta')?.gaps.map((gap) => [gap.kind, gap.severity])).toEqual([['STALE_THREAD', 'LOW']]);
  });

  // TIED stands for Bravo and Golf in id order.
  it.each<[string, string[], string[]]>([
    ['no live thread only', ['NO_LIVE_THREAD'], ['Alpha']],
    ['single-threaded only', ['SINGLE_THREADED'], ['TIED']],
    ['unfilled roles only', ['UNFILLED_ROLE'], ['Alpha']],
    // Weighed by the kinds asked for: Delta's stale thread (2 × 300k) ranks below Charlie's department (1 × 900k).
    ['the two lowest severities', ['UNCOVERED_DEPARTMENT', 'STALE_THREAD'], ['Charlie', 'Delta']],
    ['every kind, as an empty list', [], ['TIED', 'Charlie', 'Delta', 'Alpha']],
  ])('filters by kind: %s', async (_label, kinds, names) => {
    const expected = names.flatMap((name) => (name === 'TIED' ? tied : [name]));
    const page = await list({ first: 10, filter: { kinds } });
    expect(page.nodes.map((node) => node.name)).toEqual(expected);
    expect(page.totalCount).toBe(expected.length);
  });

  it('pages forwards and backwards through the ranking without skipping or repeating an account', async () => {
    const all = (await list({ first: 10 })).nodes.map((node) => node.name);
    const forward: string[] = [];
    let after: string | null = null;
    for (let step = 0; step < 5; step++) {
      const page = await list({ first: 2, after });
      forward.push(...page.nodes.map((node) => node.name));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(forward).toEqual(all);
    const backward: string[] = [];
    let before: string | null = null;
    for (let step = 0; step < 5; step++) {
      const page = await list({ last: 2, before });
      backward.unshift(...page.nodes.map((node) => node.name));
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor;
    }
    expect(backward).toEqual(all);
  });

  it('answers an unknown gap kind with BAD_USER_INPUT', async () => {
    const response = await api.gql(org.manager.token, LIST, { first: 5, filter: { kinds: ['SINGLE_THREAD'] } });
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('shows only the gaps of the kinds asked for on an account', async () => {
    const response = await api.gql<{ coverageGaps: { nodes: Array<{ coverage: { gaps: Array<{ kind: string }> } }> } }>(
      org.manager.token,
      '{ coverageGaps(first: 1, filter: { kinds: [NO_LIVE_THREAD] }) { nodes { coverage { gaps(kinds: [NO_LIVE_THREAD]) { kind } } } } }',
    );
    expect(response.data?.coverageGaps.nodes).toEqual([{ coverage: { gaps: [{ kind: 'NO_LIVE_THREAD' }] } }]);
  });

  it('finds nothing from a cursor of another organization', async () => {
    const other = await createOrganization(api.prisma, 'gap-ranking-other');
    await api.prisma.account.create({ data: { organizationId: other.id, name: 'Elsewhere', arrMinor: 5_000_000n } });
    await refreshOrganizationHealth(api.prisma, other.id);
    const theirs = await api.gql<{ coverageGaps: Page }>(other.manager.token, LIST, { first: 1 });
    expect(theirs.data?.coverageGaps.nodes.map((node) => node.name)).toEqual(['Elsewhere']);
    const cursor = theirs.data?.coverageGaps.pageInfo.endCursor;
    const page = await list({ first: 5, after: cursor });
    expect(page.nodes).toEqual([]);
  });
});

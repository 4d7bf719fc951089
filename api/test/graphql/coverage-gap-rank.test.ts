// The coverage-gap list ranks by what each account stores (gapKinds and gapExposure, which the database
// generates from the stored coverage and the ARR). A stored rank that missed a change would be a
// silently wrong order, so every kind of write that changes an account's gaps or ARR is followed here
// by a check that the stored values, and the list's order, are what a fresh assessment of the rows gives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, startTestApi, type TestApi, type TestOrganization } from '../../../test/support/api.ts';
import { awaitRun } from '../../../test/support/runs.ts';
import {
  GAP_KIND_SETS,
  GAP_KINDS,
  type GapKind,
  gapExposure,
  gapKindBits,
  kindsOfBits,
  worstGapKind,
} from '../../src/domain/coverage.ts';
import { assessAccounts, refreshOrganizationHealth } from '../../src/services/health.ts';

let api: TestApi;
let org: TestOrganization;
const DAY = 86_400_000;
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');

const LIST = `query($first: Int, $after: String, $last: Int, $before: String, $filter: CoverageGapFilter) {
  coverageGaps(first: $first, after: $after, last: $last, before: $before, filter: $filter) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    nodes { id name }
  }
}`;

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  nodes: Array<{ id: string; name: string }>;
}

async function list(organization: TestOrganization, variables: Record<string, unknown>): Promise<Page> {
  const response = await api.gql<{ coverageGaps: Page }>(organization.manager.token, LIST, variables);
  expect(response.errors).toBeUndefined();
  return response.data!.coverageGaps;
}

/** The whole list, a page of `size` at a time, forwards (or backwards from the end). */
async function wholeList(
  organization: TestOrganization,
  kinds: readonly GapKind[] | undefined,
  size: number,
  backward = false,
): Promise<{ names: string[]; totalCount: number }> {
  const names: string[] = [];
  let cursor: string | null = null;
  let totalCount = -1;
  for (let step = 0; step < 200; step++) {
    const page = await list(organization, {
      ...(backward ? { last: size, before: cursor } : { first: size, after: cursor }),
      ...(kinds ? { filter: { kinds } } : {}),
    });
    totalCount = page.totalCount;
    const pageNames = page.nodes.map((node) => node.name);
    if (backward) names.unshift(...pageNames);
    else names.push(...pageNames);
    const more = backward ? page.pageInfo.hasPreviousPage : page.pageInfo.hasNextPage;
    if (!more) break;
    cursor = backward ? page.pageInfo.startCursor : page.pageInfo.endCursor;
  }
  return { names, totalCount };
}

/** The order the list must have: ranked from the given gaps and ARR, as the domain defines it. */
function expectedOrder(
  rows: Array<{ id: string; name: string; arrMinor: bigint; kinds: readonly GapKind[] }>,
  only: readonly GapKind[] = GAP_KINDS,
): string[] {
  return rows
    .filter((row) => worstGapKind(row.kinds.filter((kind) => only.includes(kind)).map((kind) => ({ kind }))) !== null)
    .map((row) => ({
      ...row,
      exposure: gapExposure(
        row.arrMinor,
        row.kinds.map((kind) => ({ kind })),
        only,
      ),
    }))
    .sort((a, b) =>
      a.exposure !== b.exposure
        ? a.exposure > b.exposure
          ? -1
          : 1
        : a.arrMinor !== b.arrMinor
          ? a.arrMinor > b.arrMinor
            ? -1
            : 1
          : a.id < b.id
            ? -1
            : 1,
    )
    .map((row) => row.name);
}

/**
 * Checks that the stored ranking input of every account of `org` is what assessing its rows afresh
 * gives, and that the list (all kinds, and some kinds) follows that order. Returns the stored values
 * by account name.
 */
async function expectRankCurrent(): Promise<Map<string, { kinds: number; exposure: bigint | null }>> {
  const rows = await api.prisma.account.findMany({
    where: { organizationId: org.id },
    select: { id: true, name: true, arrMinor: true, gapKinds: true, gapExposure: true },
  });
  const fresh = await assessAccounts(
    api.prisma,
    org.id,
    rows.map((row) => row.id),
  );
  const assessed = rows.map((row) => ({
    ...row,
    kinds: [...new Set((fresh.get(row.id)?.coverage.gaps ?? []).map((gap) => gap.kind))],
  }));
  for (const row of assessed) {
    const gaps = row.kinds.map((kind) => ({ kind }));
    expect({ name: row.name, kinds: row.gapKinds, exposure: row.gapExposure }).toEqual({
      name: row.name,
      kinds: gapKindBits(gaps),
      exposure: gaps.length ? gapExposure(row.arrMinor, gaps) : null,
    });
  }
  for (const only of [undefined, ['SINGLE_THREADED', 'UNCOVERED_DEPARTMENT'], ['UNFILLED_ROLE']] as const) {
    const { names, totalCount } = await wholeList(org, only, 2);
    const expected = expectedOrder(assessed, only);
    expect(names).toEqual(expected);
    expect(totalCount).toBe(expected.length);
  }
  return new Map(rows.map((row) => [row.name, { kinds: row.gapKinds, exposure: row.gapExposure }]));
}

const ids: Record<string, string> = {};

/** Runs a mutation and checks that it answered with its payload (not an error). */
async function mutate(query: string, variables: Record<string, unknown>, payload: string) {
  const response = await api.gql<Record<string, { __typename: string } & Record<string, unknown>>>(
    org.manager.token,
    query,
    variables,
  );
  expect(response.errors).toBeUndefined();
  const [result] = Object.values(response.data ?? {});
  expect(result?.__typename).toBe(payload);
  return result as Record<string, unknown>;
}

beforeAll(async () => {
  api = await startTestApi();
  org = await createOrganization(api.prisma, 'gap-rank-stored');
  // Standard accounts require a Champion. The subject starts with one person, a User in IT we hold a
  // live thread to: the Champion is missing (5) and it is single-threaded (3).
  const subject = await api.prisma.account.create({
    data: {
      organizationId: org.id,
      name: 'Subject',
      tier: 'STANDARD',
      arrMinor: 100_000n,
      crmId: 'SUBJ-1',
      ownerId: org.csm.id,
    },
  });
  ids.subject = subject.id;
  const person = await api.prisma.stakeholder.create({
    data: {
      organizationId: org.id,
      accountId: subject.id,
      fullName: 'Pat User',
      department: 'IT',
      buyingRoles: ['USER'],
    },
  });
  ids.person = person.id;
  await api.prisma.relationship.create({
    data: {
      organizationId: org.id,
      memberId: org.csm.id,
      stakeholderId: person.id,
      strength: 'STRONG',
      lastTouchAt: new Date(Date.now() - 5 * DAY),
    },
  });
  // Neighbours the subject moves past: a missing Champion (5 × 120k), a single thread (3 × 200k).
  const neighbour = async (name: string, arrMinor: bigint, live: boolean) => {
    const row = await api.prisma.account.create({
      data: { organizationId: org.id, name, tier: 'STANDARD', arrMinor, ownerId: org.csm.id },
    });
    const champion = await api.prisma.stakeholder.create({
      data: { organizationId: org.id, accountId: row.id, fullName: `${name} Champion`, buyingRoles: ['CHAMPION'] },
    });
    if (live)
      await api.prisma.relationship.create({
        data: {
          organizationId: org.id,
          memberId: org.rep.id,
          stakeholderId: champion.id,
          strength: 'STRONG',
          lastTouchAt: new Date(Date.now() - 5 * DAY),
        },
      });
  };
  await neighbour('Missing Champion', 120_000n, false);
  await neighbour('Single Thread', 200_000n, true);
  await refreshOrganizationHealth(api.prisma, org.id);
});
afterAll(() => api.close());

describe('the stored gap rank follows every change of gaps or ARR', () => {
  it('starts from the assessment', async () => {
    const stored = await expectRankCurrent();
    expect(stored.get('Subject')).toEqual({ kinds: 1 | 4, exposure: 500_000n });
    expect((await wholeList(org, undefined, 10)).names).toEqual(['Single Thread', 'Missing Champion', 'Subject']);
  });

  it('a required role filled', async () => {
    await mutate(
      'mutation($input: UpdateStakeholderInput!) { updateStakeholder(input: $input) { __typename } }',
      { input: { id: gid('Stakeholder', ids.person!), buyingRoles: ['CHAMPION', 'USER'] } },
      'StakeholderPayload',
    );
    const stored = await expectRankCurrent();
    expect(stored.get('Subject')).toEqual({ kinds: 4, exposure: 300_000n });
  });

  it('a thread added, then removed', async () => {
    const created = await mutate(
      'mutation($input: CreateRelationshipInput!) { createRelationship(input: $input) { __typename ... on RelationshipPayload { relationship { id } } } }',
      {
        input: {
          memberId: gid('Member', org.rep.id),
          stakeholderId: gid('Stakeholder', ids.person!),
          strength: 'STRONG',
          lastTouchAt: new Date(Date.now() - DAY).toISOString(),
        },
      },
      'RelationshipPayload',
    );
    // Two live threads to a Champion in IT: no gap left, so the subject leaves the list.
    let stored = await expectRankCurrent();
    expect(stored.get('Subject')).toEqual({ kinds: 0, exposure: null });
    const threadId = (created as { relationship: { id: string } }).relationship.id;
    await mutate(
      'mutation($id: ID!) { deleteRelationship(id: $id) { __typename } }',
      { id: threadId },
      'DeleteRelationshipPayload',
    );
    stored = await expectRankCurrent();
    expect(stored.get('Subject')).toEqual({ kinds: 4, exposure: 300_000n });
  });

  it('ARR changed by an update', async () => {
    await mutate(
      'mutation($input: UpdateAccountInput!) { updateAccount(input: $input) { __typename } }',
      { input: { id: gid('Account', ids.subject!), arrMinor: 250_000 } },
      'AccountPayload',
    );
    const stored = await expectRankCurrent();
    expect(stored.get('Subject')).toEqual({ kinds: 4, exposure: 750_000n });
    expect((await wholeList(org, undefined, 10)).names).toEqual(['Subject', 'Single Thread', 'Missing Champion']);
  });

  it('ARR changed by an import', async () => {
    const content = '"Account ID","Account Name","ARR"\n"SUBJ-1","Subject","1500"\n';
    const response = await api.gql<{ importCsv: { __typename: string; id: string; status: string } }>(
      org.manager.token,
      'mutation($input: ImportCsvInput!) { importCsv(input: $input) { __typename ... on ImportRun { id status } } }',
      { input: { kind: 'ACCOUNTS', content } },
    );
    expect(response.errors).toBeUndefined();
    const run = response.data!.importCsv;
    expect(run.__typename).toBe('ImportRun');
    const done = await awaitRun<{ status: string; counts: { updated: number } }>(
      api,
      org.manager.token,
      run.id,
      '... on ImportRun { status counts { updated } }',
    );
    expect(done).toEqual({ status: 'SUCCEEDED', counts: { updated: 1 } });
    const stored = await expectRankCurrent();
    expect(stored.get('Subject')).toEqual({ kinds: 4, exposure: 450_000n });
  });

  it('ARR changed underneath, without a health refresh (the exposure is generated from it)', async () => {
    await api.prisma.account.update({ where: { id: ids.subject! }, data: { arrMinor: 10_000n } });
    const stored = await expectRankCurrent();
    expect(stored.get('Subject')).toEqual({ kinds: 4, exposure: 30_000n });
  });

  it('churn takes the account off the list, and winning it back puts it back', async () => {
    const update = 'mutation($input: UpdateAccountInput!) { updateAccount(input: $input) { __typename } }';
    await mutate(update, { input: { id: gid('Account', ids.subject!), lifecycle: 'CHURNED' } }, 'AccountPayload');
    let stored = await expectRankCurrent();
    expect(stored.get('Subject')).toEqual({ kinds: 0, exposure: null });
    await mutate(update, { input: { id: gid('Account', ids.subject!), lifecycle: 'CUSTOMER' } }, 'AccountPayload');
    stored = await expectRankCurrent();
    expect(stored.get('Subject')).toEqual({ kinds: 4, exposure: 30_000n });
  });
});

describe('the stored columns', () => {
  it('the database derives the kinds and the exposure of every set of gap kinds as the domain does', async () => {
    const other = await createOrganization(api.prisma, 'gap-rank-weights');
    const row = await api.prisma.account.create({
      data: { organizationId: other.id, name: 'Weights', arrMinor: 7_000n },
      select: { id: true, gapKinds: true, gapExposure: true },
    });
    // Not assessed yet: no gap list at all.
    expect(row).toMatchObject({ gapKinds: 0, gapExposure: null });
    for (const bits of [0, ...GAP_KIND_SETS]) {
      // A gap of each kind, the most severe last, and a repeat: the order and count do not matter.
      const gaps = [...kindsOfBits(bits)].reverse().map((kind) => ({ kind, role: null, message: kind }));
      const stored = await api.prisma.account.update({
        where: { id: row.id },
        data: { coverage: { coveragePercent: 0, gaps: [...gaps, ...gaps.slice(0, 1)] } },
        select: { gapKinds: true, gapExposure: true },
      });
      expect([bits, stored]).toEqual([
        bits,
        { gapKinds: gapKindBits(gaps), gapExposure: bits ? gapExposure(7_000n, gaps) : null },
      ]);
    }
  });
});

describe('ranking from the stored columns, page by page', () => {
  // Accounts whose stored gaps are written directly: every set of kinds, ARRs with ties (and 0), so the
  // ranking and its cursors are checked for any kinds asked for, not only those the fixtures reach.
  let ranked: TestOrganization;
  const rows: Array<{ id: string; name: string; arrMinor: bigint; kinds: GapKind[] }> = [];

  beforeAll(async () => {
    ranked = await createOrganization(api.prisma, 'gap-rank-pages');
    const arrs = [0n, 1_000n, 2_000n, 3_000n, 5_000n, 6_000n, 10_000n];
    for (let index = 0; index < 48; index++) {
      // A fixed spread: each set of kinds once or twice, and some accounts without a gap.
      const bits = index < 40 ? GAP_KIND_SETS[(index * 7) % 31]! : 0;
      const arrMinor = arrs[(index * 5) % arrs.length]!;
      const name = `R${String(index).padStart(2, '0')}`;
      const row = await api.prisma.account.create({
        data: {
          organizationId: ranked.id,
          name,
          arrMinor,
          coverage: { gaps: kindsOfBits(bits).map((kind) => ({ kind, message: kind })) },
        },
      });
      rows.push({ id: row.id, name, arrMinor, kinds: kindsOfBits(bits) });
    }
  });

  it.each<[string, GapKind[] | undefined]>([
    ['every kind', undefined],
    ['one kind', ['STALE_THREAD']],
    ['the most severe kind', ['UNFILLED_ROLE']],
    ['two kinds far apart', ['NO_LIVE_THREAD', 'UNCOVERED_DEPARTMENT']],
    ['three kinds', ['SINGLE_THREADED', 'STALE_THREAD', 'UNCOVERED_DEPARTMENT']],
    ['all five, named', [...GAP_KINDS]],
  ])('%s: forwards and backwards, every page size', async (_label, kinds) => {
    const expected = expectedOrder(rows, kinds?.length ? kinds : GAP_KINDS);
    expect(expected.length).toBeGreaterThan(3);
    for (const size of [1, 3, 7, 50]) {
      const forward = await wholeList(ranked, kinds, size);
      expect(forward).toEqual({ names: expected, totalCount: expected.length });
      const backward = await wholeList(ranked, kinds, size, true);
      expect(backward.names).toEqual(expected);
    }
  });
});

// The at-risk list by risk, paged forward and backward under every filter: the pages together are
// exactly the organization's accounts the filter keeps, highest score first, then ARR, then id,
// with totalCount the number of those accounts; cursors of another organization find nothing.
import type { AccountTier, RiskBand, RiskZone } from '@threadwatch/db/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, startTestApi, type TestApi, type TestOrganization } from '../../../test/support/api.ts';
import { encodeId } from '../../src/global-id.ts';

let api: TestApi;
let org: TestOrganization;
let other: TestOrganization;

interface Stored {
  id: string;
  name: string;
  riskScore: number;
  riskBand: RiskBand;
  riskZone: RiskZone | null;
  arrMinor: bigint;
  tier: AccountTier;
  ownerId: string | null;
}
let stored: Stored[] = [];

const bandOf = (score: number): RiskBand =>
  score >= 75 ? 'RED' : score >= 50 ? 'AMBER' : score >= 25 ? 'YELLOW' : 'GREEN';

beforeAll(async () => {
  api = await startTestApi();
  org = await createOrganization(api.prisma, 'at-risk-paging');
  other = await createOrganization(api.prisma, 'at-risk-paging-other');
  // Ties on score, and on score and ARR, so the order needs every key; both zones, tiers and owners.
  const scores = [100, 90, 90, 90, 80, 75, 74, 74, 60, 50, 50, 49, 30, 10, 0];
  const tiers: AccountTier[] = ['STRATEGIC', 'KEY', 'STANDARD'];
  for (const [index, score] of scores.entries()) {
    const band = bandOf(score);
    await api.prisma.account.create({
      data: {
        organizationId: org.id,
        name: `Account ${String(index).padStart(2, '0')}`,
        riskScore: score,
        riskBand: band,
        riskZone: band === 'RED' || band === 'AMBER' ? (index % 2 ? 'RED_ZONE' : 'DEAD_ZONE') : null,
        arrMinor: BigInt(index % 3 === 0 ? 1_000_000 : 500_000 + index),
        tier: tiers[index % 3] ?? 'STANDARD',
        ownerId: index % 2 ? org.csm.id : org.rep.id,
      },
    });
  }
  await api.prisma.account.create({
    data: { organizationId: other.id, name: 'Elsewhere', riskScore: 95, riskBand: 'RED', riskZone: 'RED_ZONE' },
  });
  stored = await api.prisma.account.findMany({ where: { organizationId: org.id } });
});
afterAll(() => api.close());

interface Filter {
  bands?: RiskBand[];
  zones?: RiskZone[];
  ownerId?: string;
  tiers?: AccountTier[];
}

function expected(filter: Filter): string[] {
  const bands = filter.bands?.length ? filter.bands : ['AMBER', 'RED'];
  return stored
    .filter(
      (row) =>
        bands.includes(row.riskBand) &&
        (!filter.zones?.length || (row.riskZone !== null && filter.zones.includes(row.riskZone))) &&
        (!filter.ownerId || encodeId('Member', row.ownerId ?? '') === filter.ownerId) &&
        (!filter.tiers?.length || filter.tiers.includes(row.tier)),
    )
    .sort(
      (a, b) =>
        b.riskScore - a.riskScore ||
        (b.arrMinor > a.arrMinor ? 1 : b.arrMinor < a.arrMinor ? -1 : 0) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    )
    .map((row) => row.name);
}

const PAGE = `query($filter: AtRiskFilter, $first: Int, $after: String, $last: Int, $before: String) {
  atRiskAccounts(filter: $filter, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    nodes { name }
  }
}`;

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  nodes: Array<{ name: string }>;
}

async function page(token: string, variables: Record<string, unknown>): Promise<Page> {
  const response = await api.gql<{ atRiskAccounts: Page }>(token, PAGE, variables);
  expect(response.errors).toBeUndefined();
  return response.data!.atRiskAccounts;
}

describe('atRiskAccounts by risk', () => {
  const filters: Array<[string, () => Filter]> = [
    ['the default bands', () => ({})],
    ['every band', () => ({ bands: ['GREEN', 'YELLOW', 'AMBER', 'RED'] })],
    ['red only, a band named twice', () => ({ bands: ['RED', 'RED'] })],
    ['a zone', () => ({ zones: ['RED_ZONE'] })],
    ['an owner and tiers', () => ({ ownerId: encodeId('Member', org.csm.id), tiers: ['KEY', 'STANDARD'] })],
    ['a filter nothing matches', () => ({ bands: ['AMBER'], tiers: ['STRATEGIC'], zones: ['RED_ZONE'] })],
  ];

  for (const [label, filterOf] of filters) {
    it(`pages forward and backward through ${label}`, async () => {
      const filter = filterOf();
      const want = expected(filter);
      const forward: string[] = [];
      let after: string | null = null;
      for (let guard = 0; guard < 20; guard++) {
        const current = await page(org.manager.token, { filter, first: 2, after });
        expect(current.totalCount).toBe(want.length);
        forward.push(...current.nodes.map((node) => node.name));
        if (!current.pageInfo.hasNextPage) break;
        after = current.pageInfo.endCursor;
      }
      expect(forward).toEqual(want);

      const backward: string[] = [];
      let before: string | null = null;
      for (let guard = 0; guard < 20; guard++) {
        const current = await page(org.manager.token, { filter, last: 3, before });
        expect(current.totalCount).toBe(want.length);
        backward.unshift(...current.nodes.map((node) => node.name));
        if (!current.pageInfo.hasPreviousPage) break;
        before = current.pageInfo.startCursor;
      }
      expect(backward).toEqual(want);

      const whole = await page(org.manager.token, { filter, first: 50 });
      expect(whole.nodes.map((node) => node.name)).toEqual(want);
      const counted = await api.gql<{ atRiskAccounts: { totalCount: number } }>(
        org.manager.token,
        'query($filter: AtRiskFilter) { atRiskAccounts(filter: $filter) { totalCount } }',
        { filter },
      );
      expect(counted.data?.atRiskAccounts.totalCount).toBe(want.length);
    });
  }

  it('counts through a fragment, and answers without a count when none is asked for', async () => {
    const response = await api.gql<{ atRiskAccounts: { totalCount: number; nodes: Array<{ name: string }> } }>(
      org.manager.token,
      '{ atRiskAccounts(first: 3) { ...counted nodes { name } } } fragment counted on AtRiskAccountConnection { totalCount }',
    );
    expect(response.data?.atRiskAccounts).toEqual({
      totalCount: expected({}).length,
      nodes: expected({})
        .slice(0, 3)
        .map((name) => ({ name })),
    });
    const uncounted = await api.gql<{ atRiskAccounts: { nodes: Array<{ name: string }> } }>(
      org.manager.token,
      '{ atRiskAccounts(first: 3) { nodes { name } } }',
    );
    expect(uncounted.data?.atRiskAccounts.nodes.map((node) => node.name)).toEqual(expected({}).slice(0, 3));
  });

  it('finds nothing after a cursor of another organization', async () => {
    const theirs = await page(other.manager.token, { first: 1 });
    expect(theirs.nodes).toEqual([{ name: 'Elsewhere' }]);
    const cursor = theirs.pageInfo.endCursor;
    const after = await page(org.manager.token, { first: 5, after: cursor });
    expect(after.nodes).toEqual([]);
    const before = await page(org.manager.token, { last: 5, before: cursor });
    expect(before.nodes).toEqual([]);
    expect(after.totalCount).toBe(expected({}).length);
  });
});

// The weekly per-account summary picks each page of accounts in the database. On a varied week (ties
// of importance and ARR, accounts with only risk moves, changes outside the period, administration
// and organization-wide changes) every page, filter and cursor walk must give exactly what grouping
// the whole period in memory gives.
import { randomUUID } from 'node:crypto';
import type { AccountTier, ChangeKind, Prisma } from '@threadwatch/db/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrganization,
  type GraphQLResponse,
  startTestApi,
  type TestApi,
  type TestOrganization,
} from '../../../test/support/api.ts';
import {
  accountSummarySentence,
  type Band,
  type ChangePayload,
  changeImportance,
  summarizeAccount,
} from '../../src/domain/changes.ts';
import {
  type AccountChanges,
  type ChangeFilter,
  organizationAccountChanges,
  organizationAccountChangesPage,
  organizationChangeWhere,
} from '../../src/services/changes.ts';

let api: TestApi;
let org: TestOrganization;
const accountIds: string[] = [];
interface Connection {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: Array<{ name: string; sentence: string; changeCount: number }>;
}
const DAY = 86_400_000;
const until = new Date('2026-11-30T00:00:00Z');
const since = new Date(until.getTime() - 7 * DAY);

/** A fixed pseudo-random sequence, so the data set is the same on every run. */
function sequence(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state % n;
  };
}

const BANDS: Band[] = ['GREEN', 'YELLOW', 'AMBER', 'RED'];
const KINDS: ChangeKind[] = [
  'FLAG_RAISED',
  'FLAG_CONFIRMED',
  'CASE_OPENED',
  'CASE_CLOSED',
  'THREAD_WENT_STALE',
  'STAKEHOLDER_CHANGED',
  'NOTE_ADDED',
  'SIGNAL_RECORDED',
  'RISK_MOVED',
  'RISK_MOVED',
];

function riskPayload(pick: (n: number) => number): ChangePayload {
  const from = pick(100);
  const to = pick(100);
  const band = (score: number) => BANDS[Math.min(3, Math.floor(score / 25))] as Band;
  const keys = ['departedRoleHolder', 'singleThreaded', 'engagementTrend', 'noExecutiveSponsor'];
  return {
    from: { score: from, band: band(from), zone: null },
    to: { score: to, band: band(to), zone: to > 75 ? 'RED_ZONE' : null },
    factors: {
      appeared: pick(2) ? [{ key: keys[pick(4)] as string, points: 10 }] : [],
      grew: [],
      shrank: [],
      vanished: pick(3) === 0 ? [{ key: keys[pick(4)] as string, points: 5 }] : [],
    },
  };
}

beforeAll(async () => {
  api = await startTestApi();
  org = await createOrganization(api.prisma, `paging-${randomUUID().slice(0, 8)}`);
  const pick = sequence(42);
  const owners = [org.csm.id, org.rep.id, org.manager.id, null];
  const tiers: AccountTier[] = ['STRATEGIC', 'KEY', 'STANDARD'];
  for (let index = 0; index < 60; index++) {
    const account = await api.prisma.account.create({
      data: {
        organizationId: org.id,
        name: `Account ${String(index).padStart(2, '0')}`,
        // Few distinct amounts: many ties of ARR, broken by id.
        arrMinor: BigInt([0, 5_000_000, 20_000_000][pick(3)] as number),
        tier: tiers[pick(3)] as AccountTier,
        ownerId: owners[pick(4)] ?? null,
      },
    });
    accountIds.push(account.id);
  }
  const events: Prisma.EventCreateManyInput[] = [];
  const at = (offsetMs: number) => new Date(since.getTime() + offsetMs);
  for (const [index, accountId] of accountIds.entries()) {
    const onlyRisk = index % 7 === 0;
    const count = index % 11 === 0 ? 0 : 1 + pick(5);
    for (let n = 0; n < count; n++) {
      const kind = onlyRisk ? 'RISK_MOVED' : (KINDS[pick(KINDS.length)] as ChangeKind);
      const payload = kind === 'RISK_MOVED' ? riskPayload(pick) : { person: `Person ${n}` };
      // Mostly inside the week; some just before it or at its (excluded) end.
      const where = pick(10);
      const occurredAt = where === 0 ? at(-1) : where === 1 ? until : at(pick(7 * DAY));
      events.push({
        organizationId: org.id,
        accountId,
        kind,
        actorKind: 'SYSTEM',
        payload: payload as Prisma.InputJsonValue,
        importance: changeImportance(kind, payload),
        occurredAt,
      });
    }
    // Administration changes never count, even on an account.
    if (index % 5 === 0) {
      events.push({
        organizationId: org.id,
        accountId,
        kind: 'MEMBER_ADDED',
        actorKind: 'SYSTEM',
        importance: 100,
        occurredAt: at(DAY),
      });
    }
  }
  events.push({
    organizationId: org.id,
    kind: 'SETTINGS_CHANGED',
    actorKind: 'SYSTEM',
    importance: 25,
    occurredAt: at(DAY),
  });
  await api.prisma.event.createMany({ data: events });
});
afterAll(() => api?.close());

/** The straightforward way: read the whole period, group per account in memory, sort. */
async function inMemory(filter: ChangeFilter | null): Promise<AccountChanges[]> {
  const where = organizationChangeWhere(org.id, since, until, filter);
  const rows = await api.prisma.event.findMany({
    where: { ...where, accountId: where.accountId ?? { not: null } },
    orderBy: [{ occurredAt: 'asc' }, { seq: 'asc' }],
    select: {
      accountId: true,
      kind: true,
      payload: true,
      importance: true,
      occurredAt: true,
      account: { select: { name: true, arrMinor: true } },
    },
  });
  const byAccount = new Map<string, typeof rows>();
  for (const row of rows)
    byAccount.set(row.accountId as string, [...(byAccount.get(row.accountId as string) ?? []), row]);
  return [...byAccount]
    .map(([accountId, list]): AccountChanges => {
      const account = list[0]?.account as { name: string; arrMinor: bigint };
      const summary = summarizeAccount(
        list.map((row) => ({ kind: row.kind, payload: row.payload as ChangePayload, occurredAt: row.occurredAt })),
      );
      return {
        accountId,
        name: account.name,
        arrMinor: account.arrMinor,
        currency: 'USD',
        importance: Math.max(...list.map((row) => row.importance)),
        sentence: accountSummarySentence(account.name, Number(account.arrMinor), summary, 'USD'),
        ...summary,
      };
    })
    .sort(
      (a, b) =>
        b.importance - a.importance ||
        (b.arrMinor > a.arrMinor ? 1 : b.arrMinor < a.arrMinor ? -1 : 0) ||
        a.accountId.localeCompare(b.accountId),
    );
}

const FILTERS: Array<[string, () => ChangeFilter | null]> = [
  ['no filter', () => null],
  ['one owner', () => ({ ownerIds: [org.csm.id] })],
  ['two owners', () => ({ ownerIds: [org.csm.id, org.rep.id] })],
  ['tiers', () => ({ tiers: ['KEY', 'STRATEGIC'] })],
  ['risk moves only', () => ({ kinds: ['RISK_MOVED'] })],
  ['two kinds', () => ({ kinds: ['FLAG_RAISED', 'CASE_OPENED'] })],
  ['an administration kind only', () => ({ kinds: ['MEMBER_ADDED'] })],
  ['accounts', () => ({ accountIds: accountIds.slice(3, 30) })],
  [
    'owner, tier and kinds',
    () => ({ ownerIds: [org.csm.id], tiers: ['STANDARD'], kinds: ['RISK_MOVED', 'NOTE_ADDED'] }),
  ],
];

describe('accountChanges paged in the database', () => {
  it('the data set has ties of importance and ARR, risk-only accounts and changes outside the week', async () => {
    const all = await inMemory(null);
    expect(all.length).toBeGreaterThan(40);
    const keys = all.map((row) => `${row.importance}:${row.arrMinor}`);
    expect(new Set(keys).size).toBeLessThan(keys.length / 2);
    expect(all.some((row) => row.changeCount > 0 && row.bandFrom !== null && row.flagsRaised === 0)).toBe(true);
  });

  it.each(FILTERS)('the whole list equals grouping in memory (%s)', async (_name, filter) => {
    const expected = await inMemory(filter());
    expect(await organizationAccountChanges(api.prisma, org.id, since, until, filter())).toEqual(expected);
  });

  it.each(FILTERS)('pages of 7 join up to the same list, no duplicates or gaps (%s)', async (_name, filter) => {
    const expected = await inMemory(filter());
    const seen: AccountChanges[] = [];
    for (let offset = 0; ; offset += 7) {
      const page = await organizationAccountChangesPage(api.prisma, org.id, since, until, filter(), {
        offset,
        limit: 7,
      });
      expect(page.rows.length).toBeLessThanOrEqual(7);
      seen.push(...page.rows);
      expect(page.hasMore).toBe(offset + 7 < expected.length);
      if (!page.hasMore) break;
    }
    expect(seen).toEqual(expected);
  });

  // The database ranks only the importance levels a page needs: pages that end inside a level, at
  // its last account or deep in the list must still join up exactly.
  it.each([1, 2, 13, 50])('pages of %i join up to the same list (no filter)', async (size) => {
    const expected = await inMemory(null);
    const seen: AccountChanges[] = [];
    for (let offset = 0; ; offset += size) {
      const page = await organizationAccountChangesPage(api.prisma, org.id, since, until, null, {
        offset,
        limit: size,
      });
      seen.push(...page.rows);
      expect(page.hasMore).toBe(offset + size < expected.length);
      if (!page.hasMore) break;
    }
    expect(seen).toEqual(expected);
  });

  it('an account id that is no uuid matches nothing instead of failing', async () => {
    const valid = accountIds.slice(4, 6);
    const expected = await inMemory({ accountIds: valid });
    expect(expected.length).toBeGreaterThan(0);
    const filter = { accountIds: ['not-a-uuid', ...valid] };
    expect(await organizationAccountChanges(api.prisma, org.id, since, until, filter)).toEqual(expected);
    const page = await organizationAccountChangesPage(api.prisma, org.id, since, until, filter, { limit: 1 });
    expect(page.rows).toEqual(expected.slice(0, 1));
    expect(await organizationAccountChanges(api.prisma, org.id, since, until, { accountIds: ['x'] })).toEqual([]);
  });

  it('walks the GraphQL cursor to the same order, with a filter', async () => {
    const PAGE = `query($since: DateTime!, $until: DateTime!, $filter: ChangeFilter, $after: String) {
      accountChanges(since: $since, until: $until, filter: $filter, first: 4, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { account { id } name sentence changeCount }
      }
    }`;
    for (const filter of [null, { owners: [Buffer.from(`Member:${org.csm.id}`).toString('base64url')] }]) {
      const expected = await inMemory(filter ? { ownerIds: [org.csm.id] } : null);
      const names: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 50; page++) {
        const response: GraphQLResponse<{ accountChanges: Connection }> = await api.gql(org.manager.token, PAGE, {
          since: since.toISOString(),
          until: until.toISOString(),
          filter,
          after,
        });
        expect(response.errors).toBeUndefined();
        const connection: Connection | undefined = response.data?.accountChanges;
        names.push(...(connection?.nodes.map((node) => node.sentence) ?? []));
        if (!connection?.pageInfo.hasNextPage) break;
        after = connection.pageInfo.endCursor;
      }
      expect(names).toEqual(expected.map((row) => row.sentence));
      expect(new Set(names).size).toBe(names.length);
    }
  });

  it('first: 0 says whether there is a page; a cursor past the end gives nothing', async () => {
    const QUERY = `query($since: DateTime!, $until: DateTime!, $first: Int, $after: String) {
      accountChanges(since: $since, until: $until, first: $first, after: $after) {
        pageInfo { hasNextPage } nodes { name }
      }
    }`;
    const range = { since: since.toISOString(), until: until.toISOString() };
    const none = await api.gql<{ accountChanges: { pageInfo: { hasNextPage: boolean }; nodes: unknown[] } }>(
      org.manager.token,
      QUERY,
      { ...range, first: 0 },
    );
    expect(none.data?.accountChanges).toEqual({ pageInfo: { hasNextPage: true }, nodes: [] });
    const past = await api.gql<{ accountChanges: { pageInfo: { hasNextPage: boolean }; nodes: unknown[] } }>(
      org.manager.token,
      QUERY,
      { ...range, first: 10, after: Buffer.from('100000').toString('base64url') },
    );
    expect(past.data?.accountChanges).toEqual({ pageInfo: { hasNextPage: false }, nodes: [] });
  });
});

describe('accountChanges read backward, and refused page arguments', () => {
  const QUERY = `query($since: DateTime!, $until: DateTime!, $first: Int, $after: String, $last: Int, $before: String, $filter: ChangeFilter) {
    accountChanges(since: $since, until: $until, first: $first, after: $after, last: $last, before: $before, filter: $filter) {
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      nodes { sentence }
    }
  }`;
  interface Page {
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
    nodes: Array<{ sentence: string }>;
  }
  const range = () => ({ since: since.toISOString(), until: until.toISOString() });
  const page = (variables: Record<string, unknown>) =>
    api.gql<{ accountChanges: Page }>(org.manager.token, QUERY, { ...range(), ...variables });

  it('last and before walk back to the same list, no duplicates or gaps', async () => {
    const expected = (await inMemory(null)).map((row) => row.sentence);
    const seen: string[] = [];
    let before: string | null = null;
    for (let step = 0; step < 50; step++) {
      const response = await page({ last: 6, before });
      expect(response.errors).toBeUndefined();
      const connection = response.data?.accountChanges as Page;
      expect(connection.nodes.length).toBeLessThanOrEqual(6);
      seen.unshift(...connection.nodes.map((node) => node.sentence));
      if (before !== null) expect(connection.pageInfo.hasNextPage).toBe(true);
      if (!connection.pageInfo.hasPreviousPage) break;
      before = connection.pageInfo.startCursor;
    }
    expect(seen).toEqual(expected);
  });

  it('last without before is the end of the list', async () => {
    const expected = (await inMemory(null)).map((row) => row.sentence);
    const response = await page({ last: 3 });
    expect(response.data?.accountChanges.nodes.map((node) => node.sentence)).toEqual(expected.slice(-3));
    expect(response.data?.accountChanges.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  // The end of the list is found by counting its accounts (with the filter), then reading the tail only.
  it.each([
    ['tiers', { tiers: ['KEY', 'STRATEGIC'] }, { tiers: ['KEY', 'STRATEGIC'] as AccountTier[] }],
    ['two kinds', { kinds: ['FLAG_RAISED', 'CASE_OPENED'] }, { kinds: ['FLAG_RAISED', 'CASE_OPENED'] as ChangeKind[] }],
    ['an administration kind only', { kinds: ['MEMBER_ADDED'] }, { kinds: ['MEMBER_ADDED'] as ChangeKind[] }],
  ])('last without before is the end of the filtered list (%s)', async (_name, filter, domainFilter) => {
    const expected = (await inMemory(domainFilter)).map((row) => row.sentence);
    const response = await page({ last: 4, filter });
    expect(response.errors).toBeUndefined();
    expect(response.data?.accountChanges.nodes.map((node) => node.sentence)).toEqual(expected.slice(-4));
    expect(response.data?.accountChanges.pageInfo.hasPreviousPage).toBe(expected.length > 4);
  });

  it.each([
    ['a negative first', { first: -1 }],
    ['a negative last', { last: -2 }],
    ['a malformed after', { after: 'zzz' }],
    ['a malformed before', { last: 2, before: 'LTU' }],
  ])('%s is BAD_USER_INPUT, as on every other connection', async (_name, variables) => {
    const response = await page(variables);
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.data).toBeNull();
  });
});

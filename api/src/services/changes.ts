// Reads of the event log: the change feed's filter, the weekly meeting's per-account summary, and
// an account's risk history.
import { type AccountTier, type ChangeKind, Prisma, type PrismaClient } from '@threadwatch/db/client';
import type { Context } from '../context.ts';
import {
  type AccountChangeInput,
  type AccountSummary,
  accountSummarySentence,
  type ChangePayload,
  isFeedKind,
  NON_FEED_KINDS,
  rangeProblem,
  summarizeAccount,
} from '../domain/changes.ts';
import { ValidationError } from '../errors.ts';

export interface ChangeFilter {
  ownerIds?: string[] | null;
  tiers?: AccountTier[] | null;
  kinds?: ChangeKind[] | null;
  accountIds?: string[] | null;
}

/** Refuses a range that starts after it ends or spans more than 366 days (a typed VALIDATION error). */
export function checkRange(from: Date | null | undefined, to: Date | null | undefined, names = ['since', 'until']) {
  const problem = rangeProblem(from, to);
  if (problem) throw ValidationError.at([problem.field === 'from' ? names[0]! : names[1]!], problem.message);
}

/** The rows of the feed: changes of the viewer's organization in [since, until), filtered. */
export function changeWhere(
  ctx: Context,
  since: Date,
  until: Date,
  filter?: ChangeFilter | null,
): Prisma.EventWhereInput {
  return organizationChangeWhere(ctx.viewer.organizationId, since, until, filter);
}

/** The changes of an organization in [since, until), filtered. */
export function organizationChangeWhere(
  organizationId: string,
  since: Date,
  until: Date,
  filter?: ChangeFilter | null,
): Prisma.EventWhereInput {
  checkRange(since, until);
  const account: Prisma.AccountWhereInput = {};
  if (filter?.ownerIds?.length) account.ownerId = { in: filter.ownerIds };
  if (filter?.tiers?.length) account.tier = { in: filter.tiers };
  return {
    organizationId,
    occurredAt: { gte: since, lt: until },
    // Administration changes are the audit trail's, for admins, and notifications the webhook
    // outbox's: never in the feed.
    kind: filter?.kinds?.length ? { in: filter.kinds.filter(isFeedKind) } : { notIn: [...NON_FEED_KINDS] },
    ...(filter?.accountIds?.length ? { accountId: { in: filter.accountIds } } : {}),
    ...(Object.keys(account).length ? { account } : {}),
  };
}

export interface AccountChanges extends AccountSummary {
  accountId: string;
  name: string;
  arrMinor: bigint;
  currency: string;
  sentence: string;
  /** The most important of its changes: the order of the list. */
  importance: number;
}

/**
 * One page of the period's changes summed up per account, most important first (then by ARR): band
 * from → to, factors gained and lost, cases opened and closed, flags and threads lost.
 */
export function accountChangesFor(
  ctx: Context,
  since: Date,
  until: Date,
  filter: ChangeFilter | null | undefined,
  page: { offset: number; limit: number | null },
): Promise<AccountChangesPage> {
  return organizationAccountChangesPage(ctx.prisma, ctx.viewer.organizationId, since, until, filter, page);
}

/**
 * How many accounts the period's per-account summary lists (with the filter): one count over the
 * period's changes, so the end of the list is found without ranking and reading all of it.
 */
export async function accountChangesCount(
  ctx: Context,
  since: Date,
  until: Date,
  filter: ChangeFilter | null | undefined,
): Promise<number> {
  const organizationId = ctx.viewer.organizationId;
  const [row] = await ctx.prisma.$queryRaw<Array<{ accounts: bigint }>>`
    SELECT count(DISTINCT e."accountId") AS "accounts"
    FROM "Event" e
    ${accountJoin(filter)}
    WHERE ${accountChangeConditions(organizationId, since, until, filter)}`;
  return Number(row?.accounts ?? 0);
}

/** accountChangesFor, for any organization (the digest job runs without a viewer). */
export async function organizationAccountChanges(
  prisma: PrismaClient | Prisma.TransactionClient,
  organizationId: string,
  since: Date,
  until: Date,
  filter?: ChangeFilter | null,
): Promise<AccountChanges[]> {
  return (await organizationAccountChangesPage(prisma, organizationId, since, until, filter)).rows;
}

export interface AccountChangesPage {
  rows: AccountChanges[];
  /** Whether accounts follow the page. */
  hasMore: boolean;
}

/**
 * One page of the per-account summary: the database picks the page's accounts (each account's most
 * important change in the period, then ARR, then id) with one aggregate over the period's changes,
 * and only those accounts' changes are read and summed up. Without a limit, every account.
 */
export async function organizationAccountChangesPage(
  prisma: PrismaClient | Prisma.TransactionClient,
  organizationId: string,
  since: Date,
  until: Date,
  filter?: ChangeFilter | null,
  page: { offset?: number; limit?: number | null } = {},
): Promise<AccountChangesPage> {
  const where = organizationChangeWhere(organizationId, since, until, filter);
  const offset = page.offset ?? 0;
  const limit = page.limit ?? null;
  // Unfiltered pages walk the importance levels down (see importanceWalk); a filter leaves few of the
  // period's changes per level, so there one aggregate over the period does less work.
  const walk =
    limit !== null &&
    !filter?.ownerIds?.length &&
    !filter?.tiers?.length &&
    !filter?.kinds?.length &&
    !filter?.accountIds?.length;
  const [organization, ranked] = await Promise.all([
    prisma.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { currency: true } }),
    prisma.$queryRaw<Array<{ accountId: string; importance: number; name: string; arrMinor: bigint }>>`
      WITH RECURSIVE ${walk ? Prisma.sql`${importanceWalk(organizationId, since, until, filter, offset + limit)},` : Prisma.empty}
      per AS (
        SELECT e."accountId", max(e."importance") AS "importance"
        FROM "Event" e
        ${accountJoin(filter)}
        WHERE ${accountChangeConditions(organizationId, since, until, filter)}
        ${
          walk
            ? // Only the importance levels the walk went down to: one index range per level.
              Prisma.sql`AND e."importance" = ANY((SELECT array_agg("importance") FROM walk)::int[])`
            : Prisma.empty
        }
        GROUP BY e."accountId"
      )
      SELECT per."accountId", per."importance", a."name", a."arrMinor"
      FROM per
      ${
        limit === null
          ? Prisma.sql`JOIN "Account" a ON a."organizationId" = ${organizationId}::uuid AND a."id" = per."accountId"`
          : // One index lookup per candidate (OFFSET 0 keeps it a lookup, not a scan of every account).
            Prisma.sql`CROSS JOIN LATERAL (
              SELECT "name", "arrMinor" FROM "Account"
              WHERE "organizationId" = ${organizationId}::uuid AND "id" = per."accountId" OFFSET 0
            ) a`
      }
      ${
        limit === null
          ? Prisma.empty
          : // Only accounts at least as important as the last one the page needs can be on it.
            Prisma.sql`WHERE per."importance" >= COALESCE(
              (SELECT "importance" FROM per ORDER BY "importance" DESC LIMIT 1 OFFSET ${offset + limit}),
              -2147483648)`
      }
      ORDER BY per."importance" DESC, a."arrMinor" DESC, per."accountId" ASC
      ${limit === null ? Prisma.empty : Prisma.sql`LIMIT ${limit + 1}`}
      OFFSET ${offset}`,
  ]);
  const hasMore = limit !== null && ranked.length > limit;
  const accounts = hasMore ? ranked.slice(0, limit ?? undefined) : ranked;
  if (accounts.length === 0) return { rows: [], hasMore };
  const rows = await prisma.event.findMany({
    where: {
      ...where,
      // Every account when the whole unfiltered list is asked for; else the ones found.
      accountId:
        limit === null && !filter?.accountIds?.length ? { not: null } : { in: accounts.map((row) => row.accountId) },
    },
    orderBy: [{ occurredAt: 'asc' }, { seq: 'asc' }],
    select: { accountId: true, kind: true, payload: true, occurredAt: true },
  });
  const byAccount = new Map<string, AccountChangeInput[]>();
  for (const row of rows) {
    if (!row.accountId) continue;
    const list = byAccount.get(row.accountId) ?? [];
    list.push({ kind: row.kind, payload: row.payload as ChangePayload, occurredAt: row.occurredAt });
    byAccount.set(row.accountId, list);
  }
  return {
    hasMore,
    rows: accounts.map((account) => {
      const summary = summarizeAccount(byAccount.get(account.accountId) ?? []);
      return {
        accountId: account.accountId,
        name: account.name,
        arrMinor: account.arrMinor,
        currency: organization.currency,
        importance: Number(account.importance),
        sentence: accountSummarySentence(account.name, Number(account.arrMinor), summary, organization.currency),
        ...summary,
      };
    }),
  };
}

/** The join to "Account" a that the owner and tier filters need (none without them). */
function accountJoin(filter?: ChangeFilter | null): Prisma.Sql {
  return filter?.ownerIds?.length || filter?.tiers?.length
    ? Prisma.sql`JOIN "Account" a ON a."organizationId" = e."organizationId" AND a."id" = e."accountId"`
    : Prisma.empty;
}

/**
 * The CTE `walk`: the organization's importance levels from the highest down (each found with one
 * index descent on Event (organizationId, importance, …)), stopping at the first level where some
 * level so far alone holds more than `needed` of the period's accounts. Every account with a change
 * at that level or above ranks at least that high, so the page's `needed + 1` accounts all have
 * their most important change at one of the walked levels: the ranking needs only those levels'
 * rows, not every account that changed in the period.
 */
function importanceWalk(
  organizationId: string,
  since: Date,
  until: Date,
  filter: ChangeFilter | null | undefined,
  needed: number,
): Prisma.Sql {
  // The period's accounts with a change at exactly one level (one index range).
  const accountsAt = (level: Prisma.Sql) => Prisma.sql`(
    SELECT count(DISTINCT e."accountId") FROM "Event" e
    ${accountJoin(filter)}
    WHERE ${accountChangeConditions(organizationId, since, until, filter)} AND e."importance" = ${level})`;
  return Prisma.sql`walk("importance", "best") AS (
    SELECT top."importance", ${accountsAt(Prisma.sql`top."importance"`)}
    FROM (SELECT max("importance") AS "importance" FROM "Event" WHERE "organizationId" = ${organizationId}::uuid) top
    WHERE top."importance" IS NOT NULL
    UNION ALL
    SELECT below."importance", GREATEST(w."best", ${accountsAt(Prisma.sql`below."importance"`)})
    FROM walk w
    CROSS JOIN LATERAL (
      SELECT max("importance") AS "importance" FROM "Event"
      WHERE "organizationId" = ${organizationId}::uuid AND "importance" < w."importance"
    ) below
    WHERE w."best" <= ${needed} AND below."importance" IS NOT NULL
  )`;
}

/** organizationChangeWhere as SQL over "Event" e joined to its "Account" a, for changes on accounts. */
function accountChangeConditions(
  organizationId: string,
  since: Date,
  until: Date,
  filter?: ChangeFilter | null,
): Prisma.Sql {
  const conditions = [
    Prisma.sql`e."organizationId" = ${organizationId}::uuid`,
    Prisma.sql`e."occurredAt" >= ${since}`,
    Prisma.sql`e."occurredAt" < ${until}`,
    Prisma.sql`e."accountId" IS NOT NULL`,
  ];
  const kinds = filter?.kinds?.length ? filter.kinds.filter(isFeedKind) : null;
  // Administration changes are the audit trail's, for admins, and notifications the webhook outbox's:
  // never in the feed.
  if (kinds === null) conditions.push(Prisma.sql`e."kind"::text NOT IN (${Prisma.join([...NON_FEED_KINDS])})`);
  else if (kinds.length === 0) conditions.push(Prisma.sql`FALSE`);
  else conditions.push(Prisma.sql`e."kind"::text IN (${Prisma.join(kinds)})`);
  if (filter?.accountIds?.length) conditions.push(uuidIn(Prisma.sql`e."accountId"`, filter.accountIds));
  if (filter?.ownerIds?.length) conditions.push(uuidIn(Prisma.sql`a."ownerId"`, filter.ownerIds));
  if (filter?.tiers?.length) conditions.push(Prisma.sql`a."tier"::text IN (${Prisma.join(filter.tiers)})`);
  return Prisma.join(conditions, ' AND ');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `column IN (ids)`; an id that is no uuid matches nothing (rather than failing the cast). */
function uuidIn(column: Prisma.Sql, ids: readonly string[]): Prisma.Sql {
  const valid = ids.filter((id) => UUID.test(id));
  if (valid.length === 0) return Prisma.sql`FALSE`;
  return Prisma.sql`${column} IN (${Prisma.join(valid.map((id) => Prisma.sql`${id}::uuid`))})`;
}

/** The most points one risk history returns after its opening point. */
export const RISK_HISTORY_LIMIT = 2_000;

/**
 * An account's risk over [from, to], oldest first: the point in force at `from` (the last one at or
 * before it) when there is one, so the series opens with the risk the period started with, then the
 * points after `from` up to `to`. Two reads of the (organizationId, accountId, at) index, each
 * selecting what `query` asks for.
 */
export async function riskHistoryOf<Select extends Prisma.RiskPointSelect>(
  prisma: PrismaClient,
  query: { select?: Select },
  account: { organizationId: string; accountId: string },
  from: Date,
  to: Date,
) {
  const where = { organizationId: account.organizationId, accountId: account.accountId };
  const [opening, period] = await Promise.all([
    prisma.riskPoint.findFirst({
      ...query,
      where: { ...where, at: { lte: from } },
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
    }),
    prisma.riskPoint.findMany({
      ...query,
      where: { ...where, at: { gt: from, lte: to } },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
      take: RISK_HISTORY_LIMIT,
    }),
  ]);
  return opening ? [opening, ...period] : period;
}

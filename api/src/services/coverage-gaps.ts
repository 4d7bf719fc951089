// The coverage-gap list: accounts with gaps, ranked by gap exposure (ARR × the weight of the most
// severe gap among the kinds asked for, see domain/coverage.ts), then ARR, then id, so every account
// has one place and pages never skip or repeat one. Ranked in SQL over the stored health: the first
// three kinds are read from the stored columns (a required role is missing exactly when
// coveragePercent < 100; no live thread is liveThreadCount 0, single-threaded 1), the last two from
// the stored snapshot's gap list.
import { Prisma } from '@threadwatch/db/client';
import type { Context } from '../context.ts';
import { GAP_KINDS, GAP_SEVERITY, type GapKind } from '../domain/coverage.ts';
import { inPageOrder, type PageQuery } from './account-pages.ts';

export interface GapListFilter {
  ownerId?: string | null;
  tiers?: readonly ('STRATEGIC' | 'KEY' | 'STANDARD')[] | null;
  /** Accounts with at least one gap of these kinds (every kind when empty or missing). */
  kinds?: readonly GapKind[] | null;
}

const hasGap: Record<GapKind, Prisma.Sql> = {
  UNFILLED_ROLE: Prisma.sql`"coveragePercent" < 100`,
  NO_LIVE_THREAD: Prisma.sql`"liveThreadCount" = 0`,
  SINGLE_THREADED: Prisma.sql`"liveThreadCount" = 1`,
  STALE_THREAD: Prisma.sql`("coverage" -> 'gaps') @> '[{"kind":"STALE_THREAD"}]'::jsonb`,
  UNCOVERED_DEPARTMENT: Prisma.sql`("coverage" -> 'gaps') @> '[{"kind":"UNCOVERED_DEPARTMENT"}]'::jsonb`,
};

const kindsOf = (filter: GapListFilter | null | undefined): GapKind[] =>
  filter?.kinds?.length ? GAP_KINDS.filter((kind) => filter.kinds?.includes(kind)) : [...GAP_KINDS];

/** ARR × the weight of the account's most severe gap among `kinds` (NULL without one). */
function exposureSql(kinds: readonly GapKind[]): Prisma.Sql {
  const cases = kinds.map((kind) => Prisma.sql`WHEN ${hasGap[kind]} THEN ${GAP_SEVERITY[kind].weight}::bigint`);
  return Prisma.sql`("arrMinor" * CASE ${Prisma.join(cases, ' ')} END)`;
}

/** The accounts the list holds. Churned accounts are stored without gaps (gapCount 0). */
function whereSql(organizationId: string, filter: GapListFilter | null | undefined): Prisma.Sql {
  const conditions = [Prisma.sql`"organizationId" = ${organizationId}::uuid`, Prisma.sql`"gapCount" > 0`];
  if (filter?.ownerId) conditions.push(Prisma.sql`"ownerId" = ${filter.ownerId}::uuid`);
  if (filter?.tiers?.length)
    conditions.push(Prisma.sql`"tier"::text IN (${Prisma.join(filter.tiers.map((tier) => Prisma.sql`${tier}`))})`);
  if (filter?.kinds?.length)
    conditions.push(
      Prisma.sql`(${Prisma.join(
        kindsOf(filter).map((kind) => hasGap[kind]),
        ' OR ',
      )})`,
    );
  return Prisma.join(conditions, ' AND ');
}

export async function countGapAccounts(ctx: Context, filter: GapListFilter | null | undefined): Promise<number> {
  const [row] = await ctx.prisma.$queryRaw<Array<{ count: bigint }>>`
    SELECT count(*) AS count FROM "Account" WHERE ${whereSql(ctx.viewer.organizationId, filter)}`;
  return Number(row?.count ?? 0);
}

/**
 * One page of the list in the shape the request selected. `query` is the connection's page query
 * (cursor confined to the organization): a cursor names an account, and the page continues from
 * that account's place by its current exposure, ARR and id; a negative `take` pages backwards.
 */
export async function gapAccountPage<Query extends PageQuery>(
  ctx: Context,
  query: Query,
  filter: GapListFilter | null | undefined,
) {
  const { cursor, take = 100, skip: _skip, ...shape } = query;
  const organizationId = ctx.viewer.organizationId;
  const exposure = exposureSql(kindsOf(filter));
  const backward = take < 0;
  let after = Prisma.empty;
  const cursorId = (cursor as { organizationId_id?: { id: string } } | undefined)?.organizationId_id?.id;
  if (cursorId) {
    const [at] = await ctx.prisma.$queryRaw<Array<{ exposure: bigint; arr: bigint }>>`
      SELECT COALESCE(${exposure}, 0) AS exposure, "arrMinor" AS arr FROM "Account"
      WHERE "organizationId" = ${organizationId}::uuid AND "id" = ${cursorId}::uuid`;
    // A cursor of a missing account (or another organization's) finds nothing.
    if (!at) return [];
    after = backward
      ? Prisma.sql`AND (r.exposure > ${at.exposure} OR (r.exposure = ${at.exposure} AND (r.arr > ${at.arr}
          OR (r.arr = ${at.arr} AND r.id < ${cursorId}::uuid))))`
      : Prisma.sql`AND (r.exposure < ${at.exposure} OR (r.exposure = ${at.exposure} AND (r.arr < ${at.arr}
          OR (r.arr = ${at.arr} AND r.id > ${cursorId}::uuid))))`;
  }
  const order = backward
    ? Prisma.sql`r.exposure ASC, r.arr ASC, r.id DESC`
    : Prisma.sql`r.exposure DESC, r.arr DESC, r.id ASC`;
  const page = await ctx.prisma.$queryRaw<Array<{ id: string }>>`
    WITH r AS (
      SELECT "id" AS id, "arrMinor" AS arr, COALESCE(${exposure}, 0) AS exposure
      FROM "Account" WHERE ${whereSql(organizationId, filter)}
    )
    SELECT r.id::text AS id FROM r WHERE TRUE ${after} ORDER BY ${order} LIMIT ${Math.abs(take)}`;
  const ids = page.map((row) => row.id);
  if (backward) ids.reverse();
  if (ids.length === 0) return [];
  const rows = await ctx.prisma.account.findMany({
    ...(shape as object),
    where: { organizationId, id: { in: ids } },
  });
  return inPageOrder(ids, rows);
}

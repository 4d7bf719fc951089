// The coverage-gap list: accounts with gaps, ranked by gap exposure (ARR × the weight of the most
// severe gap among the kinds asked for, see domain/coverage.ts), then ARR, then id, so every account
// has one place and pages never skip or repeat one.
//
// Read from two columns the database generates from each account's stored coverage and ARR, so they
// change in the statement that changes those: gapKinds (its gaps' kinds as bits) and gapExposure
// (ARR × the weight of the worst of them). Two index reads, no ranking of every account with gaps:
// - every kind (no kinds, or all five): the page is a range of the index on
//   (organizationId, gapExposure DESC, arrMinor DESC, id), which is the list's order;
// - some kinds: the weight of an account depends only on its gapKinds value, so each of the (at most
//   31) values holding one of the kinds is read from the index on (organizationId, gapKinds,
//   arrMinor DESC, id), in ARR order, at most a page of rows each; within one value exposure order is
//   ARR order, so the best page among those candidates is the page. Bounded by 31 × the page size,
//   whatever the portfolio's size.
import { Prisma } from '@threadwatch/db/client';
import type { Context } from '../context.ts';
import { GAP_KIND_SETS, GAP_KINDS, type GapKind, gapExposure, kindsOfBits } from '../domain/coverage.ts';
import { inPageOrder, type PageQuery } from './account-pages.ts';

export interface GapListFilter {
  ownerId?: string | null;
  tiers?: readonly ('STRATEGIC' | 'KEY' | 'STANDARD')[] | null;
  /** Accounts with at least one gap of these kinds (every kind when empty or missing). */
  kinds?: readonly GapKind[] | null;
}

const kindsOf = (filter: GapListFilter | null | undefined): GapKind[] =>
  filter?.kinds?.length ? GAP_KINDS.filter((kind) => filter.kinds?.includes(kind)) : [...GAP_KINDS];

/** The exposure of an account with these gap kinds (bits) and this ARR, among `kinds` (0 without one). */
const exposureOf = (arrMinor: bigint, bits: number, kinds: readonly GapKind[]): bigint =>
  gapExposure(
    arrMinor,
    kindsOfBits(bits).map((kind) => ({ kind })),
    kinds,
  );

/** The gapKinds values holding one of `kinds`, each with the weight it ranks by. */
function kindSets(kinds: readonly GapKind[]): Array<{ bits: number; weight: bigint }> {
  return GAP_KIND_SETS.map((bits) => ({ bits, weight: exposureOf(1n, bits, kinds) })).filter((set) => set.weight > 0n);
}

/** The owner and tier conditions (none when not asked for). */
function narrowing(filter: GapListFilter | null | undefined): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (filter?.ownerId) conditions.push(Prisma.sql`"ownerId" = ${filter.ownerId}::uuid`);
  if (filter?.tiers?.length)
    conditions.push(Prisma.sql`"tier"::text IN (${Prisma.join(filter.tiers.map((tier) => Prisma.sql`${tier}`))})`);
  return conditions;
}

/** The accounts the list holds. Churned accounts are stored without gaps (gapKinds 0, no exposure). */
function whereSql(organizationId: string, filter: GapListFilter | null | undefined): Prisma.Sql {
  const kinds = kindsOf(filter);
  const held =
    kinds.length === GAP_KINDS.length
      ? Prisma.sql`"gapExposure" IS NOT NULL`
      : Prisma.sql`"gapKinds" IN (${Prisma.join(kindSets(kinds).map((set) => Prisma.sql`${set.bits}::int`))})`;
  return Prisma.join([Prisma.sql`"organizationId" = ${organizationId}::uuid`, held, ...narrowing(filter)], ' AND ');
}

export async function countGapAccounts(ctx: Context, filter: GapListFilter | null | undefined): Promise<number> {
  const [row] = await ctx.prisma.$queryRaw<Array<{ count: bigint }>>`
    SELECT count(*) AS count FROM "Account" WHERE ${whereSql(ctx.viewer.organizationId, filter)}`;
  return Number(row?.count ?? 0);
}

/** Where a page continues: the cursor account's place (its exposure among the kinds asked for, ARR, id). */
interface Place {
  exposure: bigint;
  arr: bigint;
  id: string;
}

/**
 * Rows strictly after (forward) or before (backward) `at` in the list's order, for rows whose
 * exposure is `exposure` and ARR "arrMinor". The caller adds a bound an index can seek to.
 */
function beyond(at: Place, exposure: Prisma.Sql, backward: boolean): Prisma.Sql {
  return backward
    ? Prisma.sql`(${exposure} > ${at.exposure} OR (${exposure} = ${at.exposure} AND ("arrMinor" > ${at.arr}
        OR ("arrMinor" = ${at.arr} AND "id" < ${at.id}::uuid))))`
    : Prisma.sql`(${exposure} < ${at.exposure} OR (${exposure} = ${at.exposure} AND ("arrMinor" < ${at.arr}
        OR ("arrMinor" = ${at.arr} AND "id" > ${at.id}::uuid))))`;
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
  const kinds = kindsOf(filter);
  const backward = take < 0;
  const limit = Math.abs(take);
  let at: Place | null = null;
  const cursorId = (cursor as { organizationId_id?: { id: string } } | undefined)?.organizationId_id?.id;
  if (cursorId) {
    const [row] = await ctx.prisma.$queryRaw<Array<{ kinds: number; arr: bigint }>>`
      SELECT "gapKinds" AS kinds, "arrMinor" AS arr FROM "Account"
      WHERE "organizationId" = ${organizationId}::uuid AND "id" = ${cursorId}::uuid`;
    // A cursor of a missing account (or another organization's) finds nothing. One that has no gap
    // (of those kinds) any more continues from exposure 0.
    if (!row) return [];
    at = { exposure: exposureOf(row.arr, row.kinds, kinds), arr: row.arr, id: cursorId };
  }
  const ids =
    kinds.length === GAP_KINDS.length
      ? await pageByExposure(ctx, organizationId, filter, at, backward, limit)
      : await pageByKindSets(ctx, organizationId, filter, kinds, at, backward, limit);
  if (backward) ids.reverse();
  if (ids.length === 0) return [];
  const rows = await ctx.prisma.account.findMany({
    ...(shape as object),
    where: { organizationId, id: { in: ids } },
  });
  return inPageOrder(ids, rows);
}

/** Every kind: one range of the exposure index, in the list's order (backwards, the reverse). */
async function pageByExposure(
  ctx: Context,
  organizationId: string,
  filter: GapListFilter | null | undefined,
  at: Place | null,
  backward: boolean,
  limit: number,
): Promise<string[]> {
  const exposure = Prisma.sql`"gapExposure"`;
  const after = at
    ? Prisma.sql`AND "gapExposure" ${backward ? Prisma.sql`>=` : Prisma.sql`<=`} ${at.exposure}
        AND ${beyond(at, exposure, backward)}`
    : Prisma.empty;
  // "Account"."id", the uuid: a bare "id" would name the text column the query answers.
  const order = backward
    ? Prisma.sql`"gapExposure" ASC, "arrMinor" ASC, "Account"."id" DESC`
    : Prisma.sql`"gapExposure" DESC, "arrMinor" DESC, "Account"."id" ASC`;
  const page = await ctx.prisma.$queryRaw<Array<{ id: string }>>`
    SELECT "id"::text AS id FROM "Account"
    WHERE ${whereSql(organizationId, filter)} ${after}
    ORDER BY ${order} LIMIT ${limit}`;
  return page.map((row) => row.id);
}

/**
 * Some kinds: per gapKinds value holding one of them, the first `limit` rows in ARR order (all of
 * them weigh the same, so that is their exposure order), then the best `limit` of those. Every row
 * of the true page is among its value's first `limit` rows: a row ahead of it there has at least its
 * ARR and the same weight, so it ranks ahead of it in the list too.
 */
async function pageByKindSets(
  ctx: Context,
  organizationId: string,
  filter: GapListFilter | null | undefined,
  kinds: readonly GapKind[],
  at: Place | null,
  backward: boolean,
  limit: number,
): Promise<string[]> {
  const sets = kindSets(kinds).map((set) => Prisma.sql`(${set.bits}::int, ${set.weight}::bigint)`);
  const exposure = Prisma.sql`("arrMinor" * s.weight)`;
  // Exposure = ARR × weight, so the cursor's exposure bounds the ARR: the seek the index needs.
  const after = at
    ? backward
      ? Prisma.sql`AND "arrMinor" >= ceil(${at.exposure}::numeric / s.weight)::bigint
          AND ${beyond(at, exposure, backward)}`
      : Prisma.sql`AND "arrMinor" <= floor(${at.exposure}::numeric / s.weight)::bigint
          AND ${beyond(at, exposure, backward)}`
    : Prisma.empty;
  const narrow = narrowing(filter);
  const narrowed = narrow.length ? Prisma.sql`AND ${Prisma.join(narrow, ' AND ')}` : Prisma.empty;
  const inner = backward ? Prisma.sql`"arrMinor" ASC, "id" DESC` : Prisma.sql`"arrMinor" DESC, "id" ASC`;
  const outer = backward
    ? Prisma.sql`p.exposure ASC, p.arr ASC, p.id DESC`
    : Prisma.sql`p.exposure DESC, p.arr DESC, p.id ASC`;
  const page = await ctx.prisma.$queryRaw<Array<{ id: string }>>`
    SELECT p.id::text AS id
    FROM (VALUES ${Prisma.join(sets)}) AS s(bits, weight)
    CROSS JOIN LATERAL (
      SELECT "id" AS id, "arrMinor" AS arr, ${exposure} AS exposure FROM "Account"
      WHERE "organizationId" = ${organizationId}::uuid AND "gapKinds" = s.bits ${narrowed} ${after}
      ORDER BY ${inner} LIMIT ${limit}
    ) AS p
    ORDER BY ${outer} LIMIT ${limit}`;
  return page.map((row) => row.id);
}

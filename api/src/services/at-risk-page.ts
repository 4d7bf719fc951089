// The at-risk list by risk: highest score first, then ARR, then id. A page's ids (and, when the
// request asks, the count) come from one statement, then the rows with their nested data.
//
// The ids are read band by band: for one band the index on (organization, band, score desc,
// ARR desc, id) is already in page order, so each band stops after a page's worth of entries and
// the bands are merged. Read for all the bands at once, PostgreSQL visits and sorts every account
// of those bands (thousands at 50,000 accounts) to return the first fifty.
import type { AccountTier, RiskBand, RiskZone } from '@threadwatch/db/client';
import { Prisma } from '@threadwatch/db/client';
import type { Context } from '../context.ts';
import { inPageOrder, type PageQuery } from './account-pages.ts';

export interface AtRiskFilter {
  /** At least one. */
  bands: RiskBand[];
  zones: RiskZone[] | null;
  ownerId: string | null;
  tiers: AccountTier[] | null;
}

/** The accounts of the organization the filter keeps, apart from the band. */
function conditions(organizationId: string, filter: AtRiskFilter): Prisma.Sql {
  const where = [Prisma.sql`"organizationId" = ${organizationId}::uuid`];
  if (filter.zones?.length)
    where.push(
      Prisma.sql`"riskZone" IN (${Prisma.join(filter.zones.map((zone) => Prisma.sql`CAST(${zone}::text AS "RiskZone")`))})`,
    );
  if (filter.ownerId) where.push(Prisma.sql`"ownerId" = ${filter.ownerId}::uuid`);
  if (filter.tiers?.length)
    where.push(
      Prisma.sql`"tier" IN (${Prisma.join(filter.tiers.map((tier) => Prisma.sql`CAST(${tier}::text AS "AccountTier")`))})`,
    );
  return Prisma.join(where, ' AND ');
}

const band = (value: RiskBand) => Prisma.sql`CAST(${value}::text AS "RiskBand")`;

/**
 * After the cursor's place (before it, going backward), by the cursor account's current score and
 * ARR, whatever its band now. A cursor naming no account of the organization leaves nothing.
 */
function pastCursor(organizationId: string, cursorId: string | null, backward: boolean): Prisma.Sql {
  if (!cursorId) return Prisma.empty;
  const at = (column: string) =>
    Prisma.sql`(SELECT ${Prisma.raw(`"${column}"`)} FROM "Account" WHERE "organizationId" = ${organizationId}::uuid AND "id" = ${cursorId}::uuid)`;
  const [below, idPast] = backward ? ['>', '<'] : ['<', '>'];
  const op = (symbol: string) => Prisma.raw(symbol);
  return Prisma.sql`AND ("riskScore" ${op(below)} ${at('riskScore')} OR ("riskScore" = ${at('riskScore')} AND ("arrMinor" ${op(below)} ${at('arrMinor')} OR ("arrMinor" = ${at('arrMinor')} AND "id" ${op(idPast)} ${cursorId}::uuid))))`;
}

/**
 * One page of the at-risk list by risk, as Pothos asks for it: `take` rows after (`take` > 0) or
 * before (`take` < 0) the cursor; the cursor's own row is never part of the page. `counted` gets
 * the number of accounts the filter keeps from the same statement.
 */
export async function riskiestAccountPage<Query extends PageQuery>(
  ctx: Context,
  query: Query,
  filter: AtRiskFilter,
  counted?: (total: Promise<number>) => void,
) {
  const { cursor, take = 20, skip: _skip, ...shape } = query;
  const organizationId = ctx.viewer.organizationId;
  const backward = take < 0;
  const limit = Math.abs(take);
  const cursorId = (cursor as { organizationId_id?: { id: string } } | undefined)?.organizationId_id?.id ?? null;
  const order = Prisma.raw(
    backward ? '"riskScore" ASC, "arrMinor" ASC, "id" DESC' : '"riskScore" DESC, "arrMinor" DESC, "id" ASC',
  );
  const where = conditions(organizationId, filter);
  const bands = [...new Set(filter.bands)];
  const perBand = bands.map(
    (value) => Prisma.sql`(SELECT "id", "riskScore", "arrMinor" FROM "Account"
      WHERE ${where} AND "riskBand" = ${band(value)} ${pastCursor(organizationId, cursorId, backward)}
      ORDER BY ${order} LIMIT ${limit})`,
  );
  const ids = Prisma.sql`ARRAY(SELECT "id"::text FROM (${Prisma.join(perBand, ' UNION ALL ')}) AS page ORDER BY ${order} LIMIT ${limit})`;
  const total = counted
    ? Prisma.sql`(SELECT count(*) FROM "Account" WHERE ${where} AND "riskBand" IN (${Prisma.join(bands.map(band))}))::int`
    : Prisma.sql`NULL::int`;
  const statement = ctx.prisma.$queryRaw<
    Array<{ ids: string[]; total: number | null }>
  >`SELECT ${ids} AS ids, ${total} AS total`;
  if (counted) {
    const count = statement.then(([row]) => row?.total ?? 0);
    // Awaited by the connection's totalCount, which is not resolved when the page fails.
    count.catch(() => undefined);
    counted(count);
  }
  const [row] = await statement;
  const pageIds = [...(row?.ids ?? [])];
  if (backward) pageIds.reverse();
  if (pageIds.length === 0) return [];
  const rows = await ctx.prisma.account.findMany({
    ...(shape as object),
    where: { organizationId, id: { in: pageIds } },
  });
  return inPageOrder(pageIds, rows);
}

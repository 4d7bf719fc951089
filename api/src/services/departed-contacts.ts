// The departed-contacts list: stakeholders whose status is DEPARTED, most recent departure first.
// The departure day is the latest end of a position at the account the person was tracked at (as
// domain/departure-cases.ts departureOf reads it); undated departures come last; ties go by id, so pages
// never skip or repeat a person. A cursor names a person and the page continues from their place.
import { Prisma } from '@threadwatch/db/client';
import type { Context } from '../context.ts';
import { inPageOrder } from './account-pages.ts';

export interface DepartedFilter {
  from: Date | null;
  to: Date | null;
  formerAccountId: string | null;
  warm: boolean | null;
}

/** Undated departures sort as this day, below every real one. */
const UNDATED = '0001-01-01';

function rowsSql(organizationId: string, filter: DepartedFilter, onlyId: string | null = null): Prisma.Sql {
  const conditions = [Prisma.sql`s."organizationId" = ${organizationId}::uuid`, Prisma.sql`s."status" = 'DEPARTED'`];
  if (onlyId) conditions.push(Prisma.sql`s."id" = ${onlyId}::uuid`);
  if (filter.formerAccountId) conditions.push(Prisma.sql`s."accountId" = ${filter.formerAccountId}::uuid`);
  return Prisma.sql`
    SELECT s."id" AS id,
      COALESCE((SELECT max(e."endedOn") FROM "Employment" e
        WHERE e."organizationId" = s."organizationId" AND e."stakeholderId" = s."id" AND e."accountId" = s."accountId"),
        ${UNDATED}::date) AS departed,
      EXISTS (SELECT 1 FROM "Employment" e
        WHERE e."organizationId" = s."organizationId" AND e."stakeholderId" = s."id" AND e."endedOn" IS NULL
          AND e."accountId" IS NOT NULL AND e."accountId" <> s."accountId") AS warm
    FROM "Stakeholder" s WHERE ${Prisma.join(conditions, ' AND ')}`;
}

function filterSql(filter: DepartedFilter): Prisma.Sql {
  const conditions = [Prisma.sql`TRUE`];
  // By day (UTC): a departure on the day `from` or `to` falls on is in the range.
  if (filter.from)
    conditions.push(Prisma.sql`r.departed >= (${filter.from.toISOString()}::timestamptz AT TIME ZONE 'UTC')::date`);
  if (filter.to)
    conditions.push(Prisma.sql`r.departed <= (${filter.to.toISOString()}::timestamptz AT TIME ZONE 'UTC')::date`);
  if (filter.from || filter.to) conditions.push(Prisma.sql`r.departed > ${UNDATED}::date`);
  if (filter.warm !== null) conditions.push(Prisma.sql`r.warm = ${filter.warm}`);
  return Prisma.join(conditions, ' AND ');
}

export async function countDepartedContacts(ctx: Context, filter: DepartedFilter): Promise<number> {
  const [row] = await ctx.prisma.$queryRaw<Array<{ count: bigint }>>`
    SELECT count(*) AS count FROM (${rowsSql(ctx.viewer.organizationId, filter)}) r WHERE ${filterSql(filter)}`;
  return Number(row?.count ?? 0);
}

interface PageQuery {
  cursor?: Prisma.StakeholderWhereUniqueInput;
  take?: number;
  skip?: number;
  select?: Prisma.StakeholderSelect;
  include?: Prisma.StakeholderInclude;
}

export async function departedContactPage<Query extends PageQuery>(ctx: Context, query: Query, filter: DepartedFilter) {
  const { cursor, take = 50, skip: _skip, ...shape } = query;
  const organizationId = ctx.viewer.organizationId;
  const backward = take < 0;
  let after = Prisma.empty;
  const cursorId = (cursor as { organizationId_id?: { id: string } } | undefined)?.organizationId_id?.id;
  if (cursorId) {
    // The cursor's place by its current departure day, whatever the filter (a missing person: nothing).
    const [at] = await ctx.prisma.$queryRaw<Array<{ departed: Date }>>`
      SELECT r.departed FROM (${rowsSql(organizationId, { ...filter, formerAccountId: null }, cursorId)}) r`;
    if (!at) return [];
    const day = at.departed.toISOString().slice(0, 10);
    after = backward
      ? Prisma.sql`AND (r.departed > ${day}::date OR (r.departed = ${day}::date AND r.id < ${cursorId}::uuid))`
      : Prisma.sql`AND (r.departed < ${day}::date OR (r.departed = ${day}::date AND r.id > ${cursorId}::uuid))`;
  }
  const order = backward ? Prisma.sql`r.departed ASC, r.id DESC` : Prisma.sql`r.departed DESC, r.id ASC`;
  const page = await ctx.prisma.$queryRaw<Array<{ id: string }>>`
    SELECT r.id::text AS id FROM (${rowsSql(organizationId, filter)}) r
    WHERE ${filterSql(filter)} ${after} ORDER BY ${order} LIMIT ${Math.abs(take)}`;
  const ids = page.map((row) => row.id);
  if (backward) ids.reverse();
  if (ids.length === 0) return [];
  const rows = await ctx.prisma.stakeholder.findMany({
    ...(shape as object),
    where: { organizationId, id: { in: ids } },
  });
  return inPageOrder(ids, rows);
}

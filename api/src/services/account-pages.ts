// Pages of accounts in two steps: first the page's ids (an index-ordered read of narrow rows), then
// the rows with whatever nested data the request selected. Done in one query, PostgreSQL would
// build the nested data of every matching account before sorting and cutting the page.
import type { Prisma } from '@threadwatch/db/client';
import type { Context } from '../context.ts';

/** The page query Pothos hands a Prisma connection resolver over accounts. */
export interface PageQuery {
  cursor?: Prisma.AccountWhereUniqueInput;
  take?: number;
  skip?: number;
  select?: Prisma.AccountSelect;
  include?: Prisma.AccountInclude;
}

export async function accountPage<Query extends PageQuery>(
  ctx: Context,
  query: Query,
  where: Prisma.AccountWhereInput,
  orderBy: Prisma.AccountOrderByWithRelationInput[],
) {
  const { cursor, take, skip, ...shape } = query;
  const page = await ctx.prisma.account.findMany({
    where,
    orderBy,
    select: { id: true },
    ...(cursor ? { cursor } : {}),
    ...(take !== undefined ? { take } : {}),
    ...(skip !== undefined ? { skip } : {}),
  });
  if (page.length === 0) return [];
  const ids = page.map((row) => row.id);
  const rows = await ctx.prisma.account.findMany({
    ...(shape as object),
    where: { organizationId: ctx.viewer.organizationId, id: { in: ids } },
  });
  return inPageOrder(ids, rows);
}

/** The rows of a page in the order of its ids (a row gone since the ids were read is left out). */
export function inPageOrder<Row extends { id: string }>(ids: readonly string[], rows: readonly Row[]): Row[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [row] : [];
  });
}

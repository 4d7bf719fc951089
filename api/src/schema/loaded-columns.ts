// Columns a type's `select` names, read straight off the row.
//
// A field with a `select` of its own is wrapped by the Prisma plugin, which asks for every row it
// resolves how that row was loaded (a response-path key, map lookups, a scope recorded per field).
// For a name or a status that check costs more than the value: a page of 50 accounts with their
// people and threads resolves about two thousand such fields. A column in the type's `select` is on
// every row a planned query or the plugin's own loader brings, so its field reads it directly; only
// a row made elsewhere (a mutation's payload, a service's own `select`) may lack it, and that row's
// column is then read by its key, in the viewer's organization like every node.
import type { Context } from '../context.ts';

type Keyed = { id: string };

/** The model delegate a missing column is read from (`findUniqueOrThrow` by organization and id). */
interface ColumnSource {
  findUniqueOrThrow(args: {
    where: { organizationId_id: { organizationId: string; id: string } };
    select: Record<string, true>;
  }): Promise<unknown>;
}

/**
 * Resolvers for the columns of one model: `column('name')` answers `row.name`, or reads it when the
 * row came without it.
 */
export function columnReader<Row extends Keyed>(source: (ctx: Context) => ColumnSource) {
  return <Column extends keyof Row & string>(column: Column) =>
    (row: Row, _args: unknown, ctx: Context): Row[Column] | Promise<Row[Column]> => {
      const value = row[column];
      if (value !== undefined) return value;
      return source(ctx)
        .findUniqueOrThrow({
          where: { organizationId_id: { organizationId: ctx.viewer.organizationId, id: row.id } },
          select: { [column]: true },
        })
        .then((loaded) => (loaded as Row)[column]);
    };
}

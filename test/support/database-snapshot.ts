// Whole-database views for proofs: a hash of every table (or of one organization's rows), and a
// search of every row of every table for given strings. Generic over the schema: tables are read
// from information_schema, rows compared as JSON text.
import type { PrismaClient } from '@threadwatch/db/client';

interface TableInfo {
  name: string;
  hasOrganization: boolean;
}

async function tables(prisma: PrismaClient): Promise<TableInfo[]> {
  const rows = await prisma.$queryRawUnsafe<Array<{ table_name: string; has_org: boolean }>>(
    `SELECT t.table_name,
            EXISTS (SELECT 1 FROM information_schema.columns c
                     WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name
                       AND c.column_name = 'organizationId') AS has_org
       FROM information_schema.tables t
      WHERE t.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND t.table_name <> '_prisma_migrations'
      ORDER BY t.table_name`,
  );
  return rows.map((row) => ({ name: row.table_name, hasOrganization: row.has_org }));
}

export interface SnapshotOptions {
  /** Only this organization's rows (and its Organization row). */
  organizationId?: string;
  /** Columns left out per table: values that change by design on every request (e.g. a token's last use). */
  ignore?: Record<string, string[]>;
  /** Tables left out entirely (e.g. rate-limit buckets, which change on every request). */
  skipTables?: string[];
}

/** One digest per table: rows as JSON text, sorted, hashed with md5 by the database. */
export async function snapshotTables(
  prisma: PrismaClient,
  options: SnapshotOptions = {},
): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const table of await tables(prisma)) {
    if (options.skipTables?.includes(table.name)) continue;
    const scoped = options.organizationId !== undefined;
    if (scoped && !table.hasOrganization && table.name !== 'Organization') continue;
    const ignored = options.ignore?.[table.name] ?? [];
    const row = `(to_jsonb(t) - $1::text[])::text`;
    const where = !scoped
      ? ''
      : table.name === 'Organization'
        ? 'WHERE t."id" = $2::uuid'
        : 'WHERE t."organizationId" = $2::uuid';
    const [digest] = await prisma.$queryRawUnsafe<Array<{ digest: string; count: bigint | number }>>(
      `SELECT md5(coalesce(string_agg(${row}, E'\\n' ORDER BY ${row}), '')) AS digest, count(*) AS count
         FROM "${table.name}" t ${where}`,
      ignored,
      ...(scoped ? [options.organizationId] : []),
    );
    result[table.name] = `${digest?.count ?? 0}:${digest?.digest ?? ''}`;
  }
  return result;
}

export interface Hit {
  table: string;
  /** The column whose value (as text) contains the needle. */
  column: string;
  needle: string;
  row: string;
}

/** Every column of every row, in every table, whose value as text contains one of the needles (any case). */
export async function searchTables(prisma: PrismaClient, needles: readonly string[]): Promise<Hit[]> {
  const hits: Hit[] = [];
  const wanted = [...new Set(needles.filter((needle) => needle.length > 0))];
  for (const table of await tables(prisma)) {
    for (const needle of wanted) {
      const rows = await prisma.$queryRawUnsafe<Array<{ column: string; row: string }>>(
        `SELECT e.key AS column, to_jsonb(t)::text AS row
           FROM "${table.name}" t, jsonb_each_text(to_jsonb(t)) e
          WHERE strpos(lower(e.value), lower($1)) > 0`,
        needle,
      );
      for (const { column, row } of rows) hits.push({ table: table.name, column, needle, row });
    }
  }
  return hits;
}

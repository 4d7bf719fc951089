// Opens the database chosen by configuration: embedded PGlite by default, PostgreSQL when the URL
// says so. Both are reached through Prisma driver adapters; the same client and migrations serve both.
import { mkdir, readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/client/client.js';
import { applyMigrations, migrationsDir } from './migrate.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const defaultDataDir = join(repoRoot, '.data', 'pglite');

export type DatabaseLocation =
  | { kind: 'postgres'; url: string }
  | { kind: 'pglite'; dataDir: string | null; loadDataDir?: Blob | File };

export interface Database {
  readonly kind: DatabaseLocation['kind'];
  readonly prisma: PrismaClient;
  readonly adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** The embedded engine, when the database is PGlite. */
  readonly pglite: PGlite | null;
  migrate(): Promise<string[]>;
  /** Migrations in the folder that the database has not applied (empty when it is current). */
  pendingMigrations(): Promise<string[]>;
  /** Connections of the PostgreSQL pool; null on the embedded database (one in-process engine). */
  poolStats(): PoolStats | null;
  close(): Promise<void>;
}

export interface PoolStats {
  /** Open connections. */
  total: number;
  /** Open connections not in use. */
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
  /** Most connections the pool opens. */
  max: number;
}

export interface DatabaseOptions {
  /** Connections to PostgreSQL (default 10). */
  poolSize?: number;
  /** Longest a PostgreSQL statement may run before the server cancels it, in milliseconds. */
  statementTimeoutMs?: number;
}

export class DatabaseConfigError extends Error {
  override name = 'DatabaseConfigError';
}

/**
 * Reads a database location from a URL: `postgres://…` / `postgresql://…` for a server,
 * `pglite:<directory>` or `pglite:memory` for the embedded engine; none means the default data directory.
 */
export function parseDatabaseUrl(url: string | undefined, cwd = process.cwd()): DatabaseLocation {
  if (url === undefined || url.trim() === '') return { kind: 'pglite', dataDir: defaultDataDir };
  const value = url.trim();
  if (/^postgres(ql)?:\/\//i.test(value)) {
    try {
      new URL(value);
    } catch {
      throw new DatabaseConfigError('DATABASE_URL is not a valid postgres:// URL.');
    }
    return { kind: 'postgres', url: value };
  }
  if (value.startsWith('pglite:')) {
    const rest = value.slice('pglite:'.length).replace(/^\/\//, '');
    if (rest === 'memory' || rest === 'memory:') return { kind: 'pglite', dataDir: null };
    if (rest === '')
      throw new DatabaseConfigError('DATABASE_URL pglite: needs a directory, e.g. pglite:./.data/pglite');
    return { kind: 'pglite', dataDir: resolve(cwd, rest) };
  }
  throw new DatabaseConfigError(
    'DATABASE_URL must start with postgres://, postgresql:// or pglite: (leave it unset for the embedded database).',
  );
}

/**
 * Adapters over pglite-prisma-adapter 0.7 that mend two of its faults:
 * - it fires `exec` without awaiting it, so a failing migration script would be recorded as applied;
 *   here scripts are awaited and their errors reach the schema engine;
 * - it hands list parameters of enum type (e.g. `buyingRoles has CHAMPION`) to PGlite as plain
 *   arrays, which PGlite cannot serialize for a type it does not know; here they are sent as
 *   PostgreSQL array literals, which PostgreSQL casts to any array type.
 */
class MendedPGliteFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres' as const;
  readonly adapterName: string;
  readonly #client: PGlite;

  constructor(client: PGlite) {
    this.#client = client;
    this.adapterName = new PrismaPGlite(client).adapterName;
  }

  connect(): Promise<SqlDriverAdapter> {
    return MendedPGliteFactory.#adapterFor(this.#client, false);
  }

  /** A scratch in-memory database, closed with its adapter. */
  connectToShadowDb(): Promise<SqlDriverAdapter> {
    return MendedPGliteFactory.#adapterFor(new PGlite(), true);
  }

  static async #adapterFor(client: PGlite, ownsClient: boolean): Promise<SqlDriverAdapter> {
    const adapter = await new PrismaPGlite(client).connect();
    sendListsAsLiterals(adapter);
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => {
      const transaction = await startTransaction(isolationLevel);
      sendListsAsLiterals(transaction);
      return transaction;
    };
    adapter.executeScript = async (script: string) => {
      await client.exec(script);
    };
    if (ownsClient) {
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        if (!client.closed) await client.close();
      };
    }
    return adapter;
  }
}

/** `{"a","b"}`: a PostgreSQL array literal of text elements. */
export function arrayLiteral(values: ReadonlyArray<string | null>): string {
  const items = values.map((value) => (value === null ? 'NULL' : `"${value.replace(/["\\]/g, '\\$&')}"`));
  return `{${items.join(',')}}`;
}

function sendListsAsLiterals(queryable: Pick<SqlDriverAdapter, 'queryRaw' | 'executeRaw'>): void {
  const rewrite = (query: SqlQuery): SqlQuery => ({
    ...query,
    args: query.args.map((arg, index) => {
      const type = query.argTypes[index];
      const textList =
        Array.isArray(arg) &&
        type?.arity === 'list' &&
        type.scalarType !== 'datetime' &&
        type.scalarType !== 'bytes' &&
        arg.every((item) => item === null || typeof item === 'string');
      return textList ? arrayLiteral(arg as Array<string | null>) : arg;
    }),
  });
  const queryRaw = queryable.queryRaw.bind(queryable);
  const executeRaw = queryable.executeRaw.bind(queryable);
  queryable.queryRaw = (query) => queryRaw(rewrite(query));
  queryable.executeRaw = (query) => executeRaw(rewrite(query));
}

/** Migrations of the folder missing from the database's record of applied ones. */
let migrationNames: Promise<string[]> | null = null;

/** The migrations of the folder, read once: they do not change while a process runs. */
function folderMigrations(): Promise<string[]> {
  migrationNames ??= readdir(migrationsDir, { withFileTypes: true }).then((entries) =>
    entries
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort(),
  );
  return migrationNames;
}

async function pendingIn(prisma: PrismaClient): Promise<string[]> {
  const expected = await folderMigrations();
  const table = await prisma.$queryRaw<Array<{ present: boolean }>>`
    SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present`;
  if (!table[0]?.present) return [...expected];
  const applied = await prisma.$queryRaw<Array<{ migration_name: string }>>`
    SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  const done = new Set(applied.map((row) => row.migration_name));
  return expected.filter((name) => !done.has(name));
}

export async function openDatabase(location: DatabaseLocation, options: DatabaseOptions = {}): Promise<Database> {
  if (location.kind === 'postgres') {
    const max = options.poolSize ?? 10;
    const pool = new pg.Pool({
      connectionString: location.url,
      max,
      ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    });
    // An idle connection that the server drops must not take the process down.
    pool.on('error', () => {});
    const adapterFactory = new PrismaPg(pool);
    // Under a burst every connection may be busy: a transaction waits for one as long as a statement
    // may run (Prisma's own default gives up after 2 s and fails the request).
    const prisma = new PrismaClient({
      adapter: adapterFactory,
      transactionOptions: { maxWait: options.statementTimeoutMs ?? 10_000 },
    });
    return {
      kind: 'postgres',
      prisma,
      adapterFactory,
      pglite: null,
      migrate: () => applyMigrations(adapterFactory),
      pendingMigrations: () => pendingIn(prisma),
      poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max }),
      close: async () => {
        await prisma.$disconnect();
        if (!pool.ended) await pool.end();
      },
    };
  }
  if (location.dataDir) await mkdir(location.dataDir, { recursive: true });
  const pglite = new PGlite({
    ...(location.dataDir ? { dataDir: location.dataDir } : {}),
    ...(location.loadDataDir ? { loadDataDir: location.loadDataDir } : {}),
  });
  await pglite.waitReady;
  const adapterFactory = new MendedPGliteFactory(pglite);
  const prisma = new PrismaClient({ adapter: adapterFactory });
  return {
    kind: 'pglite',
    prisma,
    adapterFactory,
    pglite,
    migrate: () => applyMigrations(adapterFactory),
    pendingMigrations: () => pendingIn(prisma),
    poolStats: () => null,
    close: async () => {
      await prisma.$disconnect();
      if (!pglite.closed) await pglite.close();
    },
  };
}

// Opens the database chosen by configuration: embedded PGlite by default, PostgreSQL when the URL
// says so. Both are reached through Prisma driver adapters; the same client and migrations serve both.
import { mkdir, readdir } from 'node:fs/promises';
import { Socket } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  isDriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type Transaction,
} from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/client/client.js';
import { applyMigrations, migrationsDir } from './migrate.js';
import { statementNames } from './statement-names.js';

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
  /**
   * Longest this process waits for PostgreSQL's answer to a statement, in milliseconds (default: the
   * statement timeout). It bounds the wait when the server cannot cancel anything: packets dropped.
   */
  queryTimeoutMs?: number;
  /**
   * Longest to wait for a new connection, or for a free one of the pool, in milliseconds (default: the
   * statement timeout, else 10 s).
   */
  connectTimeoutMs?: number;
}

/**
 * The database's share of a request's time: a statement may run 70 % of it; connecting, waiting for
 * a free pooled connection (one setting in pg-pool) and waiting for a statement's answer each give
 * up after 80 %. So a database that stops answering is reported within the request's own timeout
 * rather than after it (the rest is left for the work around the statement), while a burst that
 * keeps every connection busy for a while still gets its turn.
 */
export function databaseTimeouts(
  requestTimeoutMs: number,
): Required<Pick<DatabaseOptions, 'statementTimeoutMs' | 'queryTimeoutMs' | 'connectTimeoutMs'>> {
  // The server cancels a slow statement first (the connection stays usable); the client gives up a
  // little later, when the server could not even do that.
  const statementTimeoutMs = Math.max(1, Math.floor(requestTimeoutMs * 0.7));
  const queryTimeoutMs = Math.max(statementTimeoutMs + 1, Math.floor(requestTimeoutMs * 0.8));
  return { statementTimeoutMs, queryTimeoutMs, connectTimeoutMs: queryTimeoutMs };
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
 * Adapters over pglite-prisma-adapter 0.7 that mend three of its faults:
 * - it fires `exec` without awaiting it, so a failing migration script would be recorded as applied;
 *   here scripts are awaited and their errors reach the schema engine;
 * - it hands list parameters of enum type (e.g. `buyingRoles has CHAMPION`) to PGlite as plain
 *   arrays, which PGlite cannot serialize for a type it does not know; here they are sent as
 *   PostgreSQL array literals, which PostgreSQL casts to any array type;
 * - it gives every statement its own result parsers, and PGlite copies its ~300 parsers into a new
 *   object for each statement that brings some (about 0.1 ms a statement); here the adapter's
 *   parsers become the engine's own and statements carry none.
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
    parseWithEngineParsers(client, client);
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => {
      const transaction = await startTransaction(isolationLevel);
      sendListsAsLiterals(transaction);
      // The adapter keeps PGlite's transaction as `client`.
      const inner = (transaction as unknown as { client?: Pick<PGlite, 'query'> }).client;
      if (inner && typeof inner.query === 'function') parseWithEngineParsers(client, inner);
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

const parsingWithEngineParsers = new WeakSet<object>();

/**
 * Makes `queries` (the engine or one of its transactions) hand the parsers a statement brings to the
 * engine instead, which parses every result with its own: the same parsers, without a copy of the
 * engine's per statement. Only Prisma's adapter queries this engine, so its parsers are the engine's.
 */
function parseWithEngineParsers(engine: PGlite, queries: Pick<PGlite, 'query'>): void {
  if (parsingWithEngineParsers.has(queries)) return;
  parsingWithEngineParsers.add(queries);
  const query = queries.query.bind(queries);
  queries.query = ((sql: string, params?: unknown[], options?: Parameters<PGlite['query']>[2]) => {
    if (!options?.parsers) return query(sql, params, options);
    const { parsers, ...rest } = options;
    for (const type in parsers) if (engine.parsers[type] !== parsers[type]) engine.parsers[type] = parsers[type]!;
    return query(sql, params, rest);
  }) as PGlite['query'];
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

/** How long closing waits for the pool's connections to say goodbye before it cuts them. */
const CLOSE_WAIT_MS = 1_000;

/**
 * An error that says the database could not be reached or did not answer (refused, reset, timed
 * out connecting, waiting for a pooled connection or for a statement's answer), as opposed to an
 * error the server answered with. It recognises each form the driver (node-postgres), the driver
 * adapter and the Prisma client raise it in. A connection that met such an error must not be reused.
 */
export function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof pg.DatabaseError) return CONNECTION_SQLSTATES.has(error.code ?? '');
  if (isDriverAdapterError(error)) return isConnectionCause(error.cause);
  const prismaCode = (error as { code?: unknown }).code;
  if (error.name.startsWith('PrismaClient')) {
    const meta = (error as { meta?: { driverAdapterError?: { cause?: unknown } } }).meta;
    if (meta?.driverAdapterError?.cause) return isConnectionCause(meta.driverAdapterError.cause);
    if (error.name === 'PrismaClientInitializationError') return true;
    if (typeof prismaCode === 'string' && PRISMA_CONNECTION_CODES.has(prismaCode)) return true;
    // P2028 is any transaction API error; only this one says no connection came in time.
    return prismaCode === 'P2028' && /Unable to start a transaction in the given time/i.test(error.message);
  }
  // node-postgres, pg-pool and Node's sockets raise plain Errors; any other class (an error of the
  // application or of GraphQL) may quote a client's text and is never taken for one of these.
  if (Object.getPrototypeOf(error) !== Error.prototype) return false;
  if (typeof prismaCode === 'string' && SOCKET_CODES.has(prismaCode)) return true;
  return CONNECTION_MESSAGES.test(error.message);
}

function isConnectionCause(cause: unknown): boolean {
  if (!cause || typeof cause !== 'object') return false;
  const { kind, originalCode } = cause as { kind?: unknown; originalCode?: unknown };
  return (
    (typeof kind === 'string' && CONNECTION_KINDS.has(kind)) ||
    (typeof originalCode === 'string' && CONNECTION_SQLSTATES.has(originalCode))
  );
}

// Can't reach the server, timed out reaching it, operations timed out, server closed the
// connection, timed out waiting for a pooled connection.
const PRISMA_CONNECTION_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const CONNECTION_KINDS = new Set<string>([
  'DatabaseNotReachable',
  'DatabaseDoesNotExist',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  'TlsConnectionError',
]);
// admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections, connection_exception class.
const CONNECTION_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '08000', '08003', '08006', '08001', '08004']);
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
// node-postgres and pg-pool raise these as plain errors without a code.
const CONNECTION_MESSAGES =
  /Query read timeout|timeout exceeded when trying to connect|Connection terminated|connection timeout|Client has encountered a connection error|Connection is not queryable|Cannot use a pool after calling end/i;

/**
 * @prisma/adapter-pg 7 returns a transaction's connection to the pool as healthy whatever happened
 * to it. A connection whose statement went unanswered still waits for that answer, so the next
 * request to borrow it would wait too. Here a transaction that met a connection failure releases its
 * connection with that error, and the pool discards it.
 */
class MendedPgFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres' as const;
  readonly adapterName: string;
  readonly #inner: PrismaPg;

  constructor(pool: pg.Pool) {
    const names = statementNames();
    this.#inner = new PrismaPg(pool, { statementNameGenerator: (query) => names.nameFor(query.sql) as string });
    this.adapterName = this.#inner.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    const adapter = await this.#inner.connect();
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => {
      const transaction = await startTransaction(isolationLevel);
      discardBrokenConnection(transaction);
      return transaction;
    };
    return adapter;
  }

  connectToShadowDb(): Promise<SqlDriverAdapter> {
    return this.#inner.connectToShadowDb();
  }
}

function discardBrokenConnection(transaction: Transaction): void {
  // The adapter keeps the pooled connection as `client`; it is released on commit and rollback.
  const client = (transaction as unknown as { client?: pg.PoolClient }).client;
  if (!client || typeof client.release !== 'function') return;
  let broken: Error | null = null;
  const watch =
    <A extends unknown[], R>(run: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await run(...args);
      } catch (error) {
        if (isConnectionFailure(error)) broken ??= error as Error;
        throw error;
      }
    };
  transaction.queryRaw = watch(transaction.queryRaw.bind(transaction));
  transaction.executeRaw = watch(transaction.executeRaw.bind(transaction));
  const release = client.release.bind(client);
  client.release = (error?: Error | boolean) => release(error || broken || undefined);
}

/** How long an idle pooled PostgreSQL connection stays open. */
const IDLE_CONNECTION_MS = 5 * 60_000;

export async function openDatabase(location: DatabaseLocation, options: DatabaseOptions = {}): Promise<Database> {
  if (location.kind === 'postgres') {
    const max = options.poolSize ?? 10;
    const statementTimeoutMs = options.statementTimeoutMs;
    const queryTimeoutMs = options.queryTimeoutMs ?? statementTimeoutMs;
    const connectTimeoutMs = options.connectTimeoutMs ?? statementTimeoutMs ?? 10_000;
    // Sockets of the pool's connections, so closing can cut the ones a partition keeps from ending.
    const sockets = new Set<Socket>();
    const pool = new pg.Pool({
      connectionString: location.url,
      max,
      // Connecting, and waiting for a free connection of the pool, give up after this.
      connectionTimeoutMillis: connectTimeoutMs,
      // A new backend spends tens of milliseconds of PostgreSQL's CPU on its first statements (catalog
      // caches, plans of prepared statements): keep idle connections for minutes, not pg's 10 s, so a
      // lull between bursts does not make every connection start cold again.
      idleTimeoutMillis: IDLE_CONNECTION_MS,
      ...(statementTimeoutMs ? { statement_timeout: statementTimeoutMs } : {}),
      ...(queryTimeoutMs ? { query_timeout: queryTimeoutMs } : {}),
      // A peer that vanished without closing is noticed on idle connections too.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      stream: () => {
        const socket = new Socket();
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
        return socket;
      },
    });
    // An idle connection that the server drops must not take the process down.
    pool.on('error', () => {});
    const adapterFactory = new MendedPgFactory(pool);
    // Under a burst every connection may be busy: a transaction waits for one as long as a new
    // connection may take (the pool's own wait gives up then too).
    const prisma = new PrismaClient({
      adapter: adapterFactory,
      transactionOptions: { maxWait: connectTimeoutMs },
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
        // Ending waits for each connection's goodbye, which never comes through a partition: after
        // a moment, the remaining sockets are cut.
        const ended = (async () => {
          await prisma.$disconnect();
          if (!pool.ended) await pool.end();
        })();
        let timer: NodeJS.Timeout | undefined;
        const waited = new Promise<'late'>((resolve) => {
          timer = setTimeout(() => resolve('late'), CLOSE_WAIT_MS);
          timer.unref();
        });
        const outcome = await Promise.race([ended.then(() => 'ended' as const), waited]);
        clearTimeout(timer);
        if (outcome === 'late') {
          for (const socket of sockets) socket.destroy();
          ended.catch(() => {});
        }
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

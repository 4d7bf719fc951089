// Applies and authors migrations with Prisma's schema engine compiled to WebAssembly, driven by the
// database's own driver adapter. No native engine is involved, so this works offline and on any
// platform Node runs on. The migrations folder stays in standard Prisma format.
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  bindMigrationAwareSqlAdapterFactory,
  type ErrorRegistry,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const schemaPath = join(packageDir, 'schema.prisma');
export const migrationsDir = join(packageDir, 'migrations');

const LOCKFILE = 'migration_lock.toml';

export class MigrationError extends Error {
  override name = 'MigrationError';
}

interface MigrationsList {
  baseDir: string;
  lockfile: { path: string; content: string | null };
  shadowDbInitScript: string;
  migrationDirectories: Array<{
    path: string;
    migrationFile: { path: string; content: { tag: 'ok'; value: string } };
  }>;
}

interface SchemaEngine {
  applyMigrations(input: unknown): Promise<{ appliedMigrationNames: string[] }>;
  diff(input: unknown): Promise<{ exitCode: number; stdout: string }>;
}

interface SchemaEngineGlue {
  SchemaEngine: {
    new: (options: unknown, debug: (message: string) => void, adapter: unknown) => Promise<SchemaEngine>;
  };
  __wbg_set_wasm(exports: WasmExports): void;
}

const filters = { externalTables: [], externalEnums: [] };
const ENGINE = Symbol.for('threadwatch.schemaEngine');
const QUEUE = Symbol.for('threadwatch.schemaEngineQueue');

// Node has WebAssembly; @types/node 20 does not declare it. The little this module uses:
type WasmExports = Record<string, unknown>;
const wasm = (
  globalThis as unknown as {
    WebAssembly: {
      instantiate(
        bytes: Uint8Array,
        imports: Record<string, Record<string, unknown>>,
      ): Promise<{ instance: { exports: WasmExports } }>;
    };
  }
).WebAssembly;

// The engine's JS glue is one module per process holding one wasm instance, so the instance is kept
// process-wide (a test runner may load this file more than once) and engine work runs one at a time.
const processWide = globalThis as typeof globalThis & {
  [ENGINE]?: Promise<SchemaEngineGlue>;
  [QUEUE]?: Promise<unknown>;
};

/** Runs engine work after all work queued before it, one piece at a time. */
function serialized<T>(work: () => Promise<T>): Promise<T> {
  const previous = processWide[QUEUE] ?? Promise.resolve();
  const next = previous.then(work, work);
  processWide[QUEUE] = next.catch(() => undefined);
  return next;
}

/** Instantiates the wasm engine once per process. */
function loadEngine(): Promise<SchemaEngineGlue> {
  processWide[ENGINE] ??= (async () => {
    const glue = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as unknown as SchemaEngineGlue &
      Record<string, unknown>;
    const require = createRequire(import.meta.url);
    const wasmPath = join(
      dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')),
      'schema_engine_bg.wasm',
    );
    const imports: Record<string, unknown> = { ...glue };
    // The engine arms timers and never clears them; unref'd timers let the process exit when done.
    for (const name of Object.keys(glue)) {
      if (name.startsWith('__wbg_setTimeout_')) {
        imports[name] = (callback: () => void, ms: number) => {
          const timer = setTimeout(callback, ms >>> 0);
          timer.unref();
          return timer;
        };
      }
    }
    const { instance } = await wasm.instantiate(await readFile(wasmPath), { './schema_engine_bg.js': imports });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return processWide[ENGINE];
}

interface EngineSession {
  engine: SchemaEngine;
  errors: ErrorRegistry;
  /** Disposes every connection the engine opened, so pools do not keep the process alive. */
  dispose(): Promise<void>;
}

async function openEngine(factory: SqlMigrationAwareDriverAdapterFactory): Promise<EngineSession> {
  const glue = await loadEngine();
  const datamodel = await readFile(schemaPath, 'utf8');
  const opened: SqlDriverAdapter[] = [];
  const tracking: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const adapter = await factory.connect();
      opened.push(adapter);
      return adapter;
    },
    connectToShadowDb: async () => {
      const adapter = await factory.connectToShadowDb();
      opened.push(adapter);
      return adapter;
    },
  };
  const bound = bindMigrationAwareSqlAdapterFactory(tracking);
  const engine = await glue.SchemaEngine.new({ datamodels: [[schemaPath, datamodel]] }, () => {}, bound);
  return {
    engine,
    errors: bound.errorRegistry,
    dispose: async () => {
      await Promise.allSettled(opened.map((adapter) => adapter.dispose()));
    },
  };
}

/** Reads a standard Prisma migrations folder, oldest first. */
export async function readMigrations(dir = migrationsDir): Promise<MigrationsList> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok' as const, value: await readFile(join(dir, name, 'migration.sql'), 'utf8') },
      },
    })),
  );
  const lockfile = await readFile(join(dir, LOCKFILE), 'utf8').catch(() => null);
  return {
    baseDir: dir,
    lockfile: { path: LOCKFILE, content: lockfile },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}

/** The engine reports adapter failures as "External error id#N"; the registry holds the real error. */
function describe(error: unknown, errors: ErrorRegistry): string {
  const message =
    error instanceof Error
      ? error.message
      : typeof error === 'object' && error !== null && 'message' in error
        ? String(error.message)
        : JSON.stringify(error);
  const id = /External error id#(\d+)/.exec(message)?.[1];
  const record = id === undefined ? undefined : errors.consumeError(Number(id));
  const cause = record?.error instanceof Error ? record.error.message : record ? JSON.stringify(record.error) : null;
  const migration = /migration_name="([^"]+)"/.exec(message)?.[1];
  if (cause) return `${migration ? `${migration}: ` : ''}${cause}`;
  return message;
}

/** Applies every pending migration; returns the names it applied. A failure throws and is not recorded as applied. */
export function applyMigrations(
  factory: SqlMigrationAwareDriverAdapterFactory,
  dir = migrationsDir,
): Promise<string[]> {
  return serialized(() => applyNow(factory, dir));
}

async function applyNow(factory: SqlMigrationAwareDriverAdapterFactory, dir: string): Promise<string[]> {
  const session = await openEngine(factory);
  const migrationsList = await readMigrations(dir);
  try {
    const result = await session.engine.applyMigrations({ migrationsList, filters });
    return result.appliedMigrationNames;
  } catch (error) {
    throw new MigrationError(`Migration failed: ${describe(error, session.errors)}`);
  } finally {
    await session.dispose();
  }
}

/**
 * The SQL that takes a database from the migrations folder to the current schema.prisma. The folder is
 * replayed on the factory's database, so give it an empty scratch database (an in-memory PGlite).
 */
export function diffMigrations(factory: SqlMigrationAwareDriverAdapterFactory, dir = migrationsDir): Promise<string> {
  return serialized(() => diffNow(factory, dir));
}

async function diffNow(factory: SqlMigrationAwareDriverAdapterFactory, dir: string): Promise<string> {
  const session = await openEngine(factory);
  const migrationsList = await readMigrations(dir);
  const from =
    migrationsList.migrationDirectories.length === 0 ? { tag: 'empty' } : { tag: 'migrations', ...migrationsList };
  const datamodel = await readFile(schemaPath, 'utf8');
  try {
    const result = await session.engine.diff({
      from,
      to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: datamodel }] },
      script: true,
      shadowDatabaseUrl: null,
      exitCode: null,
      filters,
    });
    return result.stdout;
  } catch (error) {
    throw new MigrationError(`Diff failed: ${describe(error, session.errors)}`);
  } finally {
    await session.dispose();
  }
}

export const EMPTY_MIGRATION = '-- This is an empty migration.';

import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/database.ts';
import { openDatabase } from '../src/database.ts';
import { applyMigrations, diffMigrations, EMPTY_MIGRATION, MigrationError, migrationsDir } from '../src/migrate.ts';

let db: TestDatabase;
let brokenDir: string;

beforeAll(async () => {
  db = await freshDatabase();
  brokenDir = await mkdtemp(join(tmpdir(), 'threadwatch-migrations-'));
  await cp(migrationsDir, brokenDir, { recursive: true });
  await mkdir(join(brokenDir, '29991231000000_broken'));
  await writeFile(
    join(brokenDir, '29991231000000_broken', 'migration.sql'),
    'CREATE TABLE "HalfDone" (id int);\nALTER TABLE "NoSuchTable" ADD COLUMN x int;\n',
  );
});
afterAll(async () => {
  await db.close();
  await rm(brokenDir, { recursive: true, force: true });
});

async function appliedNames(): Promise<Array<{ migration_name: string; finished: boolean }>> {
  return db.prisma.$queryRawUnsafe<Array<{ migration_name: string; finished: boolean }>>(
    'SELECT migration_name, finished_at IS NOT NULL AS finished FROM _prisma_migrations ORDER BY migration_name',
  );
}

describe('migrations', () => {
  it('are all applied to a fresh test database, and applying again is a no-op', async () => {
    const before = await appliedNames();
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((row) => row.finished)).toBe(true);
    expect(await db.migrate()).toEqual([]);
    expect(await appliedNames()).toEqual(before);
  });

  it('describe schema.prisma exactly (no change waiting for a migration)', async () => {
    // Diffing replays the folder on a scratch database: an empty in-memory PGlite, whatever TEST_DB is.
    const scratch = await openDatabase({ kind: 'pglite', dataDir: null });
    try {
      expect((await diffMigrations(scratch.adapterFactory)).trim()).toBe(EMPTY_MIGRATION);
    } finally {
      await scratch.close();
    }
  });

  it('fail loudly on a broken migration, name it, and never record it as applied', async () => {
    const error = await applyMigrations(db.adapterFactory, brokenDir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toMatch(/29991231000000_broken/);
    expect((error as Error).message).toMatch(/NoSuchTable/);
    const broken = (await appliedNames()).find((row) => row.migration_name === '29991231000000_broken');
    expect(broken?.finished ?? false).toBe(false);
    // Later runs refuse to continue past the failure instead of skipping it.
    await expect(applyMigrations(db.adapterFactory, brokenDir)).rejects.toThrow(/failed migrations/);
  });
});

import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
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
    // Replays every migration twice on PGlite: tens of seconds on a busy machine.
  }, 120_000);

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

describe('the migration that makes every token expire', () => {
  const NAME = '20261205003931_every_token_expires';
  const DAY = 86_400_000;

  it('gives live tokens without an expiry 90 days from when it runs, revoked ones their revocation, and keeps the rest', async () => {
    // A database as it was before: every migration up to this one.
    const before = await mkdtemp(join(tmpdir(), 'threadwatch-migrations-before-'));
    const scratch = await openDatabase({ kind: 'pglite', dataDir: null });
    try {
      await cp(migrationsDir, before, { recursive: true });
      for (const name of await readdir(before)) {
        if (name >= NAME && !name.endsWith('.toml')) await rm(join(before, name), { recursive: true });
      }
      await applyMigrations(scratch.adapterFactory, before);
      const org = '00000000-0000-4000-8000-000000000001';
      const member = '00000000-0000-4000-8000-000000000002';
      const set = '2027-01-15 10:00:00';
      const revokedAt = '2026-10-01 08:30:00';
      await scratch.prisma.$executeRawUnsafe(
        `INSERT INTO "Organization" ("id", "name", "slug") VALUES ('${org}', 'Old Co', 'old-co')`,
      );
      await scratch.prisma.$executeRawUnsafe(
        `INSERT INTO "Member" ("id", "organizationId", "name", "email", "role") VALUES ('${member}', '${org}', 'Olga', 'olga@old.example', 'ADMIN')`,
      );
      const token = (id: number, name: string, expiresAt: string | null, revoked: string | null) =>
        scratch.prisma.$executeRawUnsafe(
          `INSERT INTO "ApiToken" ("id", "organizationId", "memberId", "name", "tokenHash", "prefix", "expiresAt", "revokedAt", "createdAt")
           VALUES ('00000000-0000-4000-8000-00000000010${id}', '${org}', '${member}', '${name}', 'hash-${id}', 'tw_${id}',
                   ${expiresAt ? `'${expiresAt}'` : 'NULL'}, ${revoked ? `'${revoked}'` : 'NULL'}, '2025-06-01 00:00:00')`,
        );
      await token(1, 'never expires', null, null);
      await token(2, 'revoked, never expired', null, revokedAt);
      await token(3, 'expires', set, null);
      await token(4, 'revoked, expires', set, revokedAt);

      const start = Date.now();
      expect(await applyMigrations(scratch.adapterFactory)).toContain(NAME);
      const end = Date.now();
      const rows = await scratch.prisma.apiToken.findMany({ orderBy: { id: 'asc' } });
      const expiry = Object.fromEntries(rows.map((row) => [row.name, row.expiresAt.getTime()]));
      expect(expiry['never expires']).toBeGreaterThanOrEqual(start - 1_000 + 90 * DAY);
      expect(expiry['never expires']).toBeLessThanOrEqual(end + 90 * DAY);
      expect(expiry['revoked, never expired']).toBe(Date.parse(`${revokedAt.replace(' ', 'T')}Z`));
      expect(expiry.expires).toBe(Date.parse(`${set.replace(' ', 'T')}Z`));
      expect(expiry['revoked, expires']).toBe(Date.parse(`${set.replace(' ', 'T')}Z`));
      // The column is required now: a token without an expiry cannot be stored.
      await expect(token(5, 'no expiry', null, null)).rejects.toThrow();
    } finally {
      await scratch.close();
      await rm(before, { recursive: true, force: true });
    }
  });
});

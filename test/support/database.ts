// A fresh, migrated database for one test file: PGlite by default, PostgreSQL when TEST_DB=postgres.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type Database, openDatabase } from '@threadwatch/db/database';
import pg from 'pg';
import { inject } from 'vitest';
import { databaseUrl, postgresAdminUrl } from './global-setup.ts';

export interface TestDatabase extends Database {
  /** Connection string of a PostgreSQL test database; null on PGlite. */
  url: string | null;
}

/** A database with no migration applied (for tests of migrations): PGlite, or PostgreSQL when TEST_DB=postgres. */
export async function emptyDatabase(): Promise<TestDatabase> {
  if (process.env.TEST_DB === 'postgres') return postgresDatabase(null);
  const db = await openDatabase({ kind: 'pglite', dataDir: null });
  return { ...db, url: null };
}

export async function freshDatabase(): Promise<TestDatabase> {
  if (process.env.TEST_DB === 'postgres') return postgresDatabase(inject('postgresTemplate'));
  const dump = await readFile(inject('pgliteTemplate'));
  const db = await openDatabase({ kind: 'pglite', dataDir: null, loadDataDir: new Blob([dump]) });
  return { ...db, url: null };
}

/** A new PostgreSQL database of this run, a copy of the template or empty, dropped on close. */
async function postgresDatabase(template: string | null): Promise<TestDatabase> {
  const admin = postgresAdminUrl();
  const name = `tw_test_${inject('runId')}_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
  } finally {
    await client.end();
  }
  const url = databaseUrl(admin, name);
  const db = await openDatabase({ kind: 'postgres', url });
  return {
    ...db,
    url,
    close: async () => {
      await db.close();
      const dropper = new pg.Client({ connectionString: admin });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await dropper.end();
    },
  };
}

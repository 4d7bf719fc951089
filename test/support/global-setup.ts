// Prepares one migrated database per run, so each test file can start from a fresh copy quickly:
// a PGlite data-directory dump, or a PostgreSQL template database.
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@threadwatch/db/database';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string;
    /** Names this run's test databases, so teardown can drop what a crashed file left. */
    runId: string;
  }
}

export function postgresAdminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set.');
  return url;
}

export function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export default async function setup(project: TestProject) {
  const runId = `${process.pid}_${Date.now()}`;
  project.provide('runId', runId);
  // Project env reaches the test workers, not this hook: the project's name says which database.
  if (project.name === 'postgres') {
    const admin = postgresAdminUrl();
    const name = `tw_template_${runId}`;
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`CREATE DATABASE "${name}"`);
    const db = await openDatabase({ kind: 'postgres', url: databaseUrl(admin, name) });
    await db.migrate();
    await db.close();
    project.provide('postgresTemplate', name);
    project.provide('pgliteTemplate', '');
    return async () => {
      const leftovers = await client.query<{ datname: string }>(
        'SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2',
        [`tw_test_${runId}_%`, name],
      );
      for (const { datname } of leftovers.rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      await client.end();
    };
  }
  const db = await openDatabase({ kind: 'pglite', dataDir: null });
  await db.migrate();
  const dump = await db.pglite!.dumpDataDir('none');
  await db.close();
  const file = join(tmpdir(), `threadwatch-template-${runId}.tar`);
  await writeFile(file, new Uint8Array(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  project.provide('postgresTemplate', '');
  return async () => {
    await rm(file, { force: true });
  };
}

// `pnpm run import` as a user runs it: a child process on a database of its own (a PGlite data
// directory, or a PostgreSQL database), a file path relative to the caller's folder, a token.
import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, repoRoot } from '@threadwatch/db/database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, type TestOrganization } from '../support/api.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { windows1252 } from '../support/windows-1252.ts';

let workDir: string;
let databaseUrl: string;
let postgres: TestDatabase | null = null;
let org: TestOrganization;

const fixtures = join(repoRoot, 'api', 'test', 'graphql', 'fixtures');

/** Opens the test database briefly (PGlite allows one process at a time on a directory). */
async function withDatabase<T>(work: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  if (postgres) return work(postgres);
  const db = await openDatabase({ kind: 'pglite', dataDir: join(workDir, 'pglite') });
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

function runCli(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'api', 'src', 'cli', 'import.ts'), ...args],
      {
        cwd: join(repoRoot, 'api'),
        env: { ...process.env, DATABASE_URL: databaseUrl, INIT_CWD: workDir, THREADWATCH_TOKEN: '', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'threadwatch-import-cli-'));
  await copyFile(join(fixtures, 'salesforce-accounts.csv'), join(workDir, 'accounts.csv'));
  await copyFile(join(fixtures, 'salesforce-contacts.csv'), join(workDir, 'contacts.csv'));
  if (process.env.TEST_DB === 'postgres') {
    postgres = await freshDatabase();
    databaseUrl = postgres.url as string;
  } else {
    databaseUrl = `pglite:${join(workDir, 'pglite')}`;
    await withDatabase((db) => db.migrate());
  }
  org = await withDatabase((db) => createOrganization(db.prisma, 'northwind'));
}, 120_000);

afterAll(async () => {
  await postgres?.close();
  await rm(workDir, { recursive: true, force: true });
});

describe('pnpm run import', () => {
  it('refuses bad usage with exit code 2 and says why', async () => {
    const noKind = await runCli(['accounts.csv', '--token', org.csm.token]);
    expect(noKind.code).toBe(2);
    expect(noKind.stderr).toContain('Say what the file holds with --kind.');
    const badKind = await runCli(['accounts.csv', '--kind', 'people', '--token', org.csm.token]);
    expect([badKind.code, badKind.stderr.split('\n')[0]]).toEqual([
      2,
      '--kind must be accounts, stakeholders or relationships, got "people".',
    ]);
    const noToken = await runCli(['accounts.csv', '--kind', 'accounts']);
    expect([noToken.code, noToken.stderr.split('\n')[0]]).toEqual([
      2,
      'Give an API token with --token or THREADWATCH_TOKEN.',
    ]);
    const badReport = await runCli(['accounts.csv', '--kind', 'accounts', '--report', 'out.txt', '--token', 'x']);
    expect(badReport.code).toBe(2);
  });

  it('fails with exit code 1 on a bad token, a missing file or a file it cannot read', async () => {
    const malformed = await runCli(['accounts.csv', '--kind', 'accounts', '--token', 'tw_nope']);
    expect([malformed.code, malformed.stderr.split('\n')[0]]).toEqual([
      2,
      'The token is not a Threadwatch API token (tw_…).',
    ]);
    const last = org.csm.token.at(-1) === 'A' ? 'B' : 'A';
    const unknown = await runCli([
      'accounts.csv',
      '--kind',
      'accounts',
      '--token',
      `${org.csm.token.slice(0, -1)}${last}`,
    ]);
    expect([unknown.code, unknown.stderr.trim()]).toEqual([1, 'Invalid or revoked API token.']);
    const missing = await runCli(['missing.csv', '--kind', 'accounts', '--token', org.csm.token]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No such file');
    const unmapped = await runCli([
      'accounts.csv',
      '--kind',
      'accounts',
      '--mapping',
      'Nope=name',
      '--token',
      org.csm.token,
    ]);
    expect(unmapped.code).toBe(1);
    expect(unmapped.stderr).toContain('--mapping "Nope": The mapping names a column the file does not have.');
  });

  it('a dry run prints the summary and changes nothing', async () => {
    const result = await runCli(['accounts.csv', '--kind', 'accounts', '--dry-run'], {
      THREADWATCH_TOKEN: org.csm.token,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Dry run of accounts from accounts.csv');
    expect(result.stdout).toContain('created 3 · updated 0 · unchanged 0');
    expect(result.stderr).toMatch(/100% · 3 rows · [\d,]+ rows\/s/);
    expect(await withDatabase((db) => db.prisma.account.count({ where: { organizationId: org.id } }))).toBe(0);
  });

  it('imports, writes the report, and changes nothing the second time', async () => {
    const accounts = await runCli(['accounts.csv', '--kind', 'accounts', '--token', org.csm.token]);
    expect(accounts.code).toBe(0);
    expect(accounts.stdout).toContain('created 3');
    const contacts = await runCli([
      'contacts.csv',
      '--kind=stakeholders',
      '--mapping',
      'Mailing City=ignore',
      '--report',
      'report.csv',
      '--token',
      org.rep.token,
    ]);
    expect(contacts.code).toBe(0);
    expect(contacts.stdout).toContain('3 rows in');
    expect(contacts.stdout).toMatch(/peak memory \d+ MB/);
    const report = (await readFile(join(workDir, 'report.csv'), 'utf8')).trim().split('\n');
    expect(report[0]).toBe('row,outcome,column,message,record_id');
    expect(report.slice(1).map((line) => line.split(',').slice(0, 2).join(','))).toEqual([
      '2,CREATED',
      '3,CREATED',
      '4,CREATED',
    ]);

    const again = await runCli([
      'contacts.csv',
      '--kind',
      'stakeholders',
      '--report',
      'again.json',
      '--token',
      org.rep.token,
    ]);
    expect(again.code).toBe(0);
    const json = JSON.parse(await readFile(join(workDir, 'again.json'), 'utf8')) as {
      rows: Array<{ rowNumber: number; outcome: string }>;
      summary: { counts: Record<string, number>; ignoredColumns: string[] };
    };
    expect(json.rows.map((row) => [row.rowNumber, row.outcome])).toEqual([
      [2, 'UNCHANGED'],
      [3, 'UNCHANGED'],
      [4, 'UNCHANGED'],
    ]);
    expect(json.summary.counts.UNCHANGED).toBe(3);
    expect(json.summary.ignoredColumns).toEqual(['Mailing City']);
    const people = await withDatabase((db) => db.prisma.stakeholder.count({ where: { organizationId: org.id } }));
    expect(people).toBe(3);
  }, 60_000);

  it('applies the permissions of the token’s member', async () => {
    const result = await runCli(['accounts.csv', '--kind', 'accounts', '--token', org.rep.token]);
    expect([result.code, result.stderr.trim()]).toEqual([
      1,
      'Your role or token scope does not allow importing accounts.',
    ]);
  });

  it('detects a Windows-1252 export and stores its text as written; an explicit wrong encoding changes nothing', async () => {
    const bytes = windows1252('Account ID,Account Name\nW-1,Société €\nW-2,Café “Zürich”\n');
    await writeFile(join(workDir, 'windows.csv'), bytes);
    const wrong = await runCli(['windows.csv', '--kind', 'accounts', '--encoding', 'utf-8', '--token', org.csm.token]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('The file is not valid UTF-8');
    const names = () =>
      withDatabase((db) =>
        db.prisma.account.findMany({
          where: { organizationId: org.id, crmId: { startsWith: 'W-' } },
          orderBy: { crmId: 'asc' },
          select: { name: true },
        }),
      );
    expect(await names()).toEqual([]);
    const detected = await runCli(['windows.csv', '--kind', 'accounts', '--token', org.csm.token]);
    expect(detected.code).toBe(0);
    expect(detected.stdout).toContain('encoding windows-1252');
    expect((await names()).map((row) => row.name)).toEqual(['Société €', 'Café “Zürich”']);
  }, 60_000);
});

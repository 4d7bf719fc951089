// The CRM import at scale: a 100,000-row stakeholder file (Salesforce headers) imported through the
// command line, as a user would run it, into a fresh database of its own (a PGlite directory under
// .data/bench, or the PostgreSQL database threadwatch_import_bench). The command runs in its own
// process, so the peak memory it prints is the import's own; a streaming import keeps it flat however
// large the file. The same file is then imported again, which must change nothing.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { openDatabase, repoRoot } from '@threadwatch/db/database';
import pg from 'pg';
import { storeNewToken, tokenExpiryFor } from '../../api/src/services/api-tokens.ts';
import { postgresAdminUrl } from './support.ts';

const benchDir = join(repoRoot, '.data', 'bench', 'import');
const POSTGRES_NAME = 'threadwatch_import_bench';
const ROLES = ['Champion', 'Economic Buyer', 'Executive Sponsor', 'Decision Maker', 'Technical Buyer', 'Business User'];
const TITLES = ['VP Operations', 'CFO', 'Head of IT', 'Director, Procurement', 'Engineering Manager', 'Analyst'];
const FIRST =
  'Ada Ben Cleo Dana Eli Farah Gwen Hiro Ines Jon Kira Lena Marco Nora Omar Pia Quinn Ravi Sara Tom Uma Vik Wen Yara Zoe Alba Bram Chen Dev Ezra Fumi Gus Hana Ivo Jana Kofi Lior Mina Nils Ola'.split(
    ' ',
  );
const LAST =
  'Ruiz Brandt Nguyen Okafor Tanaka Silva Berg Novak Rossi Haddad Kowalski Moreau Ito Larsen Mensah Petrov Quist Rahman Sato Torres Ueda Varga Weber Xu Yilmaz Zhou Abbott Bauer Costa Dubois Eriksen Fischer Garcia Horvat Ivanova Jensen Kim Lopez Murphy Nakamura'.split(
    ' ',
  );

/** A small deterministic generator, so every run imports the same file. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

async function writeLines(path: string, lines: Iterable<string>): Promise<number> {
  const out = createWriteStream(path);
  for (const line of lines) {
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return (await stat(path)).size;
}

function* accountLines(accounts: number) {
  yield 'Account ID,Account Name,Website,Type,Tier\r\n';
  for (let i = 1; i <= accounts; i++) {
    yield `ACC-${i},"Company ${i}, Inc.",company-${i}.example,Customer - Direct,${i % 10 === 0 ? 'Strategic' : i % 3 === 0 ? 'Key' : 'Standard'}\r\n`;
  }
}

/** Contacts in no particular account order, as a contact export sorted by contact id comes out. */
function* stakeholderLines(rows: number, accounts: number) {
  const next = random(20261123);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
  yield 'Contact ID,First Name,Last Name,Title,Email,Account Name,Account ID,Contact Role,LinkedIn URL,Mailing City\r\n';
  for (let i = 1; i <= rows; i++) {
    const account = 1 + Math.floor(next() * accounts);
    const first = pick(FIRST);
    const last = pick(LAST);
    yield `CON-${i},${first},${last},"${pick(TITLES)}",${first.toLowerCase()}.${last.toLowerCase()}.${i}@company-${account}.example,"Company ${account}, Inc.",ACC-${account},${pick(ROLES)},https://www.linkedin.com/in/${first.toLowerCase()}-${last.toLowerCase()}-${i}/,Springfield\r\n`;
  }
}

async function freshDatabase(kind: 'pglite' | 'postgres'): Promise<string> {
  if (kind === 'pglite') {
    const dataDir = join(benchDir, 'pglite');
    await rm(dataDir, { recursive: true, force: true });
    return `pglite:${dataDir}`;
  }
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${POSTGRES_NAME}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${POSTGRES_NAME}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${POSTGRES_NAME}`;
  return url.toString();
}

/** Migrates the database and adds an organization with an admin and a token for the import. */
async function prepare(databaseUrl: string): Promise<string> {
  const db = await openDatabase(
    databaseUrl.startsWith('pglite:')
      ? { kind: 'pglite', dataDir: databaseUrl.slice('pglite:'.length) }
      : { kind: 'postgres', url: databaseUrl },
  );
  try {
    await db.migrate();
    const organization = await db.prisma.organization.create({ data: { name: 'Import bench', slug: 'import-bench' } });
    const admin = await db.prisma.member.create({
      data: { organizationId: organization.id, name: 'Ada Admin', email: 'ada@import-bench.example', role: 'ADMIN' },
    });
    const { secret } = await storeNewToken(db.prisma, {
      organizationId: organization.id,
      memberId: admin.id,
      name: 'import bench',
      expiresAt: tokenExpiryFor({}),
    });
    return secret;
  } finally {
    await db.close();
  }
}

interface CliFigures {
  rows: number;
  rowsPerSecond: number;
  peakMb: number;
  outcomes: string;
}

/** Runs `pnpm run import`'s entry point in its own process and reads the figures it prints. */
function importFile(databaseUrl: string, token: string, file: string, kind: string): Promise<CliFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'api', 'src', 'cli', 'import.ts'), file, '--kind', kind],
      {
        cwd: join(repoRoot, 'api'),
        env: { ...process.env, DATABASE_URL: databaseUrl, THREADWATCH_TOKEN: token, INIT_CWD: benchDir },
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
      const last =
        stderr
          .trimEnd()
          .split(/[\r\n]/)
          .at(-1) ?? '';
      process.stderr.write(`\r    ${kind}: ${last}    `);
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      process.stderr.write('\n');
      const figures = /([\d,]+) rows in [\d.]+ s \(([\d,]+) rows\/s\), peak memory (\d+) MB/.exec(stdout);
      const outcomes = /^ {2}(created .*)$/m.exec(stdout)?.[1] ?? '';
      if (code !== 0 || !figures) {
        reject(new Error(`import exited with ${code}:\n${stdout}\n${stderr}`));
        return;
      }
      const toNumber = (text: string | undefined) => Number((text ?? '0').replaceAll(',', ''));
      resolve({
        rows: toNumber(figures[1]),
        rowsPerSecond: toNumber(figures[2]),
        peakMb: toNumber(figures[3]),
        outcomes,
      });
    });
  });
}

export async function importBench(
  kinds: ReadonlyArray<'pglite' | 'postgres'>,
  options: { rows: number; accounts: number },
): Promise<string[]> {
  await mkdir(benchDir, { recursive: true });
  const accountsFile = join(benchDir, `accounts-${options.accounts}.csv`);
  const stakeholdersFile = join(benchDir, `stakeholders-${options.rows}.csv`);
  await writeLines(accountsFile, accountLines(options.accounts));
  const bytes = await writeLines(stakeholdersFile, stakeholderLines(options.rows, options.accounts));
  const lines = [
    `  CRM import: ${options.rows.toLocaleString('en-US')} stakeholder rows (${(bytes / 1024 / 1024).toFixed(1)} MB) at ${options.accounts.toLocaleString('en-US')} accounts, through the command line, batches of 500`,
  ];
  for (const kind of kinds) {
    const url = await freshDatabase(kind);
    const token = await prepare(url);
    const accounts = await importFile(url, token, accountsFile, 'accounts');
    const first = await importFile(url, token, stakeholdersFile, 'stakeholders');
    const again = await importFile(url, token, stakeholdersFile, 'stakeholders');
    lines.push(
      `  ${kind.padEnd(8)} accounts   ${accounts.rowsPerSecond.toLocaleString('en-US').padStart(7)} rows/s  peak ${accounts.peakMb} MB`,
      `  ${kind.padEnd(8)} new        ${first.rowsPerSecond.toLocaleString('en-US').padStart(7)} rows/s  peak ${first.peakMb} MB  (${first.outcomes})`,
      `  ${kind.padEnd(8)} re-import  ${again.rowsPerSecond.toLocaleString('en-US').padStart(7)} rows/s  peak ${again.peakMb} MB  (${again.outcomes})`,
    );
  }
  return lines;
}

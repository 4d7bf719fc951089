// Shared pieces of the benchmarks: seeded databases that are reused between runs, the API in a
// child process (so the load generator does not share its event loop), and percentile helpers.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { openDatabase, repoRoot } from '@threadwatch/db/database';
import { seedDemo } from '@threadwatch/db/seed';
import pg from 'pg';
import { storeNewToken, tokenExpiryFor } from '../../api/src/services/api-tokens.ts';
import { refreshOrganizationHealth } from '../../api/src/services/health.ts';

export type BenchDatabase = { kind: 'pglite'; url: string; dataDir: string } | { kind: 'postgres'; url: string };

export const postgresAdminUrl =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function progress(label: string) {
  let last = -1;
  return (done: number, total: number) => {
    const percent = Math.floor((done / Math.max(total, 1)) * 100);
    if (percent !== last) process.stderr.write(`\r  ${label}: ${percent}%${percent === 100 ? '\n' : ''}`);
    last = percent;
  };
}

async function postgresDatabaseExists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    const result = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (result.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
    return result.rowCount !== 0;
  } finally {
    await client.end();
  }
}

/** PostgreSQL bench databases are named <prefix>_<size>; a branch with migrations of its own picks its own prefix. */
export const postgresBenchPrefix = process.env.BENCH_DATABASE_PREFIX ?? 'threadwatch_bench';

export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/**
 * A migrated database with the demo organization at `accounts` accounts, and a token for it. Seeded
 * once and kept (under .data/bench or as a PostgreSQL database), so later runs start at once.
 */
export async function benchDatabase(
  kind: 'pglite' | 'postgres',
  accounts: number,
): Promise<{ db: BenchDatabase; token: string; organizationId: string; profileKeys: string[]; activeKeys: string[] }> {
  let location: BenchDatabase;
  if (kind === 'pglite') {
    const dataDir = join(repoRoot, '.data', 'bench', `pglite-${accounts}`);
    await mkdir(dataDir, { recursive: true });
    location = { kind, dataDir, url: `pglite:${dataDir}` };
  } else {
    const name = `${postgresBenchPrefix}_${accounts}`;
    await postgresDatabaseExists(name);
    const url = new URL(postgresAdminUrl);
    url.pathname = `/${name}`;
    location = { kind, url: url.toString() };
  }
  const database = await openDatabase(
    location.kind === 'pglite'
      ? { kind: 'pglite', dataDir: location.dataDir }
      : { kind: 'postgres', url: location.url },
  );
  try {
    await database.migrate();
    let organization = await database.prisma.organization.findUnique({ where: { slug: 'bench' } });
    if (!organization) {
      const started = Date.now();
      await seedDemo(database.prisma, {
        accounts,
        organizationSlug: 'bench',
        onProgress: progress(`seeding ${accounts} accounts on ${kind}`),
      });
      console.log(`  seeded ${accounts} accounts on ${kind} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      organization = await database.prisma.organization.findUniqueOrThrow({ where: { slug: 'bench' } });
    }
    // Assess every account before measuring, so the API's hourly refresher has nothing to do.
    const unassessed = await database.prisma.account.count({
      where: { organizationId: organization.id, healthUpdatedAt: null },
    });
    if (unassessed > 0) {
      const started = Date.now();
      await refreshOrganizationHealth(database.prisma, organization.id, {
        onProgress: progress(`assessing coverage and risk of ${unassessed} accounts on ${kind}`),
      });
      console.log(`  assessed ${unassessed} accounts on ${kind} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    // Fresh planner statistics and visibility maps, as autovacuum leaves them after bulk changes
    // (PGlite has no autovacuum): without the visibility map, index-only reads still visit every row.
    await database.prisma.$executeRawUnsafe('VACUUM ANALYZE');
    const admin = await database.prisma.member.findFirstOrThrow({
      where: { organizationId: organization.id, role: 'ADMIN' },
    });
    const issued = await storeNewToken(database.prisma, {
      organizationId: organization.id,
      memberId: admin.id,
      name: 'bench',
      expiresAt: tokenExpiryFor({}),
    });
    const sample = await database.prisma.stakeholder.findMany({
      where: { organizationId: organization.id, profileUrl: { not: null } },
      select: { profileUrl: true, status: true },
      orderBy: { id: 'asc' },
      take: 2000,
    });
    const profileKeys = sample.map((row) => row.profileUrl).filter((key): key is string => key !== null);
    const activeKeys = sample
      .filter((row) => row.status === 'ACTIVE' && row.profileUrl)
      .map((row) => row.profileUrl as string);
    return { db: location, token: issued.secret, organizationId: organization.id, profileKeys, activeKeys };
  } finally {
    await database.close();
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Linux's USER_HZ, the unit of the CPU times in /proc/<pid>/stat. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface ApiMemory {
  /** Bytes, after a full garbage collection. */
  rss: number;
  heapUsed: number;
  heapTotal: number;
}

export interface ApiProcess {
  url: string;
  pid: number;
  /** The API process's memory after a forced full garbage collection. */
  memory(): Promise<ApiMemory>;
  /** SQL statements the process has sent so far. */
  queries(): Promise<number>;
  /** CPU time the API process has used so far (user + system), in milliseconds; NaN where /proc is missing. */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Starts `pnpm start`'s entry point in a child process and waits until it serves. The process can
 * be asked for its memory and its SQL statement count (bench-only probe, see memory-probe.ts); with
 * BENCH_CPU_PROFILE=<dir> it writes a V8 CPU profile there when it stops.
 */
export async function startApiProcess(databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<ApiProcess> {
  const port = await freePort();
  return startServerProcess(join(repoRoot, 'api', 'src', 'main.ts'), join(repoRoot, 'api'), port, {
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    DEMO_DATA: 'off',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    // The per-token cost budget runs, but never throttles the bench.
    RATE_LIMIT_POINTS_PER_MINUTE: '1000000000',
    ...extraEnv,
  });
}

/** A GraphQL server script in a child process of its own (with the bench's probe), once it prints `GraphQL:`. */
export async function startServerProcess(
  script: string,
  cwd: string,
  port: number,
  env: Record<string, string>,
): Promise<ApiProcess> {
  const profileDir = process.env.BENCH_CPU_PROFILE;
  const flags = [
    '--expose-gc',
    ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    '--import',
    'tsx',
    '--import',
    join(repoRoot, 'test', 'bench', 'memory-probe.ts'),
  ];
  const child = spawn(process.execPath, [...flags, script], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const url = `http://127.0.0.1:${port}/graphql`;
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('GraphQL:')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before serving:\n${output}`)));
  });
  const pid = child.pid ?? 0;
  const ask = <T>(question: string, key: string) =>
    new Promise<T>((resolve) => {
      const onMessage = (message: Record<string, unknown>) => {
        if (!(key in message)) return;
        child.off('message', onMessage);
        resolve(message[key] as T);
      };
      child.on('message', onMessage);
      child.send(question);
    });
  return {
    url,
    pid,
    memory: () => ask<ApiMemory>('memory', 'memory'),
    queries: () => ask<number>('queries', 'queries'),
    cpuMs: () => processCpuMs(pid),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** CPU time a process has used so far (user + system), in milliseconds; NaN where /proc is missing. */
export async function processCpuMs(pid: number): Promise<number> {
  // Fields 14 and 15 of /proc/<pid>/stat (after the parenthesised command name): user and system ticks.
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/**
 * A clock of the CPU time PostgreSQL's backends for one database have used (from /proc, so only
 * with the server on this machine): each reading is per backend, and `since` sums what the
 * backends alive now used after an earlier reading (new ones counted whole).
 */
export async function postgresCpu(
  url: string,
): Promise<{ read(): Promise<Map<number, number>>; close(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const database = new URL(url).pathname.slice(1);
  return {
    async read() {
      const result = await client.query<{ pid: number }>(
        'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [database],
      );
      const readings = new Map<number, number>();
      for (const { pid } of result.rows) readings.set(pid, await processCpuMs(pid));
      return readings;
    },
    close: () => client.end(),
  };
}

export function cpuSince(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, value] of after) if (Number.isFinite(value)) total += value - (before.get(pid) ?? 0);
  return total;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

export function ms(value: number): string {
  return `${value.toFixed(value < 1 ? 3 : 2)} ms`;
}

export async function writeReport(name: string, text: string): Promise<void> {
  const dir = join(repoRoot, '.data', 'bench');
  if (!existsSync(dir)) await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${name}.txt`), text);
}

// `pnpm bench`: prints the project's performance figures. Options (environment):
//   BENCH_ACCOUNTS   portfolio size (default 10000 accounts, about 100k stakeholders)
//   BENCH_SECONDS    seconds per load phase (default 10)
//   BENCH_DATABASES  pglite,postgres (default both; postgres is skipped when unreachable)
import { profileLookupBench } from './profile-lookup.ts';
import { benchDatabase, postgresReachable, writeReport } from './support.ts';

const accounts = Number(process.env.BENCH_ACCOUNTS ?? 10_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = 10;
const kinds = (process.env.BENCH_DATABASES ?? 'pglite,postgres').split(',') as Array<'pglite' | 'postgres'>;

const report: string[] = [
  `Threadwatch benchmarks — ${accounts} accounts, ${seconds} s per phase, ${new Date().toISOString()}`,
];
for (const kind of kinds) {
  if (kind === 'postgres' && !(await postgresReachable())) {
    report.push(`\n${kind}: skipped (no PostgreSQL reachable; set BENCH_DATABASE_URL)`);
    continue;
  }
  console.log(`\n${kind}: preparing`);
  const { db, token, organizationId, profileKeys } = await benchDatabase(kind, accounts);
  const lines = await profileLookupBench(db, token, organizationId, profileKeys, { seconds, connections });
  report.push(`\n${kind}:`, ...lines);
  console.log(lines.join('\n'));
}
const text = report.join('\n');
console.log(`\n${text}`);
await writeReport('latest', `${text}\n`);

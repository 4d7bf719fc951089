// `pnpm bench`: prints the project's performance figures and keeps them in .data/bench/latest.txt.
// Options (environment):
//   BENCH_SIZES      portfolio sizes in accounts (default 1000,10000,50000; ~8 stakeholders each)
//   BENCH_SECONDS    seconds per load phase (default 10)
//   BENCH_DATABASES  pglite,postgres (default both; postgres is skipped when unreachable)
//   BENCH_ONLY       import: only the CRM import (100,000 stakeholder rows into fresh databases)
//   BENCH_IMPORT_ROWS rows of the import's stakeholder file (default 100000)
// The extension figures (content-script size, page-load cost, overlay time) run with PostgreSQL at 10k.
// Seeded databases are kept (.data/bench, or PostgreSQL databases threadwatch_bench_<size>), so only
// the first run pays for seeding.
import { dashboardBench, flagWriteBench, undoFlagWrites } from './dashboard.ts';
import { extensionBench } from './extension.ts';
import { importBench } from './import.ts';
import { profileLookupBench } from './profile-lookup.ts';
import { benchDatabase, postgresReachable, startApiProcess, writeReport } from './support.ts';

const sizes = (process.env.BENCH_SIZES ?? '1000,10000,50000').split(',').map(Number);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const kinds = (process.env.BENCH_DATABASES ?? 'pglite,postgres').split(',') as Array<'pglite' | 'postgres'>;
const LOOKUP_SIZE = 10_000;
const FLAG_WRITES = 300;
const only = process.env.BENCH_ONLY ?? '';
if (only !== '' && only !== 'import') throw new Error(`BENCH_ONLY must be import, got "${only}".`);
const importRows = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);

const report: string[] = [`Threadwatch benchmarks, ${seconds} s per load phase, ${new Date().toISOString()}`];
const print = (line: string) => {
  report.push(line);
  console.log(line);
};

for (const kind of only === 'import' ? [] : kinds) {
  if (kind === 'postgres' && !(await postgresReachable())) {
    print(`\n${kind}: skipped (no PostgreSQL reachable; set BENCH_DATABASE_URL)`);
    continue;
  }
  for (const size of sizes) {
    console.log(`\npreparing ${kind} with ${size} accounts`);
    const { db, token, organizationId, profileKeys, activeKeys } = await benchDatabase(kind, size);
    const api = await startApiProcess(db.url);
    let flagKeys: string[] = [];
    try {
      print(`\n${kind}, ${size} accounts:`);
      if (size === LOOKUP_SIZE) {
        for (const line of await profileLookupBench(api.url, db, token, organizationId, profileKeys, {
          seconds,
          connections: 10,
        }))
          print(line);
      }
      for (const line of await dashboardBench(api.url, token, seconds)) print(line);
      if (kind === 'postgres' && size === LOOKUP_SIZE) {
        print('  the extension (overlay against this API):');
        for (const line of await extensionBench(api.url, token, profileKeys)) print(line);
      }
      const writes = await flagWriteBench(api.url, token, activeKeys, FLAG_WRITES);
      flagKeys = writes.keys;
      print(writes.line);
    } finally {
      await api.stop();
    }
    await undoFlagWrites(db, organizationId, flagKeys);
  }
}
const importKinds: Array<'pglite' | 'postgres'> = [];
for (const kind of kinds) {
  if (kind === 'postgres' && !(await postgresReachable()))
    print(`\nCRM import on ${kind}: skipped (no PostgreSQL reachable)`);
  else importKinds.push(kind);
}
if (importKinds.length) {
  print('');
  for (const line of await importBench(importKinds, {
    rows: importRows,
    accounts: Math.max(1, Math.round(importRows / 10)),
  }))
    print(line);
}
await writeReport(only === 'import' ? 'import' : 'latest', `${report.join('\n')}\n`);

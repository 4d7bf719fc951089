// `pnpm bench`: prints the project's performance figures and keeps them in .data/bench/latest.txt.
//
// Load is open loop: a generator in its own process (load-generator.ts) sends requests at a fixed
// arrival rate and measures each latency from the moment the request was due, so stalls are not
// hidden (coordinated omission). On a 2-core machine the generator shares the cores with the API and
// the database; its CPU share and lateness are printed beside each run.
//
// Options (environment):
//   BENCH_SIZES         portfolio sizes in accounts (default 1000,10000,50000; ~8 stakeholders each)
//   BENCH_DATABASES     pglite,postgres (default both; postgres is skipped when unreachable)
//   BENCH_DATABASE_URL  the PostgreSQL server (default TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres)
//   BENCH_DATABASE_PREFIX the PostgreSQL bench databases' names, <prefix>_<size> (default threadwatch_bench)
//   BENCH_ONLY          which parts run, comma-separated (default all):
//                         lookup     profileLookup at fixed rates, the highest rate with p99 < 10 ms, the
//                                    SQL floor and the ratio (10k accounts)
//                         mixed      80% lookups, 10% flags, 10% dashboard queries: the highest rate with
//                                    no errors and p99 < 50 ms, confirmed by one long run (PostgreSQL, 10k)
//                         soak       mixed load at a moderate rate, API memory before, during, after (PostgreSQL, 10k)
//                         dashboard  atRiskAccounts(first: 50) nested, coverageGaps(first: 50), every size
//                         flags      flagJobChange writes with their risk update, every size
//                         changes    the event log (every size, both databases): changes and accountChanges over a
//                                    week, a year of riskHistory, each beside its SQL floor; the event write's cost
//                                    in a flag write; storage per account-year
//                         extension  content-script size, page-load cost, overlay time (PostgreSQL, 10k)
//                         peer       side by side with the stack floor (stack-server.ts), PostGraphile and the
//                                    SQL floor on the same rows (PostgreSQL):
//                                    trivial query, profileLookup back to back and open loop (10k), the
//                                    nested at-risk page (sizes from 10k)
//   BENCH_SECONDS       seconds per fixed-rate run and per dashboard query (default 10)
//   BENCH_CHANGES_SECONDS seconds per event-log query, and again for its floor (default 5)
//   BENCH_RATES         the fixed lookup rates, req/s (default 200,500,1000)
//   BENCH_STEP_SECONDS  seconds per step of the highest-rate searches (default 5)
//   BENCH_MIXED_SECONDS the confirming mixed run (default 60)
//   BENCH_SOAK_SECONDS  the soak (default 300; 0 skips it)
//   BENCH_SOAK_RATE     the soak's rate, req/s (default half the confirmed mixed rate, else 50)
//                         import     the CRM import: a 100,000-row stakeholder file into fresh databases
//   BENCH_IMPORT_ROWS   rows of the import's stakeholder file (default 100000)
//   BENCH_PEER_ROUNDS   alternating rounds per side-by-side shape (default 2)
//   BENCH_PEER_RATE     the side-by-side open-loop lookup rate, req/s (default 1000)
//   BENCH_PEER_SHAPES   side-by-side shapes to run: trivial, lookup, page-one, page, open (default all)
//   BENCH_SQL_LOG       any value: the server processes print every SQL statement they send (stderr)
//   BENCH_CPU_PROFILE   a directory: the API process writes a V8 CPU profile (.cpuprofile) there
// Seeded databases are kept (.data/bench, or PostgreSQL databases <prefix>_<size>), so only
// the first run pays for seeding. Flags the bench writes are undone afterwards.
import { changesBench, prepareChanges } from './changes.ts';
import { dashboardBench, flagWriteBench, undoFlagWrites } from './dashboard.ts';
import { extensionBench } from './extension.ts';
import { importBench } from './import.ts';
import { mixedBench, mixedStreams, soakBench } from './mixed.ts';
import { LoadGenerator } from './open-loop.ts';
import { PEER_SHAPES, type PeerShape, peerBench } from './peer.ts';
import { profileLookupBench } from './profile-lookup.ts';
import { benchDatabase, postgresReachable, startApiProcess, writeReport } from './support.ts';

const list = (value: string) => value.split(',').map((item) => item.trim());
const sizes = list(process.env.BENCH_SIZES ?? '1000,10000,50000').map(Number);
const kinds = list(process.env.BENCH_DATABASES ?? 'pglite,postgres') as Array<'pglite' | 'postgres'>;
const only = new Set(list(process.env.BENCH_ONLY ?? 'lookup,mixed,soak,dashboard,flags,changes,extension,peer,import'));
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const changesSeconds = Number(process.env.BENCH_CHANGES_SECONDS ?? 5);
const rates = list(process.env.BENCH_RATES ?? '200,500,1000').map(Number);
const stepSeconds = Number(process.env.BENCH_STEP_SECONDS ?? 5);
const mixedSeconds = Number(process.env.BENCH_MIXED_SECONDS ?? 60);
const soakSeconds = Number(process.env.BENCH_SOAK_SECONDS ?? 300);
const soakRate = process.env.BENCH_SOAK_RATE ? Number(process.env.BENCH_SOAK_RATE) : null;
const LOAD_SIZE = 10_000;
const FLAG_WRITES = 300;
const importRows = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const peerRounds = Number(process.env.BENCH_PEER_ROUNDS ?? 2);
const peerRate = Number(process.env.BENCH_PEER_RATE ?? 1000);
function parsePeerShapes(value: string): Set<PeerShape> {
  const shapes = list(value);
  const unknown = shapes.filter((shape) => !(PEER_SHAPES as readonly string[]).includes(shape));
  if (unknown.length > 0)
    throw new Error(`BENCH_PEER_SHAPES: unknown shape ${unknown.join(', ')}; known: ${PEER_SHAPES.join(', ')}`);
  return new Set(shapes as PeerShape[]);
}
const peerShapes = process.env.BENCH_PEER_SHAPES ? parsePeerShapes(process.env.BENCH_PEER_SHAPES) : null;

const report: string[] = [
  `Threadwatch benchmarks, ${new Date().toISOString()}; parts: ${[...only].join(', ')}; ` +
    `${seconds} s per fixed-rate run, ${stepSeconds} s search steps`,
];
const print = (line: string) => {
  report.push(line);
  console.log(line);
};

const generator = await LoadGenerator.start();
try {
  for (const kind of kinds) {
    if (kind === 'postgres' && !(await postgresReachable())) {
      print(`\n${kind}: skipped (no PostgreSQL reachable; set BENCH_DATABASE_URL)`);
      continue;
    }
    for (const size of sizes) {
      const atLoadSize = size === LOAD_SIZE;
      const parts = {
        lookup: only.has('lookup') && atLoadSize,
        mixed: only.has('mixed') && atLoadSize && kind === 'postgres',
        soak: only.has('soak') && atLoadSize && kind === 'postgres' && soakSeconds > 0,
        dashboard: only.has('dashboard'),
        flags: only.has('flags'),
        changes: only.has('changes'),
        extension: only.has('extension') && atLoadSize && kind === 'postgres',
        peer: only.has('peer') && size >= LOAD_SIZE && kind === 'postgres',
      };
      if (only.has('peer') && kind === 'pglite' && size === LOAD_SIZE)
        print(`\n${kind}: the side-by-side comparison runs on PostgreSQL only (BENCH_DATABASES=postgres)`);
      if (!Object.values(parts).some(Boolean)) continue;
      console.log(`\npreparing ${kind} with ${size} accounts`);
      const { db, token, organizationId, profileKeys, activeKeys } = await benchDatabase(kind, size);
      // Before the API starts: PGlite admits one process per data directory.
      const changes = parts.changes ? await prepareChanges(db, organizationId, changesSeconds) : null;
      // Production refuses the embedded database (one process, no backups): PGlite runs as a test server.
      const api = await startApiProcess(db.url, kind === 'pglite' ? { NODE_ENV: 'test' } : {});
      const flaggedKeys = new Set<string>();
      try {
        print(`\n${kind}, ${size} accounts:`);
        if (parts.lookup) {
          for (const line of await profileLookupBench(generator, api, db, token, organizationId, profileKeys, {
            seconds,
            stepSeconds,
            rates,
          }))
            print(line);
        }
        if (parts.mixed || parts.soak) {
          const streams = mixedStreams(profileKeys, activeKeys);
          for (const key of activeKeys) flaggedKeys.add(key);
          let confirmedRate: number | null = null;
          if (parts.mixed) {
            const mixed = await mixedBench(generator, api, token, streams, { seconds: mixedSeconds, stepSeconds });
            confirmedRate = mixed.confirmedRate;
            for (const line of mixed.lines) print(line);
          }
          if (parts.soak) {
            const rate = soakRate ?? (confirmedRate ? Math.max(20, Math.round(confirmedRate / 2)) : 50);
            for (const line of await soakBench(generator, api, token, streams, { seconds: soakSeconds, rate }))
              print(line);
          }
        }
        if (parts.peer) {
          for (const line of await peerBench(generator, api, db, token, organizationId, profileKeys, {
            seconds,
            rounds: peerRounds,
            lookupRate: peerRate,
            lookups: atLoadSize,
            shapes: peerShapes,
          }))
            print(line);
        }
        if (parts.dashboard) for (const line of await dashboardBench(api, token, seconds)) print(line);
        if (changes) for (const line of await changesBench(api, token, changes, changesSeconds)) print(line);
        if (parts.extension) {
          print('  the extension (overlay against this API):');
          for (const line of await extensionBench(api.url, token, profileKeys)) print(line);
        }
        if (parts.flags) {
          const writes = await flagWriteBench(api.url, token, activeKeys, FLAG_WRITES);
          for (const key of writes.keys) flaggedKeys.add(key);
          print(writes.line);
        }
      } finally {
        await api.stop();
      }
      if (flaggedKeys.size > 0) await undoFlagWrites(db, organizationId, [...flaggedKeys]);
    }
  }
} finally {
  await generator.stop();
}
const importKinds: Array<'pglite' | 'postgres'> = [];
for (const kind of only.has('import') ? kinds : []) {
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
await writeReport('latest', `${report.join('\n')}\n`);

// The event log at one portfolio size, on PGlite or PostgreSQL: the change feed and the weekly
// per-account summary over the last week and a year of one account's risk history, each next to its
// floor (the same answer as prepared SQL straight to the database, measured in the same run, so the
// figures read as ratios on a shared, noisy machine); what the event write adds to a flag write (side
// by side, same run); and the storage of risk points and changes per account-year.
//
// In two phases: `prepareChanges` runs while the API is stopped (PGlite admits one process per data
// directory): it writes 12 weeks of history once per bench database, measures the floors, the event
// write and the storage. `changesBench` then measures the API and prints the ratios.
import { openDatabase } from '@threadwatch/db/database';
import pg from 'pg';
import { writeDemoHistory } from '../../api/src/demo/history.ts';
import { NON_FEED_KINDS } from '../../api/src/domain/changes.ts';
import { recordChange } from '../../api/src/services/events.ts';
import { httpLoad } from './load.ts';
import { type ApiProcess, type BenchDatabase, ms, percentile } from './support.ts';

const DAY_MS = 86_400_000;
const WEEKS = 12;

const CHANGES = `query($since: DateTime!, $until: DateTime!) {
  changes(since: $since, until: $until, first: 50) { nodes { kind occurredAt sentence account { name } } }
}`;
const ACCOUNT_CHANGES = `query($since: DateTime!, $until: DateTime!) {
  accountChanges(since: $since, until: $until, first: 50) {
    nodes { name arrMinor bandFrom bandTo factorsGained factorsLost casesOpened threadsLost sentence }
  }
}`;
const RISK_HISTORY = `query($id: ID!, $from: DateTime!, $to: DateTime!) {
  account(id: $id) { riskHistory(from: $from, to: $to) { at score band zone factors { key points } } }
}`;

// The floors: the same answers as plain SQL ($1 organization, then the shape's own parameters).
const FLOOR_CHANGES = `
  SELECT e.kind, e."occurredAt", e."actorKind", e.payload, a.name AS account, m.name AS actor
  FROM "Event" e
  LEFT JOIN "Account" a ON a."organizationId" = e."organizationId" AND a.id = e."accountId"
  LEFT JOIN "Member" m ON m.id = e."actorId"
  WHERE e."organizationId" = $1 AND e."occurredAt" >= $2 AND e."occurredAt" < $3 AND e.kind::text <> ALL($4::text[])
  ORDER BY e."occurredAt" DESC, e.seq DESC
  LIMIT 50`;
const FLOOR_ACCOUNT_CHANGES = `
  WITH RECURSIVE walk(importance, best) AS (
    SELECT top.importance, (
      SELECT count(DISTINCT e."accountId") FROM "Event" e
      WHERE e."organizationId" = $1 AND e.importance = top.importance AND e."occurredAt" >= $2 AND e."occurredAt" < $3
        AND e."accountId" IS NOT NULL AND e.kind::text <> ALL($4::text[]))
    FROM (SELECT max(importance) AS importance FROM "Event" WHERE "organizationId" = $1) top
    WHERE top.importance IS NOT NULL
    UNION ALL
    SELECT below.importance, GREATEST(w.best, (
      SELECT count(DISTINCT e."accountId") FROM "Event" e
      WHERE e."organizationId" = $1 AND e.importance = below.importance AND e."occurredAt" >= $2 AND e."occurredAt" < $3
        AND e."accountId" IS NOT NULL AND e.kind::text <> ALL($4::text[])))
    FROM walk w
    CROSS JOIN LATERAL (SELECT max(importance) AS importance FROM "Event" WHERE "organizationId" = $1 AND importance < w.importance) below
    WHERE w.best <= 50 AND below.importance IS NOT NULL
  ), per AS (
    SELECT e."accountId", max(e.importance) AS importance
    FROM "Event" e
    WHERE e."organizationId" = $1 AND e."occurredAt" >= $2 AND e."occurredAt" < $3
      AND e."accountId" IS NOT NULL AND e.kind::text <> ALL($4::text[])
      AND e.importance = ANY((SELECT array_agg(importance) FROM walk)::int[])
    GROUP BY e."accountId"
  ), page AS (
    SELECT per."accountId", per.importance, a.name, a."arrMinor"
    FROM per
    CROSS JOIN LATERAL (
      SELECT name, "arrMinor" FROM "Account" WHERE "organizationId" = $1 AND id = per."accountId" OFFSET 0
    ) a
    WHERE per.importance >= COALESCE((SELECT importance FROM per ORDER BY importance DESC LIMIT 1 OFFSET 50), -2147483648)
    ORDER BY per.importance DESC, a."arrMinor" DESC, per."accountId"
    LIMIT 51
  )
  SELECT page."accountId", page.name, page."arrMinor",
    json_agg(json_build_object('kind', e.kind, 'payload', e.payload, 'at', e."occurredAt") ORDER BY e."occurredAt", e.seq) AS changes
  FROM page
  JOIN "Event" e ON e."organizationId" = $1 AND e."accountId" = page."accountId"
    AND e."occurredAt" >= $2 AND e."occurredAt" < $3 AND e.kind::text <> ALL($4::text[])
  GROUP BY page."accountId", page.name, page."arrMinor", page.importance
  ORDER BY page.importance DESC, page."arrMinor" DESC, page."accountId"`;
const FLOOR_RISK_HISTORY = `
  (SELECT at, score, band, zone, factors
   FROM "RiskPoint"
   WHERE "organizationId" = $1 AND "accountId" = $2 AND at <= $3
   ORDER BY at DESC, id DESC
   LIMIT 1)
  UNION ALL
  (SELECT at, score, band, zone, factors
   FROM "RiskPoint"
   WHERE "organizationId" = $1 AND "accountId" = $2 AND at > $3 AND at <= $4
   ORDER BY at, id
   LIMIT 2000)`;

interface Shape {
  name: string;
  query: string;
  variables: Record<string, unknown>;
  floorSql: string;
  floorParameters: unknown[];
}

interface Latency {
  p50: number;
  p99: number;
  requests: number;
}

export interface PreparedChanges {
  lines: string[];
  shapes: Array<Shape & { floor: Latency }>;
}

type Prisma = Awaited<ReturnType<typeof openDatabase>>['prisma'];

/** With the API stopped: history (once), the floors, the event write's cost, the storage. */
export async function prepareChanges(
  db: BenchDatabase,
  organizationId: string,
  seconds: number,
): Promise<PreparedChanges> {
  const database = await openDatabase(
    db.kind === 'pglite' ? { kind: 'pglite', dataDir: db.dataDir } : { kind: 'postgres', url: db.url },
  );
  const lines: string[] = [];
  try {
    const prisma = database.prisma;
    const now = new Date();
    const old = await prisma.event.count({
      where: { organizationId, kind: 'RISK_MOVED', occurredAt: { lt: new Date(now.getTime() - 30 * DAY_MS) } },
    });
    if (old === 0) {
      const started = Date.now();
      const points = await writeDemoHistory(prisma, organizationId, { now, weeks: WEEKS });
      await prisma.$executeRawUnsafe('VACUUM ANALYZE "Event", "RiskPoint"');
      lines.push(
        `  wrote ${points} risk points and their changes, ${WEEKS} weeks, in ${((Date.now() - started) / 1000).toFixed(1)} s (once per bench database)`,
      );
    }
    const accounts = await prisma.account.count({ where: { organizationId } });
    const events = await prisma.event.count({ where: { organizationId } });
    const points = await prisma.riskPoint.count({ where: { organizationId } });
    const since = new Date(now.getTime() - 7 * DAY_MS);
    const from = new Date(now.getTime() - 365 * DAY_MS);
    const busiest = await prisma.riskPoint.groupBy({
      by: ['accountId'],
      where: { organizationId },
      _count: true,
      orderBy: [{ _count: { accountId: 'desc' } }, { accountId: 'asc' }],
      take: 1,
    });
    const busiestId = busiest[0]?.accountId ?? '';
    const admin = [...NON_FEED_KINDS];
    const week = { since: since.toISOString(), until: now.toISOString() };
    lines.push(`  event log: ${events} changes, ${points} risk points for ${accounts} accounts (${WEEKS} weeks)`);
    const shapes: Shape[] = [
      {
        name: 'changes(first: 50) over one week',
        query: CHANGES,
        variables: week,
        floorSql: FLOOR_CHANGES,
        floorParameters: [organizationId, since, now, admin],
      },
      {
        name: 'accountChanges(first: 50) over one week',
        query: ACCOUNT_CHANGES,
        variables: week,
        floorSql: FLOOR_ACCOUNT_CHANGES,
        floorParameters: [organizationId, since, now, admin],
      },
      {
        name: `riskHistory over a year (${busiest[0]?._count ?? 0} points)`,
        query: RISK_HISTORY,
        variables: {
          id: Buffer.from(`Account:${busiestId}`).toString('base64url'),
          from: from.toISOString(),
          to: now.toISOString(),
        },
        floorSql: FLOOR_RISK_HISTORY,
        floorParameters: [organizationId, busiestId, from, now],
      },
    ];
    const query = await floorClient(database.pglite, db);
    const measured: PreparedChanges['shapes'] = [];
    try {
      for (const shape of shapes) measured.push({ ...shape, floor: await oneAtATime(() => query(shape), seconds) });
    } finally {
      await query.close();
    }
    lines.push(await eventWriteCost(prisma, organizationId));
    lines.push(...(await storageCost(prisma, organizationId, accounts)));
    return { lines, shapes: measured };
  } finally {
    await database.close();
  }
}

/** The API's figures for each shape, next to the floor measured in prepareChanges. */
export async function changesBench(
  api: ApiProcess,
  token: string,
  prepared: PreparedChanges,
  seconds: number,
): Promise<string[]> {
  const lines = [...prepared.lines];
  lines.push(`    one request at a time, ${seconds} s each; floor: the same answer as prepared SQL, same run`);
  // What every request pays before its query: HTTP, the token, GraphQL.
  const trivial = [JSON.stringify({ query: '{ viewer { role } }' })];
  await httpLoad(api.url, token, trivial, 1, 1);
  const base = await httpLoad(api.url, token, trivial, seconds, 1);
  lines.push(`    { viewer { role } }: p50 ${ms(base.p50)}  p99 ${ms(base.p99)}  (${base.errors} errors)`);
  for (const shape of prepared.shapes) {
    const body = [JSON.stringify({ query: shape.query, variables: shape.variables })];
    await httpLoad(api.url, token, body, 1, 1);
    const ours = await httpLoad(api.url, token, body, seconds, 1);
    const { floor } = shape;
    lines.push(
      `    ${shape.name}: p50 ${ms(ours.p50)}  p99 ${ms(ours.p99)}  (${ours.errors} errors); ` +
        `floor p50 ${ms(floor.p50)}  p99 ${ms(floor.p99)}; ` +
        `ours / floor: p50 ×${(ours.p50 / floor.p50).toFixed(1)}  p99 ×${(ours.p99 / floor.p99).toFixed(1)}`,
    );
  }
  return lines;
}

type FloorQuery = ((shape: Shape) => Promise<unknown>) & { close(): Promise<void> };

/** Prepared statements through node-postgres, or PGlite's own query in this process. */
async function floorClient(pglite: Awaited<ReturnType<typeof openDatabase>>['pglite'], db: BenchDatabase) {
  if (db.kind === 'pglite') {
    if (!pglite) throw new Error('PGlite database without its engine');
    const run = ((shape: Shape) => pglite.query(shape.floorSql, shape.floorParameters)) as FloorQuery;
    run.close = async () => {};
    return run;
  }
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const names = new Map<string, string>();
  const run = ((shape: Shape) => {
    const name = names.get(shape.floorSql) ?? `floor_${names.size}`;
    names.set(shape.floorSql, name);
    return client.query({ name, text: shape.floorSql, values: shape.floorParameters });
  }) as FloorQuery;
  run.close = () => client.end();
  return run;
}

/** Calls `run` one at a time for `seconds` (after a one-second warm-up); latencies in milliseconds. */
async function oneAtATime(run: () => Promise<unknown>, seconds: number): Promise<Latency> {
  const warm = performance.now() + 1000;
  while (performance.now() < warm) await run();
  const latencies: number[] = [];
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    const started = performance.now();
    await run();
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), requests: latencies.length };
}

/**
 * A flag write's own statements (a stakeholder status change in a transaction), alternately without
 * and with the one event insert: the difference of the p50s is what the event log adds. Both paths
 * run for a second first (as the floors do), so neither pays for its warm-up in the figures.
 */
async function eventWriteCost(prisma: Prisma, organizationId: string) {
  const person = await prisma.stakeholder.findFirstOrThrow({
    where: { organizationId, status: 'ACTIVE' },
    select: { id: true, fullName: true, accountId: true, status: true },
    orderBy: { id: 'asc' },
  });
  const write = (record: boolean) =>
    prisma.$transaction(async (tx) => {
      await tx.stakeholder.update({ where: { id: person.id }, data: { status: person.status } });
      if (record)
        await recordChange(tx, {
          organizationId,
          kind: 'STAKEHOLDER_CHANGED',
          actor: { kind: 'SYSTEM' },
          accountId: person.accountId,
          subject: { type: 'Stakeholder', id: person.id },
          stakeholderId: person.id,
          payload: { person: person.fullName, fields: ['status'] },
        });
    });
  const rounds = 500;
  const warm = performance.now() + 1000;
  for (let round = 0; performance.now() < warm; round++) await write(round % 2 === 1);
  const without: number[] = [];
  const withEvent: number[] = [];
  for (let round = 0; round < 2 * rounds; round++) {
    const record = round % 2 === 1;
    const started = process.hrtime.bigint();
    await write(record);
    (record ? withEvent : without).push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  await prisma.event.deleteMany({ where: { organizationId, kind: 'STAKEHOLDER_CHANGED', actorKind: 'SYSTEM' } });
  const p50 = (values: number[]) =>
    percentile(
      [...values].sort((a, b) => a - b),
      50,
    );
  const base = p50(without);
  const with_ = p50(withEvent);
  return `    event write added to a flag write's transaction (${rounds} each, alternating, after 1 s warm-up): p50 ${ms(base)} without, ${ms(with_)} with: +${ms(with_ - base)} added (×${(with_ / base).toFixed(2)})`;
}

/** Bytes on disk (tables, indexes, TOAST) of the log and the history, per account-year and at 50k accounts. */
async function storageCost(prisma: Prisma, organizationId: string, accounts: number) {
  const [sizes] = await prisma.$queryRaw<Array<{ events: bigint; points: bigint }>>`
    SELECT pg_total_relation_size('"Event"') AS events, pg_total_relation_size('"RiskPoint"') AS points`;
  const [counts] = await prisma.$queryRaw<Array<{ events: bigint; points: bigint }>>`
    SELECT (SELECT count(*) FROM "Event") AS events, (SELECT count(*) FROM "RiskPoint") AS points`;
  const [mine] = await prisma.$queryRaw<Array<{ events: bigint; points: bigint }>>`
    SELECT (SELECT count(*) FROM "Event" WHERE "organizationId" = ${organizationId}::uuid) AS events,
           (SELECT count(*) FROM "RiskPoint" WHERE "organizationId" = ${organizationId}::uuid) AS points`;
  const perRow = (size: bigint, count: bigint) => Number(size) / Math.max(1, Number(count));
  const yearFactor = 52 / WEEKS;
  const eventBytes = perRow(sizes!.events, counts!.events) * Number(mine!.events) * yearFactor;
  const pointBytes = perRow(sizes!.points, counts!.points) * Number(mine!.points) * yearFactor;
  const perAccountYear = (eventBytes + pointBytes) / accounts;
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return [
    `    storage (pg_total_relation_size): ${perRow(sizes!.events, counts!.events).toFixed(0)} B per change, ` +
      `${perRow(sizes!.points, counts!.points).toFixed(0)} B per risk point`,
    `    at this portfolio's change rate: ${(perAccountYear / 1024).toFixed(1)} KB per account-year; ` +
      `${mb(perAccountYear * 50_000)} per year at 50k accounts`,
  ];
}

// The event log at one portfolio size: the change feed and the weekly summary over the last week,
// a year of one account's risk history, what the event write adds to a flag write (side by side,
// same run), and on PostgreSQL the storage of risk points and changes per account-year.
import { openDatabase } from '@threadwatch/db/database';
import { writeDemoHistory } from '../../api/src/demo-history.ts';
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

/** Writes 12 weeks of history once (kept with the seeded database), then measures. */
export async function changesBench(
  api: ApiProcess,
  db: BenchDatabase,
  token: string,
  organizationId: string,
  seconds: number,
): Promise<string[]> {
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
      if (db.kind === 'postgres') await prisma.$executeRawUnsafe('VACUUM ANALYZE "Event", "RiskPoint"');
      console.log(`  wrote ${points} risk points of ${WEEKS} weeks in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    const accounts = await prisma.account.count({ where: { organizationId } });
    const events = await prisma.event.count({ where: { organizationId } });
    const points = await prisma.riskPoint.count({ where: { organizationId } });
    const week = { since: new Date(now.getTime() - 7 * DAY_MS).toISOString(), until: now.toISOString() };
    const busiest = await prisma.riskPoint.groupBy({
      by: ['accountId'],
      where: { organizationId },
      _count: true,
      orderBy: [{ _count: { accountId: 'desc' } }, { accountId: 'asc' }],
      take: 1,
    });
    const accountId = Buffer.from(`Account:${busiest[0]?.accountId}`).toString('base64url');
    const year = { from: new Date(now.getTime() - 365 * DAY_MS).toISOString(), to: now.toISOString() };
    lines.push(`  event log: ${events} changes, ${points} risk points for ${accounts} accounts (${WEEKS} weeks)`);
    for (const [name, query, variables] of [
      ['changes(first: 50) over one week', CHANGES, week],
      ['accountChanges(first: 50) over one week', ACCOUNT_CHANGES, week],
      [
        `riskHistory of one account over a year (${busiest[0]?._count ?? 0} points)`,
        RISK_HISTORY,
        { id: accountId, ...year },
      ],
    ] as const) {
      const body = [JSON.stringify({ query, variables })];
      await httpLoad(api.url, token, body, 1, 1);
      const result = await httpLoad(api.url, token, body, seconds, 1);
      lines.push(
        `    ${name}, one at a time: p50 ${ms(result.p50)}  p99 ${ms(result.p99)}  ${result.rps.toFixed(0)} req/s  (${result.errors} errors)`,
      );
    }
    lines.push(await eventWriteCost(database.prisma, organizationId));
    if (db.kind === 'postgres') lines.push(...(await storageCost(prisma, organizationId, accounts)));
  } finally {
    await database.close();
  }
  return lines;
}

/**
 * A flag write's own statements (a stakeholder status change in a transaction), alternately without
 * and with the one event insert: the difference of the p50s is what the event log adds.
 */
async function eventWriteCost(prisma: Awaited<ReturnType<typeof openDatabase>>['prisma'], organizationId: string) {
  const person = await prisma.stakeholder.findFirstOrThrow({
    where: { organizationId, status: 'ACTIVE' },
    select: { id: true, fullName: true, accountId: true, status: true },
    orderBy: { id: 'asc' },
  });
  const without: number[] = [];
  const withEvent: number[] = [];
  for (let round = 0; round < 400; round++) {
    const record = round % 2 === 1;
    const started = process.hrtime.bigint();
    await prisma.$transaction(async (tx) => {
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
  return `    event write added to a flag write's transaction (200 each, alternating): p50 ${ms(base)} without, ${ms(with_)} with: +${ms(with_ - base)} (×${(with_ / base).toFixed(2)})`;
}

/** Bytes on disk (tables, indexes, TOAST) of the log and the history, per account-year and at 50k accounts. */
async function storageCost(
  prisma: Awaited<ReturnType<typeof openDatabase>>['prisma'],
  organizationId: string,
  accounts: number,
) {
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

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoToken, ensureDemoData, liveTokenExpiry } from '../../api/src/demo/demo.ts';
import { HIDDEN_MODEL } from '../../api/src/demo/track-record.ts';
import { hashToken } from '../../api/src/domain/api-tokens.ts';
import { ADMINISTRATION_KINDS } from '../../api/src/domain/changes.ts';
import { auditRows } from '../../api/src/services/audit.ts';
import { evaluateRiskModel } from '../../api/src/services/risk-evaluation.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';

let db: TestDatabase;
let dataDir: string;
let seededFrom: Date;

beforeAll(async () => {
  db = await freshDatabase();
  seededFrom = new Date();
  dataDir = await mkdtemp(join(tmpdir(), 'threadwatch-demo-'));
  expect(await ensureDemoData(db.prisma)).toBe(true);
}, 120_000);
afterAll(async () => {
  await db.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('demo data', () => {
  it('has two years of outcomes whose track record finds the hidden model again', async () => {
    const organization = await db.prisma.organization.findUniqueOrThrow({ where: { slug: 'demo' } });
    const now = Date.now();
    const evaluation = await evaluateRiskModel(db.prisma, organization.id, {
      from: new Date(now - 730 * 86_400_000),
      to: new Date(now),
      horizonDays: 90,
    });
    expect(evaluation.sampleSize).toBeGreaterThan(120);
    expect(evaluation.excluded).toBe(0);
    expect(evaluation.churned).toBeGreaterThan(20);
    expect(evaluation.recorded.auc).toBeGreaterThan(0.65);
    // The three factors with the largest coefficients of the hidden model lead the lift ranking.
    const strongest = Object.entries(HIDDEN_MODEL.coefficients)
      .sort(([, a], [, b]) => b - a)
      .slice(0, 3)
      .map(([factor]) => factor)
      .sort();
    expect(
      evaluation.factorLifts
        .slice(0, 3)
        .map((lift) => lift.factor)
        .sort(),
    ).toEqual(strongest);
    // Every customer has renewed in the period; the churned accounts are CHURNED now.
    const churnedOutcomes = await db.prisma.accountOutcome.findMany({
      where: { organizationId: organization.id, kind: 'CHURNED' },
      select: { account: { select: { lifecycle: true } } },
    });
    expect(churnedOutcomes.every((outcome) => outcome.account.lifecycle === 'CHURNED')).toBe(true);
    expect(
      await db.prisma.account.count({
        where: { organizationId: organization.id, lifecycle: 'CUSTOMER', outcomes: { none: {} } },
      }),
    ).toBe(0);
  });

  it('is seeded once', async () => {
    expect(await ensureDemoData(db.prisma)).toBe(false);
    expect(await db.prisma.organization.count({ where: { slug: 'demo' } })).toBe(1);
  });

  it('has assessed accounts across risk bands, with coverage gaps', async () => {
    const bands = await db.prisma.account.groupBy({ by: ['riskBand'], _count: true });
    expect(bands.length).toBeGreaterThanOrEqual(3);
    expect(await db.prisma.account.count({ where: { healthUpdatedAt: null } })).toBe(0);
    expect(await db.prisma.account.count({ where: { gapCount: { gt: 0 } } })).toBeGreaterThan(10);
  });

  it('has a turnover history: confirmed and pending flags, open and closed cases with plans under way', async () => {
    expect(await db.prisma.jobChangeFlag.count({ where: { status: 'CONFIRMED' } })).toBeGreaterThan(3);
    expect(await db.prisma.jobChangeFlag.count({ where: { status: 'PENDING', kind: 'LEAVING_SOON' } })).toBeGreaterThan(
      2,
    );
    expect(await db.prisma.departureCase.count({ where: { closedAt: null } })).toBeGreaterThan(3);
    expect(await db.prisma.departureCase.count({ where: { outcome: 'SAVED' } })).toBeGreaterThan(0);
    expect(await db.prisma.caseStep.count({ where: { doneAt: { not: null } } })).toBeGreaterThan(0);
  });

  it('has twelve weeks of risk history ending at each account’s risk, with a week of changes to show', async () => {
    const now = Date.now();
    const accounts = await db.prisma.account.findMany({ select: { id: true, riskScore: true, riskBand: true } });
    const latest = await db.prisma.riskPoint.findMany({
      distinct: ['accountId'],
      orderBy: [{ accountId: 'asc' }, { at: 'desc' }],
      select: { accountId: true, score: true, band: true },
    });
    expect(latest.length).toBe(accounts.length);
    const current = new Map(accounts.map((account) => [account.id, [account.riskScore, account.riskBand]]));
    for (const point of latest) expect([point.score, point.band]).toEqual(current.get(point.accountId));
    const oldest = await db.prisma.riskPoint.findFirstOrThrow({ orderBy: { at: 'asc' } });
    expect(now - oldest.at.getTime()).toBeGreaterThan(11 * 7 * 86_400_000);
    const lastWeek = { gte: new Date(now - 7 * 86_400_000), lt: new Date(now - 86_400_000) };
    const moved = await db.prisma.event.count({ where: { kind: 'RISK_MOVED', occurredAt: lastWeek } });
    expect(moved).toBeGreaterThan(accounts.length / 5);
    expect(
      await db.prisma.event.count({ where: { kind: 'CASE_OPENED', occurredAt: { lt: lastWeek.gte } } }),
    ).toBeGreaterThan(0);
  });

  // Seeding assesses the accounts, then records the turnover history and assesses them again: none
  // of that is a change a user made or time brought, so "this week" must not show it as one.
  it('tells each account’s risk history once: every point a move from the one before, none made by seeding', async () => {
    expect(await db.prisma.event.count({ where: { kind: 'RISK_MOVED', occurredAt: { gte: seededFrom } } })).toBe(0);
    const points = await db.prisma.riskPoint.findMany({
      orderBy: [{ accountId: 'asc' }, { at: 'asc' }],
      select: { accountId: true, at: true, score: true, band: true, zone: true },
    });
    const moves = await db.prisma.event.findMany({
      where: { kind: 'RISK_MOVED' },
      orderBy: [{ accountId: 'asc' }, { occurredAt: 'asc' }],
      select: { accountId: true, occurredAt: true, payload: true },
    });
    const told = (accountId: string) =>
      moves
        .filter((move) => move.accountId === accountId)
        .map((move) => (move.payload as { to: { score: number; band: string; zone: string | null } }).to);
    const accountIds = [...new Set(points.map((point) => point.accountId))];
    for (const accountId of accountIds) {
      const history = points
        .filter((point) => point.accountId === accountId)
        .map(({ score, band, zone }) => ({ score, band, zone }));
      expect(history.slice(1)).toEqual(told(accountId));
    }
  });

  // The digest and the timelines read the log: a case closed or a flag raised without its change
  // would be counted by departureCases(filter: { closed }) and missing from the week's digest.
  it('logs the turnover history it seeds: flags raised and confirmed, steps done, cases closed with their outcome', async () => {
    const count = (kind: 'FLAG_RAISED' | 'FLAG_CONFIRMED' | 'CASE_STEP_DONE' | 'CASE_CLOSED') =>
      db.prisma.event.count({ where: { kind } });
    expect(await count('FLAG_RAISED')).toBe(await db.prisma.jobChangeFlag.count());
    expect(await count('FLAG_CONFIRMED')).toBe(await db.prisma.jobChangeFlag.count({ where: { status: 'CONFIRMED' } }));
    expect(await count('CASE_STEP_DONE')).toBe(await db.prisma.caseStep.count({ where: { doneAt: { not: null } } }));
    const closed = await db.prisma.departureCase.findMany({
      where: { closedAt: { not: null } },
      select: { id: true, closedAt: true, outcome: true },
    });
    expect(closed.length).toBeGreaterThan(0);
    const logged = await db.prisma.event.findMany({
      where: { kind: 'CASE_CLOSED' },
      select: { subjectId: true, occurredAt: true, payload: true },
    });
    expect(
      logged.map((event) => ({
        id: event.subjectId,
        closedAt: event.occurredAt,
        outcome: (event.payload as { outcome: string }).outcome,
      })),
    ).toEqual(expect.arrayContaining(closed.map((row) => ({ ...row }))));
    expect(logged.length).toBe(closed.length);
  });

  it('has an administration history in the audit trail, spread over the weeks, with actors and request ids', async () => {
    const now = Date.now();
    const organization = await db.prisma.organization.findUniqueOrThrow({ where: { slug: 'demo' } });
    const rows = [];
    for await (const page of auditRows(db.prisma, organization.id, new Date(now - 13 * 7 * 86_400_000), new Date(now)))
      rows.push(...page);
    const kinds = new Set(rows.map((row) => row.kind));
    for (const kind of [
      'ORGANIZATION_CREATED',
      'MEMBER_ADDED',
      'MEMBER_INVITED',
      'MEMBER_JOINED',
      'TOKEN_CREATED',
      'WEBHOOK_ENDPOINT_CREATED',
      'SETTINGS_CHANGED',
      'REPORT_EXPORTED',
    ]) {
      expect(kinds).toContain(kind);
    }
    const weeks = new Set(rows.map((row) => Math.floor((now - row.occurredAt.getTime()) / (7 * 86_400_000))));
    expect(weeks.size).toBeGreaterThanOrEqual(8);
    // The history is the past: nothing in the last hour (where a newcomer's own changes show up first).
    expect(rows.every((row) => now - row.occurredAt.getTime() > 3_600_000)).toBe(true);
    expect(rows.every((row) => row.requestId !== null && row.clientAddress !== null)).toBe(true);
    expect(rows.filter((row) => row.actorKind === 'MEMBER').length).toBeGreaterThan(rows.length / 2);
    for (const row of rows.filter((row) => row.actorKind === 'MEMBER')) expect(row.actorName).toBeTruthy();
    // Everyone who was invited joined afterwards; every member row named still exists.
    const members = await db.prisma.member.findMany({ where: { organizationId: organization.id } });
    const memberIds = new Set(members.map((member) => member.id));
    const invited = rows.filter((row) => row.kind === 'MEMBER_INVITED');
    expect(invited.length).toBe(members.length - 1);
    for (const invitation of invited) {
      expect(memberIds).toContain(invitation.subjectId);
      const joined = rows.find((row) => row.kind === 'MEMBER_JOINED' && row.subjectId === invitation.subjectId);
      expect(joined?.occurredAt.getTime()).toBeGreaterThan(invitation.occurredAt.getTime());
    }
    // Tokens named in the trail are the members' own (none of them readable: only hashes are kept).
    for (const row of rows.filter((row) => row.kind === 'TOKEN_CREATED')) {
      const token = await db.prisma.apiToken.findUniqueOrThrow({ where: { id: row.subjectId ?? '' } });
      expect(token.createdAt).toEqual(row.occurredAt);
    }
    // Administration stays out of the change feed's kinds; only the settings change is in both.
    const feed = await db.prisma.event.count({
      where: { organizationId: organization.id, kind: { notIn: [...ADMINISTRATION_KINDS] }, requestId: { not: null } },
    });
    expect(feed).toBe(rows.filter((row) => row.kind === 'SETTINGS_CHANGED').length);
  });

  it('prints the same working token on every start, expiring like any token, and a new one when it stops working', async () => {
    const first = await demoToken(db.prisma, dataDir);
    expect(await demoToken(db.prisma, dataDir)).toBe(first);
    // It expires like any token: the default lifetime (90 days) from when it was issued.
    const issued = await db.prisma.apiToken.findUniqueOrThrow({ where: { tokenHash: hashToken(first) } });
    expect(issued.expiresAt.getTime() - issued.createdAt.getTime()).toBeGreaterThan(90 * 86_400_000 - 60_000);
    expect(issued.expiresAt.getTime() - issued.createdAt.getTime()).toBeLessThan(90 * 86_400_000 + 60_000);
    expect(await liveTokenExpiry(db.prisma, first)).toEqual(issued.expiresAt);
    // Once expired, the next start prints a new one.
    await db.prisma.apiToken.update({ where: { id: issued.id }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    const renewed = await demoToken(db.prisma, dataDir);
    expect(renewed).not.toBe(first);
    const live = await db.prisma.apiToken.findUniqueOrThrow({ where: { tokenHash: hashToken(renewed) } });
    expect(live.expiresAt.getTime()).toBeGreaterThan(Date.now() + 89 * 86_400_000);
    expect((await readFile(join(dataDir, 'demo-token'), 'utf8')).trim()).toBe(renewed);
    await db.prisma.apiToken.update({ where: { tokenHash: hashToken(renewed) }, data: { revokedAt: new Date() } });
    const second = await demoToken(db.prisma, dataDir);
    expect(second).not.toBe(renewed);
  });
});

// Two years of account outcomes for the demo, so the risk score's track record (riskModelEvaluation,
// the dashboard's "Track record") has something to judge on a first start.
//
// The outcomes are drawn from a hidden model that the evaluation does not know, so it can be checked
// that the evaluation finds it again. Deterministic: every number comes from a hash of TRACK_RECORD_SEED
// and the history's index (only the dates follow `now`).
//
// Each history draws the factors an account had about three months before its outcome (present with
// a probability; when present, a fraction of the factor's weight):
//   departedRoleHolder   22 %, fraction 1
//   singleThreaded       30 %, fraction 1
//   renewalResistance    15 %, fraction 1
//   usageDrop            25 %, fraction 0.5–1
//   coverageGap          55 %, fraction 0.2–1
//   staleThreads         45 %, fraction 0.2–1
//   supportUptick        30 %, fraction 0.5–1
//   changeEvent          30 %, fraction 0.5 or 0.75
// and churns with probability 1 / (1 + e^−z), where (HIDDEN_MODEL below)
//   z = −2.7 + 2.2·departedRoleHolder + 1.8·renewalResistance + 1.5·usageDrop + 0.6·singleThreaded
//       + 0.4·coverageGap + 0.3·changeEvent + 0·staleThreads + 0·supportUptick
//   (each term × the factor's fraction). Factors are drawn independently: lift per factor compares
//   churn with and without one factor, so a factor that only follows another (an open case after a
//   departure) would borrow its lift; the demo keeps them apart so the ranking can be checked.
// So the truly strong factors are a departed role holder, resistance to renewal talks and a usage drop;
// stale threads and a support uptick earn points in the score but say nothing about churn here, which
// is what the what-if on weights can show.
//
// Histories are drawn one by one until every CUSTOMER account of the organization has a renewal
// (RENEWED, or EXPANDED one time in three with 25 % more ARR). Each churn goes to a CHURNED account of
// the organization without an outcome, else to a new former customer created for it (lifecycle
// CHURNED). Outcomes fall between two years and sixteen weeks ago, before the twelve weeks of
// history.ts, so each account's latest risk point stays its current risk. Each history writes two
// risk points: the drawn factors 90–135 days before the outcome (points = round(weight × fraction)
// under the organization's weights, fraction stored) and a milder state about a year before; a churn
// adds a point of 0 on its day, when the account became CHURNED. Each point after an account's first
// is told as a RISK_MOVED change, as history.ts does for the twelve weeks that follow.
import { createHash } from 'node:crypto';
import type { Prisma, PrismaClient } from '@threadwatch/db/client';
import {
  type Band,
  type ChangePayload,
  changeImportance,
  diffFactors,
  type FactorPoints,
  riskMoved,
  type Zone,
} from '../domain/changes.ts';
import { bandFor } from '../domain/risk.ts';
import { factorPoints, systemActor } from '../services/events.ts';
import { organizationSettings, refreshAccountHealth } from '../services/health.ts';

export const TRACK_RECORD_SEED = 'threadwatch-demo/track-record/v1';

/** The hidden model: log-odds of churn = intercept + Σ coefficient × fraction. */
export const HIDDEN_MODEL = {
  intercept: -2.7,
  coefficients: {
    departedRoleHolder: 2.2,
    renewalResistance: 1.8,
    usageDrop: 1.5,
    singleThreaded: 0.6,
    coverageGap: 0.4,
    changeEvent: 0.3,
    staleThreads: 0,
    supportUptick: 0,
  },
} as const;

type ModelFactor = keyof typeof HIDDEN_MODEL.coefficients;

/** How each factor of a history is drawn: the chance it is present, and its fraction when it is. */
const FACTOR_DRAWS: Record<ModelFactor, { chance: number; fraction: (u: number) => number }> = {
  departedRoleHolder: { chance: 0.22, fraction: () => 1 },
  singleThreaded: { chance: 0.3, fraction: () => 1 },
  renewalResistance: { chance: 0.15, fraction: () => 1 },
  usageDrop: { chance: 0.25, fraction: (u) => 0.5 + 0.5 * u },
  coverageGap: { chance: 0.55, fraction: (u) => 0.2 + 0.8 * u },
  staleThreads: { chance: 0.45, fraction: (u) => 0.2 + 0.8 * u },
  supportUptick: { chance: 0.3, fraction: (u) => 0.5 + 0.5 * u },
  changeEvent: { chance: 0.3, fraction: (u) => (u < 0.5 ? 0.5 : 0.75) },
};

const DAY_MS = 86_400_000;
const MAX_HISTORIES = 2_000;

/** A number in [0, 1) fixed by the key. */
function draw(key: string): number {
  return createHash('sha256').update(`${TRACK_RECORD_SEED}/${key}`).digest().readUInt32BE(0) / 2 ** 32;
}

export interface DrawnHistory {
  fractions: Partial<Record<ModelFactor, number>>;
  churned: boolean;
}

/** History `index`: its factors and whether it churned under the hidden model. */
export function drawHistory(index: number): DrawnHistory {
  const fractions: Partial<Record<ModelFactor, number>> = {};
  let z: number = HIDDEN_MODEL.intercept;
  for (const [factor, rule] of Object.entries(FACTOR_DRAWS) as [ModelFactor, (typeof FACTOR_DRAWS)[ModelFactor]][]) {
    if (draw(`${index}/${factor}/present`) >= rule.chance) continue;
    const fraction = rule.fraction(draw(`${index}/${factor}/fraction`));
    fractions[factor] = fraction;
    z += HIDDEN_MODEL.coefficients[factor] * fraction;
  }
  return { fractions, churned: draw(`${index}/outcome`) < 1 / (1 + Math.exp(-z)) };
}

const NAME_FIRST = ['North', 'Blue', 'Silver', 'Granite', 'Harbor', 'Summit', 'Cedar', 'Lumen', 'Orbit', 'Prairie'];
const NAME_SECOND = ['Analytics', 'Logistics', 'Health', 'Foods', 'Robotics', 'Media', 'Energy', 'Capital'];

function utcDay(instant: number): Date {
  const date = new Date(instant);
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

/**
 * Writes the demo's outcomes and the risk history before them (see the header); returns how many
 * outcomes were written. Idempotent per organization: does nothing when it already has outcomes.
 */
export async function writeDemoTrackRecord(
  prisma: PrismaClient,
  organizationId: string,
  options: { now?: Date } = {},
): Promise<number> {
  if ((await prisma.accountOutcome.count({ where: { organizationId } })) > 0) return 0;
  const now = (options.now ?? new Date()).getTime();
  const weights: Record<string, number> = Object.fromEntries(
    Object.entries((await organizationSettings(prisma, organizationId)).riskWeights),
  );
  const accounts = await prisma.account.findMany({
    where: { organizationId, lifecycle: { in: ['CUSTOMER', 'CHURNED'] } },
    select: { id: true, lifecycle: true, arrMinor: true },
    orderBy: { id: 'asc' },
  });
  const customers = accounts.filter((account) => account.lifecycle === 'CUSTOMER');
  const churnedAccounts = accounts.filter((account) => account.lifecycle === 'CHURNED');
  const latest = now - 16 * 7 * DAY_MS;
  const earliest = now - 730 * DAY_MS;

  const outcomes: Prisma.AccountOutcomeCreateManyInput[] = [];
  const pointsByAccount = new Map<string, HistoryPoint[]>();
  const formers: Prisma.AccountCreateManyInput[] = [];
  let renewed = 0;
  for (let index = 0; renewed < customers.length && index < MAX_HISTORIES; index++) {
    const history = drawHistory(index);
    let account: { id: string; arrMinor: bigint };
    if (history.churned) {
      const existing = churnedAccounts.shift();
      if (existing) account = existing;
      else {
        const id = uuidFor(index);
        const arrMinor = BigInt(100_000 * (10 + Math.floor(draw(`${index}/arr`) * 190)));
        const name = `${NAME_FIRST[index % NAME_FIRST.length]} ${NAME_SECOND[Math.floor(index / NAME_FIRST.length) % NAME_SECOND.length]} (former customer ${index})`;
        formers.push({ id, organizationId, name, arrMinor, lifecycle: 'CHURNED', tier: 'STANDARD' });
        account = { id, arrMinor };
      }
    } else {
      account = customers[renewed++]!;
    }
    const occurredOn = utcDay(earliest + draw(`${index}/day`) * (latest - earliest));
    const expanded = !history.churned && draw(`${index}/expanded`) < 1 / 3;
    outcomes.push({
      organizationId,
      accountId: account.id,
      kind: history.churned ? 'CHURNED' : expanded ? 'EXPANDED' : 'RENEWED',
      occurredOn,
      arrMinor: expanded ? (account.arrMinor * 5n) / 4n : account.arrMinor,
    });
    const judged = occurredOn.getTime() - (90 + Math.floor(draw(`${index}/lead`) * 46)) * DAY_MS;
    const milder = Object.fromEntries(
      Object.entries(history.fractions).filter(([factor]) => draw(`${index}/${factor}/earlier`) < 0.5),
    );
    const earlier = judged - (270 + Math.floor(draw(`${index}/earlier`) * 60)) * DAY_MS;
    const own = [
      riskPoint(new Date(earlier), milder, weights, index),
      riskPoint(new Date(judged), history.fractions, weights, index),
      ...(history.churned ? [{ at: occurredOn, score: 0, band: 'GREEN' as const, zone: null, factors: [] }] : []),
    ];
    pointsByAccount.set(account.id, own);
  }
  // Each account's points are told as risk moves, like the rest of its history: into each of its own
  // points and into the first point history.ts wrote (a point equal to the one before is left out).
  const openings = await prisma.riskPoint.findMany({
    where: { organizationId, accountId: { in: [...pointsByAccount.keys()] } },
    distinct: ['accountId'],
    orderBy: [{ accountId: 'asc' }, { at: 'asc' }],
    select: { id: true, accountId: true, at: true, score: true, band: true, zone: true, factors: true },
  });
  const openingOf = new Map(openings.map((point) => [point.accountId, point]));
  const storedCounts = await prisma.riskPoint.groupBy({
    by: ['accountId'],
    where: { organizationId, accountId: { in: [...pointsByAccount.keys()] } },
    _count: { _all: true },
  });
  const storedCount = new Map(storedCounts.map((row) => [row.accountId, row._count._all]));
  // An opening equal to the state drawn before it repeats a state already in force: when the account
  // has later points, the opening goes (the drawn point is what the track record judges), else the
  // drawn point does.
  const repeatedOpenings: string[] = [];
  const points: Prisma.RiskPointCreateManyInput[] = [];
  const events: Prisma.EventCreateManyInput[] = [];
  for (const [accountId, own] of pointsByAccount) {
    const kept: HistoryPoint[] = [];
    for (const point of own) if (!kept.length || riskMoved(kept.at(-1)!, point)) kept.push(point);
    const stored = openingOf.get(accountId);
    const opening: HistoryPoint | null = stored ? { ...stored, factors: factorPoints(stored.factors) } : null;
    let tellOpening = opening !== null;
    if (stored && opening && kept.length && !riskMoved(kept.at(-1)!, opening)) {
      if ((storedCount.get(accountId) ?? 0) > 1) {
        repeatedOpenings.push(stored.id);
        tellOpening = false;
      } else kept.pop();
    }
    for (const point of kept)
      points.push({
        organizationId,
        accountId,
        at: point.at,
        cause: 'CHANGE',
        score: point.score,
        band: point.band,
        zone: point.zone,
        factors: point.factors as unknown as Prisma.InputJsonValue,
      });
    const told = opening && tellOpening ? [...kept, opening] : kept;
    for (let step = 1; step < told.length; step++) {
      const before = told[step - 1]!;
      const after = told[step]!;
      const payload: ChangePayload = {
        from: { score: before.score, band: before.band, zone: before.zone },
        to: { score: after.score, band: after.band, zone: after.zone },
        factors: diffFactors(before.factors, after.factors),
      };
      events.push({
        organizationId,
        kind: 'RISK_MOVED',
        actorKind: 'SYSTEM',
        accountId,
        subjectType: 'Account',
        subjectId: accountId,
        payload: payload as Prisma.InputJsonValue,
        importance: changeImportance('RISK_MOVED', payload),
        occurredAt: after.at,
      });
    }
  }
  if (formers.length > 0) {
    const ids = formers.map((former) => former.id!);
    await prisma.account.createMany({ data: formers });
    // Assessed like any account (a churned one scores 0); the history below ends at that risk and
    // takes the place of the assessment's point, as for the other demo accounts.
    await prisma.$transaction((tx) => refreshAccountHealth(tx, organizationId, ids, { actor: systemActor }));
    await prisma.riskPoint.deleteMany({ where: { organizationId, accountId: { in: ids } } });
  }
  if (repeatedOpenings.length > 0) await prisma.riskPoint.deleteMany({ where: { id: { in: repeatedOpenings } } });
  await prisma.riskPoint.createMany({ data: points });
  await prisma.event.createMany({ data: events });
  await prisma.accountOutcome.createMany({ data: outcomes });
  return outcomes.length;
}

interface HistoryPoint {
  at: Date;
  score: number;
  band: Band;
  zone: Zone | null;
  factors: FactorPoints[];
}

function riskPoint(
  at: Date,
  fractions: Partial<Record<string, number>>,
  weights: Record<string, number>,
  index: number,
): HistoryPoint {
  const factors = Object.entries(fractions)
    .map(([key, fraction]) => ({ key, points: Math.round((weights[key] ?? 0) * (fraction ?? 0)), fraction }))
    .filter((factor) => factor.points > 0)
    .sort((a, b) => b.points - a.points || (a.key < b.key ? -1 : 1));
  const score = Math.min(
    100,
    factors.reduce((sum, factor) => sum + factor.points, 0),
  );
  const band = bandFor(score);
  const zone: Zone | null =
    band === 'AMBER' || band === 'RED' ? (draw(`${index}/zone`) < 0.6 ? 'RED_ZONE' : 'DEAD_ZONE') : null;
  return { at, score, band, zone, factors };
}

/** A UUID v4-shaped id fixed by the history's index. */
function uuidFor(index: number): string {
  const hex = createHash('sha256').update(`${TRACK_RECORD_SEED}/id/${index}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

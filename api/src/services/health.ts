// Keeps each account's coverage and turnover risk current. Called inside the transaction of every
// write that changes an input, so lists of risky accounts are index reads, never recomputations.
import { Prisma, type PrismaClient } from '@threadwatch/db/client';
import type { SignalKind } from '../domain/account-signals.ts';
import { type BulkTally, tallyMove } from '../domain/bulk-changes.ts';
import type { RiskMoveCause } from '../domain/changes.ts';
import {
  assessCoverage,
  type Coverage,
  coverageInLifecycle,
  type Gap,
  type RelationshipRecord,
  type StakeholderFacts,
} from '../domain/coverage.ts';
import { caseHandling, heldRequiredRoles } from '../domain/departure-cases.ts';
import { DEPARTURE_JOB_CHANGE_KINDS } from '../domain/job-change-flags.ts';
import { planCompletion } from '../domain/playbooks.ts';
import { publicId } from '../domain/public-ids.ts';
import { relationshipFacts, wentStale } from '../domain/relationships.ts';
import { assessRisk, RISK_RULES_VERSION, type RiskInput } from '../domain/risk.ts';
import { type OrganizationSettings, parseSettings } from '../domain/settings.ts';
import { type Actor, factorPoints, type NewEvent, recordChanges, systemActor, writeRiskPoint } from './events.ts';
import { enqueueEvent } from './webhook-events.ts';

type Db = PrismaClient | Prisma.TransactionClient;

const EVENT_WINDOW_DAYS = 180;
const DAY_MS = 86_400_000;

/** An organization's settings with their version (Organization.settingsVersion), which stored health is stamped with. */
export type VersionedSettings = OrganizationSettings & { version: number };

export async function organizationSettings(db: Db, organizationId: string): Promise<VersionedSettings> {
  const organization = await db.organization.findUniqueOrThrow({
    where: { id: organizationId },
    select: { settings: true, settingsVersion: true },
  });
  return { ...parseSettings(organization.settings), version: organization.settingsVersion };
}

/** Accounts whose stored health was computed under other rules or settings than the current ones. */
export function staleHealth(settingsVersion: number): Prisma.AccountWhereInput {
  return {
    OR: [
      { healthRulesVersion: null },
      { healthRulesVersion: { not: RISK_RULES_VERSION } },
      { healthSettingsVersion: null },
      { healthSettingsVersion: { not: settingsVersion } },
    ],
  };
}

/** Recomputes coverage and risk of the given accounts of one organization and stores them. */
const healthInputs = (since: Date) =>
  ({
    id: true,
    name: true,
    ownerId: true,
    riskBand: true,
    riskScore: true,
    riskZone: true,
    riskFactors: true,
    coverage: true,
    healthUpdatedAt: true,
    tier: true,
    arrMinor: true,
    renewalDate: true,
    lifecycle: true,
    advocacy: true,
    referenceable: true,
    vocal: true,
    growthPotential: true,
    strategicValue: true,
    marketInfluence: true,
    stakeholders: {
      select: {
        id: true,
        fullName: true,
        status: true,
        buyingRoles: true,
        department: true,
        isMainContact: true,
        sentiment: true,
        lastEngagedAt: true,
        // Departure flags still waiting for review: an unconfirmed sighting of the person leaving.
        flags: {
          where: { status: 'PENDING', kind: { in: [...DEPARTURE_JOB_CHANGE_KINDS] } },
          select: { id: true },
          take: 1,
        },
        relationships: {
          select: {
            memberId: true,
            strength: true,
            lastTouchAt: true,
            member: { select: { deactivatedAt: true, name: true } },
          },
        },
      },
    },
    cases: {
      select: {
        openedAt: true,
        closedAt: true,
        replacementId: true,
        stakeholderId: true,
        steps: { select: { doneAt: true } },
      },
    },
    signals: {
      where: { observedAt: { gte: since } },
      orderBy: { observedAt: 'desc' },
      select: { kind: true, value: true, observedAt: true },
    },
    events: { where: { occurredOn: { gte: since } }, select: { kind: true, occurredOn: true } },
  }) satisfies Prisma.AccountSelect;

type HealthInputs = Prisma.AccountGetPayload<{ select: ReturnType<typeof healthInputs> }>;

/** Turns one account's loaded rows into its coverage and risk (no I/O). */
function assessAccountHealth(
  account: HealthInputs,
  settings: OrganizationSettings,
  now: Date,
  portfolioArrMinor: bigint,
) {
  const required = settings.requiredRoles[account.tier];
  const stakeholders: StakeholderFacts[] = account.stakeholders.map((person) => ({
    id: person.id,
    status: person.status,
    buyingRoles: person.buyingRoles,
    department: person.department,
    isMainContact: person.isMainContact,
  }));
  const threads: RelationshipRecord[] = account.stakeholders.flatMap((person) =>
    person.relationships.map((thread) => ({
      stakeholderId: person.id,
      memberId: thread.memberId,
      ...relationshipFacts(thread),
    })),
  );
  const coverage = coverageInLifecycle(
    assessCoverage({ tier: account.tier, stakeholders, threads, now, settings }),
    account.lifecycle,
  );

  // A closed case no longer counts as a departure, but a main contact nobody took over still leaves
  // the account without one.
  const handling = caseHandling(account.cases);
  // Every stakeholder: per-person signals count whatever roles a person holds.
  const people: RiskInput['people'] = account.stakeholders.map((person) => {
    const { replaced, caseClosed } = handling(person);
    return {
      name: person.fullName,
      status: person.status,
      isMainContact: person.isMainContact,
      requiredRoles: heldRequiredRoles(person, required),
      replaced,
      sentiment: person.sentiment,
      lastEngagedAt: person.lastEngagedAt,
      pendingDepartureFlag: person.flags.length > 0,
      caseClosed,
    };
  });
  // Signals arrive newest first: the first of each kind is its current value.
  const signals: RiskInput['signals'] = {};
  for (const signal of account.signals) {
    signals[signal.kind as SignalKind] ??= { value: signal.value, observedAt: signal.observedAt };
  }
  const risk = assessRisk(
    {
      now,
      account,
      portfolioArrMinor,
      coverage,
      people,
      openCases: account.cases
        .filter((item) => item.closedAt === null)
        .map((item) => ({
          planCompletion: planCompletion(item.steps),
          replacementFound: item.replacementId !== null,
          openedAt: item.openedAt,
        })),
      signals,
      events: account.events,
    },
    settings.riskWeights,
    { bands: settings.riskBands, zones: settings.riskZones },
  );
  return { coverage, risk };
}

export type AccountHealth = ReturnType<typeof assessAccountHealth>;

/** The accounts' inputs as their rows say now, each with its assessment (nothing stored). */
async function loadAndAssess(
  db: Db,
  organizationId: string,
  ids: readonly string[],
  now: Date,
  effective: OrganizationSettings,
): Promise<Array<{ inputs: HealthInputs; health: AccountHealth }>> {
  if (ids.length === 0) return [];
  const since = new Date(now.getTime() - EVENT_WINDOW_DAYS * DAY_MS);
  const accounts = await db.account.findMany({
    where: { organizationId, id: { in: [...ids] } },
    select: healthInputs(since),
  });
  const portfolio = await portfolioArr(db, organizationId);
  return accounts.map((inputs) => ({ inputs, health: assessAccountHealth(inputs, effective, now, portfolio) }));
}

/**
 * The ARR of the organization's portfolio: every account that is not churned. Zones weigh each
 * account's share of it. It is read at each assessment, so when the portfolio changes (an ARR is
 * edited, accounts are imported or churn) the accounts written to are reassessed with the new total
 * at once, and the others when they are next assessed (any write to them, the periodic refresh, a
 * settings change).
 */
export async function portfolioArr(db: Db, organizationId: string): Promise<bigint> {
  const total = await db.account.aggregate({
    where: { organizationId, lifecycle: { not: 'CHURNED' } },
    _sum: { arrMinor: true },
  });
  return total._sum.arrMinor ?? 0n;
}

/** Coverage and risk of the given accounts of one organization as their rows say now, without storing them. */
export async function assessAccounts(
  db: Db,
  organizationId: string,
  accountIds: readonly string[],
  now = new Date(),
  settings?: OrganizationSettings,
): Promise<Map<string, AccountHealth>> {
  const effective = settings ?? (await organizationSettings(db, organizationId));
  const assessed = await loadAndAssess(db, organizationId, [...new Set(accountIds)], now, effective);
  return new Map(assessed.map(({ inputs, health }) => [inputs.id, health]));
}

/** How a refresh runs: when, under which settings, and whether it is time alone or part of a bulk change. */
export interface HealthRefresh {
  /**
   * Who caused the refresh: the member whose write changed an input, the import, the member whose
   * settings change is being applied; the system only when time alone passed (drift) or for work no
   * one asked for (seeding, a release's new rules). Risk moves in the event log carry it.
   */
  actor: Actor;
  now?: Date;
  /** The settings to use (default: read in this transaction). */
  settings?: VersionedSettings;
  /** True when only time passed (the refresher): risk history keeps at most one such point a day. */
  drift?: boolean;
  /**
   * Part of a bulk change (settings, import, handover): the band moves and opened gaps are tallied
   * here instead of being sent as one webhook event per account; the caller sends the summary.
   */
  bulk?: BulkCollector;
}

/** Collects a bulk change's moves across the refreshes of one transaction. */
export interface BulkCollector {
  tally: BulkTally;
  /** What the bulk change is: each risk move it makes says so in the event log. */
  cause: RiskMoveCause;
}

/** Recomputes coverage and risk of the given accounts of one organization and stores them. */
export async function refreshAccountHealth(
  db: Db,
  organizationId: string,
  accountIds: readonly string[],
  options: HealthRefresh,
): Promise<void> {
  const { actor, now = new Date(), settings, drift = false, bulk } = options;
  const ids = [...new Set(accountIds)].sort();
  if (ids.length === 0) return;
  // Two writes to one account's inputs may commit at once (two people leaving, through two API
  // processes): each would assess the account without the other's change and the last one stored
  // would be wrong. Refreshes of an account therefore take turns on its row, and each reads what the
  // ones before it committed. In id order, so two refreshes of several accounts cannot deadlock.
  await db.$queryRaw`SELECT 1 FROM "Account" WHERE "id" IN (${Prisma.join(
    ids.map((id) => Prisma.sql`${id}::uuid`),
  )}) ORDER BY "id" FOR NO KEY UPDATE`;
  // The settings are read after the rows are locked, in this transaction: a settings change committed
  // before is seen, and one committed after raises the version, so this stamp is then stale.
  const effective = settings ?? (await organizationSettings(db, organizationId));
  const assessed = await loadAndAssess(db, organizationId, ids, now, effective);
  if (assessed.length === 0) return;
  const rows = assessed.map(({ inputs, health: { coverage, risk } }) => ({
    id: inputs.id,
    risk_score: risk.score,
    risk_band: risk.band,
    risk_zone: risk.zone,
    risk_factors: risk.factors,
    zone_reasons: risk.zoneReasons,
    coverage,
    coverage_percent: coverage.coveragePercent,
    gap_count: coverage.gaps.length,
    live_thread_count: coverage.liveThreadCount,
  }));
  // One statement for all of them: a batch of writes (an import) touches hundreds of accounts at once.
  const at = now.toISOString();
  await db.$executeRaw`
    UPDATE "Account" AS a SET
      "riskScore" = v.risk_score,
      "riskBand" = v.risk_band::"RiskBand",
      "riskZone" = v.risk_zone::"RiskZone",
      "riskFactors" = v.risk_factors,
      "zoneReasons" = v.zone_reasons,
      "coverage" = v.coverage,
      "coveragePercent" = v.coverage_percent,
      "gapCount" = v.gap_count,
      "liveThreadCount" = v.live_thread_count,
      "healthUpdatedAt" = (${at}::timestamptz AT TIME ZONE 'UTC'),
      "healthRulesVersion" = ${RISK_RULES_VERSION},
      "healthSettingsVersion" = ${effective.version},
      "updatedAt" = (${at}::timestamptz AT TIME ZONE 'UTC')
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS v(
      id uuid, risk_score int, risk_band text, risk_zone text, risk_factors jsonb, zone_reasons jsonb,
      coverage jsonb, coverage_percent int, gap_count int, live_thread_count int
    )
    WHERE a.id = v.id AND a."organizationId" = ${organizationId}::uuid`;
  for (const { inputs, health } of assessed) {
    if (bulk) tallyHealthMove(bulk, inputs, health);
    else await enqueueHealthEvents(db, organizationId, inputs, health.coverage, health.risk, now);
    await recordHealthHistory(db as Prisma.TransactionClient, organizationId, inputs, health, {
      now,
      drift,
      settings: effective,
      actor,
      cause: bulk?.cause ?? null,
    });
  }
}

/** The event log's side of a refresh: the risk's move (with a history point) and threads that went stale since. */
async function recordHealthHistory(
  tx: Prisma.TransactionClient,
  organizationId: string,
  previous: HealthInputs,
  health: AccountHealth,
  {
    now,
    drift,
    settings,
    actor,
    cause,
  }: { now: Date; drift: boolean; settings: OrganizationSettings; actor: Actor; cause: RiskMoveCause | null },
): Promise<void> {
  const before = previous.healthUpdatedAt
    ? {
        score: previous.riskScore,
        band: previous.riskBand,
        zone: previous.riskZone,
        factors: factorPoints(previous.riskFactors),
      }
    : null;
  const after = {
    score: health.risk.score,
    band: health.risk.band,
    zone: health.risk.zone,
    factors: factorPoints(health.risk.factors),
  };
  // The move first, then the threads gone stale: one insert for all of them.
  const changes: NewEvent[] = [];
  const move = await writeRiskPoint(tx, {
    organizationId,
    accountId: previous.id,
    before,
    after,
    now,
    drift,
    actor,
    cause,
  });
  if (move) changes.push(move);
  const since = previous.healthUpdatedAt;
  if (since && since.getTime() < now.getTime()) {
    const threadSettings = settings.threads;
    for (const person of previous.stakeholders) {
      for (const thread of person.relationships) {
        if (!wentStale(thread, since, now, threadSettings)) continue;
        changes.push({
          organizationId,
          kind: 'THREAD_WENT_STALE',
          actor: systemActor,
          accountId: previous.id,
          subject: { type: 'Stakeholder', id: person.id },
          stakeholderId: person.id,
          occurredAt: now,
          payload: { person: person.fullName, member: thread.member.name },
        });
      }
    }
  }
  await recordChanges(tx, changes);
}

const gapKey = (gap: Gap) => [gap.kind, gap.role, gap.department, gap.stakeholderId].join('|');

/** Gaps of this assessment that the previous one did not have. */
function openedGaps(previous: Pick<HealthInputs, 'coverage'>, coverage: Coverage): Gap[] {
  const before = new Set(((previous.coverage as { gaps?: Gap[] }).gaps ?? []).map(gapKey));
  return coverage.gaps.filter((gap) => !before.has(gapKey(gap)));
}

/** A bulk change's side of a refresh: the account's band move and opened gaps, tallied (first assessments count nothing). */
function tallyHealthMove(bulk: BulkCollector, previous: HealthInputs, health: AccountHealth): void {
  if (!previous.healthUpdatedAt) return;
  bulk.tally = tallyMove(bulk.tally, {
    accountId: previous.id,
    name: previous.name,
    ownerId: previous.ownerId,
    arrMinor: Number(previous.arrMinor),
    bandFrom: previous.riskBand,
    bandTo: health.risk.band,
    score: health.risk.score,
    gapsOpened: openedGaps(previous, health.coverage).length,
  });
}

/**
 * Webhook events for what this assessment changed: the risk band, and gaps that were not there
 * before. An account's first assessment has nothing to compare with and sends none.
 */
async function enqueueHealthEvents(
  db: Db,
  organizationId: string,
  previous: Pick<HealthInputs, 'id' | 'name' | 'riskBand' | 'coverage' | 'healthUpdatedAt'>,
  coverage: Coverage,
  risk: ReturnType<typeof assessRisk>,
  now: Date,
): Promise<void> {
  if (!previous.healthUpdatedAt) return;
  const account = { id: publicId('Account', previous.id), name: previous.name };
  if (risk.band !== previous.riskBand) {
    await enqueueEvent(
      db,
      organizationId,
      'RISK_BAND_CHANGED',
      () => ({ account, previousBand: previous.riskBand, band: risk.band, score: risk.score, zone: risk.zone }),
      { occurredAt: now, accountId: previous.id },
    );
  }
  const opened = openedGaps(previous, coverage);
  if (opened.length > 0) {
    await enqueueEvent(
      db,
      organizationId,
      'COVERAGE_GAP_OPENED',
      () => ({
        account,
        coveragePercent: coverage.coveragePercent,
        openedGaps: opened.map(({ kind, role, department, message }) => ({ kind, role, department, message })),
      }),
      { occurredAt: now, accountId: previous.id },
    );
  }
}

/**
 * Recomputes every account of an organization whose health is stale (computed under other rules or
 * settings) or older than `olderThan` (all when omitted), in batches, stale ones first. Time alone
 * changes some inputs (renewals come closer, threads go stale), so the server runs this periodically;
 * it also fills the health of freshly seeded or imported data.
 */
export async function refreshOrganizationHealth(
  prisma: PrismaClient,
  organizationId: string,
  options: {
    now?: Date;
    olderThan?: Date;
    /** Only time passed since the last refresh (see refreshAccountHealth). */
    drift?: boolean;
    /** Who caused it (default: the system). */
    actor?: Actor;
    batchSize?: number;
    onProgress?: (done: number, total: number) => void;
  } = {},
): Promise<number> {
  const now = options.now ?? new Date();
  const { version } = await organizationSettings(prisma, organizationId);
  const idsWhere = async (where: Prisma.AccountWhereInput) =>
    (
      await prisma.account.findMany({
        where: { organizationId, ...where },
        select: { id: true },
        orderBy: { id: 'asc' },
      })
    ).map((row) => row.id);
  const stale = await idsWhere(staleHealth(version));
  const rest = await idsWhere(
    options.olderThan ? { OR: [{ healthUpdatedAt: null }, { healthUpdatedAt: { lt: options.olderThan } }] } : {},
  );
  const ids = [...new Set([...stale, ...rest])];
  const batchSize = options.batchSize ?? 200;
  for (let start = 0; start < ids.length; start += batchSize) {
    const batch = ids.slice(start, start + batchSize);
    // Each batch reads the settings in its own transaction, so a change made meanwhile is used (and stamped).
    await prisma.$transaction(
      (tx) =>
        refreshAccountHealth(tx, organizationId, batch, {
          actor: options.actor ?? systemActor,
          now,
          ...(options.drift ? { drift: true } : {}),
        }),
      { timeout: 60_000 },
    );
    options.onProgress?.(Math.min(start + batchSize, ids.length), ids.length);
  }
  return ids.length;
}

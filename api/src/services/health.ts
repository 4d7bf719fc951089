// Keeps each account's coverage and turnover risk current. Called inside the transaction of every
// write that changes an input, so lists of risky accounts are index reads, never recomputations.
import type { Prisma, PrismaClient } from '@threadwatch/db/client';
import { assessCoverage, type StakeholderFacts, type ThreadRecord } from '../domain/coverage.ts';
import { heldRequiredRoles } from '../domain/departures.ts';
import { planCompletion } from '../domain/playbooks.ts';
import { assessRisk, type RiskInput, type SignalKind } from '../domain/risk.ts';
import { type OrganizationSettings, parseSettings } from '../domain/settings.ts';

type Db = PrismaClient | Prisma.TransactionClient;

const EVENT_WINDOW_DAYS = 180;
const DAY_MS = 86_400_000;

export async function organizationSettings(db: Db, organizationId: string): Promise<OrganizationSettings> {
  const organization = await db.organization.findUniqueOrThrow({
    where: { id: organizationId },
    select: { settings: true },
  });
  return parseSettings(organization.settings);
}

/** Recomputes coverage and risk of the given accounts of one organization and stores them. */
const healthInputs = (since: Date) =>
  ({
    id: true,
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
        relationships: {
          select: { memberId: true, strength: true, lastTouchAt: true, member: { select: { deactivatedAt: true } } },
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
function assessAccountHealth(account: HealthInputs, settings: OrganizationSettings, now: Date) {
  const required = settings.requiredRoles[account.tier];
  const stakeholders: StakeholderFacts[] = account.stakeholders.map((person) => ({
    id: person.id,
    status: person.status,
    buyingRoles: person.buyingRoles,
    department: person.department,
    isMainContact: person.isMainContact,
  }));
  const threads: ThreadRecord[] = account.stakeholders.flatMap((person) =>
    person.relationships.map((thread) => ({
      stakeholderId: person.id,
      memberId: thread.memberId,
      strength: thread.strength,
      lastTouchAt: thread.lastTouchAt,
      memberActive: thread.member.deactivatedAt === null,
    })),
  );
  const assessed = assessCoverage({ tier: account.tier, stakeholders, threads, now, settings });
  // A churned account has nothing left to cover: it shows no gaps (and the risk model scores it 0).
  const coverage = account.lifecycle === 'CHURNED' ? { ...assessed, gaps: [] } : assessed;

  const replaced = new Set(account.cases.filter((item) => item.replacementId).map((item) => item.stakeholderId));
  // A departure whose case is closed (saved or lost) has been dealt with: it no longer adds risk.
  const handled = new Set(account.cases.filter((item) => item.closedAt !== null).map((item) => item.stakeholderId));
  const keyPeople: RiskInput['keyPeople'] = [];
  for (const person of account.stakeholders) {
    const requiredRoles = heldRequiredRoles(person, required);
    if (!person.isMainContact && requiredRoles.length === 0) continue;
    if (person.status === 'DEPARTED' && handled.has(person.id)) continue;
    keyPeople.push({
      name: person.fullName,
      status: person.status,
      isMainContact: person.isMainContact,
      requiredRoles,
      replaced: replaced.has(person.id),
    });
  }
  // Signals arrive newest first: the first of each kind is its current value.
  const signals: RiskInput['signals'] = {};
  for (const signal of account.signals) {
    signals[signal.kind as SignalKind] ??= { value: signal.value, observedAt: signal.observedAt };
  }
  const risk = assessRisk(
    {
      now,
      account,
      coverage,
      keyPeople,
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
  );
  return { coverage, risk };
}

/** Recomputes coverage and risk of the given accounts of one organization and stores them. */
export async function refreshAccountHealth(
  db: Db,
  organizationId: string,
  accountIds: readonly string[],
  now = new Date(),
  settings?: OrganizationSettings,
): Promise<void> {
  const ids = [...new Set(accountIds)];
  if (ids.length === 0) return;
  const effective = settings ?? (await organizationSettings(db, organizationId));
  const since = new Date(now.getTime() - EVENT_WINDOW_DAYS * DAY_MS);
  const accounts = await db.account.findMany({
    where: { organizationId, id: { in: ids } },
    select: healthInputs(since),
  });
  const assessed = accounts.map((account) => {
    const { coverage, risk } = assessAccountHealth(account, effective, now);
    return {
      id: account.id,
      risk_score: risk.score,
      risk_band: risk.band,
      risk_zone: risk.zone,
      risk_factors: risk.factors,
      zone_reasons: risk.zoneReasons,
      coverage,
      coverage_percent: coverage.coveragePercent,
      gap_count: coverage.gaps.length,
      live_thread_count: coverage.liveThreadCount,
    };
  });
  if (assessed.length === 0) return;
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
      "updatedAt" = (${at}::timestamptz AT TIME ZONE 'UTC')
    FROM jsonb_to_recordset(${JSON.stringify(assessed)}::jsonb) AS v(
      id uuid, risk_score int, risk_band text, risk_zone text, risk_factors jsonb, zone_reasons jsonb,
      coverage jsonb, coverage_percent int, gap_count int, live_thread_count int
    )
    WHERE a.id = v.id AND a."organizationId" = ${organizationId}::uuid`;
}

/**
 * Recomputes every account of an organization whose health is older than `olderThan` (all when
 * omitted), in batches. Time alone changes some inputs (renewals come closer, threads go stale),
 * so the server runs this periodically; it also fills the health of freshly seeded or imported data.
 */
export async function refreshOrganizationHealth(
  prisma: PrismaClient,
  organizationId: string,
  options: {
    now?: Date;
    olderThan?: Date;
    batchSize?: number;
    onProgress?: (done: number, total: number) => void;
  } = {},
): Promise<number> {
  const now = options.now ?? new Date();
  const where: Prisma.AccountWhereInput = {
    organizationId,
    ...(options.olderThan ? { OR: [{ healthUpdatedAt: null }, { healthUpdatedAt: { lt: options.olderThan } }] } : {}),
  };
  const ids = (await prisma.account.findMany({ where, select: { id: true }, orderBy: { id: 'asc' } })).map(
    (row) => row.id,
  );
  const settings = await organizationSettings(prisma, organizationId);
  const batchSize = options.batchSize ?? 200;
  for (let start = 0; start < ids.length; start += batchSize) {
    const batch = ids.slice(start, start + batchSize);
    await prisma.$transaction((tx) => refreshAccountHealth(tx, organizationId, batch, now, settings), {
      timeout: 60_000,
    });
    options.onProgress?.(Math.min(start + batchSize, ids.length), ids.length);
  }
  return ids.length;
}

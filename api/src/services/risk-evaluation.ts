// The risk score's track record for one organization: reads the outcomes of a period and the risk
// history point in force before each, and hands them to domain/risk-evaluation.ts.
import type { PrismaClient } from '@threadwatch/db/client';
import type { Band } from '../domain/changes.ts';
import { bandFor } from '../domain/risk.ts';
import {
  decisiveOutcomes,
  type Evaluation,
  type EvaluationCase,
  evaluateRisk,
  judgedAt,
  type Weights,
} from '../domain/risk-evaluation.ts';
import { MAX_RISK_WEIGHT } from '../domain/settings.ts';
import { ValidationError } from '../errors.ts';
import { factorPoints } from './events.ts';
import { organizationSettings } from './health.ts';

export interface RiskModelEvaluation extends Evaluation {
  from: Date;
  to: Date;
  horizonDays: number;
  /** Accounts with an outcome in the period but no risk history point by the judged instant. */
  excluded: number;
  /** The weights in force now, used to derive the fractions of older points. */
  currentWeights: Weights;
  /** The candidate weights (current ones overridden by those sent), or null. */
  candidateWeights: Weights | null;
}

/** The weights in force now, overridden by those sent; null when none were sent. A bad entry is refused. */
export function candidateWeights(
  current: Weights,
  sent: ReadonlyArray<{ factor: string; maxPoints: number }> | null | undefined,
): Weights | null {
  if (!sent) return null;
  const candidate: Record<string, number> = { ...current };
  const seen = new Set<string>();
  sent.forEach((entry, index) => {
    const path = ['weights', String(index)];
    if (!Object.hasOwn(current, entry.factor))
      throw ValidationError.at([...path, 'factor'], `Not a risk factor: ${Object.keys(current).join(', ')}.`);
    if (seen.has(entry.factor)) throw ValidationError.at([...path, 'factor'], 'Each factor at most once.');
    if (!Number.isFinite(entry.maxPoints) || entry.maxPoints < 0 || entry.maxPoints > MAX_RISK_WEIGHT)
      throw ValidationError.at([...path, 'maxPoints'], `Between 0 and ${MAX_RISK_WEIGHT}.`);
    seen.add(entry.factor);
    candidate[entry.factor] = entry.maxPoints;
  });
  return candidate;
}

interface PointRow {
  accountId: string;
  score: number | null;
  band: Band | null;
  factors: unknown;
}

export async function evaluateRiskModel(
  prisma: PrismaClient,
  organizationId: string,
  options: {
    from: Date;
    to: Date;
    horizonDays: number;
    weights?: ReadonlyArray<{ factor: string; maxPoints: number }> | null;
  },
): Promise<RiskModelEvaluation> {
  const { from, to, horizonDays } = options;
  const settings = await organizationSettings(prisma, organizationId);
  const currentWeights: Weights = Object.fromEntries(Object.entries(settings.riskWeights));
  const candidate = candidateWeights(currentWeights, options.weights);
  const outcomes = decisiveOutcomes(
    await prisma.accountOutcome.findMany({
      where: { organizationId, occurredOn: { gte: from, lte: to } },
      select: { accountId: true, kind: true, occurredOn: true },
    }),
  );
  const judged = outcomes.map((outcome) => ({
    account_id: outcome.accountId,
    at: judgedAt(outcome.occurredOn, horizonDays).toISOString(),
  }));
  // The point in force at each judged instant: one index read per account, in one statement.
  const rows =
    judged.length === 0
      ? []
      : await prisma.$queryRaw<PointRow[]>`
          SELECT v.account_id::text AS "accountId", p.score, p.band::text AS band, p.factors
          FROM jsonb_to_recordset(${JSON.stringify(judged)}::jsonb) AS v(account_id uuid, at timestamptz)
          LEFT JOIN LATERAL (
            SELECT "score" AS score, "band" AS band, "factors" AS factors FROM "RiskPoint"
            WHERE "organizationId" = ${organizationId}::uuid AND "accountId" = v.account_id
              AND "at" <= (v.at AT TIME ZONE 'UTC')
            ORDER BY "at" DESC, "id" DESC
            LIMIT 1
          ) AS p ON TRUE`;
  const points = new Map(rows.map((row) => [row.accountId, row]));
  const cases: EvaluationCase[] = [];
  for (const outcome of outcomes) {
    const point = points.get(outcome.accountId);
    if (!point || point.score === null || point.band === null) continue;
    cases.push({
      accountId: outcome.accountId,
      churned: outcome.kind === 'CHURNED',
      score: point.score,
      band: point.band,
      factors: factorPoints(point.factors),
    });
  }
  return {
    ...evaluateRisk(cases, { currentWeights, candidate, bandOf: (score) => bandFor(score, settings.riskBands) }),
    from,
    to,
    horizonDays,
    excluded: outcomes.length - cases.length,
    currentWeights,
    candidateWeights: candidate,
  };
}

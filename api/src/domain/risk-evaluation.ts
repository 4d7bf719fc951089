// The turnover risk's track record: how well the score, as it stood some days before an account's
// outcome, told the accounts that churned from those that stayed. Pure and deterministic.
//
// Sample. One case per account with an outcome in the period: its first CHURNED outcome there, or,
// when it has none, its latest outcome (RENEWED or EXPANDED). Churned is the positive class. The
// case's risk is the account's risk history point in force `horizonDays` before the outcome (the
// latest point at or before that instant); an account with no point by then is excluded and counted.
//
// Metrics.
// - AUC: the chance that a random churned account had a higher score than a random retained one,
//   ties counted as half (the Mann–Whitney statistic: average ranks, ties sharing their mean rank).
//   null when either class is empty. 0.5 is a coin toss, 1 a perfect ranking.
// - Calibration: per band (GREEN, YELLOW, AMBER, RED, always all four), accounts, churned and the
//   churn rate (null for a band with no account). A trustworthy score churns more often in higher bands.
// - Lift per factor: churn rate among the accounts where the factor had points vs among those where
//   it had none, with counts; lift = rate with / rate without (null when a side is empty or the rate
//   without is 0). Factors are ranked by lift, then by churned accounts with the factor.
//
// Other weights. A point's score under other weights is min(100, Σ round(weight × fraction)) over its
// factors, the same rule as the risk itself. The fraction is stored with each factor since history
// points carry it; for an older point it is derived as min(1, points / current weight), which is exact
// only when the weights have not changed since (and loses the rounding). A factor whose fraction
// cannot be known (its current weight is 0, or the key has no weight) keeps its recorded points.
// Factors that earned 0 points at the time are not in the history, so raising a weight from 0 cannot
// show what that factor would have added.
import { BAND_RANK, type Band } from './changes.ts';
import { bandFor } from './risk.ts';

export interface EvaluationFactor {
  key: string;
  points: number;
  /** 0..1; undefined when unknown (older history points). */
  fraction?: number;
}

export interface EvaluationCase {
  accountId: string;
  churned: boolean;
  /** The recorded score and band at the time. */
  score: number;
  band: Band;
  factors: EvaluationFactor[];
}

export interface BandRow {
  band: Band;
  accounts: number;
  churned: number;
  /** churned / accounts, null when the band has no account. */
  rate: number | null;
}

export interface RateCount {
  accounts: number;
  churned: number;
  rate: number | null;
}

export interface FactorLift {
  factor: string;
  withFactor: RateCount;
  withoutFactor: RateCount;
  /** withFactor.rate / withoutFactor.rate; null when undefined. */
  lift: number | null;
}

export interface ScoreMetrics {
  auc: number | null;
  calibration: BandRow[];
}

export interface Evaluation {
  sampleSize: number;
  churned: number;
  /** The scores as they were recorded at the time. */
  recorded: ScoreMetrics;
  factorLifts: FactorLift[];
  /** The same cases scored under the candidate weights; null when none were sent. */
  candidate: ScoreMetrics | null;
}

export type Weights = Readonly<Record<string, number>>;

const BANDS: readonly Band[] = ['GREEN', 'YELLOW', 'AMBER', 'RED'];

function rate(churned: number, accounts: number): number | null {
  return accounts === 0 ? null : churned / accounts;
}

/**
 * Area under the ROC curve of `score` for telling positives from negatives, ties half; null when
 * there are no positives or no negatives.
 */
export function auc(cases: ReadonlyArray<{ score: number; positive: boolean }>): number | null {
  const positives = cases.filter((item) => item.positive).length;
  const negatives = cases.length - positives;
  if (positives === 0 || negatives === 0) return null;
  const sorted = [...cases].sort((a, b) => a.score - b.score);
  let positiveRankSum = 0;
  for (let start = 0; start < sorted.length; ) {
    let end = start;
    while (end + 1 < sorted.length && sorted[end + 1]!.score === sorted[start]!.score) end++;
    // Ranks start..end (1-based: start+1..end+1) share their mean.
    const meanRank = (start + 1 + end + 1) / 2;
    for (let index = start; index <= end; index++) if (sorted[index]!.positive) positiveRankSum += meanRank;
    start = end + 1;
  }
  const u = positiveRankSum - (positives * (positives + 1)) / 2;
  return u / (positives * negatives);
}

/** Accounts, churned and churn rate per band, all four bands from GREEN to RED. */
export function calibration(cases: ReadonlyArray<{ band: Band; churned: boolean }>): BandRow[] {
  return BANDS.map((band) => {
    const inBand = cases.filter((item) => item.band === band);
    const churned = inBand.filter((item) => item.churned).length;
    return { band, accounts: inBand.length, churned, rate: rate(churned, inBand.length) };
  }).sort((a, b) => BAND_RANK[a.band] - BAND_RANK[b.band]);
}

/**
 * Churn rate with and without each factor. `keys` names the factors to report (e.g. the keys of the
 * weights); factors found in the cases are added, so a key no longer weighted still shows.
 */
export function factorLifts(cases: readonly EvaluationCase[], keys: readonly string[] = []): FactorLift[] {
  const all = new Set(keys);
  for (const item of cases) for (const factor of item.factors) if (factor.points > 0) all.add(factor.key);
  const lifts = [...all].map((factor) => {
    const has = (item: EvaluationCase) => item.factors.some((entry) => entry.key === factor && entry.points > 0);
    const withCases = cases.filter(has);
    const withoutCases = cases.filter((item) => !has(item));
    const withChurned = withCases.filter((item) => item.churned).length;
    const withoutChurned = withoutCases.filter((item) => item.churned).length;
    const withRate = rate(withChurned, withCases.length);
    const withoutRate = rate(withoutChurned, withoutCases.length);
    return {
      factor,
      withFactor: { accounts: withCases.length, churned: withChurned, rate: withRate },
      withoutFactor: { accounts: withoutCases.length, churned: withoutChurned, rate: withoutRate },
      lift: withRate === null || withoutRate === null || withoutRate === 0 ? null : withRate / withoutRate,
    };
  });
  return lifts.sort(
    (a, b) =>
      (b.lift ?? Number.NEGATIVE_INFINITY) - (a.lift ?? Number.NEGATIVE_INFINITY) ||
      b.withFactor.churned - a.withFactor.churned ||
      (a.factor < b.factor ? -1 : a.factor > b.factor ? 1 : 0),
  );
}

/**
 * Fills in the fraction of factors recorded without one, as min(1, points / weight) under `weights`
 * (the weights in force now: an approximation when they changed since). Unknown stays unknown.
 */
export function withDerivedFractions(factors: readonly EvaluationFactor[], weights: Weights): EvaluationFactor[] {
  return factors.map((factor) => {
    if (factor.fraction !== undefined) return factor;
    const weight = weights[factor.key];
    if (weight === undefined || !(weight > 0)) return factor;
    return { ...factor, fraction: Math.min(1, factor.points / weight) };
  });
}

/** The score of a point's factors under `weights`: min(100, Σ round(weight × fraction)). */
export function rescore(factors: readonly EvaluationFactor[], weights: Weights): number {
  const sum = factors.reduce((total, factor) => {
    const weight = weights[factor.key];
    if (factor.fraction === undefined || weight === undefined) return total + factor.points;
    return total + Math.round(Math.max(0, weight) * factor.fraction);
  }, 0);
  return Math.min(100, Math.max(0, sum));
}

function metrics(cases: ReadonlyArray<{ score: number; band: Band; churned: boolean }>): ScoreMetrics {
  return {
    auc: auc(cases.map((item) => ({ score: item.score, positive: item.churned }))),
    calibration: calibration(cases),
  };
}

/**
 * The track record of the recorded scores, and of `candidate` weights when given. `currentWeights`
 * derive the fractions of older points and name the factors to report; `bandOf` maps a recomputed
 * score to its band.
 */
export function evaluateRisk(
  cases: readonly EvaluationCase[],
  options: { currentWeights: Weights; candidate?: Weights | null; bandOf?: (score: number) => Band },
): Evaluation {
  const { currentWeights, candidate = null, bandOf = bandFor } = options;
  const rescored = candidate
    ? cases.map((item) => {
        const score = rescore(withDerivedFractions(item.factors, currentWeights), candidate);
        return { score, band: bandOf(score), churned: item.churned };
      })
    : null;
  return {
    sampleSize: cases.length,
    churned: cases.filter((item) => item.churned).length,
    recorded: metrics(cases),
    factorLifts: factorLifts(cases, Object.keys(currentWeights)),
    candidate: rescored ? metrics(rescored) : null,
  };
}

// ---------------------------------------------------------------- choosing the sample

export type OutcomeKind = 'CHURNED' | 'RENEWED' | 'EXPANDED';

export interface OutcomeFact {
  accountId: string;
  kind: OutcomeKind;
  occurredOn: Date;
}

/**
 * One outcome per account: its first CHURNED one, else its latest. `outcomes` are those in the period.
 * Sorted by account id, so the sample does not depend on the order they were read in.
 */
export function decisiveOutcomes<T extends OutcomeFact>(outcomes: readonly T[]): T[] {
  const byAccount = new Map<string, T>();
  for (const outcome of outcomes) {
    const held = byAccount.get(outcome.accountId);
    if (!held || outcomeBeats(outcome, held)) byAccount.set(outcome.accountId, outcome);
  }
  return [...byAccount.values()].sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0));
}

function outcomeBeats(candidate: OutcomeFact, held: OutcomeFact): boolean {
  const churn = (item: OutcomeFact) => item.kind === 'CHURNED';
  if (churn(candidate) !== churn(held)) return churn(candidate);
  const a = candidate.occurredOn.getTime();
  const b = held.occurredOn.getTime();
  return churn(candidate) ? a < b : a > b;
}

const DAY_MS = 86_400_000;

/** The instant whose risk is judged: `horizonDays` whole days before the outcome's day (UTC midnight). */
export function judgedAt(occurredOn: Date, horizonDays: number): Date {
  return new Date(occurredOn.getTime() - horizonDays * DAY_MS);
}

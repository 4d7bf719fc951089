// The executive turnover report of seed 002 ("Last week we saved 2 customers from main contact
// turnover risk worth $43,000 … we believe we can save $190,000 of the revenue at risk"), built from
// departure cases. Pure: the caller passes the cases, the period and the ARR of RED-band accounts.
//
// Rules (the period is [from, to], both ends included):
// - Saved / churned: cases closed within the period with outcome SAVED / CHURNED (count and the sum
//   of their ARR at risk). A case closed without an outcome is neither.
// - Open: opened on or before `to` and not closed by `to` (closedAt is null or after `to`); their
//   count and the sum of their ARR at risk.
// - averageDaysAtRisk: the mean, in days with one decimal, of (to − openedAt) for open cases and of
//   (closedAt − openedAt) for cases closed in the period; null when there is none. Negative spans
//   (bad data) count as 0.
// - averagePlanCompletion: the mean plan completion (0..1) of the open cases; null when none is open.
// - saveRate = saved / (saved + churned) over ALL closed cases given, whatever their date (the track
//   record, not only this period); 0.5 when none has been closed yet (no track record: even odds).
// - expectedSavedArrMinor = Σ over open cases of arrAtRisk × p, with p = saveRate × (0.5 + 0.5 ×
//   planCompletion): a case with no progress is saved at half the usual rate, a finished plan at
//   the full rate. Each case is rounded to whole minor units, so the cause lines add up to the
//   total. Every line uses the report's overall save rate.
// - byCause: one line per cause (in CaseCause order) that has a case saved, churned, closed in the
//   period, or open at its end; `total` covers all causes.
// - arrAtHighRiskMinor: passed through from the caller (ARR of accounts in the RED band).
// - summary: the sentences of seed 002 built from the data. Amounts are formatted with
//   Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 0 }) after
//   dividing the minor units by the currency's minor unit (100 for USD or EUR, 1 for JPY); an unknown
//   currency code is shown after the number instead.
export type CaseCause = 'MAIN_CONTACT_TURNOVER' | 'ROLE_HOLDER_TURNOVER' | 'OUR_REP_LEFT' | 'EXECUTIVE_CHANGE';
export type CaseOutcome = 'SAVED' | 'CHURNED';

export const caseCauses: readonly CaseCause[] = [
  'MAIN_CONTACT_TURNOVER',
  'ROLE_HOLDER_TURNOVER',
  'OUR_REP_LEFT',
  'EXECUTIVE_CHANGE',
];

export interface ReportCase {
  cause: CaseCause;
  arrAtRiskMinor: bigint;
  openedAt: Date;
  closedAt: Date | null;
  outcome: CaseOutcome | null;
  /** 0..1 */
  planCompletion: number;
}

export interface ReportLine {
  /** null = all causes. */
  cause: CaseCause | null;
  savedCount: number;
  savedArrMinor: bigint;
  churnedCount: number;
  churnedArrMinor: bigint;
  openCount: number;
  openArrAtRiskMinor: bigint;
  averageDaysAtRisk: number | null;
  /** 0..1, over open cases. */
  averagePlanCompletion: number | null;
  expectedSavedArrMinor: bigint;
}

export interface TurnoverReport {
  from: Date;
  to: Date;
  total: ReportLine;
  /** Only causes with a case in the period, in CaseCause order. */
  byCause: ReportLine[];
  arrAtHighRiskMinor: bigint;
  saveRate: number;
  summary: string;
}

export interface TurnoverReportInput {
  from: Date;
  to: Date;
  cases: ReportCase[];
  /** ARR of the accounts in the RED band, given by the caller. */
  highRiskArrMinor: bigint;
  currency: string;
}

/** The save rate assumed before any case has been closed. */
export const DEFAULT_SAVE_RATE = 0.5;

const DAY_MS = 86_400_000;

function clamp01(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(1, Math.max(0, value));
}

function closedInPeriod(item: ReportCase, from: Date, to: Date): boolean {
  return item.closedAt !== null && item.closedAt >= from && item.closedAt <= to;
}

function openAt(item: ReportCase, to: Date): boolean {
  return item.openedAt <= to && (item.closedAt === null || item.closedAt > to);
}

function sumArr(cases: readonly ReportCase[]): bigint {
  return cases.reduce((sum, item) => sum + item.arrAtRiskMinor, 0n);
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

function daysBetween(start: Date, end: Date): number {
  return Math.max(0, (end.getTime() - start.getTime()) / DAY_MS);
}

/** saved / (saved + churned) over all closed cases; DEFAULT_SAVE_RATE when none is closed. */
function saveRateOf(cases: readonly ReportCase[]): number {
  const closed = cases.filter((item) => item.closedAt !== null);
  const saved = closed.filter((item) => item.outcome === 'SAVED').length;
  const churned = closed.filter((item) => item.outcome === 'CHURNED').length;
  return saved + churned === 0 ? DEFAULT_SAVE_RATE : saved / (saved + churned);
}

/** arrAtRisk × saveRate × (0.5 + 0.5 × planCompletion), in whole minor units. */
function expectedSaved(item: ReportCase, saveRate: number): bigint {
  const probability = saveRate * (0.5 + 0.5 * clamp01(item.planCompletion));
  return BigInt(Math.round(Number(item.arrAtRiskMinor) * probability));
}

function reportLine(
  cause: CaseCause | null,
  cases: readonly ReportCase[],
  input: TurnoverReportInput,
  saveRate: number,
): ReportLine {
  const { from, to } = input;
  const closed = cases.filter((item) => closedInPeriod(item, from, to));
  const saved = closed.filter((item) => item.outcome === 'SAVED');
  const churned = closed.filter((item) => item.outcome === 'CHURNED');
  const open = cases.filter((item) => openAt(item, to));
  const days = [
    ...open.map((item) => daysBetween(item.openedAt, to)),
    ...closed.map((item) => daysBetween(item.openedAt, item.closedAt ?? to)),
  ];
  const averageDays = mean(days);
  return {
    cause,
    savedCount: saved.length,
    savedArrMinor: sumArr(saved),
    churnedCount: churned.length,
    churnedArrMinor: sumArr(churned),
    openCount: open.length,
    openArrAtRiskMinor: sumArr(open),
    averageDaysAtRisk: averageDays === null ? null : Math.round(averageDays * 10) / 10,
    averagePlanCompletion: mean(open.map((item) => clamp01(item.planCompletion))),
    expectedSavedArrMinor: open.reduce((sum, item) => sum + expectedSaved(item, saveRate), 0n),
  };
}

function hasCaseInPeriod(line: ReportLine, cases: readonly ReportCase[], input: TurnoverReportInput): boolean {
  return (
    line.openCount > 0 ||
    line.savedCount > 0 ||
    line.churnedCount > 0 ||
    cases.some((item) => closedInPeriod(item, input.from, input.to))
  );
}

/** Formats minor units of the currency, e.g. 4_300_000n USD → "$43,000". */
export function formatMoney(minor: bigint, currency: string): string {
  try {
    const digits = new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits;
    const format = new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 0 });
    return format.format(Number(minor) / 10 ** (digits ?? 2));
  } catch {
    return `${new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(Number(minor) / 100)} ${currency}`;
  }
}

function customers(count: number): string {
  return `${count} ${count === 1 ? 'customer' : 'customers'}`;
}

function formatDays(days: number): string {
  const value = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(days);
  return `${value} ${days === 1 ? 'day' : 'days'}`;
}

function summaryOf(total: ReportLine, input: TurnoverReportInput): string {
  const money = (minor: bigint) => formatMoney(minor, input.currency);
  const sentences = [
    total.savedCount > 0
      ? `In this period we saved ${customers(total.savedCount)} worth ${money(total.savedArrMinor)} from turnover risk.`
      : 'In this period we saved no customer from turnover risk.',
  ];
  if (total.churnedCount > 0) {
    sentences.push(`We lost ${customers(total.churnedCount)} worth ${money(total.churnedArrMinor)}.`);
  }
  const days = total.averageDaysAtRisk === null ? null : formatDays(total.averageDaysAtRisk);
  if (total.openCount > 0) {
    const verb = total.openCount === 1 ? 'is' : 'are';
    const completion = Math.round((total.averagePlanCompletion ?? 0) * 100);
    sentences.push(
      `${customers(total.openCount)} ${verb} at risk, worth ${money(total.openArrAtRiskMinor)} in ARR; the average time at risk is ${days} and recovery plans are ${completion}% complete.`,
      `Based on the progress so far, we expect to save ${money(total.expectedSavedArrMinor)} of the ARR at risk.`,
    );
  } else {
    sentences.push(
      days === null
        ? 'No customer is at risk from turnover.'
        : `No customer is at risk from turnover; the average time at risk was ${days}.`,
    );
  }
  sentences.push(`${money(input.highRiskArrMinor)} of ARR remains at high risk of churn.`);
  return sentences.join(' ');
}

/** The turnover report for the period [from, to]. */
export function turnoverReport(input: TurnoverReportInput): TurnoverReport {
  const saveRate = saveRateOf(input.cases);
  const total = reportLine(null, input.cases, input, saveRate);
  const byCause = caseCauses.flatMap((cause) => {
    const cases = input.cases.filter((item) => item.cause === cause);
    const line = reportLine(cause, cases, input, saveRate);
    return hasCaseInPeriod(line, cases, input) ? [line] : [];
  });
  return {
    from: input.from,
    to: input.to,
    total,
    byCause,
    arrAtHighRiskMinor: input.highRiskArrMinor,
    saveRate,
    summary: summaryOf(total, input),
  };
}

// The executive turnover report of seed 002, built from departure cases. Pure: the caller passes
// the cases (with each open case's outlook), the period, now, and the organization's currency and
// locale. The sentence it renders is the seed's:
//   "Last week we saved 2 customers from main contact turnover risk worth $43,000 because the new
//   contacts completed onboarding and are engaged. We have 12 customers currently at risk because
//   of main contact turnover, they are worth a combined $250,000 in ARR. The average time at risk
//   is 1 month and we are 60% complete with the recovery action plans. Based on the progress so
//   far, we believe we can save $190,000 of the revenue at risk, while $60,000 remains at a high
//   risk of churn."
//
// Rules (the period is [from, to], both ends included):
// - Saved / churned: cases closed within the period with that outcome (count, ARR at risk).
// - Open: opened on or before `to` and not closed by `to`; count and ARR at risk.
// - Outlook split of the open ARR: likely saved (the expected save), at risk (undecided) and high
//   risk of churn; the three always add up to the open ARR at risk.
// - averageDaysAtRisk: the mean of daysAtRisk (departure-cases.ts, the product's one day count) of the
//   open cases (to the earlier of now and `to`) and of the cases closed in the period (to their
//   close), one decimal; null when there is none.
// - averagePlanCompletion: mean plan completion (0..1) of the open cases; null when none is open.
// - saveRate: saved ÷ (saved + churned) in the period; null when none closed (no invented rate).
// - Lines by cause, segment and owner list only groups with a case saved, churned or open.
// - empty: no case saved, churned or open in the period; the sentence then says so.
import { daysAtRisk } from './departure-cases.ts';

// The data model's CaseCause, CaseOutcome, CaseOutlook and SaveReason hold the same values as these lists.
export const caseCauses = [
  'MAIN_CONTACT_TURNOVER',
  'ROLE_HOLDER_TURNOVER',
  'OUR_REP_LEFT',
  'EXECUTIVE_CHANGE',
] as const;
export type CaseCause = (typeof caseCauses)[number];
export const CASE_OUTCOMES = ['SAVED', 'CHURNED'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];
export const CASE_OUTLOOKS = ['LIKELY_SAVED', 'AT_RISK', 'HIGH_RISK'] as const;
export type CaseOutlook = (typeof CASE_OUTLOOKS)[number];
export type Segment = 'ENTERPRISE' | 'MID_MARKET' | 'SMB';
export const SAVE_REASONS = ['ONBOARDING_COMPLETE', 'NEW_CONTACT_ENGAGED'] as const;
export type SaveReason = (typeof SAVE_REASONS)[number];
export const segments: readonly Segment[] = ['ENTERPRISE', 'MID_MARKET', 'SMB'];

export interface ReportCase {
  id: string;
  accountName: string;
  cause: CaseCause;
  segment: Segment;
  ownerId: string | null;
  ownerName: string | null;
  arrAtRiskMinor: bigint;
  departedOn: Date | null;
  learnedOn: Date;
  openedAt: Date;
  closedAt: Date | null;
  outcome: CaseOutcome | null;
  /** 0..1 */
  planCompletion: number;
  /** The case's current outlook (used while it is open). */
  outlook: CaseOutlook;
  saveReasons: readonly SaveReason[];
  closeNote: string | null;
}

export interface ReportLine {
  savedCount: number;
  savedArrMinor: bigint;
  churnedCount: number;
  churnedArrMinor: bigint;
  openCount: number;
  openArrAtRiskMinor: bigint;
  averageDaysAtRisk: number | null;
  averagePlanCompletion: number | null;
  /** Open ARR whose case is likely saved: the expected save. */
  expectedSavedArrMinor: bigint;
  /** Open ARR whose case is still undecided. */
  undecidedArrMinor: bigint;
  /** Open ARR whose case is at high risk of churn. */
  highRiskArrMinor: bigint;
}

export interface SavedCase {
  id: string;
  accountName: string;
  arrMinor: bigint;
  reasons: readonly SaveReason[];
  note: string | null;
}

export interface TurnoverReport {
  from: Date;
  to: Date;
  currency: string;
  locale: string;
  empty: boolean;
  total: ReportLine;
  byCause: Array<ReportLine & { cause: CaseCause }>;
  bySegment: Array<ReportLine & { segment: Segment }>;
  byOwner: Array<ReportLine & { ownerId: string | null; ownerName: string | null }>;
  saved: SavedCase[];
  saveRate: number | null;
  sentence: string;
}

export interface TurnoverReportInput {
  from: Date;
  to: Date;
  now: Date;
  cases: readonly ReportCase[];
  currency: string;
  locale: string;
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
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

function reportLine(cases: readonly ReportCase[], input: TurnoverReportInput): ReportLine {
  const { from, to, now } = input;
  const closed = cases.filter((item) => closedInPeriod(item, from, to));
  const saved = closed.filter((item) => item.outcome === 'SAVED');
  const churned = closed.filter((item) => item.outcome === 'CHURNED');
  const open = cases.filter((item) => openAt(item, to));
  const days = [
    ...open.map((item) => daysAtRisk({ ...item, closedAt: null }, now, to)),
    ...closed.map((item) => daysAtRisk(item, now, to)),
  ];
  const averageDays = mean(days);
  const withOutlook = (outlook: CaseOutlook) => sumArr(open.filter((item) => item.outlook === outlook));
  return {
    savedCount: saved.length,
    savedArrMinor: sumArr(saved),
    churnedCount: churned.length,
    churnedArrMinor: sumArr(churned),
    openCount: open.length,
    openArrAtRiskMinor: sumArr(open),
    averageDaysAtRisk: averageDays === null ? null : Math.round(averageDays * 10) / 10,
    averagePlanCompletion: mean(open.map((item) => clamp01(item.planCompletion))),
    expectedSavedArrMinor: withOutlook('LIKELY_SAVED'),
    undecidedArrMinor: withOutlook('AT_RISK'),
    highRiskArrMinor: withOutlook('HIGH_RISK'),
  };
}

function hasCases(line: ReportLine): boolean {
  return line.openCount > 0 || line.savedCount > 0 || line.churnedCount > 0;
}

function groupLines<K extends string | null, T>(
  keys: readonly K[],
  keyOf: (item: ReportCase) => K,
  input: TurnoverReportInput,
  label: (key: K) => T,
): Array<ReportLine & T> {
  return keys.flatMap((key) => {
    const line = reportLine(
      input.cases.filter((item) => keyOf(item) === key),
      input,
    );
    return hasCases(line) ? [{ ...label(key), ...line }] : [];
  });
}

// ---- Rendering -------------------------------------------------------------------------------

const DAY_MS = 86_400_000;

function safeLocale(locale: string): string {
  try {
    return Intl.NumberFormat.supportedLocalesOf([locale]).length > 0 ? locale : 'en-US';
  } catch {
    return 'en-US';
  }
}

/** Minor units of the currency in the locale, without cents: 4_300_000n USD en-US → "$43,000". */
export function formatMoney(minor: bigint, currency: string, locale = 'en-US'): string {
  const tag = safeLocale(locale);
  try {
    const digits = new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits;
    const format = new Intl.NumberFormat(tag, { style: 'currency', currency, maximumFractionDigits: 0 });
    return format.format(Number(minor) / 10 ** (digits ?? 2));
  } catch {
    return `${new Intl.NumberFormat(tag, { maximumFractionDigits: 0 }).format(Number(minor) / 100)} ${currency}`;
  }
}

/** A time at risk in words: days up to four weeks, then whole months (30.4375 days each). */
export function formatDuration(days: number, locale = 'en-US'): string {
  const tag = safeLocale(locale);
  const unit = (value: number, name: 'day' | 'month') =>
    new Intl.NumberFormat(tag, { style: 'unit', unit: name, unitDisplay: 'long', maximumFractionDigits: 0 }).format(
      value,
    );
  return days < 28 ? unit(Math.round(days), 'day') : unit(Math.max(1, Math.round(days / 30.4375)), 'month');
}

function formatPercent(share: number, locale: string): string {
  return new Intl.NumberFormat(safeLocale(locale), { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

function formatDay(at: Date, locale: string): string {
  return new Intl.DateTimeFormat(safeLocale(locale), { dateStyle: 'medium', timeZone: 'UTC' }).format(at);
}

const causeWords: Record<CaseCause, string> = {
  MAIN_CONTACT_TURNOVER: 'main contact turnover',
  ROLE_HOLDER_TURNOVER: 'role holder turnover',
  OUR_REP_LEFT: 'our account manager leaving',
  EXECUTIVE_CHANGE: 'an executive change',
};

function customers(count: number): string {
  return `${count} ${count === 1 ? 'customer' : 'customers'}`;
}

/** "Last week" for the seven days to now; otherwise the dates. */
function periodWords(input: TurnoverReportInput): string {
  const span = input.to.getTime() - input.from.getTime();
  const endsNow = Math.abs(input.now.getTime() - input.to.getTime()) <= DAY_MS;
  if (endsNow && span >= 7 * DAY_MS - DAY_MS && span <= 7 * DAY_MS) return 'Last week';
  return `Between ${formatDay(input.from, input.locale)} and ${formatDay(input.to, input.locale)}`;
}

function causeOf(cases: readonly ReportCase[]): string {
  const causes = new Set(cases.map((item) => item.cause));
  const [only] = causes;
  return causes.size === 1 && only ? causeWords[only] : 'turnover';
}

function becauseWords(saved: readonly ReportCase[]): string {
  const all = (reason: SaveReason) => saved.every((item) => item.saveReasons.includes(reason));
  const onboarded = all('ONBOARDING_COMPLETE');
  const engaged = all('NEW_CONTACT_ENGAGED');
  const one = saved.length === 1;
  const subject = one ? 'the new contact' : 'the new contacts';
  if (onboarded && engaged) return ` because ${subject} completed onboarding and ${one ? 'is' : 'are'} engaged`;
  if (onboarded) return ` because ${subject} completed onboarding`;
  if (engaged) return ` because ${subject} ${one ? 'is' : 'are'} engaged`;
  return '';
}

function sentenceOf(total: ReportLine, empty: boolean, input: TurnoverReportInput): string {
  const money = (minor: bigint) => formatMoney(minor, input.currency, input.locale);
  const period = periodWords(input);
  if (empty) return `${period} no customer was saved, lost or at risk from turnover: there is nothing to report.`;
  const saved = input.cases.filter((item) => closedInPeriod(item, input.from, input.to) && item.outcome === 'SAVED');
  const open = input.cases.filter((item) => openAt(item, input.to));
  const sentences = [
    total.savedCount > 0
      ? `${period} we saved ${customers(total.savedCount)} from ${causeOf(saved)} risk worth ${money(total.savedArrMinor)}${becauseWords(saved)}.`
      : `${period} we saved no customer from turnover risk.`,
  ];
  if (total.churnedCount > 0) {
    sentences.push(`We lost ${customers(total.churnedCount)} worth ${money(total.churnedArrMinor)}.`);
  }
  if (total.openCount === 0) {
    sentences.push('No customer is currently at risk from turnover.');
    return sentences.join(' ');
  }
  const they = total.openCount === 1 ? 'it is' : 'they are';
  const combined = total.openCount === 1 ? '' : 'a combined ';
  sentences.push(
    `We have ${customers(total.openCount)} currently at risk because of ${causeOf(open)}, ${they} worth ${combined}${money(total.openArrAtRiskMinor)} in ARR.`,
    `The average time at risk is ${formatDuration(total.averageDaysAtRisk ?? 0, input.locale)} and we are ${formatPercent(total.averagePlanCompletion ?? 0, input.locale)} complete with the recovery action plans.`,
  );
  const undecided =
    total.undecidedArrMinor > 0n ? ` and the outlook for ${money(total.undecidedArrMinor)} is still open` : '';
  sentences.push(
    `Based on the progress so far, we believe we can save ${money(total.expectedSavedArrMinor)} of the revenue at risk, while ${money(total.highRiskArrMinor)} remains at a high risk of churn${undecided}.`,
  );
  return sentences.join(' ');
}

/** The turnover report for the period [from, to]. */
export function turnoverReport(input: TurnoverReportInput): TurnoverReport {
  const total = reportLine(input.cases, input);
  const empty = !hasCases(total);
  const owners = [...new Map(input.cases.map((item) => [item.ownerId, item.ownerName])).entries()].sort(
    ([, a], [, b]) => (a ?? '\uffff').localeCompare(b ?? '\uffff', 'en'),
  );
  const ownerNames = new Map(owners);
  const closed = total.savedCount + total.churnedCount;
  return {
    from: input.from,
    to: input.to,
    currency: input.currency,
    locale: safeLocale(input.locale),
    empty,
    total,
    byCause: groupLines(
      caseCauses,
      (item) => item.cause,
      input,
      (cause) => ({ cause }),
    ),
    bySegment: groupLines(
      segments,
      (item) => item.segment,
      input,
      (segment) => ({ segment }),
    ),
    byOwner: groupLines(
      owners.map(([id]) => id),
      (item) => item.ownerId,
      input,
      (ownerId) => ({ ownerId, ownerName: ownerNames.get(ownerId) ?? null }),
    ),
    saved: input.cases
      .filter((item) => closedInPeriod(item, input.from, input.to) && item.outcome === 'SAVED')
      .map((item) => ({
        id: item.id,
        accountName: item.accountName,
        arrMinor: item.arrAtRiskMinor,
        reasons: item.saveReasons,
        note: item.closeNote,
      })),
    saveRate: closed === 0 ? null : total.savedCount / closed,
    sentence: sentenceOf(total, empty, input),
  };
}

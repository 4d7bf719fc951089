/**
 * The turnover report's period, as the dashboard's date fields hold it (YYYY-MM-DD, whole days in
 * UTC) and as the API takes it (DateTime from the start of the first day to the end of the last).
 */

export const DEFAULT_PERIOD_DAYS = 90;

export interface ReportPeriod {
  /** First day, YYYY-MM-DD. */
  from: string;
  /** Last day, YYYY-MM-DD. */
  to: string;
}

const DAY_MS = 86_400_000;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function isoDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** The last `days` days, today included. */
export function lastDays(today: Date, days = DEFAULT_PERIOD_DAYS): ReportPeriod {
  return { from: isoDay(today.getTime() - (days - 1) * DAY_MS), to: isoDay(today.getTime()) };
}

function parseDay(text: string): number | null {
  if (!DATE_PATTERN.test(text)) return null;
  const time = Date.parse(`${text}T00:00:00.000Z`);
  return Number.isNaN(time) || isoDay(time) !== text ? null : time;
}

export type PeriodRange = { ok: true; from: string; to: string } | { ok: false; reason: string };

/** The API's `from` and `to` for a period, or why the period is not usable. */
export function periodRange(period: ReportPeriod): PeriodRange {
  const from = parseDay(period.from);
  const to = parseDay(period.to);
  if (from === null || to === null) return { ok: false, reason: 'Enter both dates of the period.' };
  if (from > to) return { ok: false, reason: 'The period must start before it ends.' };
  return { ok: true, from: new Date(from).toISOString(), to: new Date(to + DAY_MS - 1).toISOString() };
}

/**
 * A time at risk as the API counts it (domain/departure-cases.ts daysAtRisk: whole days for a case, one decimal
 * for an average). Shown as given, never rounded again, so a case reads the same in every section.
 */
export function formatDays(days: number): string {
  const text = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(days);
  return `${text} ${days === 1 ? 'day' : 'days'}`;
}

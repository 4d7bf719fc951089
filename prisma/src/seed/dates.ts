// Dates of the demo data: every one is an offset from `now`.
const DAY_MS = 86_400_000;

export function daysAgo(now: Date, days: number): Date {
  return new Date(now.getTime() - Math.round(days * DAY_MS));
}

/** A calendar day (UTC midnight) `offsetDays` from today; for `@db.Date` columns. */
export function calendarDay(now: Date, offsetDays: number): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + offsetDays));
}

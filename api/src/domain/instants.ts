// Instants written as text (ISO 8601 date-times): one reading for the API and for imported files.

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))?$/i;

/**
 * The instant an ISO 8601 date-time names, or null when it names none: a day or a time that does not
 * exist (a Date would roll 30 February over into March) or, with `withoutOffset: 'refuse'`, a text
 * without its offset (it would be read on the server's clock). With `'utc'` such a text is read as UTC.
 */
export function instantFromText(value: string, withoutOffset: 'refuse' | 'utc'): Date | null {
  const parts = INSTANT.exec(value);
  if (!parts) return null;
  const [year, month, day, hour, minute, second = 0] = parts
    .slice(1, 7)
    .map((part) => (part === undefined ? undefined : Number(part))) as number[];
  const offset = parts[7];
  const [offsetHours = 0, offsetMinutes = 0] = parts.slice(8, 10).map((part) => Number(part ?? 0));
  if (offset === undefined && withoutOffset === 'refuse') return null;
  const calendar = new Date(Date.UTC(year!, month! - 1, day!));
  const exists =
    calendar.getUTCFullYear() === year &&
    calendar.getUTCMonth() === month! - 1 &&
    calendar.getUTCDate() === day &&
    hour! <= 23 &&
    minute! <= 59 &&
    second <= 59 &&
    offsetHours <= 23 &&
    offsetMinutes <= 59;
  if (!exists) return null;
  const date = new Date(offset === undefined ? `${value.replace(' ', 'T')}Z` : value.replace(' ', 'T'));
  return Number.isNaN(date.getTime()) ? null : date;
}

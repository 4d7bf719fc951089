// Custom scalars: instants, calendar dates and 53-bit integers (amounts in minor units).
import { builder } from '../builder.ts';
import { ValidationError } from '../errors.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):?(\d{2}))$/i;

/**
 * An ISO 8601 date-time with its offset (without one, it would be read on the server's clock) on a
 * day and at a time that exist (a Date would roll 30 February over into March).
 */
function isInstantText(value: string): boolean {
  const parts = INSTANT.exec(value);
  if (!parts) return false;
  const [year, month, day, hour, minute, second = 0, offsetHours = 0, offsetMinutes = 0] = parts
    .slice(1)
    .map((part) => (part === undefined ? undefined : Number(part))) as number[];
  const calendar = new Date(Date.UTC(year!, month! - 1, day!));
  return (
    calendar.getUTCFullYear() === year &&
    calendar.getUTCMonth() === month! - 1 &&
    calendar.getUTCDate() === day &&
    hour! <= 23 &&
    minute! <= 59 &&
    second <= 59 &&
    offsetHours <= 23 &&
    offsetMinutes <= 59
  );
}

function parseInstant(value: unknown): Date {
  if (typeof value !== 'string' || value.length > 40) throw ValidationError.at([], 'Expected an ISO 8601 date-time.');
  const date = new Date(value);
  if (Number.isNaN(date.getTime()) || !isInstantText(value)) {
    throw ValidationError.at([], `"${value.slice(0, 40)}" is not an ISO 8601 date-time such as 2026-03-01T09:30:00Z.`);
  }
  return date;
}

builder.scalarType('DateTime', {
  description: 'An instant, as an ISO 8601 string with time zone (e.g. 2026-03-01T09:30:00Z).',
  serialize: (value) => value.toISOString(),
  parseValue: parseInstant,
});

builder.scalarType('Date', {
  description: 'A calendar date, YYYY-MM-DD.',
  serialize: (value) => value.toISOString().slice(0, 10),
  parseValue: (value) => {
    if (typeof value !== 'string' || !ISO_DATE.test(value))
      throw ValidationError.at([], 'Expected a date as YYYY-MM-DD.');
    const date = new Date(`${value}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
      throw ValidationError.at([], `"${value}" is not a calendar date.`);
    }
    return date;
  },
});

builder.scalarType('Long', {
  description: 'A whole number between -(2^53-1) and 2^53-1, as a JSON number. Used for amounts in minor units.',
  serialize: (value) => Number(value),
  parseValue: (value) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      throw ValidationError.at([], 'Expected a whole number within ±9007199254740991.');
    }
    return BigInt(value);
  },
});

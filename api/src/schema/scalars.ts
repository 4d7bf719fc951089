// Custom scalars: instants, calendar dates and 53-bit integers (amounts in minor units).
import { builder } from '../builder.ts';
import { instantFromText } from '../domain/instants.ts';
import { ValidationError } from '../errors.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseInstant(value: unknown): Date {
  if (typeof value !== 'string' || value.length > 40) throw ValidationError.at([], 'Expected an ISO 8601 date-time.');
  const date = value.includes(' ') ? null : instantFromText(value, 'refuse');
  if (!date) {
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

import { describe, expect, it } from 'vitest';
import { parseDateTime } from '../../src/domain/csv-import-rows.ts';
import { instantFromText } from '../../src/domain/instants.ts';

describe('instantFromText', () => {
  it.each<[string, 'refuse' | 'utc', string | null]>([
    ['2026-03-01T09:30:00Z', 'refuse', '2026-03-01T09:30:00.000Z'],
    ['2026-03-01T09:30Z', 'refuse', '2026-03-01T09:30:00.000Z'],
    ['2026-03-01T09:30:00.123456+02:00', 'refuse', '2026-03-01T07:30:00.123Z'],
    ['2026-03-01T09:30:00-0500', 'refuse', '2026-03-01T14:30:00.000Z'],
    ['2026-03-01t09:30:00z', 'refuse', '2026-03-01T09:30:00.000Z'],
    ['2026-03-01T09:30:00', 'refuse', null],
    ['2026-03-01T09:30:00', 'utc', '2026-03-01T09:30:00.000Z'],
    ['2026-03-01 09:30', 'utc', '2026-03-01T09:30:00.000Z'],
    ['2026-02-30T10:00:00Z', 'refuse', null],
    ['2026-02-30T10:00:00', 'utc', null],
    ['2028-02-29T10:00:00Z', 'refuse', '2028-02-29T10:00:00.000Z'],
    ['2026-03-01T24:00:00Z', 'refuse', null],
    ['2026-03-01T09:60:00Z', 'refuse', null],
    ['2026-03-01T09:30:60Z', 'refuse', null],
    ['2026-03-01T09:30:00+24:00', 'refuse', null],
    ['2026-03-01', 'utc', null],
    ['1 March 2026 09:30', 'utc', null],
    ['2026-03-01T09:30:00Z<script>', 'refuse', null],
  ])('%s (%s offset) → %s', (text, withoutOffset, expected) => {
    expect(instantFromText(text, withoutOffset)?.toISOString() ?? null).toBe(expected);
  });
});

describe('an imported date and time', () => {
  it.each<[string, string | null]>([
    ['2026-11-01T10:00:00Z', '2026-11-01T10:00:00.000Z'],
    // Without an offset: UTC, whatever the server's clock (the API's DateTime refuses it instead).
    ['2026-11-01T10:00:00', '2026-11-01T10:00:00.000Z'],
    ['2026-11-01 10:00', '2026-11-01T10:00:00.000Z'],
    ['2026-02-30T10:00:00Z', null],
    ['2026-11-01', '2026-11-01T00:00:00.000Z'],
    ['11/1/2026', '2026-11-01T00:00:00.000Z'],
  ])('%s → %s', (text, expected) => {
    expect(parseDateTime(text)?.toISOString() ?? null).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { daysUntilExpiry, expiresSoonMessage, expiryDate, tokenExpiredMessage } from '@/api/token-expiry';

const NOW = Date.parse('2026-12-04T12:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (ms: number) => new Date(NOW + ms).toISOString();

describe('token expiry sentences', () => {
  it.each([
    ['2026-11-30T12:00:00.000Z', '30 November 2026'],
    ['2027-01-01T12:00:00Z', '1 January 2027'],
    ['not a date', null],
    ['', null],
    [null, null],
  ])('formats %s as %s', (iso, expected) => {
    expect(expiryDate(iso, 'en-GB')).toBe(expected);
  });

  it('says when an expired token expired and what to do, or only what to do without a date', () => {
    expect(tokenExpiredMessage('2026-11-30T12:00:00.000Z')).toBe(
      "Your token expired on 30 November 2026 — create a new one (ask an admin if you cannot) and save it in the Threadwatch popup's settings.",
    );
    expect(tokenExpiredMessage(undefined)).toMatch(/^Your token expired — create a new one/);
  });

  it.each<[string, string | null, number | null]>([
    ['no expiry', null, null],
    ['already expired', at(-HOUR), null],
    ['in an hour', at(HOUR), 1],
    ['in 3 days and an hour', at(3 * DAY + HOUR), 4],
    ['in exactly 7 days', at(7 * DAY), 7],
    ['in 7 days and a minute', at(7 * DAY + 60_000), null],
    ['in 30 days', at(30 * DAY), null],
    ['an unreadable date', 'soon', null],
  ])('days until expiry: %s', (_case, expiresAt, days) => {
    expect(daysUntilExpiry(expiresAt, NOW)).toBe(days);
  });

  it('warns within a week only', () => {
    expect(expiresSoonMessage(at(HOUR), NOW)).toMatch(/^Your token expires within a day, on 4 December 2026 — /);
    expect(expiresSoonMessage(at(2 * DAY), NOW)).toMatch(/^Your token expires in 2 days, on 6 December 2026 — /);
    expect(expiresSoonMessage(at(8 * DAY), NOW)).toBeNull();
  });
});

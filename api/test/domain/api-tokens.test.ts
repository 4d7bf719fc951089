import { describe, expect, it } from 'vitest';
import { decideExpiry, type ExpiryRequest, hasExpired, lastUseDue } from '../../src/domain/api-tokens.ts';

const NOW = new Date('2026-12-04T12:00:00.000Z');
const DAY = 86_400_000;
const LIFETIME = { defaultDays: 90, maxDays: 365 };
const days = (count: number) => new Date(NOW.getTime() + count * DAY);

describe('when a new token expires', () => {
  it.each<[string, ExpiryRequest, Date]>([
    ['nothing asked: the default lifetime', {}, days(90)],
    ['nulls count as nothing asked', { expiresAt: null, expiresInDays: null }, days(90)],
    ['a number of days', { expiresInDays: 7 }, days(7)],
    ['one day', { expiresInDays: 1 }, days(1)],
    ['the maximum in days', { expiresInDays: 365 }, days(365)],
    ['an instant a second away', { expiresAt: new Date(NOW.getTime() + 1000) }, new Date(NOW.getTime() + 1000)],
    ['an instant exactly the maximum away', { expiresAt: days(365) }, days(365)],
  ])('%s', (_case, request, expected) => {
    expect(decideExpiry(request, NOW, LIFETIME)).toEqual({ expiresAt: expected });
  });

  it.each<[string, ExpiryRequest, string, RegExp]>([
    ['an instant now', { expiresAt: NOW }, 'expiresAt', /future/],
    ['an instant past', { expiresAt: days(-1) }, 'expiresAt', /future/],
    ['an invalid instant', { expiresAt: new Date(Number.NaN) }, 'expiresAt', /future/],
    ['an instant past the maximum', { expiresAt: new Date(days(365).getTime() + 1) }, 'expiresAt', /at most 365 days/],
    ['zero days', { expiresInDays: 0 }, 'expiresInDays', /1 to 365/],
    ['negative days', { expiresInDays: -3 }, 'expiresInDays', /1 to 365/],
    ['days past the maximum', { expiresInDays: 366 }, 'expiresInDays', /1 to 365/],
    ['a fraction of a day', { expiresInDays: 1.5 }, 'expiresInDays', /whole number/],
    ['both forms', { expiresAt: days(3), expiresInDays: 3 }, 'expiresInDays', /not both/],
  ])('refuses %s, naming the field', (_case, request, field, message) => {
    const decided = decideExpiry(request, NOW, LIFETIME);
    expect(decided).toMatchObject({ issue: { path: ['input', field] } });
    expect('issue' in decided && decided.issue.message).toMatch(message);
  });

  it('never gives a default beyond the maximum', () => {
    expect(decideExpiry({}, NOW, { defaultDays: 400, maxDays: 30 })).toEqual({ expiresAt: days(30) });
  });
});

describe('expiry and last use', () => {
  it.each<[string, Date | null, boolean]>([
    ['no expiry', null, false],
    ['a minute ahead', new Date(NOW.getTime() + 60_000), false],
    ['the instant itself', NOW, true],
    ['a millisecond ago', new Date(NOW.getTime() - 1), true],
  ])('hasExpired: %s', (_case, expiresAt, expected) => {
    expect(hasExpired(expiresAt, NOW)).toBe(expected);
  });

  it.each<[string, Date | null, boolean]>([
    ['never written', null, true],
    ['written just now', NOW, false],
    ['written 59 s ago', new Date(NOW.getTime() - 59_000), false],
    ['written 60 s ago', new Date(NOW.getTime() - 60_000), true],
    ['written an hour ago', new Date(NOW.getTime() - 3_600_000), true],
  ])('lastUseDue: %s', (_case, written, expected) => {
    expect(lastUseDue(written, NOW, 60_000)).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import {
  caseCause,
  confirmedEffect,
  daysAtRisk,
  type FlagKind,
  type FlagStatus,
  heldRequiredRoles,
  isKeyPerson,
  learnedWhen,
  pendingStatus,
  reviewDecision,
} from '../../src/domain/departures.ts';

describe('confirmedEffect', () => {
  it.each<[FlagKind, ReturnType<typeof confirmedEffect>]>([
    [
      'LEFT_COMPANY',
      {
        status: 'DEPARTED',
        closesPosition: true,
        opensPosition: 'destination',
        vacatesRoles: true,
        isDeparture: true,
        destination: 'EXTERNAL',
      },
    ],
    [
      'INTERNAL_MOVE',
      {
        status: 'ACTIVE',
        closesPosition: true,
        opensPosition: 'same-account',
        vacatesRoles: true,
        isDeparture: true,
        destination: 'INTERNAL',
      },
    ],
    [
      'PROMOTION',
      {
        status: 'ACTIVE',
        closesPosition: true,
        opensPosition: 'same-account',
        vacatesRoles: false,
        isDeparture: false,
        destination: 'INTERNAL',
      },
    ],
    [
      'LEAVING_SOON',
      {
        status: 'SUSPECTED_DEPARTURE',
        closesPosition: false,
        opensPosition: null,
        vacatesRoles: false,
        isDeparture: true,
        destination: 'UNKNOWN',
      },
    ],
  ])('%s', (kind, effect) => {
    expect(confirmedEffect(kind)).toEqual(effect);
  });
});

describe('pendingStatus', () => {
  it.each<[FlagKind, 'ACTIVE' | 'SUSPECTED_DEPARTURE' | 'DEPARTED', string]>([
    ['LEAVING_SOON', 'ACTIVE', 'SUSPECTED_DEPARTURE'],
    ['LEAVING_SOON', 'SUSPECTED_DEPARTURE', 'SUSPECTED_DEPARTURE'],
    ['LEAVING_SOON', 'DEPARTED', 'DEPARTED'],
    ['LEFT_COMPANY', 'ACTIVE', 'ACTIVE'],
    ['PROMOTION', 'ACTIVE', 'ACTIVE'],
    ['INTERNAL_MOVE', 'SUSPECTED_DEPARTURE', 'SUSPECTED_DEPARTURE'],
  ])('a pending %s flag on a person who is %s leaves them %s', (kind, current, expected) => {
    expect(pendingStatus(kind, current)).toBe(expected);
  });
});

describe('reviewDecision', () => {
  it.each<[FlagStatus, 'CONFIRM' | 'REJECT', ReturnType<typeof reviewDecision>]>([
    ['PENDING', 'CONFIRM', 'apply'],
    ['PENDING', 'REJECT', 'apply'],
    ['CONFIRMED', 'CONFIRM', 'unchanged'],
    ['REJECTED', 'REJECT', 'unchanged'],
    ['CONFIRMED', 'REJECT', 'conflict'],
    ['REJECTED', 'CONFIRM', 'conflict'],
  ])('a %s flag, %s: %s', (status, review, expected) => {
    expect(reviewDecision(status, review)).toBe(expected);
  });
});

describe('key people', () => {
  const strategic = ['CHAMPION', 'ECONOMIC_BUYER', 'EXECUTIVE_SPONSOR'] as const;
  it.each([
    [{ isMainContact: true, buyingRoles: [] }, true, [], 'MAIN_CONTACT_TURNOVER'],
    [{ isMainContact: false, buyingRoles: ['CHAMPION'] }, true, ['CHAMPION'], 'ROLE_HOLDER_TURNOVER'],
    [{ isMainContact: false, buyingRoles: ['USER', 'TECHNICAL_EVALUATOR'] }, false, [], 'ROLE_HOLDER_TURNOVER'],
    [
      { isMainContact: true, buyingRoles: ['ECONOMIC_BUYER', 'USER'] },
      true,
      ['ECONOMIC_BUYER'],
      'MAIN_CONTACT_TURNOVER',
    ],
  ] as const)('%j: key %s, holds %j, cause %s', (person, key, held, cause) => {
    const candidate = { isMainContact: person.isMainContact, buyingRoles: [...person.buyingRoles] };
    expect(isKeyPerson(candidate, strategic)).toBe(key);
    expect(heldRequiredRoles(candidate, strategic)).toEqual(held);
    expect(caseCause(candidate)).toBe(cause);
  });

  it('has no key role holders when the tier requires none', () => {
    expect(isKeyPerson({ isMainContact: false, buyingRoles: ['CHAMPION'] }, [])).toBe(false);
  });
});

describe('learnedWhen', () => {
  it.each<[FlagKind, string]>([
    ['LEAVING_SOON', 'BEFORE_DEPARTURE'],
    ['LEFT_COMPANY', 'AFTER_DEPARTURE'],
    ['INTERNAL_MOVE', 'AFTER_DEPARTURE'],
  ])('first sign %s → %s', (kind, learned) => {
    expect(learnedWhen(kind)).toBe(learned);
  });
});

describe('daysAtRisk', () => {
  const opened = new Date('2026-01-01T00:00:00Z');
  it.each([
    [null, new Date('2026-01-31T00:00:00Z'), 30],
    [new Date('2026-01-11T12:00:00Z'), new Date('2026-06-01T00:00:00Z'), 10.5],
    [null, new Date('2025-12-31T00:00:00Z'), 0],
    [null, new Date('2026-01-01T02:24:00Z'), 0.1],
  ])('closed %s, now %s → %s days', (closed, now, days) => {
    expect(daysAtRisk(opened, closed, now)).toBe(days);
  });
});

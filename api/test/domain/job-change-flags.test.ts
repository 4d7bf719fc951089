import { describe, expect, it } from 'vitest';
import {
  confirmedEffect,
  DEPARTURE_JOB_CHANGE_KINDS,
  type FlagStatus,
  type JobChangeKind,
  observedAtProblem,
  pendingStatus,
  recentlyDecidedSince,
  reviewDecision,
} from '../../src/domain/job-change-flags.ts';

describe('confirmedEffect', () => {
  it.each<[JobChangeKind, ReturnType<typeof confirmedEffect>]>([
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
  it.each<[JobChangeKind, 'ACTIVE' | 'SUSPECTED_DEPARTURE' | 'DEPARTED', string]>([
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

describe('observedAtProblem: an observation may not lie in the future beyond clock skew', () => {
  const now = new Date('2026-06-30T12:00:00Z');
  it.each<[string, number, string | null]>([
    ['an hour ago', -3_600_000, null],
    ['now', 0, null],
    ['five minutes ahead (clock skew)', 5 * 60_000, null],
    ['just over five minutes ahead', 5 * 60_000 + 1, 'Must not be in the future.'],
    ['tomorrow', 86_400_000, 'Must not be in the future.'],
  ])('%s', (_case, offsetMs, problem) => {
    expect(observedAtProblem(new Date(now.getTime() + offsetMs), now)).toBe(problem);
  });
});

describe('recentlyDecidedSince: decided flags stay in view for 30 days', () => {
  it.each<[string, string]>([
    ['2026-06-30T12:00:00Z', '2026-05-31T12:00:00Z'],
    ['2026-03-01T00:00:00Z', '2026-01-30T00:00:00Z'],
  ])('at %s: reviewed at or after %s', (now, since) => {
    expect(recentlyDecidedSince(new Date(now))).toEqual(new Date(since));
  });
});

describe('DEPARTURE_JOB_CHANGE_KINDS: the kinds a pending flag counts as an unconfirmed departure', () => {
  it.each<[JobChangeKind, boolean]>([
    ['LEFT_COMPANY', true],
    ['LEAVING_SOON', true],
    ['INTERNAL_MOVE', false],
    ['PROMOTION', false],
  ])('%s: %s', (kind, departure) => {
    expect((DEPARTURE_JOB_CHANGE_KINDS as readonly JobChangeKind[]).includes(kind)).toBe(departure);
  });
});

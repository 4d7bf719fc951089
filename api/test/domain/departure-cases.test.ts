import { describe, expect, it } from 'vitest';
import {
  caseCause,
  caseHandling,
  daysAtRisk,
  departureDateProblem,
  departureOf,
  heldRequiredRoles,
  isKeyPerson,
  learnedWhen,
  type PositionFacts,
  riskStart,
} from '../../src/domain/departure-cases.ts';
import type { JobChangeKind } from '../../src/domain/job-change-flags.ts';

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
  it.each<[JobChangeKind, string]>([
    ['LEAVING_SOON', 'BEFORE_DEPARTURE'],
    ['LEFT_COMPANY', 'AFTER_DEPARTURE'],
    ['INTERNAL_MOVE', 'AFTER_DEPARTURE'],
  ])('first sign %s → %s', (kind, learned) => {
    expect(learnedWhen(kind)).toBe(learned);
  });
});

describe('daysAtRisk: the one day count of the product', () => {
  const d = (text: string) => new Date(`${text}Z`);
  const now = d('2026-03-01T15:00:00');
  it.each<[string, { departedOn: Date | null; learnedOn: Date; closedAt: Date | null }, Date | null, number]>([
    // A departure a month ago confirmed today has been at risk a month, not 0 days.
    [
      'after departure, open',
      { departedOn: d('2026-01-30T00:00:00'), learnedOn: d('2026-03-01T00:00:00'), closedAt: null },
      null,
      30,
    ],
    // Learned before the departure: from when we learned.
    [
      'pre-departure, open',
      { departedOn: d('2026-03-20T00:00:00'), learnedOn: d('2026-02-19T00:00:00'), closedAt: null },
      null,
      10,
    ],
    ['departure unknown yet', { departedOn: null, learnedOn: d('2026-02-27T00:00:00'), closedAt: null }, null, 2],
    [
      'closed: to the close',
      { departedOn: d('2026-01-01T00:00:00'), learnedOn: d('2026-01-05T00:00:00'), closedAt: d('2026-01-11T12:00:00') },
      null,
      10,
    ],
    // A period ending in the future counts no day that has not happened.
    [
      'period ends after now',
      { departedOn: d('2026-02-22T00:00:00'), learnedOn: d('2026-03-01T00:00:00'), closedAt: null },
      d('2026-12-31T23:59:59'),
      7,
    ],
    [
      'period ends before now',
      { departedOn: d('2026-02-01T00:00:00'), learnedOn: d('2026-02-01T00:00:00'), closedAt: null },
      d('2026-02-11T00:00:00'),
      10,
    ],
    [
      'closed after the period end: to the period end',
      { departedOn: d('2026-02-01T00:00:00'), learnedOn: d('2026-02-01T00:00:00'), closedAt: d('2026-02-20T00:00:00') },
      d('2026-02-11T00:00:00'),
      10,
    ],
    ['partial day does not count', { departedOn: null, learnedOn: d('2026-03-01T00:00:00'), closedAt: null }, null, 0],
    [
      'start after the end counts 0',
      { departedOn: null, learnedOn: d('2026-03-05T00:00:00'), closedAt: null },
      null,
      0,
    ],
  ])('%s', (_name, clock, periodEnd, days) => {
    expect(daysAtRisk(clock, now, periodEnd)).toBe(days);
  });

  it('starts at the earlier of the departure and the day we learned', () => {
    expect(riskStart({ departedOn: d('2026-01-02T00:00:00'), learnedOn: d('2026-01-05T00:00:00') })).toEqual(
      d('2026-01-02T00:00:00'),
    );
    expect(riskStart({ departedOn: d('2026-01-09T00:00:00'), learnedOn: d('2026-01-05T00:00:00') })).toEqual(
      d('2026-01-05T00:00:00'),
    );
  });
});

describe('departureDateProblem', () => {
  const today = new Date('2026-03-01T15:00:00Z');
  const started = new Date('2020-05-01T00:00:00Z');
  it.each<[string, string, 'BEFORE_DEPARTURE' | 'AFTER_DEPARTURE', string | null]>([
    ['today', '2026-03-01', 'AFTER_DEPARTURE', null],
    ['yesterday', '2026-02-28', 'AFTER_DEPARTURE', null],
    ['tomorrow', '2026-03-02', 'AFTER_DEPARTURE', 'The departure date cannot be in the future.'],
    ['tomorrow, learned before', '2026-03-02', 'BEFORE_DEPARTURE', null],
    ['the start day', '2020-05-01', 'AFTER_DEPARTURE', null],
    [
      'before the start',
      '2020-04-30',
      'AFTER_DEPARTURE',
      'The departure date cannot be before the person started at the account.',
    ],
    [
      'before the start, learned before',
      '2019-01-01',
      'BEFORE_DEPARTURE',
      'The departure date cannot be before the person started at the account.',
    ],
  ])('%s', (_name, day, learned, problem) => {
    expect(departureDateProblem(new Date(`${day}T00:00:00Z`), today, started, learned)).toBe(problem);
  });

  it('accepts any past date when the start is unknown', () => {
    expect(departureDateProblem(new Date('1990-01-01T00:00:00Z'), today, null, 'AFTER_DEPARTURE')).toBeNull();
  });
});

describe('departureOf', () => {
  const day = (text: string) => new Date(`${text}T00:00:00Z`);
  const at = (
    companyName: string,
    accountId: string | null,
    startedOn: string | null,
    endedOn: string | null,
  ): PositionFacts => ({
    companyName,
    accountId,
    startedOn: startedOn ? day(startedOn) : null,
    endedOn: endedOn ? day(endedOn) : null,
  });
  it.each<[string, PositionFacts[], string | null, { companyName: string; accountId: string | null } | null]>([
    ['no history', [], null, null],
    [
      'left for an untracked company',
      [at('Acme', 'a', '2020-01-01', '2026-03-10'), at('Globex', null, '2026-03-10', null)],
      '2026-03-10',
      { companyName: 'Globex', accountId: null },
    ],
    [
      'left for one of our accounts',
      [at('Acme', 'a', null, '2026-03-10'), at('Hooli', 'h', '2026-03-11', null)],
      '2026-03-10',
      { companyName: 'Hooli', accountId: 'h' },
    ],
    [
      'the latest end at the account counts',
      [at('Acme', 'a', null, '2024-01-01'), at('Acme', 'a', '2024-06-01', '2026-02-01')],
      '2026-02-01',
      null,
    ],
    [
      'positions elsewhere that ended are no destination',
      [at('Acme', 'a', null, '2026-01-01'), at('Old', null, '2010-01-01', '2012-01-01')],
      '2026-01-01',
      null,
    ],
    [
      'our account wins over an untracked open position',
      [
        at('Acme', 'a', null, '2026-01-01'),
        at('Side gig', null, '2026-05-01', null),
        at('Hooli', 'h', '2026-01-02', null),
      ],
      '2026-01-01',
      { companyName: 'Hooli', accountId: 'h' },
    ],
    ['an open position at the account left is no destination', [at('Acme', 'a', null, null)], null, null],
  ])('%s', (_label, positions, departedOn, destination) => {
    const facts = departureOf('a', positions);
    expect(facts.departedOn?.toISOString().slice(0, 10) ?? null).toBe(departedOn);
    expect(facts.destination).toEqual(destination);
  });
});

describe('caseHandling: what the departure cases say about each person', () => {
  const cases = [
    { stakeholderId: 'replaced-open', replacementId: 'new-1', closedAt: null },
    { stakeholderId: 'closed', replacementId: null, closedAt: new Date('2026-05-01T00:00:00Z') },
    { stakeholderId: 'open', replacementId: null, closedAt: null },
  ];
  it.each<[string, 'ACTIVE' | 'SUSPECTED_DEPARTURE' | 'DEPARTED', { replaced: boolean; caseClosed: boolean }]>([
    ['replaced-open', 'DEPARTED', { replaced: true, caseClosed: false }],
    ['closed', 'DEPARTED', { replaced: false, caseClosed: true }],
    ['closed', 'ACTIVE', { replaced: false, caseClosed: false }],
    ['open', 'DEPARTED', { replaced: false, caseClosed: false }],
    ['no-case', 'DEPARTED', { replaced: false, caseClosed: false }],
  ])('%s, %s', (id, status, expected) => {
    expect(caseHandling(cases)({ id, status })).toEqual(expected);
  });
});

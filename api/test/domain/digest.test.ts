import { describe, expect, it } from 'vitest';
import {
  type DigestLine,
  digestHeadline,
  dueWeek,
  renderDigest,
  weekAt,
  weekOfDay,
  zonedInstant,
} from '../../src/domain/digest.ts';
import type { DigestSchedule } from '../../src/domain/settings.ts';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe('weekOfDay', () => {
  it.each<[string, string, string, string, string, string]>([
    ['a Wednesday in UTC', '2026-12-02', 'UTC', '2026-11-30T00:00:00.000Z', '2026-12-07T00:00:00.000Z', '2026-11-30'],
    [
      'a Monday is its own week start',
      '2026-11-30',
      'UTC',
      '2026-11-30T00:00:00.000Z',
      '2026-12-07T00:00:00.000Z',
      '2026-11-30',
    ],
    [
      'a Sunday belongs to the week before',
      '2026-12-06',
      'UTC',
      '2026-11-30T00:00:00.000Z',
      '2026-12-07T00:00:00.000Z',
      '2026-11-30',
    ],
    [
      'Berlin in winter (UTC+1)',
      '2026-12-02',
      'Europe/Berlin',
      '2026-11-29T23:00:00.000Z',
      '2026-12-06T23:00:00.000Z',
      '2026-11-30',
    ],
    [
      'New York in winter (UTC-5)',
      '2026-12-02',
      'America/New_York',
      '2026-11-30T05:00:00.000Z',
      '2026-12-07T05:00:00.000Z',
      '2026-11-30',
    ],
    [
      'Kolkata (UTC+5:30)',
      '2026-12-02',
      'Asia/Kolkata',
      '2026-11-29T18:30:00.000Z',
      '2026-12-06T18:30:00.000Z',
      '2026-11-30',
    ],
    [
      'across the spring change in Berlin (167 hours)',
      '2026-03-25',
      'Europe/Berlin',
      '2026-03-22T23:00:00.000Z',
      '2026-03-29T22:00:00.000Z',
      '2026-03-23',
    ],
    [
      'across the autumn change in New York (169 hours)',
      '2026-11-02',
      'America/New_York',
      '2026-11-02T05:00:00.000Z',
      '2026-11-09T05:00:00.000Z',
      '2026-11-02',
    ],
    ['across a year end', '2027-01-01', 'UTC', '2026-12-28T00:00:00.000Z', '2027-01-04T00:00:00.000Z', '2026-12-28'],
  ])('%s', (_label, date, zone, start, end, firstDay) => {
    const week = weekOfDay(day(date), zone);
    expect([week.start.toISOString(), week.end.toISOString(), week.firstDay]).toEqual([start, end, firstDay]);
  });

  it('names the Sunday as the last day', () => {
    expect(weekOfDay(day('2026-12-31'), 'UTC').lastDay).toBe('2027-01-03');
  });
});

describe('weekAt', () => {
  it.each<[string, string, string, string]>([
    ['Sunday night UTC is Monday in Tokyo', '2026-12-06T20:00:00Z', 'Asia/Tokyo', '2026-12-07'],
    ['Sunday night UTC is still Sunday in UTC', '2026-12-06T20:00:00Z', 'UTC', '2026-11-30'],
    ['Monday 01:00 UTC is Sunday in Los Angeles', '2026-12-07T01:00:00Z', 'America/Los_Angeles', '2026-11-30'],
  ])('%s', (_label, at, zone, firstDay) => {
    expect(weekAt(new Date(at), zone).firstDay).toBe(firstDay);
  });
});

describe('zonedInstant', () => {
  it.each<[string, [number, number, number, number, string], string]>([
    ['08:00 in Berlin in summer', [2026, 7, 6, 8, 'Europe/Berlin'], '2026-07-06T06:00:00.000Z'],
    ['08:00 in Berlin in winter', [2026, 12, 7, 8, 'Europe/Berlin'], '2026-12-07T07:00:00.000Z'],
    [
      'an hour that does not exist (02:00 on the spring change) reads as the later one',
      [2026, 3, 29, 2, 'Europe/Berlin'],
      '2026-03-29T01:00:00.000Z',
    ],
  ])('%s', (_label, args, expected) => {
    expect(zonedInstant(...args).toISOString()).toBe(expected);
  });
});

describe('dueWeek', () => {
  const monday8: DigestSchedule = { dayOfWeek: 'MONDAY', hour: 8, timeZone: 'UTC' };
  const friday16Berlin: DigestSchedule = { dayOfWeek: 'FRIDAY', hour: 16, timeZone: 'Europe/Berlin' };
  it.each<[string, string, DigestSchedule, string | null]>([
    ['before Monday 08:00 nothing is due', '2026-12-07T07:59:59Z', monday8, null],
    ['at Monday 08:00 last week is due', '2026-12-07T08:00:00Z', monday8, '2026-11-30'],
    ['later in the week, last week is still the one due', '2026-12-10T12:00:00Z', monday8, '2026-11-30'],
    ['on Sunday night, still last week', '2026-12-13T23:59:59Z', monday8, '2026-11-30'],
    ['Friday 15:00 UTC is 16:00 in Berlin: due', '2026-12-11T15:00:00Z', friday16Berlin, '2026-11-30'],
    ['Friday 14:59 UTC is 15:59 in Berlin: not yet', '2026-12-11T14:59:00Z', friday16Berlin, null],
  ])('%s', (_label, now, schedule, firstDay) => {
    expect(dueWeek(new Date(now), schedule)?.firstDay ?? null).toBe(firstDay);
  });
});

const line = (name: string, arrMinor: number, summary: Partial<DigestLine['summary']>): DigestLine => ({
  name,
  arrMinor,
  summary: {
    bandFrom: null,
    bandTo: null,
    casesOpened: 0,
    casesClosed: 0,
    flagsRaised: 0,
    threadsLost: 0,
    bandStepsBySettings: 0,
    ...summary,
  },
  sentence: `${name}: …`,
});

describe('digestHeadline', () => {
  it.each<[string, DigestLine[], Record<string, number>]>([
    ['nothing changed', [], { accountsChanged: 0, bandsRose: 0, bandsFell: 0, arrTurnedAmberOrRedMinor: 0 }],
    [
      'yellow → amber counts as rose and its ARR went amber',
      [line('A', 100_00, { bandFrom: 'YELLOW', bandTo: 'AMBER' })],
      { bandsRose: 1, bandsFell: 0, arrTurnedAmberOrRedMinor: 100_00 },
    ],
    [
      'amber → red went red; green → yellow rose but not into amber',
      [
        line('A', 100_00, { bandFrom: 'AMBER', bandTo: 'RED' }),
        line('B', 50_00, { bandFrom: 'GREEN', bandTo: 'YELLOW' }),
      ],
      { bandsRose: 2, arrTurnedAmberOrRedMinor: 100_00 },
    ],
    [
      'red → amber fell and adds no ARR; amber staying amber neither',
      [
        line('A', 100_00, { bandFrom: 'RED', bandTo: 'AMBER' }),
        line('B', 70_00, { bandFrom: 'AMBER', bandTo: 'AMBER' }),
      ],
      { bandsRose: 0, bandsFell: 1, arrTurnedAmberOrRedMinor: 0 },
    ],
    [
      'counts are summed over accounts',
      [
        line('A', 1, { casesOpened: 1, flagsRaised: 2, threadsLost: 1 }),
        line('B', 1, { casesOpened: 1, casesClosed: 1, flagsRaised: 1 }),
      ],
      { accountsChanged: 2, casesOpened: 2, casesClosed: 1, flagsRaised: 3, threadsLost: 1 },
    ],
    [
      'a settings change alone raised it',
      [line('A', 100_00, { bandFrom: 'YELLOW', bandTo: 'AMBER', bandStepsBySettings: 1 })],
      { bandsRose: 1, bandsRoseBySettings: 1, bandsFell: 0, bandsFellBySettings: 0, arrTurnedAmberOrRedMinor: 100_00 },
    ],
    [
      'the account’s own changes raised it besides a settings change: not the settings’ alone',
      [line('A', 100_00, { bandFrom: 'YELLOW', bandTo: 'RED', bandStepsBySettings: 1 })],
      { bandsRose: 1, bandsRoseBySettings: 0 },
    ],
    [
      'a settings change raised it two bands and its own changes lowered it one: the settings’',
      [line('A', 1, { bandFrom: 'GREEN', bandTo: 'YELLOW', bandStepsBySettings: 2 })],
      { bandsRose: 1, bandsRoseBySettings: 1 },
    ],
    [
      'a settings change alone lowered it',
      [line('A', 1, { bandFrom: 'AMBER', bandTo: 'YELLOW', bandStepsBySettings: -1 })],
      { bandsRose: 0, bandsFell: 1, bandsRoseBySettings: 0, bandsFellBySettings: 1 },
    ],
    [
      'its own changes lowered it, a settings change raised it back: no move',
      [line('A', 1, { bandFrom: 'AMBER', bandTo: 'AMBER', bandStepsBySettings: 1 })],
      { bandsRose: 0, bandsFell: 0, bandsRoseBySettings: 0, bandsFellBySettings: 0 },
    ],
    [
      'its own changes alone: none by settings',
      [line('A', 1, { bandFrom: 'GREEN', bandTo: 'AMBER' }), line('B', 1, { bandFrom: 'RED', bandTo: 'GREEN' })],
      { bandsRose: 1, bandsFell: 1, bandsRoseBySettings: 0, bandsFellBySettings: 0 },
    ],
  ])('%s', (_label, lines, expected) => {
    expect(digestHeadline(lines)).toMatchObject(expected);
  });
});

describe('renderDigest', () => {
  const week = { firstDay: '2026-11-30', lastDay: '2026-12-06' };
  it.each<[string, string | null, DigestLine[], string, string]>([
    [
      'an owner’s week, with amounts in the organization’s currency',
      'Casey Park',
      [
        {
          ...line('Acme', 400_000_00, { bandFrom: 'YELLOW', bandTo: 'AMBER', casesOpened: 1 }),
          sentence: 'Acme: one.',
        },
        { ...line('Globex', 5_00, { flagsRaised: 1 }), sentence: 'Globex: two.' },
      ],
      'EUR',
      [
        "Weekly digest for Casey Park's accounts, 2026-11-30 to 2026-12-06 (Europe/Berlin)",
        '',
        '2 accounts changed: risk rose at 1, fell at 0.',
        'Cases opened 1, closed 0; flags raised 1; threads lost 0.',
        'ARR that went amber or red: EUR 400,000.',
        '',
        '- Acme: one.',
        '- Globex: two.',
      ].join('\n'),
    ],
    [
      'a week a settings change moved most of',
      null,
      [
        { ...line('Acme', 1_00, { bandFrom: 'YELLOW', bandTo: 'AMBER', bandStepsBySettings: 1 }), sentence: 'Acme.' },
        {
          ...line('Globex', 1_00, { bandFrom: 'GREEN', bandTo: 'YELLOW', bandStepsBySettings: 1 }),
          sentence: 'Globex.',
        },
        { ...line('Hooli', 1_00, { bandFrom: 'RED', bandTo: 'AMBER', bandStepsBySettings: -1 }), sentence: 'Hooli.' },
        { ...line('Initrode', 1_00, { bandFrom: 'GREEN', bandTo: 'AMBER' }), sentence: 'Initrode.' },
      ],
      'USD',
      [
        'Weekly digest for all accounts of Initech, 2026-11-30 to 2026-12-06 (Europe/Berlin)',
        '',
        '4 accounts changed: risk rose at 3, fell at 1; a change of settings or risk rules alone raised it at 2 and lowered it at 1.',
        'Cases opened 0, closed 0; flags raised 0; threads lost 0.',
        'ARR that went amber or red: USD 2.',
        '',
        '- Acme.',
        '- Globex.',
        '- Hooli.',
        '- Initrode.',
      ].join('\n'),
    ],
    [
      'the organization-wide week without changes',
      null,
      [],
      'USD',
      [
        'Weekly digest for all accounts of Initech, 2026-11-30 to 2026-12-06 (Europe/Berlin)',
        '',
        '0 accounts changed: risk rose at 0, fell at 0.',
        'Cases opened 0, closed 0; flags raised 0; threads lost 0.',
        'ARR that went amber or red: USD 0.',
        '',
        'No changes this week.',
      ].join('\n'),
    ],
  ])('%s', (_label, ownerName, lines, currency, expected) => {
    expect(
      renderDigest({
        ownerName,
        organizationName: 'Initech',
        week,
        timeZone: 'Europe/Berlin',
        currency,
        headline: digestHeadline(lines),
        lines,
      }),
    ).toBe(expected);
  });
});

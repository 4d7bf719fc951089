import { describe, expect, it } from 'vitest';
import {
  EVENT_KINDS,
  EVENTS,
  kindDescriptions,
  SIGNAL_KINDS,
  SIGNALS,
  type SignalKind,
  signalReadingProblems,
} from '../../src/domain/account-signals.ts';

const NOW = new Date('2026-12-05T12:00:00.000Z');
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);

describe('signalReadingProblems', () => {
  it.each<[string, SignalKind, number, Date, string[]]>([
    ['a percent change in range', 'ENGAGEMENT_TREND', -30, NOW, []],
    ['the lowest percent change', 'PRODUCT_USAGE', -100, NOW, []],
    ['the highest percent change', 'ARR_GROWTH', 1000, NOW, []],
    ['a percent change below -100', 'SUPPORT_TICKETS', -100.5, NOW, ['value']],
    ['a percent change above 1000', 'REFERRALS', 1001, NOW, ['value']],
    ['an NPS of 100', 'NPS', 100, NOW, []],
    ['an NPS of 101', 'NPS', 101, NOW, ['value']],
    ['renewal resistance 1', 'RENEWAL_RESISTANCE', 1, NOW, []],
    ['renewal resistance 2', 'RENEWAL_RESISTANCE', 2, NOW, ['value']],
    ['observed within the clock skew', 'NPS', 10, at(5 * 60_000), []],
    ['observed beyond the clock skew', 'NPS', 10, at(5 * 60_000 + 1), ['observedAt']],
    ['both wrong: the value first', 'NPS', -101, at(3_600_000), ['value', 'observedAt']],
  ])('%s', (_name, kind, value, observedAt, fields) => {
    expect(signalReadingProblems({ kind, value, observedAt }, NOW).map((problem) => problem.field)).toEqual(fields);
  });

  it('names the kind and its range', () => {
    expect(signalReadingProblems({ kind: 'NPS', value: 120, observedAt: NOW }, NOW)).toEqual([
      { field: 'value', message: 'A NPS value must be between -100 and 100.' },
    ]);
  });
});

describe('the catalogue', () => {
  it('lists kinds in the order of their entries', () => {
    expect(SIGNAL_KINDS).toEqual(Object.keys(SIGNALS));
    expect(EVENT_KINDS).toEqual(Object.keys(EVENTS));
  });

  it('describes every signal, and only the events that have a description', () => {
    expect(Object.keys(kindDescriptions(SIGNALS))).toEqual(SIGNAL_KINDS);
    expect(kindDescriptions(EVENTS)).not.toHaveProperty('RESTRUCTURING');
    expect(kindDescriptions(EVENTS).NEW_EXECUTIVE).toBe('A new CEO or senior executive.');
  });
});

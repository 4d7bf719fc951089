import { describe, expect, it } from 'vitest';
import {
  churnEndsLifecycle,
  evaluationPeriodProblem,
  MAX_EVALUATION_DAYS,
  outcomeDayProblem,
} from '../../src/domain/outcomes.ts';
import type { OutcomeKind } from '../../src/domain/risk-evaluation.ts';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const NOW = new Date('2026-12-05T10:30:00Z');

describe('the day of an outcome', () => {
  it.each([
    ['yesterday', '2026-12-04', null],
    ['today', '2026-12-05', null],
    ['two years ago', '2024-12-05', null],
    ['tomorrow', '2026-12-06', 'An outcome must not lie in the future.'],
  ])('%s', (_name, iso, problem) => {
    expect(outcomeDayProblem(day(iso), NOW)).toBe(problem);
  });

  it('refuses an invalid date', () => {
    expect(outcomeDayProblem(new Date(Number.NaN), NOW)).toBe('Not a valid day.');
  });
});

describe('a churn and the account’s lifecycle', () => {
  const others = (list: Array<[OutcomeKind, string]>) => list.map(([kind, iso]) => ({ kind, occurredOn: day(iso) }));
  it.each([
    ['no other outcome', [], true],
    ['a renewal before it', others([['RENEWED', '2025-06-01']]), true],
    ['a renewal the same day', others([['RENEWED', '2026-03-01']]), true],
    ['a renewal after it', others([['RENEWED', '2026-09-01']]), false],
    ['an expansion after it', others([['EXPANDED', '2026-03-02']]), false],
    ['another churn after it', others([['CHURNED', '2026-09-01']]), true],
  ] as Array<[string, Array<{ kind: OutcomeKind; occurredOn: Date }>, boolean]>)('%s', (_name, list, ends) => {
    expect(churnEndsLifecycle(day('2026-03-01'), list)).toBe(ends);
  });
});

describe('the period of an evaluation', () => {
  it.each([
    ['two years', '2024-12-05', '2026-12-05', null],
    ['one day', '2026-12-05', '2026-12-05', null],
    ['ending before it starts', '2026-12-05', '2026-12-04', 'to'],
    ['longer than five years', '2020-01-01', '2026-12-05', 'to'],
  ])('%s', (_name, from, to, field) => {
    expect(evaluationPeriodProblem(day(from), day(to))?.field ?? null).toBe(field);
  });

  it('allows exactly the longest period', () => {
    const from = day('2020-01-01');
    expect(evaluationPeriodProblem(from, new Date(from.getTime() + MAX_EVALUATION_DAYS * 86_400_000))).toBeNull();
  });
});

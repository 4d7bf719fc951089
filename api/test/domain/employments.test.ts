import { describe, expect, it } from 'vitest';
import { employmentPeriodProblem, isCurrentEmployment } from '../../src/domain/employments.ts';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe('employmentPeriodProblem', () => {
  it.each<[string, Date | null | undefined, Date | null | undefined, string | null]>([
    ['ends after it starts', day('2024-01-01'), day('2025-01-01'), null],
    ['ends the day it starts', day('2024-01-01'), day('2024-01-01'), null],
    ['ends before it starts', day('2024-01-02'), day('2024-01-01'), 'Must not be before startedOn.'],
    ['start unknown', null, day('2024-01-01'), null],
    ['end unknown (current)', day('2024-01-01'), null, null],
    ['neither given', undefined, undefined, null],
  ])('%s', (_case, startedOn, endedOn, message) => {
    const problem = employmentPeriodProblem({ startedOn, endedOn });
    expect(problem).toEqual(message === null ? null : { field: 'endedOn', message });
  });
});

describe('isCurrentEmployment', () => {
  it.each<[Date | null, boolean]>([
    [null, true],
    [day('2024-01-01'), false],
  ])('ended on %s: current %s', (endedOn, current) => {
    expect(isCurrentEmployment({ endedOn })).toBe(current);
  });
});

// A stakeholder's positions over time (employment history): rows are closed, never overwritten. Pure rules.

export interface Period {
  startedOn: Date | null;
  endedOn: Date | null;
}

/** A position is current until it has an end date. */
export function isCurrentEmployment(employment: Pick<Period, 'endedOn'>): boolean {
  return employment.endedOn === null;
}

/** Why a position's dates are refused, or null: it may not end before it starts (either may be unknown). */
export function employmentPeriodProblem(period: {
  startedOn?: Date | null;
  endedOn?: Date | null;
}): { field: 'endedOn'; message: string } | null {
  const { startedOn, endedOn } = period;
  return startedOn && endedOn && endedOn < startedOn
    ? { field: 'endedOn', message: 'Must not be before startedOn.' }
    : null;
}

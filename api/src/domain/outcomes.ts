// Account outcomes: what became of an account (churned, renewed, expanded), with its day and ARR.
// They are facts about the past, the ground truth the risk score's track record is judged against.
//
// Rules.
// - An outcome lies on a calendar day (UTC) no later than today: an outcome is something that happened.
// - One outcome of a kind per account and day: recording it again with the same ARR and note answers
//   the outcome already recorded (a retry is harmless); with other values it is a conflict, and the
//   outcome is corrected instead.
// - Lifecycle: recording (or correcting to) CHURNED marks the account CHURNED, unless the account
//   renewed or expanded after that day (a churn recorded late for an account since won back says
//   nothing about today). Its risk then drops to 0 like any churned account's, from now on; the risk
//   history before stays as it was. Correcting or deleting a churn does not bring the account back:
//   its lifecycle is set with updateAccount, the one place that changes it otherwise.
import type { OutcomeKind } from './risk-evaluation.ts';

const DAY_MS = 86_400_000;

/** Midnight UTC of the day of `instant`. */
export function utcDay(instant: Date): Date {
  return new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate()));
}

/** Why an outcome cannot lie on `occurredOn`, or null when it can. */
export function outcomeDayProblem(occurredOn: Date, now: Date): string | null {
  if (Number.isNaN(occurredOn.getTime())) return 'Not a valid day.';
  if (utcDay(occurredOn).getTime() > utcDay(now).getTime()) return 'An outcome must not lie in the future.';
  return null;
}

/** Whether a churn on `churnedOn` makes the account CHURNED, given its other outcomes. */
export function churnEndsLifecycle(
  churnedOn: Date,
  others: ReadonlyArray<{ kind: OutcomeKind; occurredOn: Date }>,
): boolean {
  const day = utcDay(churnedOn).getTime();
  return !others.some((other) => other.kind !== 'CHURNED' && utcDay(other.occurredOn).getTime() > day);
}

/** The days of a track-record horizon: how long before the outcome the score is judged. */
export const MIN_HORIZON_DAYS = 0;
export const MAX_HORIZON_DAYS = 730;
export const DEFAULT_HORIZON_DAYS = 90;
/** The longest period of outcomes one evaluation reads. */
export const MAX_EVALUATION_DAYS = 5 * 366;

/** Why [from, to] cannot be evaluated, or null. */
export function evaluationPeriodProblem(from: Date, to: Date): { field: 'from' | 'to'; message: string } | null {
  if (to.getTime() < from.getTime()) return { field: 'to', message: 'Must not be before `from`.' };
  if (to.getTime() - from.getTime() > MAX_EVALUATION_DAYS * DAY_MS)
    return { field: 'to', message: `A period of at most ${MAX_EVALUATION_DAYS} days.` };
  return null;
}

// Job-change flags: what a flag says happened, what confirming it does, how it is reviewed, and how
// long a decided one stays in view. Pure rules; departure cases are in departure-cases.ts.
import type { StakeholderStatus } from './coverage.ts';

/** What a job-change flag says happened (the data model's JobChangeKind holds the same values). */
export const JOB_CHANGE_KINDS = ['LEFT_COMPANY', 'INTERNAL_MOVE', 'PROMOTION', 'LEAVING_SOON'] as const;
export type JobChangeKind = (typeof JOB_CHANGE_KINDS)[number];

/** The kinds that say the person is going: a pending flag of one of them is an unconfirmed departure. */
export const DEPARTURE_JOB_CHANGE_KINDS = ['LEFT_COMPANY', 'LEAVING_SOON'] as const satisfies readonly JobChangeKind[];

/** How far in the future an observation's time may lie: the clocks of the reader's machine and ours differ. */
export const OBSERVATION_CLOCK_SKEW_MS = 5 * 60_000;

/** Why a flag's observation time is refused, or null: it may not lie in the future beyond clock skew. */
export function observedAtProblem(observedAt: Date, now: Date): string | null {
  return observedAt.getTime() > now.getTime() + OBSERVATION_CLOCK_SKEW_MS ? 'Must not be in the future.' : null;
}

export interface FlagEffect {
  /** The stakeholder's status afterwards. */
  status: StakeholderStatus;
  /** Close the current position at the account. */
  closesPosition: boolean;
  /** Open a new position: at the company seen on the page, or at the same account with the new title. */
  opensPosition: 'destination' | 'same-account' | null;
  /** The person no longer holds their buying roles or main-contact duty at this account. */
  vacatesRoles: boolean;
  /** The person leaves their role at the account: opens (or completes) a departure case if they were key. */
  isDeparture: boolean;
  destination: 'INTERNAL' | 'EXTERNAL' | 'UNKNOWN';
}

/** The effect of confirming a flag of this kind. */
export function confirmedEffect(kind: JobChangeKind): FlagEffect {
  switch (kind) {
    case 'LEFT_COMPANY':
      return {
        status: 'DEPARTED',
        closesPosition: true,
        opensPosition: 'destination',
        vacatesRoles: true,
        isDeparture: true,
        destination: 'EXTERNAL',
      };
    case 'INTERNAL_MOVE':
      return {
        status: 'ACTIVE',
        closesPosition: true,
        opensPosition: 'same-account',
        vacatesRoles: true,
        isDeparture: true,
        destination: 'INTERNAL',
      };
    case 'PROMOTION':
      return {
        status: 'ACTIVE',
        closesPosition: true,
        opensPosition: 'same-account',
        vacatesRoles: false,
        isDeparture: false,
        destination: 'INTERNAL',
      };
    case 'LEAVING_SOON':
      return {
        status: 'SUSPECTED_DEPARTURE',
        closesPosition: false,
        opensPosition: null,
        vacatesRoles: false,
        isDeparture: true,
        destination: 'UNKNOWN',
      };
  }
}

/** The status a pending flag already implies: leaving soon makes the person a suspected departure at once. */
export function pendingStatus(kind: JobChangeKind, current: StakeholderStatus): StakeholderStatus {
  return kind === 'LEAVING_SOON' && current === 'ACTIVE' ? 'SUSPECTED_DEPARTURE' : current;
}

/** A flag's review status (the data model's FlagStatus holds the same values). */
export const FLAG_STATUSES = ['PENDING', 'CONFIRMED', 'REJECTED'] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];
export type Review = 'CONFIRM' | 'REJECT';

/** Reviewed flags stay in view (the profile lookup's answer) this long, so a rep sees what became of a flag. */
export const RECENTLY_DECIDED_DAYS = 30;

/** The earliest review time that still counts as recently decided at `now`. */
export function recentlyDecidedSince(now: Date): Date {
  return new Date(now.getTime() - RECENTLY_DECIDED_DAYS * 86_400_000);
}

/**
 * What a review does to a flag in its current status: a pending flag is reviewed once; the same
 * review again is answered with the flag as it is (a retry); the opposite review is a conflict.
 */
export function reviewDecision(status: FlagStatus, review: Review): 'apply' | 'unchanged' | 'conflict' {
  if (status === 'PENDING') return 'apply';
  return (status === 'CONFIRMED') === (review === 'CONFIRM') ? 'unchanged' : 'conflict';
}

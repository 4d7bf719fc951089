// Departure cases: whose departure opens one, what it records, and how its time at risk is counted.
// Pure rules; what a job-change flag means is in job-change-flags.ts.
import type { StakeholderStatus } from './coverage.ts';
import type { JobChangeKind } from './job-change-flags.ts';
import type { Cause } from './playbooks.ts';
import type { Role } from './settings.ts';

export interface Person {
  status: StakeholderStatus;
  isMainContact: boolean;
  buyingRoles: Role[];
}

/** Required roles the person holds at an account of this tier. */
export function heldRequiredRoles(person: Pick<Person, 'buyingRoles'>, requiredRoles: readonly Role[]): Role[] {
  return requiredRoles.filter((role) => person.buyingRoles.includes(role));
}

/** Whether losing this person puts the account at risk enough for a case: a main contact or a required-role holder. */
export function isKeyPerson(
  person: Pick<Person, 'isMainContact' | 'buyingRoles'>,
  requiredRoles: readonly Role[],
): boolean {
  return person.isMainContact || heldRequiredRoles(person, requiredRoles).length > 0;
}

export function caseCause(person: Pick<Person, 'isMainContact'>): Cause {
  return person.isMainContact ? 'MAIN_CONTACT_TURNOVER' : 'ROLE_HOLDER_TURNOVER';
}

/** Learned before the departure when the first sign was a "leaving soon" flag. */
export function learnedWhen(firstKind: JobChangeKind): 'BEFORE_DEPARTURE' | 'AFTER_DEPARTURE' {
  return firstKind === 'LEAVING_SOON' ? 'BEFORE_DEPARTURE' : 'AFTER_DEPARTURE';
}

const DAY_MS = 86_400_000;

/** The dates a case's time at risk is counted from. */
export interface CaseClock {
  /** When the person left (or is to leave); null while unknown. */
  departedOn: Date | null;
  /** When we learned of the departure. */
  learnedOn: Date;
  closedAt: Date | null;
}

/** Time at risk starts at the departure, or when we learned of it if that was earlier (a pre-departure case). */
export function riskStart(clock: Pick<CaseClock, 'departedOn' | 'learnedOn'>): Date {
  const { departedOn, learnedOn } = clock;
  return departedOn !== null && departedOn < learnedOn ? departedOn : learnedOn;
}

/** Time at risk ends at the close, or at the earlier of now and the end of the period looked at. */
export function riskEnd(clock: Pick<CaseClock, 'closedAt'>, now: Date, periodEnd: Date | null = null): Date {
  if (clock.closedAt !== null && (periodEnd === null || clock.closedAt <= periodEnd)) return clock.closedAt;
  return periodEnd !== null && periodEnd < now ? periodEnd : now;
}

/** Whole days from `start` to `end` (full 24-hour days elapsed), never negative. */
export function wholeDaysBetween(start: Date, end: Date): number {
  return Math.max(0, Math.floor((end.getTime() - start.getTime()) / DAY_MS));
}

/**
 * Days a case has been (or was) at risk: the one day count of the product, used by the case, the
 * report and the dashboard alike.
 */
export function daysAtRisk(clock: CaseClock, now: Date, periodEnd: Date | null = null): number {
  return wholeDaysBetween(riskStart(clock), riskEnd(clock, now, periodEnd));
}

/** Why a departure date cannot be stored, or null when it can. */
export function departureDateProblem(
  departedOn: Date,
  today: Date,
  startedAtAccount: Date | null,
  learned: 'BEFORE_DEPARTURE' | 'AFTER_DEPARTURE',
): string | null {
  if (learned === 'AFTER_DEPARTURE' && departedOn.getTime() > startOfUtcDay(today).getTime()) {
    return 'The departure date cannot be in the future.';
  }
  if (startedAtAccount !== null && departedOn < startOfUtcDay(startedAtAccount)) {
    return 'The departure date cannot be before the person started at the account.';
  }
  return null;
}

/** Midnight UTC of the day `at` falls on (how `@db.Date` columns store a day). */
export function startOfUtcDay(at: Date): Date {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
}

export interface PositionFacts {
  companyName: string;
  accountId: string | null;
  startedOn: Date | null;
  endedOn: Date | null;
}

export interface DepartureFacts {
  /** When the person left the account: the latest end of a position there (null when none is dated). */
  departedOn: Date | null;
  /** Where the person works now: the latest-started open position elsewhere (null when unknown). */
  destination: { companyName: string; accountId: string | null } | null;
}

/**
 * A departed contact's departure, from their employment history: `formerAccountId` is the account
 * the person was tracked at. The destination is an open position at another company (or at no
 * account); a destination with an accountId is one of our accounts, which makes the person a warm lead.
 */
export function departureOf(formerAccountId: string, positions: readonly PositionFacts[]): DepartureFacts {
  let departedOn: Date | null = null;
  for (const position of positions) {
    if (position.accountId !== formerAccountId || !position.endedOn) continue;
    if (!departedOn || position.endedOn > departedOn) departedOn = position.endedOn;
  }
  const open = positions
    .filter((position) => position.endedOn === null && position.accountId !== formerAccountId)
    .sort((a, b) => (b.startedOn?.getTime() ?? 0) - (a.startedOn?.getTime() ?? 0));
  const now = open.find((position) => position.accountId !== null) ?? open[0];
  return { departedOn, destination: now ? { companyName: now.companyName, accountId: now.accountId } : null };
}

export interface CaseHandlingFacts {
  stakeholderId: string | null;
  replacementId: string | null;
  closedAt: Date | null;
}

/**
 * What an account's departure cases say about each of its people, for the risk model: a person is
 * replaced when a case about them names a replacement; a departure whose case is closed (saved or
 * lost) has been dealt with and no longer counts as a departure.
 */
export function caseHandling(
  cases: readonly CaseHandlingFacts[],
): (person: { id: string; status: StakeholderStatus }) => { replaced: boolean; caseClosed: boolean } {
  const replaced = new Set(cases.filter((item) => item.replacementId).map((item) => item.stakeholderId));
  const handled = new Set(cases.filter((item) => item.closedAt !== null).map((item) => item.stakeholderId));
  return (person) => ({
    replaced: replaced.has(person.id),
    caseClosed: person.status === 'DEPARTED' && handled.has(person.id),
  });
}

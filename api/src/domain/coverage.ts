// Coverage and multi-threading of one account: which required buying roles we reach through a live
// thread, how many independent live threads hold the account, and which gaps a CS manager should
// close. Pure: the caller passes the stakeholders, the threads, the clock and the settings.
//
// Rules:
// - Required roles come from `settings.requiredRoles[tier]` (duplicates ignored, order kept).
// - Threads count only when they lead to a known stakeholder who has not DEPARTED; threads to
//   departed (or unknown) stakeholders are neither live nor stale. A thread is live by
//   `isLiveThread` (threads.ts, with `settings.threads`): our member is still with us, the strength
//   is at least the minimum, and it was touched within the window. A thread is stale by `isStale`:
//   never touched, or last touched longer ago than the window, whatever its strength or member.
// - A required role is filled when a non-departed stakeholder holding it has at least one live
//   thread. coveragePercent = round(100 × filled / required), and 100 when nothing is required.
// - strongThreadCount counts the live threads of strength STRONG.
// - Departments are those of non-departed stakeholders, trimmed, compared case-insensitively (the
//   first spelling met is kept), sorted; a department is uncovered when none of its stakeholders
//   has a live thread.
// - Single-threaded: at most one live thread in total.
// - survivesStakeholderLoss: whichever single stakeholder we lose, at least one required role is
//   still filled by a live thread (so at least two different stakeholders must fill required
//   roles); false when no required role is filled at all. survivesMemberLoss: the same when we lose
//   any single one of our members. When the tier requires no role, "a required role is filled"
//   reads as "a live thread exists", so the tests ask whether any live thread survives the loss.
// - Gaps, in this order: one UNFILLED_ROLE per missing role (in required-role order); one
//   SINGLE_THREADED when single-threaded; one STALE_THREAD per stakeholder (in input order) who has
//   threads, all of them stale, and who is the main contact or holds a required role; one
//   UNCOVERED_DEPARTMENT per uncovered department (sorted).
import type { OrganizationSettings, Role, Tier } from './settings.ts';
import { isLiveThread, isStale } from './threads.ts';

export type StakeholderStatus = 'ACTIVE' | 'SUSPECTED_DEPARTURE' | 'DEPARTED';
export type ThreadStrength = 'WEAK' | 'MEDIUM' | 'STRONG';

export interface StakeholderFacts {
  id: string;
  status: StakeholderStatus;
  buyingRoles: Role[];
  department: string | null;
  isMainContact: boolean;
}

export interface ThreadRecord {
  stakeholderId: string;
  memberId: string;
  strength: ThreadStrength;
  lastTouchAt: Date | null;
  memberActive: boolean;
}

export type GapKind = 'UNFILLED_ROLE' | 'SINGLE_THREADED' | 'STALE_THREAD' | 'UNCOVERED_DEPARTMENT';

export interface Gap {
  kind: GapKind;
  role: Role | null;
  department: string | null;
  stakeholderId: string | null;
  /** A sentence a CS manager understands, e.g. "No live thread to an Economic Buyer." */
  message: string;
}

export interface Coverage {
  requiredRoles: Role[];
  filledRoles: Role[];
  missingRoles: Role[];
  /** Integer 0..100: round(100 × filled / required); 100 when nothing is required. */
  coveragePercent: number;
  liveThreadCount: number;
  strongThreadCount: number;
  staleThreadCount: number;
  /** Distinct stakeholders with at least one live thread. */
  liveStakeholderCount: number;
  /** Distinct members holding live threads, sorted. */
  liveMemberIds: string[];
  /** Departments of non-departed stakeholders: distinct (case-insensitive, first spelling kept), sorted. */
  departments: string[];
  /** Departments with no live thread, sorted. */
  uncoveredDepartments: string[];
  /** At most one live thread in total. */
  singleThreaded: boolean;
  survivesStakeholderLoss: boolean;
  survivesMemberLoss: boolean;
  gaps: Gap[];
}

export interface CoverageInput {
  tier: Tier;
  stakeholders: StakeholderFacts[];
  threads: ThreadRecord[];
  now: Date;
  settings: OrganizationSettings;
}

const roleLabels: Record<Role, string> = {
  CHAMPION: 'Champion',
  ECONOMIC_BUYER: 'Economic Buyer',
  EXECUTIVE_SPONSOR: 'Executive Sponsor',
  DECISION_MAKER: 'Decision Maker',
  TECHNICAL_EVALUATOR: 'Technical Evaluator',
  USER: 'User',
};

/** The role as a CS manager writes it, e.g. "Economic Buyer". */
export function roleLabel(role: Role): string {
  return roleLabels[role];
}

const rolesTakingAn: ReadonlySet<Role> = new Set<Role>(['ECONOMIC_BUYER', 'EXECUTIVE_SPONSOR']);

/** The role with its indefinite article, e.g. "an Economic Buyer", "a Champion", "a User". */
export function roleWithArticle(role: Role): string {
  return `${rolesTakingAn.has(role) ? 'an' : 'a'} ${roleLabel(role)}`;
}

/** "A", "A and B", "A, B and C" (or "A, B or C"). */
export function listInWords(words: readonly string[], conjunction: 'and' | 'or' = 'and'): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words.at(-1)}`;
}

function compareText(a: string, b: string): number {
  return a.localeCompare(b, 'en');
}

function departmentKey(department: string): string {
  return department.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Non-departed stakeholders by id (the first record of an id wins). */
function currentStakeholders(stakeholders: readonly StakeholderFacts[]): Map<string, StakeholderFacts> {
  const byId = new Map<string, StakeholderFacts>();
  for (const person of stakeholders) {
    if (person.status !== 'DEPARTED' && !byId.has(person.id)) byId.set(person.id, person);
  }
  return byId;
}

/** The required roles (in their order) held by stakeholders reached through the given threads. */
function rolesFilledBy(
  threads: readonly ThreadRecord[],
  people: ReadonlyMap<string, StakeholderFacts>,
  requiredRoles: readonly Role[],
): Role[] {
  const held = new Set(threads.flatMap((thread) => people.get(thread.stakeholderId)?.buyingRoles ?? []));
  return requiredRoles.filter((role) => held.has(role));
}

/** Whether the threads still fill a required role (or, when none is required, whether any is left). */
function holdsAccount(
  threads: readonly ThreadRecord[],
  people: ReadonlyMap<string, StakeholderFacts>,
  requiredRoles: readonly Role[],
): boolean {
  if (requiredRoles.length === 0) return threads.length > 0;
  return rolesFilledBy(threads, people, requiredRoles).length > 0;
}

/** Whether the live threads hold the account after losing any one value of `keyOf` (a stakeholder, a member). */
function survivesLoss(
  liveThreads: readonly ThreadRecord[],
  people: ReadonlyMap<string, StakeholderFacts>,
  requiredRoles: readonly Role[],
  keyOf: (thread: ThreadRecord) => string,
): boolean {
  if (!holdsAccount(liveThreads, people, requiredRoles)) return false;
  const keys = new Set(liveThreads.map(keyOf));
  return [...keys].every((lost) =>
    holdsAccount(
      liveThreads.filter((thread) => keyOf(thread) !== lost),
      people,
      requiredRoles,
    ),
  );
}

/** Distinct departments (key → first spelling) of the given stakeholders. */
function departmentsOf(people: Iterable<StakeholderFacts>): Map<string, string> {
  const departments = new Map<string, string>();
  for (const person of people) {
    const spelling = person.department?.trim().replace(/\s+/g, ' ') ?? '';
    const key = departmentKey(spelling);
    if (key !== '' && !departments.has(key)) departments.set(key, spelling);
  }
  return departments;
}

function sortedValues(map: ReadonlyMap<string, string>): string[] {
  return [...map.values()].sort(compareText);
}

/** How a stakeholder matters, e.g. "the main contact (Champion)", "the Economic Buyer". */
function describeKeyPerson(person: StakeholderFacts, heldRoles: readonly Role[]): string {
  const labels = heldRoles.map(roleLabel);
  if (person.isMainContact) return labels.length > 0 ? `the main contact (${listInWords(labels)})` : 'the main contact';
  return `the ${listInWords(labels)}`;
}

function unfilledRoleGaps(missingRoles: readonly Role[]): Gap[] {
  return missingRoles.map((role) => ({
    kind: 'UNFILLED_ROLE',
    role,
    department: null,
    stakeholderId: null,
    message: `No live thread to ${roleWithArticle(role)}.`,
  }));
}

function singleThreadedGap(liveThreads: readonly ThreadRecord[]): Gap[] {
  if (liveThreads.length > 1) return [];
  const only = liveThreads[0];
  return [
    {
      kind: 'SINGLE_THREADED',
      role: null,
      department: null,
      stakeholderId: only?.stakeholderId ?? null,
      message: only
        ? 'Single-threaded: the whole account hangs on one live thread.'
        : 'No live thread to anyone at this account.',
    },
  ];
}

function staleThreadGaps(
  people: ReadonlyMap<string, StakeholderFacts>,
  threads: readonly ThreadRecord[],
  requiredRoles: readonly Role[],
  isThreadStale: (thread: ThreadRecord) => boolean,
  liveWithinDays: number,
): Gap[] {
  const gaps: Gap[] = [];
  for (const person of people.values()) {
    const heldRoles = requiredRoles.filter((role) => person.buyingRoles.includes(role));
    if (!person.isMainContact && heldRoles.length === 0) continue;
    const own = threads.filter((thread) => thread.stakeholderId === person.id);
    if (own.length === 0 || !own.every(isThreadStale)) continue;
    const who = describeKeyPerson(person, heldRoles);
    const subject = own.length === 1 ? `The only thread to ${who} is` : `All ${own.length} threads to ${who} are`;
    gaps.push({
      kind: 'STALE_THREAD',
      role: heldRoles[0] ?? null,
      department: null,
      stakeholderId: person.id,
      message: `${subject} stale: no touch in the last ${liveWithinDays} days.`,
    });
  }
  return gaps;
}

function uncoveredDepartmentGaps(uncoveredDepartments: readonly string[]): Gap[] {
  return uncoveredDepartments.map((department) => ({
    kind: 'UNCOVERED_DEPARTMENT',
    role: null,
    department,
    stakeholderId: null,
    message: `No live thread to anyone in ${department}.`,
  }));
}

/** Coverage, multi-threading and gaps of one account. */
export function assessCoverage(input: CoverageInput): Coverage {
  const { now, settings } = input;
  const requiredRoles = [...new Set(settings.requiredRoles[input.tier])];
  const people = currentStakeholders(input.stakeholders);
  const counted = input.threads.filter((thread) => people.has(thread.stakeholderId));
  const isThreadStale = (thread: ThreadRecord) => isStale(thread, now, settings.threads);
  const liveThreads = counted.filter((thread) => isLiveThread(thread, now, settings.threads));

  const filledRoles = rolesFilledBy(liveThreads, people, requiredRoles);
  const missingRoles = requiredRoles.filter((role) => !filledRoles.includes(role));
  const liveStakeholderIds = new Set(liveThreads.map((thread) => thread.stakeholderId));

  const departments = departmentsOf(people.values());
  const coveredKeys = departmentsOf([...liveStakeholderIds].flatMap((id) => people.get(id) ?? []));
  const uncovered = new Map([...departments].filter(([key]) => !coveredKeys.has(key)));
  const uncoveredDepartments = sortedValues(uncovered);

  return {
    requiredRoles,
    filledRoles,
    missingRoles,
    coveragePercent: requiredRoles.length === 0 ? 100 : Math.round((100 * filledRoles.length) / requiredRoles.length),
    liveThreadCount: liveThreads.length,
    strongThreadCount: liveThreads.filter((thread) => thread.strength === 'STRONG').length,
    staleThreadCount: counted.filter(isThreadStale).length,
    liveStakeholderCount: liveStakeholderIds.size,
    liveMemberIds: [...new Set(liveThreads.map((thread) => thread.memberId))].sort(),
    departments: sortedValues(departments),
    uncoveredDepartments,
    singleThreaded: liveThreads.length <= 1,
    survivesStakeholderLoss: survivesLoss(liveThreads, people, requiredRoles, (thread) => thread.stakeholderId),
    survivesMemberLoss: survivesLoss(liveThreads, people, requiredRoles, (thread) => thread.memberId),
    gaps: [
      ...unfilledRoleGaps(missingRoles),
      ...singleThreadedGap(liveThreads),
      ...staleThreadGaps(people, counted, requiredRoles, isThreadStale, settings.threads.liveWithinDays),
      ...uncoveredDepartmentGaps(uncoveredDepartments),
    ],
  };
}

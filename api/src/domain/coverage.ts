// Coverage and multi-threading of one account: which required buying roles we reach through a live
// thread, how many independent live threads hold the account, and which gaps a CS manager should
// close. Pure: the caller passes the stakeholders, the threads, the clock and the settings.
//
// Rules:
// - Required roles come from `settings.requiredRoles[tier]` (duplicates ignored, order kept).
// - Threads count only when they lead to a known stakeholder who has not DEPARTED; threads to
//   departed (or unknown) stakeholders are neither live nor stale. A thread is live by
//   `isLiveThread` (relationships.ts, with `settings.threads`): our member is still with us, the strength
//   is at least the minimum, and it was touched within the window. A thread is stale by `isStale`:
//   never touched, or last touched longer ago than the window, whatever its strength or member.
// - A required role is filled when a non-departed stakeholder holding it has at least one live
//   thread. coveragePercent = round(100 × filled / required), and 100 when nothing is required.
// - strongThreadCount counts the live threads of strength STRONG.
// - Departments are those of non-departed stakeholders, trimmed, compared case-insensitively (the
//   first spelling met is kept), sorted; a department is uncovered when none of its stakeholders
//   has a live thread.
// - Key people: non-departed stakeholders who are the main contact or hold a required role.
// - No live thread: none at all. Single-threaded: exactly one live thread in total (two different
//   facts, never called by one name). `singleThreaded` (at most one) is the risk model's input.
// - survivesStakeholderLoss: whichever single stakeholder we lose, at least one required role is
//   still filled by a live thread (so at least two different stakeholders must fill required
//   roles); false when no required role is filled at all. survivesMemberLoss: the same when we lose
//   any single one of our members. When the tier requires no role, "a required role is filled"
//   reads as "a live thread exists", so the tests ask whether any live thread survives the loss.
// - Gaps, most severe first (GAP_SEVERITY): one UNFILLED_ROLE per missing role (in required-role
//   order); one NO_LIVE_THREAD when there is no live thread, or one SINGLE_THREADED when there is
//   exactly one; one STALE_THREAD per key person (in input order) who has threads, all of them stale;
//   one UNCOVERED_DEPARTMENT per uncovered department (sorted) where a key person works, when the
//   account has a live thread at all (without one, NO_LIVE_THREAD already says it). A department
//   of people who matter little (no role we require, not the main contact) is no gap: an account whose
//   required roles all have live threads, with more than one live thread and every key person's
//   department reached, has no gap at all.

import { isLiveThread, isStale, type RelationshipStrength } from './relationships.ts';
import type { OrganizationSettings, Role, Tier } from './settings.ts';

export type StakeholderStatus = 'ACTIVE' | 'SUSPECTED_DEPARTURE' | 'DEPARTED';

export interface StakeholderFacts {
  id: string;
  status: StakeholderStatus;
  buyingRoles: Role[];
  department: string | null;
  isMainContact: boolean;
}

export interface RelationshipRecord {
  stakeholderId: string;
  memberId: string;
  strength: RelationshipStrength;
  lastTouchAt: Date | null;
  memberActive: boolean;
}

export type GapKind = 'UNFILLED_ROLE' | 'NO_LIVE_THREAD' | 'SINGLE_THREADED' | 'STALE_THREAD' | 'UNCOVERED_DEPARTMENT';

export type GapSeverity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'MINOR';

/**
 * How much a gap of each kind matters, most severe first: rank 1 is the worst; the weight (6 − rank)
 * multiplies an account's ARR into its gap exposure (see gapExposure).
 */
export const GAP_SEVERITY: Readonly<Record<GapKind, { severity: GapSeverity; rank: number; weight: number }>> = {
  UNFILLED_ROLE: { severity: 'CRITICAL', rank: 1, weight: 5 },
  NO_LIVE_THREAD: { severity: 'HIGH', rank: 2, weight: 4 },
  SINGLE_THREADED: { severity: 'MEDIUM', rank: 3, weight: 3 },
  STALE_THREAD: { severity: 'LOW', rank: 4, weight: 2 },
  UNCOVERED_DEPARTMENT: { severity: 'MINOR', rank: 5, weight: 1 },
};

/** Gap kinds, most severe first. */
export const GAP_KINDS: readonly GapKind[] = (Object.keys(GAP_SEVERITY) as GapKind[]).sort(
  (a, b) => GAP_SEVERITY[a].rank - GAP_SEVERITY[b].rank,
);

/** The most severe of the gaps' kinds (null without gaps). */
export function worstGapKind(gaps: readonly Pick<Gap, 'kind'>[]): GapKind | null {
  return GAP_KINDS.find((kind) => gaps.some((gap) => gap.kind === kind)) ?? null;
}

/**
 * An account's gap exposure, what the coverage-gap list ranks by: its ARR (minor units) times the
 * weight of its most severe gap among `kinds` (all kinds by default); 0 without such a gap. So a
 * missing Champion at 200,000 (× 5) outranks a department without a thread at 900,000 (× 1).
 */
export function gapExposure(
  arrMinor: bigint,
  gaps: readonly Pick<Gap, 'kind'>[],
  kinds: readonly GapKind[] = GAP_KINDS,
): bigint {
  const worst = worstGapKind(gaps.filter((gap) => kinds.includes(gap.kind)));
  return worst ? arrMinor * BigInt(GAP_SEVERITY[worst].weight) : 0n;
}

/**
 * One bit per gap kind, the most severe the lowest (UNFILLED_ROLE 1, NO_LIVE_THREAD 2, SINGLE_THREADED 4,
 * STALE_THREAD 8, UNCOVERED_DEPARTMENT 16). Account.gapKinds holds the kinds of an account's stored
 * gaps this way and Account.gapExposure its exposure, both generated by the database from the stored
 * coverage and ARR (the migration coverage_gap_rank spells these bits and weights out in SQL; a test
 * holds them to these).
 */
export const GAP_KIND_BITS: Readonly<Record<GapKind, number>> = {
  UNFILLED_ROLE: 1,
  NO_LIVE_THREAD: 2,
  SINGLE_THREADED: 4,
  STALE_THREAD: 8,
  UNCOVERED_DEPARTMENT: 16,
};

/** Every gapKinds value with at least one gap (1 to 31). */
export const GAP_KIND_SETS: readonly number[] = Array.from({ length: 31 }, (_, index) => index + 1);

/** The gaps' kinds as a bit set (GAP_KIND_BITS): what Account.gapKinds stores. */
export function gapKindBits(gaps: readonly Pick<Gap, 'kind'>[]): number {
  return gaps.reduce((bits, gap) => bits | GAP_KIND_BITS[gap.kind], 0);
}

/** The kinds of a bit set, most severe first. */
export function kindsOfBits(bits: number): GapKind[] {
  return GAP_KINDS.filter((kind) => (bits & GAP_KIND_BITS[kind]) !== 0);
}

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
  /**
   * At most one live thread: the input of the risk model's single-thread factor, which words none and
   * one apart itself. Gaps and the API never call none "single-threaded": liveThreadCount 0 is "no
   * live thread" (NO_LIVE_THREAD), exactly 1 is "single-threaded" (SINGLE_THREADED).
   */
  singleThreaded: boolean;
  survivesStakeholderLoss: boolean;
  survivesMemberLoss: boolean;
  gaps: Gap[];
}

export interface CoverageInput {
  tier: Tier;
  stakeholders: StakeholderFacts[];
  threads: RelationshipRecord[];
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
  threads: readonly RelationshipRecord[],
  people: ReadonlyMap<string, StakeholderFacts>,
  requiredRoles: readonly Role[],
): Role[] {
  const held = new Set(threads.flatMap((thread) => people.get(thread.stakeholderId)?.buyingRoles ?? []));
  return requiredRoles.filter((role) => held.has(role));
}

/** Whether the threads still fill a required role (or, when none is required, whether any is left). */
function holdsAccount(
  threads: readonly RelationshipRecord[],
  people: ReadonlyMap<string, StakeholderFacts>,
  requiredRoles: readonly Role[],
): boolean {
  if (requiredRoles.length === 0) return threads.length > 0;
  return rolesFilledBy(threads, people, requiredRoles).length > 0;
}

/** Whether the live threads hold the account after losing any one value of `keyOf` (a stakeholder, a member). */
function survivesLoss(
  liveThreads: readonly RelationshipRecord[],
  people: ReadonlyMap<string, StakeholderFacts>,
  requiredRoles: readonly Role[],
  keyOf: (thread: RelationshipRecord) => string,
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

function threadCountGap(liveThreads: readonly RelationshipRecord[]): Gap[] {
  const only = liveThreads[0];
  if (!only) {
    return [
      {
        kind: 'NO_LIVE_THREAD',
        role: null,
        department: null,
        stakeholderId: null,
        message: 'No live thread to anyone at this account.',
      },
    ];
  }
  if (liveThreads.length > 1) return [];
  return [
    {
      kind: 'SINGLE_THREADED',
      role: null,
      department: null,
      stakeholderId: only.stakeholderId,
      message: 'Single-threaded: the whole account hangs on one live thread.',
    },
  ];
}

/** Required roles the person holds (in required-role order). */
function keyRolesOf(person: StakeholderFacts, requiredRoles: readonly Role[]): Role[] {
  return requiredRoles.filter((role) => person.buyingRoles.includes(role));
}

function isKey(person: StakeholderFacts, requiredRoles: readonly Role[]): boolean {
  return person.isMainContact || keyRolesOf(person, requiredRoles).length > 0;
}

function staleThreadGaps(
  people: ReadonlyMap<string, StakeholderFacts>,
  threads: readonly RelationshipRecord[],
  requiredRoles: readonly Role[],
  isThreadStale: (thread: RelationshipRecord) => boolean,
  liveWithinDays: number,
): Gap[] {
  const gaps: Gap[] = [];
  for (const person of people.values()) {
    if (!isKey(person, requiredRoles)) continue;
    const heldRoles = keyRolesOf(person, requiredRoles);
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

/** Uncovered departments (key → spelling, sorted by spelling) where key people work, with those people. */
function uncoveredDepartmentGaps(
  uncovered: ReadonlyMap<string, string>,
  people: ReadonlyMap<string, StakeholderFacts>,
  requiredRoles: readonly Role[],
): Gap[] {
  const gaps: Gap[] = [];
  for (const [key, department] of [...uncovered].sort(([, a], [, b]) => compareText(a, b))) {
    const keyPeople = [...people.values()].filter(
      (person) => isKey(person, requiredRoles) && departmentKey(person.department ?? '') === key,
    );
    const first = keyPeople[0];
    if (!first) continue;
    const who = keyPeople.map((person) => describeKeyPerson(person, keyRolesOf(person, requiredRoles)));
    gaps.push({
      kind: 'UNCOVERED_DEPARTMENT',
      role: null,
      department,
      stakeholderId: first.id,
      message: `No live thread to anyone in ${department}, where ${listInWords(who)} ${who.length === 1 ? 'works' : 'work'}.`,
    });
  }
  return gaps;
}

/**
 * Coverage as an account in `lifecycle` shows it: a churned account has nothing left to cover, so it
 * shows no gaps (and the risk model scores it 0); its roles and threads are still told as they are.
 */
export function coverageInLifecycle(coverage: Coverage, lifecycle: 'PROSPECT' | 'CUSTOMER' | 'CHURNED'): Coverage {
  return lifecycle === 'CHURNED' ? { ...coverage, gaps: [] } : coverage;
}

/** Coverage, multi-threading and gaps of one account. */
export function assessCoverage(input: CoverageInput): Coverage {
  const { now, settings } = input;
  const requiredRoles = [...new Set(settings.requiredRoles[input.tier])];
  const people = currentStakeholders(input.stakeholders);
  const counted = input.threads.filter((thread) => people.has(thread.stakeholderId));
  const isThreadStale = (thread: RelationshipRecord) => isStale(thread, now, settings.threads);
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
      ...threadCountGap(liveThreads),
      ...staleThreadGaps(people, counted, requiredRoles, isThreadStale, settings.threads.liveWithinDays),
      ...(liveThreads.length > 0 ? uncoveredDepartmentGaps(uncovered, people, requiredRoles) : []),
    ],
  };
}

// Explainable turnover risk of one account, and Red Zone / Dead Zone triage (seeds 000, 001, 004).
// Pure and deterministic: the same input always gives the same score, factors and zone.
//
// Score. Each factor earns points = round(weight × fraction), where the weight is the factor's
// maximum (settings may change it, 0..100) and the fraction 0..1 follows the rules below. Factors
// with 0 points are left out; every other point belongs to exactly one factor with one sentence of
// explanation. score = min(100, sum of the factor points): the score is CAPPED at 100, and when
// capped the factors still list their full points (so their sum may exceed the score).
// Bands follow the organization's cut-offs (`RiskBands`, settings `riskBands`): a score at or above
// `yellow` is YELLOW, at or above `amber` AMBER, at or above `red` RED; defaults 25 / 50 / 75, i.e.
// GREEN 0–24, YELLOW 25–49, AMBER 50–74, RED 75–100.
// CHURNED accounts score 0, GREEN, with no factor and no zone: nothing is left to save.
//
// Properties the score keeps (tested property-based in api/test/domain/risk-properties.test.ts):
// - Doing the right thing never raises it: adding a live thread (or refreshing a stale one), filling
//   a required role (with a new stakeholder, or by giving it to, or naming as main contact, someone
//   already at the account who has not left, whatever their status and signals), finding a replacement, finishing a recovery-plan step, or a better signal
//   (a reading moving in its good direction, a better sentiment, a more recent engagement) never
//   raises the score; undoing any of them never lowers it.
// - Every point belongs to a named factor: the score is the sum of the factor points, except when
//   that sum exceeds 100 (then the score is 100 and the factors keep their full points).
//
// Factors (default weight in brackets; "key people" are main contacts and holders of required roles).
// Suspected departures, unreviewed flags and disengagement are per-person signals: they count every
// stakeholder with a weight that does not depend on the roles they hold, so naming someone main contact or giving
// them a required role never pulls their signals into the score (when it fills a role, coverage only
// improves). A departed person fills no role: recording a role they held records a loss.
// mainContactLost's fraction is the share of the weight it needed, at most 1.
// - departedRoleHolder [30]: a key person has DEPARTED and is not replaced, and the departure case
//   is not closed. Full weight as soon as one has (a departed main contact or required-role holder
//   is the strongest single signal of churn); several departures do not go beyond the weight
//   (capped), but all are named.
// - mainContactLost [50]: a STRATEGIC or KEY account whose main contacts have all DEPARTED, none
//   replaced (even when the case was closed): the points top the sum of the other factors up to the
//   AMBER cut-off, at most the weight. Such an account is therefore at least AMBER (seed 001: "your
//   primary contact leaves… the relationship is back at square one"); the factor disappears as soon
//   as a replacement is found or another main contact is named.
// - unconfirmedDeparture [8]: ACTIVE stakeholders with a pending (unreviewed) LEFT_COMPANY or
//   LEAVING_SOON flag, not replaced. Each counts 0.5; fraction = min(1, sum). Lower than a suspected departure; a rejected flag is no longer pending,
//   so its points are gone; a confirmed one makes the person DEPARTED (departedRoleHolder).
// - suspectedDeparture [15]: stakeholders with a SUSPECTED_DEPARTURE, not replaced. Each counts 0.5;
//   fraction = min(1, sum).
// - openCase [15]: open departure cases, weighted by what remains of their recovery plan. Each case
//   counts (1 − planCompletion), halved when a replacement is found; fraction = min(1, sum).
// - coverageGap [20]: fraction = (100 − coveragePercent) / 100.
// - singleThreaded [12]: full weight when the account has at most one live thread.
// - memberConcentration [8]: full weight whenever losing one of our members would leave no required
//   role with a live thread (coverage.survivesMemberLoss is false; when the tier requires no role,
//   any live thread counts), also when the account is single-threaded or no role is filled: each of
//   these facts only goes away as threads are added, so none can rise when one is added.
// - staleThreads [10]: fraction = stale threads / (stale + live threads).
//   Structure alone (no live thread, every thread stale) reaches 50: AMBER.
// - disengagedKeyContact [12]: the most disengaged non-departed stakeholder: NEGATIVE about us
//   (0.5) and/or silent, i.e. last engaged more than SILENT_AFTER_DAYS (90) days ago (0.5; an
//   unknown last engagement never counts); fraction = the highest such sum, so it does not grow with
//   headcount. A negative champion silent for months earns the full weight (seed 001: "a key contact
//   complains or falls silent").
// - Signals count only when observed at most 180 days before now (later ones count too) and their
//   value is a finite number. A percentage signal past its threshold earns half its weight at the
//   threshold, rising linearly to full weight at twice the threshold: fraction = min(1, change /
//   (2 × threshold)).
//   - engagementDrop [10]: ENGAGEMENT_TREND down 20 % or more.
//   - usageDrop [10]: PRODUCT_USAGE down 20 % or more.
//   - supportUptick [6]: SUPPORT_TICKETS up 30 % or more.
//   - negativeSentiment [8]: NPS below 0; fraction = min(1, 0.5 + |NPS| / 100) (full at −50).
//     Only the latest value is known, so a drop shows as a negative NPS.
//   - arrDecline [8]: ARR_GROWTH below 0; fraction = min(1, 0.5 + |growth| / 20) (full at −10 %).
//   - renewalResistance [15]: RENEWAL_RESISTANCE ≥ 1 (resisting renewal talks); full weight.
//   - advocacyDrop [6]: the account's advocacy is DETRACTOR (fraction 1), or REFERRALS are down 30 %
//     or more (scaled as above); the larger fraction counts.
// - renewalProximity [10]: CUSTOMER accounts only. Days until the renewal date are counted in whole
//   UTC calendar days. Past due: full weight; 0..90 days: fraction = 1 − days / 120 (a quarter of the
//   weight at 90 days, full on the renewal day); further away: nothing.
// - changeEvent [10]: change events (new executive, merger or acquisition, restructuring,
//   divestiture, budget cuts, market shift, product cancellation, litigation or investigation)
//   other than ACCOUNT_MANAGER_CHANGED dated at most 180 calendar
//   days before now (later dates, e.g. announced ones, count too); each distinct kind and date counts
//   once. fraction = min(1, 0.25 + 0.25 × count): 1 event half the weight, 2 three quarters, 3+ full.
// - accountManagerChanged [8]: an ACCOUNT_MANAGER_CHANGED event in the same window; full weight.
// Without mainContactLost (a top-up) the defaults add up to 230, so a handful of strong factors
// reach the cap of 100.
//
// Zones (only AMBER and RED accounts; GREEN and YELLOW get no zone and no reasons). The thresholds
// are organization settings (`ZoneRules`, settings `riskZones`; defaults in brackets below).
// Value points (beyond ARR): tier STRATEGIC 3, KEY 2, STANDARD 0; ARR (minor units of the
// organization's currency) ≥ 10,000,000 (100,000.00) "large" 2, ≥ 2,500,000 (25,000.00)
// "mid-size" 1, less 0; a share of the portfolio's ARR ≥ significantSharePercent [2] 2; growth
// potential, strategic value and market influence each HIGH 2, MEDIUM 1, LOW 0; a vocal DETRACTOR
// 2 (worth turning into a promoter), a vocal PROMOTER 1; referenceable 1. Maximum 16.
// The share is arrMinor / portfolioArrMinor (the ARR of every account that is not churned, passed
// in by the caller); unknown (no points) when the portfolio total is 0 or missing.
// Recoverability points: a live thread left 2; a replacement found (in an open case, or a departed
// key person marked replaced) 1; open recovery plans at least 50 % complete on average 1; the
// account survives the loss of any one stakeholder 1. Maximum 5.
// RED_ZONE (worth saving) when the share of the portfolio's ARR ≥ criticalSharePercent [5] (too
// much revenue to let go), when value ≥ exceptionalValue [9] (worth rebuilding from scratch), or
// when value ≥ valueThreshold [5] and recoverability ≥ recoverabilityThreshold [2]; otherwise
// DEAD_ZONE (let it go gracefully, hold an exit interview). zoneReasons: the value with its drivers, the recoverability with its facts, the decision.

/**
 * The version of the risk and coverage rules. Stored health is stamped with it: raise it in the
 * release that changes how health is assessed, and every account is recomputed in the background
 * when that release starts (see api/src/services/health-recompute.ts).
 */
export const RISK_RULES_VERSION = 3;

import { EVENTS, type EventKind, type SignalKind } from './account-signals.ts';
import type { Coverage, StakeholderStatus } from './coverage.ts';
import { listInWords, roleLabel, roleWithArticle } from './coverage.ts';
import type { Role, Tier } from './settings.ts';

/** Risk bands, lowest first (the data model's RiskBand holds the same values). */
export const RISK_BANDS = ['GREEN', 'YELLOW', 'AMBER', 'RED'] as const;
export type RiskBand = (typeof RISK_BANDS)[number];
/** Zones of amber and red accounts (the data model's RiskZone holds the same values). */
export const ZONES = ['RED_ZONE', 'DEAD_ZONE'] as const;
export type Zone = (typeof ZONES)[number];
export type LevelValue = 'LOW' | 'MEDIUM' | 'HIGH';
export type AdvocacyValue = 'PROMOTER' | 'NEUTRAL' | 'DETRACTOR';
export type LifecycleValue = 'PROSPECT' | 'CUSTOMER' | 'CHURNED';
export type SentimentValue = 'POSITIVE' | 'NEUTRAL' | 'NEGATIVE';

export interface RiskWeights {
  departedRoleHolder: number;
  mainContactLost: number;
  suspectedDeparture: number;
  unconfirmedDeparture: number;
  openCase: number;
  coverageGap: number;
  singleThreaded: number;
  memberConcentration: number;
  staleThreads: number;
  disengagedKeyContact: number;
  engagementDrop: number;
  usageDrop: number;
  supportUptick: number;
  negativeSentiment: number;
  arrDecline: number;
  renewalProximity: number;
  renewalResistance: number;
  changeEvent: number;
  accountManagerChanged: number;
  advocacyDrop: number;
}

/** The maximum points of each factor (see the header for what each one measures). */
export const defaultRiskWeights: RiskWeights = {
  departedRoleHolder: 30,
  mainContactLost: 50,
  suspectedDeparture: 15,
  unconfirmedDeparture: 8,
  openCase: 15,
  coverageGap: 20,
  singleThreaded: 12,
  memberConcentration: 8,
  staleThreads: 10,
  disengagedKeyContact: 12,
  engagementDrop: 10,
  usageDrop: 10,
  supportUptick: 6,
  negativeSentiment: 8,
  arrDecline: 8,
  renewalProximity: 10,
  renewalResistance: 15,
  changeEvent: 10,
  accountManagerChanged: 8,
  advocacyDrop: 6,
};

export interface RiskFactor {
  key: keyof RiskWeights;
  /** Integer > 0. */
  points: number;
  /** 0..1: how much of the weight the factor earned (points = round(weight × fraction)). */
  fraction: number;
  /** One plain sentence with the concrete facts. */
  explanation: string;
}

export interface RiskPerson {
  name: string;
  status: StakeholderStatus;
  isMainContact: boolean;
  requiredRoles: Role[];
  replaced: boolean;
  /** Default NEUTRAL. */
  sentiment?: SentimentValue;
  /** When the person last engaged with us; null or missing: unknown (never counts as silent). */
  lastEngagedAt?: Date | null;
  /** A "left company" or "leaving soon" flag about the person waits for review (default false). */
  pendingDepartureFlag?: boolean;
  /** A DEPARTED person whose departure case is closed (saved or lost) without a replacement (default false). */
  caseClosed?: boolean;
}

/** Score cut-offs: a score at or above `yellow` is YELLOW, at or above `amber` AMBER, at or above `red` RED. */
export interface RiskBands {
  yellow: number;
  amber: number;
  red: number;
}

/** When an AMBER or RED account is worth saving (see the header). */
export interface ZoneRules {
  /** Value points that, with enough recoverability, make the Red Zone. */
  valueThreshold: number;
  /** Value points that make the Red Zone whatever the recoverability. */
  exceptionalValue: number;
  /** Recoverability points needed with a value at or above the threshold. */
  recoverabilityThreshold: number;
  /** Share of the portfolio's ARR (percent) that earns value points. */
  significantSharePercent: number;
  /** Share of the portfolio's ARR (percent) that makes the Red Zone on its own. */
  criticalSharePercent: number;
}

export const defaultRiskBands: RiskBands = { yellow: 25, amber: 50, red: 75 };
export const defaultZoneRules: ZoneRules = {
  valueThreshold: 5,
  exceptionalValue: 9,
  recoverabilityThreshold: 2,
  significantSharePercent: 2,
  criticalSharePercent: 5,
};

/** Bands and zone rules of an assessment (organization settings; the defaults above otherwise). */
export interface RiskRules {
  bands: RiskBands;
  zones: ZoneRules;
}

export interface OpenCaseFacts {
  /** 0..1 */
  planCompletion: number;
  replacementFound: boolean;
  openedAt: Date;
}

export interface SignalReading {
  value: number;
  observedAt: Date;
}

export interface AccountEvent {
  kind: EventKind;
  occurredOn: Date;
}

export interface RiskInput {
  now: Date;
  account: {
    tier: Tier;
    arrMinor: bigint;
    renewalDate: Date | null;
    lifecycle: LifecycleValue;
    advocacy: AdvocacyValue;
    referenceable: boolean;
    vocal: boolean;
    growthPotential: LevelValue;
    strategicValue: LevelValue;
    marketInfluence: LevelValue;
  };
  /**
   * The ARR of the organization's whole portfolio (every account that is not churned), in the same
   * minor units; the account's share of it weighs in its zone. Missing or 0: the share is unknown.
   */
  portfolioArrMinor?: bigint;
  coverage: Coverage;
  /** Every stakeholder of the account (current and departed), with the required roles each holds. */
  people: RiskPerson[];
  openCases: OpenCaseFacts[];
  /** The latest reading per kind. */
  signals: Partial<Record<SignalKind, SignalReading>>;
  events: AccountEvent[];
}

export interface Risk {
  /** Integer 0..100 = min(100, sum of factor points). */
  score: number;
  band: RiskBand;
  /** Sorted by points (highest first), then key. */
  factors: RiskFactor[];
  zone: Zone | null;
  zoneReasons: string[];
}

export const SIGNAL_MAX_AGE_DAYS = 180;
export const EVENT_WINDOW_DAYS = 180;
export const RENEWAL_WINDOW_DAYS = 90;
/** A key contact who has not engaged for longer than this is silent. */
export const SILENT_AFTER_DAYS = 90;
export const LARGE_ARR_MINOR = 10_000_000n;
export const MID_ARR_MINOR = 2_500_000n;

const DAY_MS = 86_400_000;
/** What one stakeholder adds to a per-person factor's fraction, whatever roles they hold. */
const PER_PERSON_SHARE = 0.5;
const ENGAGEMENT_DROP_THRESHOLD = 20;
const USAGE_DROP_THRESHOLD = 20;
const SUPPORT_UPTICK_THRESHOLD = 30;
const REFERRALS_DROP_THRESHOLD = 30;

const levelPoints: Record<LevelValue, number> = { LOW: 0, MEDIUM: 1, HIGH: 2 };
const tierPoints: Record<Tier, number> = { STRATEGIC: 3, KEY: 2, STANDARD: 0 };

// ---------------------------------------------------------------- small helpers

type Candidate = RiskFactor | null;

function clamp01(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(1, Math.max(0, value));
}

/** A factor earning round(weight × fraction) points, or null when that is 0. */
function factor(key: keyof RiskWeights, weights: RiskWeights, fraction: number, explanation: string): Candidate {
  const share = clamp01(fraction);
  const points = Math.round(Math.max(0, weights[key]) * share);
  return points > 0 ? { key, points, fraction: share, explanation } : null;
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Whole UTC calendar days from `from` to `to` (negative when `to` is earlier). */
function calendarDays(from: Date, to: Date): number {
  const start = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
  const end = Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), to.getUTCDate());
  return Math.round((end - start) / DAY_MS);
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function percent(value: number): string {
  return `${new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(value)}%`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Half the weight at the threshold, full weight at twice the threshold, nothing below it. */
function thresholdFraction(change: number, threshold: number): number {
  return change >= threshold ? Math.min(1, change / (2 * threshold)) : 0;
}

// ---------------------------------------------------------------- people and cases

/** "Dana Ruiz (main contact, Champion)". */
function personWithRoles(person: RiskPerson): string {
  const parts = [...(person.isMainContact ? ['main contact'] : []), ...person.requiredRoles.map(roleLabel)];
  return parts.length > 0 ? `${person.name} (${parts.join(', ')})` : person.name;
}

/** "The main contact, Dana Ruiz (Champion)," or "The Economic Buyer, Lee Park,". */
function personAsSubject(person: RiskPerson): string {
  const labels = listInWords(person.requiredRoles.map(roleLabel));
  if (person.isMainContact) return `The main contact, ${person.name}${labels ? ` (${labels})` : ''},`;
  return labels ? `The ${labels}, ${person.name},` : person.name;
}

function isKeyPerson(person: RiskPerson): boolean {
  return person.isMainContact || person.requiredRoles.length > 0;
}

function departedRoleHolderFactor(input: RiskInput, weights: RiskWeights): Candidate {
  const departed = input.people.filter(
    (p) => isKeyPerson(p) && p.status === 'DEPARTED' && !p.replaced && !p.caseClosed,
  );
  const [first] = departed;
  if (!first) return null;
  const explanation =
    departed.length === 1
      ? `${personAsSubject(first)} has left and no replacement is known.`
      : `${departed.length} key people have left and no replacement is known: ${listInWords(departed.map(personWithRoles))}.`;
  return factor('departedRoleHolder', weights, 1, explanation);
}

// The per-person signals below (suspected departures, unreviewed flags, disengagement) count every
// non-departed stakeholder with the same weight, whatever roles they hold: giving someone a required
// role or naming them main contact must never pull their signals into the score (filling a role never
// raises it).

function suspectedDepartureFactor(input: RiskInput, weights: RiskWeights): Candidate {
  const suspected = input.people.filter((p) => p.status === 'SUSPECTED_DEPARTURE' && !p.replaced);
  const [first] = suspected;
  if (!first) return null;
  const explanation =
    suspected.length === 1
      ? `${personAsSubject(first)} may be leaving (suspected departure).`
      : `${suspected.length} stakeholders may be leaving (suspected departures): ${listInWords(suspected.map(personWithRoles))}.`;
  return factor('suspectedDeparture', weights, suspected.length * PER_PERSON_SHARE, explanation);
}

/** ACTIVE stakeholders with a departure flag waiting for review, not replaced: a sighting, not yet a fact. */
function unconfirmedDepartureFactor(input: RiskInput, weights: RiskWeights): Candidate {
  const sighted = input.people.filter((p) => p.status === 'ACTIVE' && p.pendingDepartureFlag === true && !p.replaced);
  const [first] = sighted;
  if (!first) return null;
  const explanation =
    sighted.length === 1
      ? `${personAsSubject(first)} was seen leaving; the flag waits for review.`
      : `${sighted.length} stakeholders were seen leaving; the flags wait for review: ${listInWords(sighted.map(personWithRoles))}.`;
  return factor('unconfirmedDeparture', weights, sighted.length * PER_PERSON_SHARE, explanation);
}

/**
 * The departed main contact nobody has taken over, at a STRATEGIC or KEY account: tops the score up
 * to the AMBER cut-off (never beyond the weight), so such an account is at least AMBER.
 */
function mainContactLostFactor(input: RiskInput, weights: RiskWeights, others: number, bands: RiskBands): Candidate {
  if (input.account.tier === 'STANDARD') return null;
  const mainContacts = input.people.filter((person) => person.isMainContact);
  if (mainContacts.some((person) => person.status !== 'DEPARTED' || person.replaced)) return null;
  const [lost] = mainContacts;
  if (!lost) return null;
  const weight = Math.max(0, weights.mainContactLost);
  const points = Math.min(Math.round(weight), Math.max(0, bands.amber - others));
  if (points <= 0) return null;
  const tier = input.account.tier === 'STRATEGIC' ? 'a strategic' : 'a key';
  return {
    key: 'mainContactLost',
    points,
    // A top-up, not a reading: its fraction is the share of the weight it needed this time.
    fraction: Math.min(1, points / weight),
    explanation: `${personAsSubject(lost)} has left and nobody has taken over as main contact: ${tier} account in this state is at least amber.`,
  };
}

/** Non-departed stakeholders who are negative about us or have fallen silent (the worst one sets the fraction). */
function disengagedKeyContactFactor(input: RiskInput, weights: RiskWeights): Candidate {
  const silentBefore = input.now.getTime() - SILENT_AFTER_DAYS * DAY_MS;
  const described: string[] = [];
  let share = 0;
  for (const person of input.people) {
    if (person.status === 'DEPARTED') continue;
    const negative = person.sentiment === 'NEGATIVE';
    const engaged = person.lastEngagedAt?.getTime();
    const silent = engaged !== undefined && Number.isFinite(engaged) && engaged < silentBefore;
    if (!negative && !silent) continue;
    share = Math.max(share, (negative ? 0.5 : 0) + (silent ? 0.5 : 0));
    const facts = [
      ...(negative ? ['is negative about us'] : []),
      ...(silent && person.lastEngagedAt ? [`has been silent since ${isoDate(person.lastEngagedAt)}`] : []),
    ];
    described.push(`${personWithRoles(person)} ${listInWords(facts)}`);
  }
  if (described.length === 0) return null;
  return factor('disengagedKeyContact', weights, share, `${capitalize(listInWords(described))}.`);
}

function caseShare(item: OpenCaseFacts): number {
  return (1 - clamp01(item.planCompletion)) * (item.replacementFound ? 0.5 : 1);
}

function daysOpen(item: OpenCaseFacts, now: Date): number {
  const days = calendarDays(item.openedAt, now);
  return Number.isFinite(days) ? Math.max(0, days) : 0;
}

function openCaseFactor(input: RiskInput, weights: RiskWeights): Candidate {
  const cases = input.openCases;
  const [first] = cases;
  if (!first) return null;
  const share = cases.reduce((sum, item) => sum + caseShare(item), 0);
  const average = cases.reduce((sum, item) => sum + clamp01(item.planCompletion), 0) / cases.length;
  const replaced = cases.filter((item) => item.replacementFound).length;
  const oldest = Math.max(...cases.map((item) => daysOpen(item, input.now)));
  const explanation =
    cases.length === 1
      ? `A departure case has been open for ${plural(oldest, 'day', 'days')}: its recovery plan is ${percent(
          Math.round(average * 100),
        )} complete and ${first.replacementFound ? 'a replacement has been found' : 'no replacement has been found yet'}.`
      : `${cases.length} departure cases are open (the oldest for ${plural(oldest, 'day', 'days')}): recovery plans are ${percent(
          Math.round(average * 100),
        )} complete on average and ${replaced} of ${cases.length} have a replacement.`;
  return factor('openCase', weights, share, explanation);
}

// ---------------------------------------------------------------- coverage

function coverageGapFactor(input: RiskInput, weights: RiskWeights): Candidate {
  const { coveragePercent, missingRoles } = input.coverage;
  const missing =
    missingRoles.length > 0 ? `: no live thread to ${listInWords(missingRoles.map(roleWithArticle), 'or')}` : '';
  return factor(
    'coverageGap',
    weights,
    (100 - coveragePercent) / 100,
    `Coverage of the required roles is ${coveragePercent}%${missing}.`,
  );
}

function singleThreadedFactor(input: RiskInput, weights: RiskWeights): Candidate {
  if (!input.coverage.singleThreaded) return null;
  const explanation =
    input.coverage.liveThreadCount === 0
      ? 'No live thread is left to anyone at the account.'
      : 'The account is single-threaded: it hangs on one live thread.';
  return factor('singleThreaded', weights, 1, explanation);
}

// Full weight whenever the account does not survive the loss of one of our members, however many
// threads it has: the fact only ever goes away when threads are added, so adding one never raises
// the score (it used to skip single-threaded accounts and accounts with no filled role).
function memberConcentrationFactor(input: RiskInput, weights: RiskWeights): Candidate {
  const { coverage } = input;
  if (coverage.survivesMemberLoss) return null;
  const nothingRequired = coverage.requiredRoles.length === 0;
  let explanation: string;
  if (coverage.liveThreadCount === 0) {
    explanation = 'None of our members holds a live thread to the account, so there is no relationship to hand on.';
  } else if (nothingRequired) {
    explanation = 'All live threads are held by one of our members; if that person leaves, none is left.';
  } else if (coverage.filledRoles.length === 0) {
    explanation = 'No required role has a live thread from any of our members, so none would survive a handover.';
  } else {
    explanation = `Only one of our members holds live threads to the required roles (${listInWords(
      coverage.filledRoles.map(roleLabel),
    )}); if that person leaves, no required role keeps a live thread.`;
  }
  return factor('memberConcentration', weights, 1, explanation);
}

function staleThreadsFactor(input: RiskInput, weights: RiskWeights): Candidate {
  const { staleThreadCount: stale, liveThreadCount: live } = input.coverage;
  if (stale === 0) return null;
  return factor(
    'staleThreads',
    weights,
    stale / (stale + live),
    `${plural(stale, 'thread has', 'threads have')} gone stale without a recent touch, against ${plural(live, 'live thread', 'live threads')}.`,
  );
}

// ---------------------------------------------------------------- signals

/** The reading of a kind when it is recent enough and a finite number. */
function recentSignal(input: RiskInput, kind: SignalKind): SignalReading | null {
  const reading = input.signals[kind];
  if (!reading || !Number.isFinite(reading.value)) return null;
  const age = input.now.getTime() - reading.observedAt.getTime();
  return age <= SIGNAL_MAX_AGE_DAYS * DAY_MS ? reading : null;
}

function observed(reading: SignalReading): string {
  return `(observed ${isoDate(reading.observedAt)})`;
}

function dropFactor(
  input: RiskInput,
  weights: RiskWeights,
  key: keyof RiskWeights,
  kind: SignalKind,
  threshold: number,
  subject: string,
): Candidate {
  const reading = recentSignal(input, kind);
  if (!reading) return null;
  const drop = -reading.value;
  return factor(
    key,
    weights,
    thresholdFraction(drop, threshold),
    `${subject} is down ${percent(drop)} over the last period ${observed(reading)}.`,
  );
}

function supportUptickFactor(input: RiskInput, weights: RiskWeights): Candidate {
  const reading = recentSignal(input, 'SUPPORT_TICKETS');
  if (!reading) return null;
  return factor(
    'supportUptick',
    weights,
    thresholdFraction(reading.value, SUPPORT_UPTICK_THRESHOLD),
    `Support tickets are up ${percent(reading.value)} over the last period ${observed(reading)}.`,
  );
}

function negativeSentimentFactor(input: RiskInput, weights: RiskWeights): Candidate {
  const reading = recentSignal(input, 'NPS');
  if (!reading || reading.value >= 0) return null;
  return factor(
    'negativeSentiment',
    weights,
    0.5 + -reading.value / 100,
    `The latest NPS is negative: ${reading.value} ${observed(reading)}.`,
  );
}

function arrDeclineFactor(input: RiskInput, weights: RiskWeights): Candidate {
  const reading = recentSignal(input, 'ARR_GROWTH');
  if (!reading || reading.value >= 0) return null;
  return factor(
    'arrDecline',
    weights,
    0.5 + -reading.value / 20,
    `ARR is down ${percent(-reading.value)} over the last period ${observed(reading)}.`,
  );
}

function renewalResistanceFactor(input: RiskInput, weights: RiskWeights): Candidate {
  const reading = recentSignal(input, 'RENEWAL_RESISTANCE');
  if (!reading || reading.value < 1) return null;
  return factor('renewalResistance', weights, 1, `The customer is resisting renewal talks ${observed(reading)}.`);
}

function advocacyDropFactor(input: RiskInput, weights: RiskWeights): Candidate {
  const { advocacy, vocal } = input.account;
  const reading = recentSignal(input, 'REFERRALS');
  const referralFraction = reading ? thresholdFraction(-reading.value, REFERRALS_DROP_THRESHOLD) : 0;
  const detractor = advocacy === 'DETRACTOR';
  const parts = [
    ...(detractor ? [`the customer is a ${vocal ? 'vocal ' : ''}detractor`] : []),
    ...(reading && referralFraction > 0 ? [`referrals are down ${percent(-reading.value)} ${observed(reading)}`] : []),
  ];
  if (parts.length === 0) return null;
  return factor(
    'advocacyDrop',
    weights,
    Math.max(detractor ? 1 : 0, referralFraction),
    `${capitalize(listInWords(parts))}.`,
  );
}

// ---------------------------------------------------------------- renewal and events

function renewalProximityFactor(input: RiskInput, weights: RiskWeights): Candidate {
  const { lifecycle, renewalDate } = input.account;
  if (lifecycle !== 'CUSTOMER' || !renewalDate) return null;
  const days = calendarDays(input.now, renewalDate);
  if (!Number.isFinite(days) || days > RENEWAL_WINDOW_DAYS) return null;
  const date = isoDate(renewalDate);
  if (days < 0) {
    return factor(
      'renewalProximity',
      weights,
      1,
      `The renewal was due on ${date}, ${plural(-days, 'day', 'days')} ago.`,
    );
  }
  const when = days === 0 ? `today (${date})` : `in ${plural(days, 'day', 'days')}, on ${date}`;
  return factor('renewalProximity', weights, 1 - days / 120, `The renewal is due ${when}.`);
}

/** Events within the window, one per distinct kind and date, sorted by date then kind. */
function recentEvents(input: RiskInput): AccountEvent[] {
  const byKey = new Map<string, AccountEvent>();
  for (const event of input.events) {
    const age = calendarDays(event.occurredOn, input.now);
    if (!Number.isFinite(age) || age > EVENT_WINDOW_DAYS) continue;
    byKey.set(`${isoDate(event.occurredOn)} ${event.kind}`, event);
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, event]) => event);
}

function changeEventFactor(events: readonly AccountEvent[], weights: RiskWeights): Candidate {
  const changes = events.filter((event) => event.kind !== 'ACCOUNT_MANAGER_CHANGED');
  if (changes.length === 0) return null;
  const listed = changes.map((event) => `${EVENTS[event.kind].label} (${isoDate(event.occurredOn)})`);
  return factor(
    'changeEvent',
    weights,
    0.25 + 0.25 * changes.length,
    `${plural(changes.length, 'change event', 'change events')} in the last ${EVENT_WINDOW_DAYS} days: ${listInWords(listed)}.`,
  );
}

function accountManagerChangedFactor(events: readonly AccountEvent[], weights: RiskWeights): Candidate {
  const latest = events.filter((event) => event.kind === 'ACCOUNT_MANAGER_CHANGED').at(-1);
  if (!latest) return null;
  return factor(
    'accountManagerChanged',
    weights,
    1,
    `Our account manager changed on ${isoDate(latest.occurredOn)}; a handover is a vulnerable time for the relationship.`,
  );
}

// ---------------------------------------------------------------- score and band

/** By the cut-offs (default GREEN 0–24, YELLOW 25–49, AMBER 50–74, RED 75–100). */
export function bandFor(score: number, bands: RiskBands = defaultRiskBands): RiskBand {
  if (score < bands.yellow) return 'GREEN';
  if (score < bands.amber) return 'YELLOW';
  if (score < bands.red) return 'AMBER';
  return 'RED';
}

function compareFactors(a: RiskFactor, b: RiskFactor): number {
  if (a.points !== b.points) return b.points - a.points;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function riskFactors(input: RiskInput, weights: RiskWeights, bands: RiskBands): RiskFactor[] {
  const events = recentEvents(input);
  const candidates: Candidate[] = [
    departedRoleHolderFactor(input, weights),
    suspectedDepartureFactor(input, weights),
    unconfirmedDepartureFactor(input, weights),
    openCaseFactor(input, weights),
    coverageGapFactor(input, weights),
    singleThreadedFactor(input, weights),
    memberConcentrationFactor(input, weights),
    staleThreadsFactor(input, weights),
    disengagedKeyContactFactor(input, weights),
    dropFactor(input, weights, 'engagementDrop', 'ENGAGEMENT_TREND', ENGAGEMENT_DROP_THRESHOLD, 'Engagement'),
    dropFactor(input, weights, 'usageDrop', 'PRODUCT_USAGE', USAGE_DROP_THRESHOLD, 'Product usage'),
    supportUptickFactor(input, weights),
    negativeSentimentFactor(input, weights),
    arrDeclineFactor(input, weights),
    renewalProximityFactor(input, weights),
    renewalResistanceFactor(input, weights),
    changeEventFactor(events, weights),
    accountManagerChangedFactor(events, weights),
    advocacyDropFactor(input, weights),
  ];
  const found = candidates.filter((candidate): candidate is RiskFactor => candidate !== null);
  const others = found.reduce((sum, item) => sum + item.points, 0);
  const floor = mainContactLostFactor(input, weights, others, bands);
  return (floor ? [...found, floor] : found).sort(compareFactors);
}

// ---------------------------------------------------------------- zones

interface Scored {
  points: number;
  /** What earned the points, in words. */
  reasons: string[];
}

function arrDriver(arrMinor: bigint): [number, string] {
  if (arrMinor >= LARGE_ARR_MINOR) return [2, 'large ARR'];
  return arrMinor >= MID_ARR_MINOR ? [1, 'mid-size ARR'] : [0, 'small ARR'];
}

/** The account's share of the portfolio's ARR in percent, or null when the portfolio total is unknown. */
export function portfolioSharePercent(input: Pick<RiskInput, 'account' | 'portfolioArrMinor'>): number | null {
  const total = input.portfolioArrMinor ?? 0n;
  if (total <= 0n) return null;
  // Basis points in bigint first: ARR in minor units can exceed what a double holds exactly.
  const basisPoints = (input.account.arrMinor * 10_000n) / total;
  return Math.min(100, Number(basisPoints) / 100);
}

function shareDriver(share: number | null, zones: ZoneRules): [number, string] {
  if (share === null) return [0, 'unknown share of the portfolio'];
  const words = `${percent(Math.round(share * 10) / 10)} of the portfolio's ARR`;
  return [share >= zones.significantSharePercent ? 2 : 0, words];
}

function accountValue(input: RiskInput, zones: ZoneRules): Scored {
  const { account } = input;
  const drivers: Array<[number, string]> = [
    [tierPoints[account.tier], `${account.tier.toLowerCase()} tier`],
    arrDriver(account.arrMinor),
    shareDriver(portfolioSharePercent(input), zones),
    [levelPoints[account.growthPotential], `${account.growthPotential.toLowerCase()} growth potential`],
    [levelPoints[account.strategicValue], `${account.strategicValue.toLowerCase()} strategic value`],
    [levelPoints[account.marketInfluence], `${account.marketInfluence.toLowerCase()} market influence`],
    [account.vocal && account.advocacy === 'DETRACTOR' ? 2 : 0, 'a vocal detractor worth turning'],
    [account.vocal && account.advocacy === 'PROMOTER' ? 1 : 0, 'a vocal promoter'],
    [account.referenceable ? 1 : 0, 'a referenceable customer'],
  ];
  const earned = drivers.filter(([points]) => points > 0);
  return { points: earned.reduce((sum, [points]) => sum + points, 0), reasons: earned.map(([, reason]) => reason) };
}

function accountRecoverability(input: RiskInput): Scored {
  const { coverage, openCases, people } = input;
  const reasons: string[] = [];
  let points = 0;
  const live = coverage.liveThreadCount;
  if (live > 0) points += 2;
  reasons.push(live > 0 ? `${plural(live, 'live thread', 'live threads')} left.` : 'No live thread left.');
  const departed = people.filter((person) => isKeyPerson(person) && person.status === 'DEPARTED');
  const replacementFound =
    openCases.some((item) => item.replacementFound) || departed.some((person) => person.replaced);
  if (replacementFound) points += 1;
  if (replacementFound) reasons.push('A replacement has been found.');
  else if (openCases.length > 0 || departed.length > 0) reasons.push('No replacement found yet.');
  if (openCases.length > 0) {
    const average = openCases.reduce((sum, item) => sum + clamp01(item.planCompletion), 0) / openCases.length;
    if (average >= 0.5) points += 1;
    reasons.push(`Recovery plans are ${percent(Math.round(average * 100))} complete on average.`);
  }
  if (coverage.survivesStakeholderLoss) {
    points += 1;
    reasons.push('The account survives the loss of any one stakeholder.');
  }
  return { points, reasons };
}

interface ZoneFacts {
  value: number;
  recoverability: number;
  share: number | null;
}

function criticalShare(facts: ZoneFacts, zones: ZoneRules): boolean {
  return facts.share !== null && facts.share >= zones.criticalSharePercent;
}

function zoneFor(facts: ZoneFacts, zones: ZoneRules): Zone {
  if (criticalShare(facts, zones) || facts.value >= zones.exceptionalValue) return 'RED_ZONE';
  return facts.value >= zones.valueThreshold && facts.recoverability >= zones.recoverabilityThreshold
    ? 'RED_ZONE'
    : 'DEAD_ZONE';
}

function valueSentence(value: Scored, zones: ZoneRules): string {
  const drivers = value.reasons.length > 0 ? listInWords(value.reasons) : 'nothing beyond a small contract';
  const grade =
    value.points >= zones.exceptionalValue ? 'Exceptional' : value.points >= zones.valueThreshold ? 'High' : 'Low';
  return `${grade} value (${plural(value.points, 'point', 'points')}, ${zones.valueThreshold} needed): ${drivers}.`;
}

function recoverabilitySentence(recoverability: Scored, zones: ZoneRules): string {
  const grade = recoverability.points >= zones.recoverabilityThreshold ? 'Recoverable' : 'Hard to recover';
  return `${grade} (${plural(recoverability.points, 'point', 'points')}, ${zones.recoverabilityThreshold} needed).`;
}

function decisionSentence(zone: Zone, facts: ZoneFacts, zones: ZoneRules): string {
  if (zone === 'DEAD_ZONE') return 'Dead Zone: let the account go gracefully and hold an exit interview.';
  if (criticalShare(facts, zones) && facts.share !== null) {
    return `Red Zone: ${percent(Math.round(facts.share * 10) / 10)} of the portfolio's ARR (${zones.criticalSharePercent}% or more) is too much to let go.`;
  }
  if (facts.recoverability < zones.recoverabilityThreshold || facts.value < zones.valueThreshold) {
    return 'Red Zone: the value justifies rebuilding the relationship from scratch.';
  }
  return 'Red Zone: worth saving; escalate and work the recovery plan.';
}

function triage(input: RiskInput, band: RiskBand, zones: ZoneRules): Pick<Risk, 'zone' | 'zoneReasons'> {
  if (band !== 'AMBER' && band !== 'RED') return { zone: null, zoneReasons: [] };
  const value = accountValue(input, zones);
  const recoverability = accountRecoverability(input);
  const facts: ZoneFacts = {
    value: value.points,
    recoverability: recoverability.points,
    share: portfolioSharePercent(input),
  };
  const zone = zoneFor(facts, zones);
  return {
    zone,
    zoneReasons: [
      valueSentence(value, zones),
      recoverabilitySentence(recoverability, zones),
      ...recoverability.reasons,
      decisionSentence(zone, facts, zones),
    ],
  };
}

// ---------------------------------------------------------------- entry point

/** The turnover risk of one account, with its factors and (for AMBER and RED) its zone. */
export function assessRisk(
  input: RiskInput,
  weights: RiskWeights = defaultRiskWeights,
  rules: Partial<RiskRules> = {},
): Risk {
  const bands = rules.bands ?? defaultRiskBands;
  const zones = rules.zones ?? defaultZoneRules;
  if (input.account.lifecycle === 'CHURNED') {
    return { score: 0, band: 'GREEN', factors: [], zone: null, zoneReasons: [] };
  }
  const factors = riskFactors(input, weights, bands);
  const score = Math.min(
    100,
    factors.reduce((sum, item) => sum + item.points, 0),
  );
  const band = bandFor(score, bands);
  return { score, band, factors, ...triage(input, band, zones) };
}

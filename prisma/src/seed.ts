// Deterministic demo data for Threadwatch: the vendor "Northwind Analytics", its team, a B2B SaaS
// portfolio of accounts, the people at those accounts with their employment histories, and the threads
// between our members and those people. Deliberate risk scenarios are mixed in by quota: single-threaded
// accounts, departed champions (with their new employer), suspected departures, strategic accounts with
// no executive sponsor.
//
// Determinism: all content comes from seeded sfc32 generators, never from Math.random or the clock.
// Account-level values come from one portfolio stream; each account's people come from a stream of
// their own (seeded with the account's position). Ids are UUID v4-shaped values from a stream seeded
// with the organization slug, so the same options always give the same rows, ids included, and two
// demo organizations in one database never clash. Every date is an offset from `options.now`.
//
// Scale: accounts are planned up front (they are light); people are generated and written per chunk
// of accounts in bulk `INSERT … SELECT FROM unnest(…)` batches (see "Writing" for why not createMany),
// so 10,000 accounts (~80k stakeholders, ~120k employments) run in bounded memory.
import type {
  AccountLifecycle,
  AccountSegment,
  AccountTier,
  Advocacy,
  BuyingRole,
  Level,
  MemberRole,
  Prisma,
  PrismaClient,
  RelationshipStrength,
  Seniority,
  Sentiment,
  StakeholderStatus,
} from '../generated/client/client.js';
import {
  CHAMPION_DEPARTMENTS,
  COMPANY_INDUSTRIES,
  COMPANY_MIDDLES,
  COMPANY_PREFIXES,
  COMPANY_SUFFIXES,
  CULTURE_WEIGHTS,
  type Department,
  EMPLOYER_PREFIXES,
  POSITIONS,
  type Position,
  SENIORITY_RANK,
  type Weighted,
} from './seed-vocabulary.ts';

export interface SeedOptions {
  accounts?: number;
  organizationSlug?: string;
  organizationName?: string;
  now?: Date;
  onProgress?: (done: number, total: number) => void;
}

export interface SeedResult {
  organizationId: string;
  memberIds: string[];
  accounts: number;
  stakeholders: number;
  relationships: number;
  employments: number;
}

export const DEFAULT_ORGANIZATION_SLUG = 'demo';
export const DEFAULT_ORGANIZATION_NAME = 'Northwind Analytics';
export const DEFAULT_ACCOUNT_COUNT = 150;

/** Thrown when the organization slug is taken: the seed never adds to or duplicates existing data. */
export class SeedConflictError extends Error {
  override name = 'SeedConflictError';
}

const CONTENT_SEED = 'threadwatch-demo/v1';
const DAY_MS = 86_400_000;
const BATCH_ROWS = 5000;
const ACCOUNTS_PER_CHUNK = 250;
const TEAM_DOMAIN = 'northwind.example';

// ---------------------------------------------------------------------------------------------------
// Seeded randomness

/** cyrb128: spreads a string over four 32-bit words, the state of the generator below. */
function hashSeed(seed: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < seed.length; i++) {
    const k = seed.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** sfc32 (128-bit state): fast, good enough for demo data and for 122-bit random ids. */
class Random {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: string) {
    const [a, b, c, d] = hashSeed(seed);
    this.#a = a;
    this.#b = b;
    this.#c = c;
    this.#d = d;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A uniform unsigned 32-bit integer. */
  next(): number {
    const t0 = (this.#a + this.#b) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#d = (this.#d + 1) | 0;
    const t = (t0 + this.#d) | 0;
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  float(): number {
    return this.next() / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return at(items, Math.floor(this.float() * items.length));
  }

  weighted<T>(entries: Weighted<T>): T {
    let total = 0;
    for (const [, weight] of entries) total += weight;
    let remaining = this.float() * total;
    for (const [value, weight] of entries) {
      remaining -= weight;
      if (remaining < 0) return value;
    }
    return at(entries, entries.length - 1)[0];
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.float() * (i + 1));
      const item = at(items, i);
      items[i] = at(items, j);
      items[j] = item;
    }
    return items;
  }

  /** A UUID with the version 4 and RFC 4122 variant bits set; the other 122 bits come from the stream. */
  uuid(): string {
    const hex = [this.next(), this.next(), this.next(), this.next()]
      .map((word) => word.toString(16).padStart(8, '0'))
      .join('');
    const variant = ((Number.parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20)}`;
  }
}

function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`seed: index ${index} out of range (${items.length})`);
  return item;
}

// ---------------------------------------------------------------------------------------------------
// Dates: every one is an offset from `now`

function daysAgo(now: Date, days: number): Date {
  return new Date(now.getTime() - Math.round(days * DAY_MS));
}

/** A calendar day (UTC midnight) `offsetDays` from today; for `@db.Date` columns. */
function calendarDay(now: Date, offsetDays: number): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + offsetDays));
}

// ---------------------------------------------------------------------------------------------------
// Text: names, slugs, e-mail addresses

const FOLDED: Record<string, string> = {
  ß: 'ss',
  ø: 'o',
  Ø: 'O',
  æ: 'ae',
  Æ: 'AE',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ı: 'i',
  œ: 'oe',
  Œ: 'OE',
  þ: 'th',
  Þ: 'Th',
};

/** "Jürgen Łukasz Øster" → "Jurgen Lukasz Oster": letters decomposition cannot strip are mapped. */
function asciiFold(text: string): string {
  return text
    .replace(/[ßøØæÆłŁđĐıœŒþÞ]/g, (letter) => FOLDED[letter] ?? letter)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
}

function slugify(text: string): string {
  return asciiFold(text)
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** "Ní Bhriain" → "nibhriain", "Min-jun" → "min-jun". */
function emailPart(text: string): string {
  return asciiFold(text)
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '');
}

/** The uniqueness key of a company: its folded letters and digits ("Blue Water" = "Bluewater"). */
function companyKey(name: string): string {
  return slugify(name).replace(/-/g, '');
}

function companyUrlOf(name: string): string {
  return `linkedin.com/company/${slugify(name)}`;
}

// ---------------------------------------------------------------------------------------------------
// Our team

interface TeamMember {
  readonly name: string;
  readonly role: MemberRole;
}

const TEAM: readonly TeamMember[] = [
  { name: 'Priya Raman', role: 'ADMIN' },
  { name: 'Daniel Okafor', role: 'MANAGER' },
  { name: 'Sofia Lindqvist', role: 'MANAGER' },
  { name: 'Marcus Chen', role: 'CSM' },
  { name: 'Aisha Bello', role: 'CSM' },
  { name: 'Elena Petrova', role: 'CSM' },
  { name: 'Tom Brennan', role: 'REP' },
  { name: 'Camila Reyes', role: 'REP' },
  { name: 'Kenji Watanabe', role: 'REP' },
];

function teamIndices(role: MemberRole): number[] {
  return TEAM.flatMap((member, index) => (member.role === role ? [index] : []));
}

const CSMS = teamIndices('CSM');
const REPS = teamIndices('REP');
const MANAGERS = teamIndices('MANAGER');

type MemberRow = Prisma.MemberCreateManyInput & { id: string };

function buildMembers(ids: Random, organizationId: string, now: Date): MemberRow[] {
  return TEAM.map((member, index) => ({
    id: ids.uuid(),
    organizationId,
    name: member.name,
    email: `${member.name.split(' ').map(emailPart).join('.')}@${TEAM_DOMAIN}`,
    role: member.role,
    createdAt: daysAgo(now, 1100 - index * 70),
  }));
}

// ---------------------------------------------------------------------------------------------------
// Accounts

interface Scenario {
  departedChampion: boolean;
  suspectedDeparture: boolean;
  singleThreaded: boolean;
  noExecutiveSponsor: boolean;
}

interface AccountPlan {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly key: string;
  readonly companyUrl: string;
  readonly domain: string;
  readonly tier: AccountTier;
  readonly lifecycle: AccountLifecycle;
  readonly advocacy: Advocacy;
  readonly ownerIdx: number;
  readonly partnerIdx: number;
  readonly managerIdx: number;
  readonly championDepartment: Department;
  readonly createdDaysAgo: number;
  readonly scenario: Scenario;
}

interface Portfolio {
  readonly plans: AccountPlan[];
  readonly rows: AccountRow[];
}

/** Exactly `round(share × count)` of each label, in shuffled order; the last label takes the rest. */
function quotaLabels<T>(rng: Random, count: number, shares: ReadonlyArray<readonly [T, number]>): T[] {
  const labels: T[] = [];
  shares.forEach(([label, share], i) => {
    const n = i === shares.length - 1 ? count - labels.length : Math.round(share * count);
    for (let k = 0; k < n; k++) labels.push(label);
  });
  return rng.shuffle(labels);
}

function companyName(rng: Random, attempt: number): string {
  const prefix = rng.pick(COMPANY_PREFIXES);
  const industry = rng.pick(COMPANY_INDUSTRIES);
  if (attempt < 4) return `${prefix} ${industry}`;
  const middle = rng.pick(COMPANY_MIDDLES);
  if (attempt < 12) return `${prefix} ${middle} ${industry}`;
  return `${prefix} ${middle} ${industry} ${rng.pick(COMPANY_SUFFIXES)}`;
}

function uniqueCompanyName(rng: Random, taken: ReadonlySet<string>): string {
  for (let attempt = 0; attempt < 40; attempt++) {
    const name = companyName(rng, attempt);
    if (!taken.has(companyKey(name))) return name;
  }
  const base = companyName(rng, 12);
  let n = 2;
  while (taken.has(companyKey(`${base} ${n}`))) n++;
  return `${base} ${n}`;
}

const ARR_DOLLARS: Record<AccountTier, readonly [min: number, max: number, step: number]> = {
  STRATEGIC: [250_000, 2_000_000, 5_000],
  KEY: [60_000, 300_000, 1_000],
  STANDARD: [8_000, 80_000, 500],
};

/** Contract size in dollars: log-uniform within the tier's range, rounded like a real price. */
function contractDollars(rng: Random, tier: AccountTier): number {
  const [min, max, step] = ARR_DOLLARS[tier];
  const raw = min * (max / min) ** rng.float();
  return Math.min(max, Math.max(min, Math.round(raw / step) * step));
}

function segmentFor(dollars: number): AccountSegment {
  if (dollars >= 200_000) return 'ENTERPRISE';
  if (dollars >= 40_000) return 'MID_MARKET';
  return 'SMB';
}

function ownerFor(rng: Random, tier: AccountTier, lifecycle: AccountLifecycle): number {
  if (lifecycle === 'PROSPECT') return rng.pick(REPS);
  if (lifecycle === 'CHURNED' || tier === 'STRATEGIC') return rng.pick(CSMS);
  return rng.chance(0.65) ? rng.pick(CSMS) : rng.pick(REPS);
}

/** The member from the other side of the house: a rep for a CSM's account, a CSM for a rep's. */
function partnerFor(rng: Random, ownerIdx: number): number {
  return CSMS.includes(ownerIdx) ? rng.pick(REPS) : rng.pick(CSMS);
}

function advocacyFor(rng: Random, lifecycle: AccountLifecycle): Advocacy {
  if (lifecycle === 'PROSPECT') return 'NEUTRAL';
  if (lifecycle === 'CHURNED') return rng.chance(0.5) ? 'DETRACTOR' : 'NEUTRAL';
  return rng.weighted<Advocacy>([
    ['PROMOTER', 30],
    ['NEUTRAL', 55],
    ['DETRACTOR', 15],
  ]);
}

function level(rng: Random, low: number, medium: number, high: number): Level {
  return rng.weighted<Level>([
    ['LOW', low],
    ['MEDIUM', medium],
    ['HIGH', high],
  ]);
}

function strategicValueFor(rng: Random, tier: AccountTier): Level {
  if (tier === 'STRATEGIC') return level(rng, 0, 30, 70);
  if (tier === 'KEY') return level(rng, 20, 55, 25);
  return level(rng, 55, 40, 5);
}

function renewalFor(rng: Random, now: Date, lifecycle: AccountLifecycle): Date | null {
  if (lifecycle === 'PROSPECT') return null;
  if (lifecycle === 'CHURNED') return calendarDay(now, -rng.int(15, 330));
  return calendarDay(now, rng.int(1, 425));
}

function accountAgeDays(rng: Random, lifecycle: AccountLifecycle): number {
  if (lifecycle === 'PROSPECT') return rng.int(5, 200);
  return rng.int(lifecycle === 'CHURNED' ? 420 : 200, 1500);
}

function emptyScenario(): Scenario {
  return { departedChampion: false, suspectedDeparture: false, singleThreaded: false, noExecutiveSponsor: false };
}

interface PortfolioInput {
  readonly rng: Random;
  readonly ids: Random;
  readonly organizationId: string;
  readonly memberIds: readonly string[];
  readonly count: number;
  readonly now: Date;
}

function planPortfolio(input: PortfolioInput): Portfolio {
  const { rng, count } = input;
  const tiers = quotaLabels<AccountTier>(rng, count, [
    ['STRATEGIC', 0.1],
    ['KEY', 0.25],
    ['STANDARD', 0.65],
  ]);
  const lifecycles = quotaLabels<AccountLifecycle>(rng, count, [
    ['PROSPECT', 0.1],
    ['CHURNED', 0.05],
    ['CUSTOMER', 0.85],
  ]);
  const taken = new Set<string>();
  const plans: AccountPlan[] = [];
  const rows: AccountRow[] = [];
  for (let index = 0; index < count; index++) {
    const name = uniqueCompanyName(rng, taken);
    const { plan, row } = planAccount(input, index, name, at(tiers, index), at(lifecycles, index));
    taken.add(plan.key);
    plans.push(plan);
    rows.push(row);
  }
  assignScenarios(rng, plans);
  return { plans, rows };
}

function planAccount(
  input: PortfolioInput,
  index: number,
  name: string,
  tier: AccountTier,
  lifecycle: AccountLifecycle,
): { plan: AccountPlan; row: AccountRow } {
  const { rng, ids, now } = input;
  const key = companyKey(name);
  const dollars = contractDollars(rng, tier);
  const ownerIdx = ownerFor(rng, tier, lifecycle);
  const advocacy = advocacyFor(rng, lifecycle);
  const createdDaysAgo = accountAgeDays(rng, lifecycle);
  const domains = rng.chance(0.08) ? [`${key}.example`, `${key}-eu.example`] : [`${key}.example`];
  const plan: AccountPlan = {
    index,
    id: ids.uuid(),
    name,
    key,
    companyUrl: companyUrlOf(name),
    domain: at(domains, 0),
    tier,
    lifecycle,
    advocacy,
    ownerIdx,
    partnerIdx: partnerFor(rng, ownerIdx),
    managerIdx: rng.pick(MANAGERS),
    championDepartment: rng.weighted(CHAMPION_DEPARTMENTS),
    createdDaysAgo,
    scenario: emptyScenario(),
  };
  const row: AccountRow = {
    id: plan.id,
    organizationId: input.organizationId,
    name,
    domains,
    companyUrl: plan.companyUrl,
    crmId: `SF-${String(1000 + index * 13 + rng.int(0, 12)).padStart(7, '0')}`,
    arrMinor: lifecycle === 'CUSTOMER' ? BigInt(dollars) * 100n : 0n,
    tier,
    segment: segmentFor(dollars),
    lifecycle,
    renewalDate: renewalFor(rng, now, lifecycle),
    ownerId: at(input.memberIds, ownerIdx),
    growthPotential: lifecycle === 'PROSPECT' ? level(rng, 10, 40, 50) : level(rng, 30, 45, 25),
    strategicValue: strategicValueFor(rng, tier),
    marketInfluence: tier === 'STRATEGIC' ? level(rng, 10, 40, 50) : level(rng, 40, 45, 15),
    advocacy,
    referenceable: advocacy === 'PROMOTER' ? rng.chance(0.65) : advocacy === 'NEUTRAL' && rng.chance(0.08),
    vocal: advocacy === 'DETRACTOR' ? rng.chance(0.45) : advocacy === 'PROMOTER' && rng.chance(0.35),
    createdAt: daysAgo(now, createdDaysAgo + rng.float()),
    updatedAt: now,
  };
  return { plan, row };
}

/** At least one of each scenario once the portfolio has ten accounts; otherwise the share, rounded. */
function quota(share: number, total: number, available: number): number {
  return Math.min(available, Math.max(total >= 10 ? 1 : 0, Math.round(share * total)));
}

function assignScenarios(rng: Random, plans: readonly AccountPlan[]): void {
  const total = plans.length;
  const customers = rng.shuffle(plans.filter((plan) => plan.lifecycle === 'CUSTOMER'));
  const departed = quota(0.08, total, customers.length);
  const suspected = quota(0.05, total, customers.length - departed);
  for (const plan of customers.slice(0, departed)) plan.scenario.departedChampion = true;
  for (const plan of customers.slice(departed, departed + suspected)) plan.scenario.suspectedDeparture = true;
  const threadPool = rng.shuffle(customers.slice(departed));
  for (const plan of threadPool.slice(0, quota(0.15, customers.length, threadPool.length))) {
    plan.scenario.singleThreaded = true;
  }
  const strategic = rng.shuffle(plans.filter((plan) => plan.tier === 'STRATEGIC'));
  const others = rng.shuffle(plans.filter((plan) => plan.tier !== 'STRATEGIC'));
  const strategicGaps = strategic.length >= 2 ? Math.max(1, Math.round(0.2 * strategic.length)) : 0;
  for (const plan of strategic.slice(0, strategicGaps)) plan.scenario.noExecutiveSponsor = true;
  for (const plan of others.slice(0, Math.round(0.1 * others.length))) plan.scenario.noExecutiveSponsor = true;
}

// ---------------------------------------------------------------------------------------------------
// People at an account

type Slot = 'sponsor' | 'buyer' | 'champion' | 'evaluator' | 'other';

interface PersonDraft {
  readonly slot: Slot;
  readonly position: Position;
  readonly title: string;
  readonly roles: BuyingRole[];
}

interface PersonRecord extends PersonDraft {
  readonly id: string;
  readonly isMainContact: boolean;
  readonly status: StakeholderStatus;
  /** Days since the person left the account; null while they are there. */
  readonly departedDaysAgo: number | null;
  readonly createdAt: Date;
}

interface AccountRows {
  stakeholders: StakeholderRow[];
  employments: EmploymentRow[];
  relationships: RelationshipRow[];
}

interface PeopleContext {
  readonly organizationId: string;
  readonly now: Date;
  readonly ids: Random;
  readonly memberIds: readonly string[];
  readonly plans: readonly AccountPlan[];
  /** Profile slugs already handed out in this organization. */
  readonly profileSlugs: Set<string>;
}

const HEADCOUNT: Record<AccountTier, readonly [number, number]> = {
  STRATEGIC: [10, 15],
  KEY: [7, 12],
  STANDARD: [5, 9],
};

function headcount(rng: Random, plan: AccountPlan): number {
  if (plan.lifecycle !== 'CUSTOMER') return rng.int(5, 8);
  const [min, max] = HEADCOUNT[plan.tier];
  return rng.int(min, max);
}

const isSenior = (position: Position): boolean => SENIORITY_RANK[position.seniority] >= SENIORITY_RANK.DIRECTOR;

/** Picks positions for one account; director-and-above titles are not repeated. */
class PositionPicker {
  readonly #rng: Random;
  readonly #usedTitles = new Set<string>();

  constructor(rng: Random) {
    this.#rng = rng;
  }

  take(accepts: (position: Position) => boolean): Position {
    const fitting = POSITIONS.filter(accepts);
    const fresh = fitting.filter((position) => !this.#usedTitles.has(position.title));
    const chosen = this.#rng.pick(fresh.length > 0 ? fresh : fitting);
    if (isSenior(chosen)) this.#usedTitles.add(chosen.title);
    return chosen;
  }
}

function titleFor(rng: Random, position: Position): string {
  const canBeSenior = position.seniority === 'INDIVIDUAL_CONTRIBUTOR' && !position.title.startsWith('Senior');
  return canBeSenior && rng.chance(0.3) ? `Senior ${position.title}` : position.title;
}

function draft(rng: Random, slot: Slot, position: Position, roles: BuyingRole[]): PersonDraft {
  return { slot, position, title: titleFor(rng, position), roles };
}

function sponsorDraft(rng: Random, picker: PositionPicker, plan: AccountPlan): PersonDraft {
  if (plan.scenario.noExecutiveSponsor) {
    const vp = picker.take((p) => p.seniority === 'VP' && p.department !== 'Finance');
    return draft(rng, 'sponsor', vp, ['DECISION_MAKER']);
  }
  const executivesOnly = plan.tier === 'STANDARD' || rng.chance(0.6);
  const position = picker.take(
    (p) => p.department !== 'Finance' && (p.seniority === 'EXECUTIVE' || (!executivesOnly && p.seniority === 'VP')),
  );
  const roles: BuyingRole[] = rng.chance(0.4) ? ['EXECUTIVE_SPONSOR', 'DECISION_MAKER'] : ['EXECUTIVE_SPONSOR'];
  return draft(rng, 'sponsor', position, roles);
}

function buyerDraft(rng: Random, picker: PositionPicker): PersonDraft {
  const position = picker.take((p) => p.department === 'Finance' && isSenior(p));
  const roles: BuyingRole[] = rng.chance(0.35) ? ['ECONOMIC_BUYER', 'DECISION_MAKER'] : ['ECONOMIC_BUYER'];
  return draft(rng, 'buyer', position, roles);
}

function championDraft(rng: Random, picker: PositionPicker, plan: AccountPlan): PersonDraft {
  const position = picker.take(
    (p) => p.department === plan.championDepartment && (p.seniority === 'DIRECTOR' || p.seniority === 'MANAGER'),
  );
  if (plan.lifecycle === 'PROSPECT' && rng.chance(0.25)) return draft(rng, 'champion', position, ['USER']);
  return draft(rng, 'champion', position, ['CHAMPION']);
}

function evaluatorDraft(rng: Random, picker: PositionPicker): PersonDraft {
  const position = picker.take(
    (p) => (p.department === 'IT' || p.department === 'Engineering') && SENIORITY_RANK[p.seniority] <= 1,
  );
  return draft(rng, 'evaluator', position, ['TECHNICAL_EVALUATOR']);
}

function rolesForOther(rng: Random, position: Position): BuyingRole[] {
  if (position.department === 'Procurement') return isSenior(position) && rng.chance(0.5) ? ['DECISION_MAKER'] : [];
  if (isSenior(position)) return rng.chance(0.6) ? ['DECISION_MAKER'] : [];
  const technical = position.department === 'IT' || position.department === 'Engineering';
  if (technical && rng.chance(0.35)) return ['TECHNICAL_EVALUATOR', 'USER'];
  return rng.chance(0.75) ? ['USER'] : [];
}

function otherDraft(rng: Random, picker: PositionPicker): PersonDraft {
  const seniority = rng.weighted<Seniority>([
    ['VP', 5],
    ['DIRECTOR', 20],
    ['MANAGER', 32],
    ['INDIVIDUAL_CONTRIBUTOR', 43],
  ]);
  const position = picker.take((p) => p.seniority === seniority);
  return draft(rng, 'other', position, rolesForOther(rng, position));
}

/** Sponsor, economic buyer, champion and technical evaluator first, then everyone else. */
function buildRoster(rng: Random, plan: AccountPlan): PersonDraft[] {
  const picker = new PositionPicker(rng);
  const size = headcount(rng, plan);
  const roster = [
    sponsorDraft(rng, picker, plan),
    buyerDraft(rng, picker),
    championDraft(rng, picker, plan),
    evaluatorDraft(rng, picker),
  ];
  while (roster.length < size) roster.push(otherDraft(rng, picker));
  return roster;
}

function slotIndex(roster: readonly PersonDraft[], slot: Slot): number {
  return roster.findIndex((person) => person.slot === slot);
}

/** Customers and churned accounts have exactly one main contact, prospects usually one. */
function chooseMainContact(rng: Random, plan: AccountPlan, roster: readonly PersonDraft[]): number | null {
  const champion = slotIndex(roster, 'champion');
  const buyer = slotIndex(roster, 'buyer');
  if (plan.lifecycle === 'PROSPECT') return rng.chance(0.7) ? champion : null;
  if (plan.scenario.departedChampion) return rng.chance(0.5) ? champion : buyer;
  return rng.weighted<number>([
    [champion, 75],
    [buyer, 15],
    [slotIndex(roster, 'sponsor'), 10],
  ]);
}

/** Whom the suspected departure concerns: a role holder other than the champion. */
function suspectedIndex(rng: Random, roster: readonly PersonDraft[]): number {
  const candidates = roster.flatMap((person, index) =>
    person.slot !== 'champion' && person.roles.some((role) => role !== 'USER') ? [index] : [],
  );
  return rng.pick(candidates);
}

interface PersonName {
  readonly fullName: string;
  readonly first: string;
  readonly last: string;
  readonly emailLocal: string;
}

function drawName(rng: Random, usedLocals: Set<string>): PersonName {
  for (let attempt = 0; ; attempt++) {
    const culture = rng.weighted(CULTURE_WEIGHTS);
    const first = rng.pick(culture.first);
    const last = rng.pick(culture.last);
    const base = `${emailPart(first)}.${emailPart(last)}`;
    const emailLocal = attempt < 50 ? base : `${base}${attempt}`;
    if (usedLocals.has(emailLocal)) continue;
    usedLocals.add(emailLocal);
    return { fullName: `${first} ${last}`, first, last, emailLocal };
  }
}

const SLUG_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** `jurgen-muller-4821`, or a longer suffix once the short ones of that name run out. */
function profileSlug(rng: Random, name: PersonName, used: Set<string>): string {
  const base = `${slugify(name.first)}-${slugify(name.last)}`;
  for (let attempt = 0; ; attempt++) {
    const suffix =
      attempt < 6
        ? String(rng.int(1000, 9999))
        : Array.from({ length: 8 }, () => rng.pick([...SLUG_ALPHABET])).join('');
    const slug = `${base}-${suffix}`;
    if (!used.has(slug)) {
      used.add(slug);
      return slug;
    }
  }
}

function sentimentFor(rng: Random, plan: AccountPlan, person: PersonDraft): Sentiment {
  if (person.slot === 'champion') {
    return rng.weighted<Sentiment>([
      ['POSITIVE', 70],
      ['NEUTRAL', 25],
      ['NEGATIVE', 5],
    ]);
  }
  const [positive, neutral, negative] =
    plan.advocacy === 'PROMOTER' ? [55, 35, 10] : plan.advocacy === 'DETRACTOR' ? [10, 45, 45] : [30, 52, 18];
  return rng.weighted<Sentiment>([
    ['POSITIVE', positive],
    ['NEUTRAL', neutral],
    ['NEGATIVE', negative],
  ]);
}

function influenceFor(rng: Random, person: PersonDraft): Level {
  switch (person.position.seniority) {
    case 'EXECUTIVE':
    case 'VP':
      return rng.chance(0.9) ? 'HIGH' : 'MEDIUM';
    case 'DIRECTOR':
      return rng.chance(0.45) ? 'HIGH' : 'MEDIUM';
    case 'MANAGER':
      return person.slot === 'champion' || rng.chance(0.7) ? 'MEDIUM' : 'LOW';
    case 'INDIVIDUAL_CONTRIBUTOR':
      return rng.chance(0.6) ? 'LOW' : 'MEDIUM';
  }
}

/** Days since the last engagement: recent for the people we work with most, never over 200. */
function engagementAge(rng: Random, person: PersonDraft, isMain: boolean, departedDaysAgo: number | null): number {
  if (departedDaysAgo !== null) return Math.min(200, departedDaysAgo + rng.int(3, 120)) - rng.float() * 0.9;
  if (isMain || person.slot === 'champion') return rng.int(0, 45) + rng.float() * 0.9;
  return 200 * rng.float() ** 1.3;
}

interface PersonStatus {
  readonly status: StakeholderStatus;
  readonly departedDaysAgo: number | null;
}

function statusFor(rng: Random, plan: AccountPlan, person: PersonDraft, suspected: boolean): PersonStatus {
  if (plan.scenario.departedChampion && person.slot === 'champion') {
    return { status: 'DEPARTED', departedDaysAgo: rng.int(7, 75) };
  }
  return { status: suspected ? 'SUSPECTED_DEPARTURE' : 'ACTIVE', departedDaysAgo: null };
}

function createdAgeFor(rng: Random, plan: AccountPlan, departedDaysAgo: number | null): number {
  const age = rng.int(Math.floor(plan.createdDaysAgo * 0.3), plan.createdDaysAgo);
  return departedDaysAgo === null ? age : Math.max(age, departedDaysAgo + rng.int(30, 200));
}

function generatePeople(ctx: PeopleContext, rng: Random, plan: AccountPlan, rows: AccountRows): PersonRecord[] {
  const roster = buildRoster(rng, plan);
  const mainIdx = chooseMainContact(rng, plan, roster);
  const suspectIdx = plan.scenario.suspectedDeparture ? suspectedIndex(rng, roster) : -1;
  const usedLocals = new Set<string>();
  return roster.map((person, index) => {
    const name = drawName(rng, usedLocals);
    const isMainContact = index === mainIdx;
    const { status, departedDaysAgo } = statusFor(rng, plan, person, index === suspectIdx);
    const createdAt = daysAgo(ctx.now, createdAgeFor(rng, plan, departedDaysAgo) + rng.float());
    const record: PersonRecord = { ...person, id: ctx.ids.uuid(), isMainContact, status, departedDaysAgo, createdAt };
    rows.stakeholders.push({
      id: record.id,
      organizationId: ctx.organizationId,
      accountId: plan.id,
      fullName: name.fullName,
      title: person.title,
      department: person.position.department,
      seniority: person.position.seniority,
      buyingRoles: person.roles,
      isMainContact,
      influence: influenceFor(rng, person),
      sentiment: sentimentFor(rng, plan, person),
      profileUrl: `linkedin.com/in/${profileSlug(rng, name, ctx.profileSlugs)}`,
      email: `${name.emailLocal}@${plan.domain}`,
      lastEngagedAt: daysAgo(ctx.now, engagementAge(rng, person, isMainContact, departedDaysAgo)),
      status,
      createdAt,
      updatedAt: ctx.now,
    });
    return record;
  });
}

// ---------------------------------------------------------------------------------------------------
// Employment history

interface Employer {
  readonly companyName: string;
  readonly companyUrl: string;
  readonly accountId: string | null;
}

function employerFromAccount(plan: AccountPlan): Employer {
  return { companyName: plan.name, companyUrl: plan.companyUrl, accountId: plan.id };
}

/** Another of our accounts or prospects (never `plan` itself), or null when there is none. */
function otherAccount(rng: Random, ctx: PeopleContext, plan: AccountPlan): AccountPlan | null {
  for (let attempt = 0; attempt < 8; attempt++) {
    const candidate = rng.pick(ctx.plans);
    if (candidate.index !== plan.index && candidate.lifecycle !== 'CHURNED') return candidate;
  }
  return null;
}

function employerElsewhere(rng: Random, ctx: PeopleContext, plan: AccountPlan, ourAccountShare: number): Employer {
  const account = rng.chance(ourAccountShare) ? otherAccount(rng, ctx, plan) : null;
  if (account) return employerFromAccount(account);
  const name = `${rng.pick(EMPLOYER_PREFIXES)} ${rng.pick(COMPANY_INDUSTRIES)}`;
  return { companyName: name, companyUrl: companyUrlOf(name), accountId: null };
}

/** A title in the same department, between `lowest` and `highest` levels from the current one. */
function titleNearby(rng: Random, position: Position, lowest: number, highest: number): string {
  const rank = SENIORITY_RANK[position.seniority];
  const candidates = POSITIONS.filter((p) => {
    const delta = SENIORITY_RANK[p.seniority] - rank;
    return p.department === position.department && delta >= lowest && delta <= highest;
  });
  return candidates.length > 0 ? rng.pick(candidates).title : position.title;
}

function employmentRow(
  ctx: PeopleContext,
  person: PersonRecord,
  employer: Employer,
  title: string,
  startedDaysAgo: number,
  endedDaysAgo: number | null,
): EmploymentRow {
  return {
    id: ctx.ids.uuid(),
    organizationId: ctx.organizationId,
    stakeholderId: person.id,
    companyName: employer.companyName,
    companyUrl: employer.companyUrl,
    accountId: employer.accountId,
    title,
    startedOn: calendarDay(ctx.now, -startedDaysAgo),
    endedOn: endedDaysAgo === null ? null : calendarDay(ctx.now, -endedDaysAgo),
    source: 'SEED',
    createdAt: person.createdAt,
  };
}

function addEmployments(ctx: PeopleContext, rng: Random, plan: AccountPlan, person: PersonRecord, rows: AccountRows) {
  const departed = person.departedDaysAgo;
  const startedDaysAgo = departed === null ? rng.int(45, 3650) : departed + rng.int(300, 2500);
  rows.employments.push(employmentRow(ctx, person, employerFromAccount(plan), person.title, startedDaysAgo, departed));
  if (departed !== null) {
    const next = employerElsewhere(rng, ctx, plan, 0.4);
    const title = titleNearby(rng, person.position, 0, 1);
    rows.employments.push(employmentRow(ctx, person, next, title, Math.max(0, departed - rng.int(0, 14)), null));
  }
  if (!rng.chance(0.4)) return;
  let cursor = startedDaysAgo;
  const previousJobs = rng.chance(0.7) ? 1 : 2;
  for (let job = 0; job < previousJobs; job++) {
    const endedDaysAgo = cursor + rng.int(0, 75);
    const started = endedDaysAgo + rng.int(270, 2200);
    const employer = employerElsewhere(rng, ctx, plan, 0.06);
    rows.employments.push(
      employmentRow(ctx, person, employer, titleNearby(rng, person.position, -1, 0), started, endedDaysAgo),
    );
    cursor = started;
  }
}

// ---------------------------------------------------------------------------------------------------
// Threads

interface ThreadQuality {
  readonly strength: RelationshipStrength;
  readonly ageDays: number;
}

const LIVE_DAYS = 90;

function liveQuality(rng: Random): ThreadQuality {
  return { strength: rng.chance(0.55) ? 'STRONG' : 'MEDIUM', ageDays: rng.int(0, LIVE_DAYS - 5) + rng.float() };
}

function anyQuality(rng: Random): ThreadQuality {
  const strength = rng.weighted<RelationshipStrength>([
    ['STRONG', 30],
    ['MEDIUM', 45],
    ['WEAK', 25],
  ]);
  return { strength, ageDays: 299 * rng.float() ** 1.7 };
}

/** Not live: weak, or medium/strong but untouched for four months and more. */
function deadQuality(rng: Random): ThreadQuality {
  if (rng.chance(0.5)) return { strength: 'WEAK', ageDays: rng.int(0, 298) + rng.float() };
  return { strength: rng.chance(0.5) ? 'MEDIUM' : 'STRONG', ageDays: rng.int(120, 298) + rng.float() };
}

function prospectQuality(rng: Random): ThreadQuality {
  const strength = rng.weighted<RelationshipStrength>([
    ['STRONG', 10],
    ['MEDIUM', 50],
    ['WEAK', 40],
  ]);
  return { strength, ageDays: rng.int(0, 120) + rng.float() };
}

/** Collects the threads of one account; a (member, stakeholder) pair is only added once. */
class ThreadSet {
  readonly #pairs = new Set<string>();
  readonly #rows: RelationshipRow[];
  readonly #ctx: PeopleContext;
  readonly #rng: Random;

  constructor(ctx: PeopleContext, rng: Random, rows: RelationshipRow[]) {
    this.#ctx = ctx;
    this.#rng = rng;
    this.#rows = rows;
  }

  get size(): number {
    return this.#pairs.size;
  }

  add(memberIdx: number, person: PersonRecord, quality: ThreadQuality): boolean {
    const pair = `${memberIdx}:${person.id}`;
    if (this.#pairs.has(pair)) return false;
    this.#pairs.add(pair);
    const ageDays =
      person.departedDaysAgo === null
        ? quality.ageDays
        : Math.max(quality.ageDays, person.departedDaysAgo + this.#rng.int(3, 30));
    const lastTouchAt = daysAgo(this.#ctx.now, ageDays);
    this.#rows.push({
      id: this.#ctx.ids.uuid(),
      organizationId: this.#ctx.organizationId,
      memberId: at(this.#ctx.memberIds, memberIdx),
      stakeholderId: person.id,
      strength: quality.strength,
      lastTouchAt,
      createdAt: new Date(Math.min(person.createdAt.getTime(), lastTouchAt.getTime())),
      updatedAt: this.#ctx.now,
    });
    return true;
  }
}

function memberFor(rng: Random, plan: AccountPlan, person: PersonRecord): number {
  if (person.isMainContact || person.slot === 'champion') return plan.ownerIdx;
  if (person.slot === 'sponsor') return plan.tier === 'STANDARD' ? plan.ownerIdx : plan.managerIdx;
  if (person.slot === 'buyer') return rng.chance(0.6) ? plan.ownerIdx : plan.partnerIdx;
  return rng.chance(0.55) ? plan.ownerIdx : plan.partnerIdx;
}

/** The main contact, then the role holders, then everyone else in random order. */
function threadOrder(rng: Random, people: readonly PersonRecord[]): PersonRecord[] {
  const priority: Slot[] = ['champion', 'buyer', 'sponsor', 'evaluator'];
  const main = people.filter((person) => person.isMainContact);
  const roles = priority.flatMap((slot) => people.filter((p) => p.slot === slot && !p.isMainContact));
  const rest = rng.shuffle(people.filter((p) => p.slot === 'other' && !p.isMainContact));
  return [...main, ...roles, ...rest];
}

const THREADS_BY_TIER: Record<AccountTier, readonly [number, number]> = {
  STRATEGIC: [5, 8],
  KEY: [3, 7],
  STANDARD: [2, 5],
};

function multiThreads(rng: Random, plan: AccountPlan, people: readonly PersonRecord[], threads: ThreadSet) {
  const [min, max] = THREADS_BY_TIER[plan.tier];
  const target = rng.int(min, max);
  for (const person of threadOrder(rng, people)) {
    if (threads.size >= target) return;
    const quality = threads.size < 2 && rng.chance(0.97) ? liveQuality(rng) : anyQuality(rng);
    threads.add(memberFor(rng, plan, person), person, quality);
    if (person.slot === 'sponsor' && plan.tier === 'STRATEGIC' && threads.size < target) {
      threads.add(plan.ownerIdx, person, anyQuality(rng));
    }
  }
}

/** Exactly one live thread (owner to main contact), plus up to two threads that are not live. */
function singleThread(rng: Random, plan: AccountPlan, people: readonly PersonRecord[], threads: ThreadSet) {
  const [anchor, ...others] = threadOrder(rng, people);
  if (!anchor) return;
  threads.add(plan.ownerIdx, anchor, liveQuality(rng));
  const extra = rng.int(0, 2);
  for (const person of rng.shuffle(others).slice(0, extra)) {
    threads.add(memberFor(rng, plan, person), person, deadQuality(rng));
  }
}

function fewThreads(rng: Random, plan: AccountPlan, people: readonly PersonRecord[], threads: ThreadSet) {
  const target = rng.int(1, 3);
  const quality = plan.lifecycle === 'PROSPECT' ? prospectQuality : deadQuality;
  for (const person of threadOrder(rng, people).slice(0, target)) {
    const member = plan.lifecycle === 'PROSPECT' && person.slot === 'sponsor' ? plan.managerIdx : plan.ownerIdx;
    threads.add(member, person, quality(rng));
  }
}

function addThreads(ctx: PeopleContext, rng: Random, plan: AccountPlan, people: PersonRecord[], rows: AccountRows) {
  const threads = new ThreadSet(ctx, rng, rows.relationships);
  if (plan.lifecycle !== 'CUSTOMER') fewThreads(rng, plan, people, threads);
  else if (plan.scenario.singleThreaded) singleThread(rng, plan, people, threads);
  else multiThreads(rng, plan, people, threads);
}

function generateAccountRows(ctx: PeopleContext, plan: AccountPlan, rows: AccountRows): void {
  const rng = new Random(`${CONTENT_SEED}/people/${plan.index}`);
  const people = generatePeople(ctx, rng, plan, rows);
  for (const person of people) addEmployments(ctx, rng, plan, person, rows);
  addThreads(ctx, rng, plan, people, rows);
}

// ---------------------------------------------------------------------------------------------------
// Writing
//
// Prisma 7's createMany costs ~0.4 ms per row through the driver adapters (query building, ~20
// parameters a row), ~100 s for 10,000 accounts on PGlite. One `INSERT … SELECT … FROM unnest(…)` per
// batch sends a handful of text arrays instead and runs about ten times faster on PGlite and
// PostgreSQL alike. The columns are checked against the Prisma input types, so a renamed field fails
// type-checking; unqualified table names resolve through the connection's search_path.

type WithTimestamps<Input> = Input & { id: string; createdAt: Date };
type AccountRow = WithTimestamps<Prisma.AccountCreateManyInput> & { updatedAt: Date };
type StakeholderRow = WithTimestamps<Prisma.StakeholderCreateManyInput> & { updatedAt: Date };
type EmploymentRow = WithTimestamps<Prisma.EmploymentCreateManyInput>;
type RelationshipRow = WithTimestamps<Prisma.RelationshipCreateManyInput> & { updatedAt: Date };

/** A table for bulk inserts: each column is a field of the row type and the SQL type its text is cast to. */
interface BulkTable<Row> {
  readonly name: string;
  readonly columns: ReadonlyArray<readonly [field: keyof Row & string, sqlType: string]>;
}

const ACCOUNT_TABLE: BulkTable<AccountRow> = {
  name: 'Account',
  columns: [
    ['id', 'uuid'],
    ['organizationId', 'uuid'],
    ['name', 'text'],
    ['domains', 'text[]'],
    ['companyUrl', 'text'],
    ['crmId', 'text'],
    ['arrMinor', 'bigint'],
    ['tier', '"AccountTier"'],
    ['segment', '"AccountSegment"'],
    ['lifecycle', '"AccountLifecycle"'],
    ['renewalDate', 'date'],
    ['ownerId', 'uuid'],
    ['growthPotential', '"Level"'],
    ['strategicValue', '"Level"'],
    ['marketInfluence', '"Level"'],
    ['advocacy', '"Advocacy"'],
    ['referenceable', 'boolean'],
    ['vocal', 'boolean'],
    ['createdAt', 'timestamp(3)'],
    ['updatedAt', 'timestamp(3)'],
  ],
};

const STAKEHOLDER_TABLE: BulkTable<StakeholderRow> = {
  name: 'Stakeholder',
  columns: [
    ['id', 'uuid'],
    ['organizationId', 'uuid'],
    ['accountId', 'uuid'],
    ['fullName', 'text'],
    ['title', 'text'],
    ['department', 'text'],
    ['seniority', '"Seniority"'],
    ['buyingRoles', '"BuyingRole"[]'],
    ['isMainContact', 'boolean'],
    ['influence', '"Level"'],
    ['sentiment', '"Sentiment"'],
    ['profileUrl', 'text'],
    ['email', 'text'],
    ['lastEngagedAt', 'timestamp(3)'],
    ['status', '"StakeholderStatus"'],
    ['createdAt', 'timestamp(3)'],
    ['updatedAt', 'timestamp(3)'],
  ],
};

const EMPLOYMENT_TABLE: BulkTable<EmploymentRow> = {
  name: 'Employment',
  columns: [
    ['id', 'uuid'],
    ['organizationId', 'uuid'],
    ['stakeholderId', 'uuid'],
    ['companyName', 'text'],
    ['companyUrl', 'text'],
    ['accountId', 'uuid'],
    ['title', 'text'],
    ['startedOn', 'date'],
    ['endedOn', 'date'],
    ['source', '"EmploymentSource"'],
    ['createdAt', 'timestamp(3)'],
  ],
};

const RELATIONSHIP_TABLE: BulkTable<RelationshipRow> = {
  name: 'Relationship',
  columns: [
    ['id', 'uuid'],
    ['organizationId', 'uuid'],
    ['memberId', 'uuid'],
    ['stakeholderId', 'uuid'],
    ['strength', '"RelationshipStrength"'],
    ['lastTouchAt', 'timestamp(3)'],
    ['createdAt', 'timestamp(3)'],
    ['updatedAt', 'timestamp(3)'],
  ],
};

/** `{"a","b"}`: a PostgreSQL array literal, cast to the column's array type in SQL. */
function arrayLiteral(values: readonly unknown[]): string {
  return `{${values.map((value) => `"${String(value).replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

/** A value as PostgreSQL input text. Timestamps keep their `Z`, which a `timestamp` cast ignores: Prisma stores UTC. */
function sqlText(value: unknown, sqlType: string): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return sqlType === 'date' ? value.toISOString().slice(0, 10) : value.toISOString();
  if (Array.isArray(value)) return arrayLiteral(value);
  return String(value);
}

function bulkInsertSql<Row>(table: BulkTable<Row>): string {
  const names = table.columns.map(([field]) => `"${field}"`).join(', ');
  const casts = table.columns.map(([, sqlType], i) => `c${i}::${sqlType}`).join(', ');
  const arrays = table.columns.map((_, i) => `$${i + 1}::text[]`).join(', ');
  const aliases = table.columns.map((_, i) => `c${i}`).join(', ');
  return `INSERT INTO "${table.name}" (${names}) SELECT ${casts} FROM unnest(${arrays}) AS u(${aliases})`;
}

async function bulkInsert<Row>(prisma: PrismaClient, table: BulkTable<Row>, rows: readonly Row[]): Promise<void> {
  const sql = bulkInsertSql(table);
  for (let start = 0; start < rows.length; start += BATCH_ROWS) {
    const batch = rows.slice(start, start + BATCH_ROWS);
    const columns = table.columns.map(([field, sqlType]) => batch.map((row) => sqlText(row[field], sqlType)));
    await prisma.$executeRawUnsafe(sql, ...columns);
  }
}

interface Counts {
  stakeholders: number;
  employments: number;
  relationships: number;
}

async function writeAccountChunk(prisma: PrismaClient, rows: AccountRows, counts: Counts): Promise<void> {
  await bulkInsert(prisma, STAKEHOLDER_TABLE, rows.stakeholders);
  await bulkInsert(prisma, EMPLOYMENT_TABLE, rows.employments);
  await bulkInsert(prisma, RELATIONSHIP_TABLE, rows.relationships);
  counts.stakeholders += rows.stakeholders.length;
  counts.employments += rows.employments.length;
  counts.relationships += rows.relationships.length;
}

interface Settings {
  readonly accounts: number;
  readonly slug: string;
  readonly name: string;
  readonly now: Date;
  readonly onProgress: (done: number, total: number) => void;
}

function resolveOptions(options: SeedOptions): Settings {
  const accounts = options.accounts ?? DEFAULT_ACCOUNT_COUNT;
  if (!Number.isInteger(accounts) || accounts < 1) {
    throw new RangeError(`seedDemo: accounts must be a positive integer, got ${accounts}.`);
  }
  const now = options.now ?? new Date();
  if (Number.isNaN(now.getTime())) throw new RangeError('seedDemo: now is not a valid date.');
  return {
    accounts,
    slug: options.organizationSlug ?? DEFAULT_ORGANIZATION_SLUG,
    name: options.organizationName ?? DEFAULT_ORGANIZATION_NAME,
    now,
    onProgress: options.onProgress ?? (() => {}),
  };
}

function conflict(slug: string): SeedConflictError {
  return new SeedConflictError(
    `An organization with slug "${slug}" already exists; refusing to seed demo data into it. ` +
      'Pick another slug or delete that organization first.',
  );
}

async function createOrganization(prisma: PrismaClient, settings: Settings, id: string): Promise<void> {
  try {
    await prisma.organization.create({
      data: { id, name: settings.name, slug: settings.slug, createdAt: daysAgo(settings.now, 1200) },
    });
  } catch (error) {
    if (await hasDemoData(prisma, settings.slug)) throw conflict(settings.slug);
    throw error;
  }
}

async function populate(prisma: PrismaClient, settings: Settings, organizationId: string, ids: Random) {
  const { accounts: count, now, onProgress } = settings;
  const total = count * 2;
  const members = buildMembers(ids, organizationId, now);
  await prisma.member.createMany({ data: members });
  const memberIds = members.map((member) => member.id);
  const rng = new Random(`${CONTENT_SEED}/portfolio`);
  const portfolio = planPortfolio({ rng, ids, organizationId, memberIds, count, now });
  let done = 0;
  for (let start = 0; start < count; start += BATCH_ROWS) {
    const batch = portfolio.rows.slice(start, start + BATCH_ROWS);
    await bulkInsert(prisma, ACCOUNT_TABLE, batch);
    done += batch.length;
    onProgress(done, total);
  }
  const ctx: PeopleContext = { organizationId, now, ids, memberIds, plans: portfolio.plans, profileSlugs: new Set() };
  const counts: Counts = { stakeholders: 0, employments: 0, relationships: 0 };
  for (let start = 0; start < count; start += ACCOUNTS_PER_CHUNK) {
    const chunk = portfolio.plans.slice(start, start + ACCOUNTS_PER_CHUNK);
    const rows: AccountRows = { stakeholders: [], employments: [], relationships: [] };
    for (const plan of chunk) generateAccountRows(ctx, plan, rows);
    await writeAccountChunk(prisma, rows, counts);
    done += chunk.length;
    onProgress(done, total);
  }
  return { memberIds, ...counts };
}

/**
 * Seeds the demo organization: 9 members, `accounts` accounts (default 150) with their stakeholders,
 * employment histories and threads. Throws SeedConflictError when the slug is taken. On failure the
 * partly written organization is removed again, so a retry starts clean.
 */
export async function seedDemo(prisma: PrismaClient, options: SeedOptions = {}): Promise<SeedResult> {
  const settings = resolveOptions(options);
  if (await hasDemoData(prisma, settings.slug)) throw conflict(settings.slug);
  const ids = new Random(`${CONTENT_SEED}/ids/${settings.slug}`);
  const organizationId = ids.uuid();
  await createOrganization(prisma, settings, organizationId);
  try {
    const written = await populate(prisma, settings, organizationId, ids);
    // A bulk load leaves the planner's statistics behind; refresh them so queries pick indexes.
    await prisma.$executeRawUnsafe('ANALYZE');
    return { organizationId, accounts: settings.accounts, ...written };
  } catch (error) {
    await prisma.organization.delete({ where: { id: organizationId } }).catch(() => undefined);
    throw error;
  }
}

/** Whether an organization with that slug (default `demo`) exists. */
export async function hasDemoData(
  prisma: PrismaClient,
  organizationSlug: string = DEFAULT_ORGANIZATION_SLUG,
): Promise<boolean> {
  const organization = await prisma.organization.findUnique({
    where: { slug: organizationSlug },
    select: { id: true },
  });
  return organization !== null;
}

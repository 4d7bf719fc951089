// The portfolio: planning the accounts (tier, lifecycle, owner, contract) and their risk scenarios.
import type { AccountLifecycle, AccountSegment, AccountTier, Advocacy, Level } from '../../generated/client/client.js';
import { calendarDay, daysAgo } from './dates.ts';
import { companyKey, companyUrlOf } from './names.ts';
import { at, type Random } from './random.ts';
import { CSMS, MANAGERS, REPS } from './team.ts';
import {
  CHAMPION_DEPARTMENTS,
  COMPANY_INDUSTRIES,
  COMPANY_MIDDLES,
  COMPANY_PREFIXES,
  COMPANY_SUFFIXES,
  type Department,
} from './vocabulary.ts';
import type { AccountRow } from './write.ts';

interface Scenario {
  departedChampion: boolean;
  suspectedDeparture: boolean;
  singleThreaded: boolean;
  noExecutiveSponsor: boolean;
}

export interface AccountPlan {
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

export function planPortfolio(input: PortfolioInput): Portfolio {
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

// Threads: the relationships between our members and an account's people, shaped by its scenario.
import type { AccountTier, RelationshipStrength } from '../../generated/client/client.js';
import { daysAgo } from './dates.ts';
import type { PeopleContext, PersonRecord } from './people.ts';
import type { AccountPlan } from './portfolio.ts';
import { at, type Random } from './random.ts';
import type { Slot } from './roster.ts';
import type { AccountRows, RelationshipRow } from './write.ts';

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

export function addThreads(
  ctx: PeopleContext,
  rng: Random,
  plan: AccountPlan,
  people: PersonRecord[],
  rows: AccountRows,
) {
  const threads = new ThreadSet(ctx, rng, rows.relationships);
  if (plan.lifecycle !== 'CUSTOMER') fewThreads(rng, plan, people, threads);
  else if (plan.scenario.singleThreaded) singleThread(rng, plan, people, threads);
  else multiThreads(rng, plan, people, threads);
}

// The roster of an account: which positions and buying roles its people hold, and who is the main contact.
import type { AccountTier, BuyingRole, Seniority } from '../../generated/client/client.js';
import type { AccountPlan } from './portfolio.ts';
import type { Random } from './random.ts';
import { POSITIONS, type Position, SENIORITY_RANK } from './vocabulary.ts';

export type Slot = 'sponsor' | 'buyer' | 'champion' | 'evaluator' | 'other';

export interface PersonDraft {
  readonly slot: Slot;
  readonly position: Position;
  readonly title: string;
  readonly roles: BuyingRole[];
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
export function buildRoster(rng: Random, plan: AccountPlan): PersonDraft[] {
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
export function chooseMainContact(rng: Random, plan: AccountPlan, roster: readonly PersonDraft[]): number | null {
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
export function suspectedIndex(rng: Random, roster: readonly PersonDraft[]): number {
  const candidates = roster.flatMap((person, index) =>
    person.slot !== 'champion' && person.roles.some((role) => role !== 'USER') ? [index] : [],
  );
  return rng.pick(candidates);
}

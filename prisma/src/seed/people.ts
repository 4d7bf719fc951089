// The people at an account: names, profiles, sentiment, status and their stakeholder rows.
import type { Level, Sentiment, StakeholderStatus } from '../../generated/client/client.js';
import { daysAgo } from './dates.ts';
import { emailPart, slugify } from './names.ts';
import type { AccountPlan } from './portfolio.ts';
import type { Random } from './random.ts';
import { buildRoster, chooseMainContact, type PersonDraft, suspectedIndex } from './roster.ts';
import { CULTURE_WEIGHTS } from './vocabulary.ts';
import type { AccountRows } from './write.ts';

export interface PersonRecord extends PersonDraft {
  readonly id: string;
  readonly isMainContact: boolean;
  readonly status: StakeholderStatus;
  /** Days since the person left the account; null while they are there. */
  readonly departedDaysAgo: number | null;
  readonly createdAt: Date;
}

export interface PeopleContext {
  readonly organizationId: string;
  readonly now: Date;
  readonly ids: Random;
  readonly memberIds: readonly string[];
  readonly plans: readonly AccountPlan[];
  /** Profile slugs already handed out in this organization. */
  readonly profileSlugs: Set<string>;
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

export function generatePeople(ctx: PeopleContext, rng: Random, plan: AccountPlan, rows: AccountRows): PersonRecord[] {
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

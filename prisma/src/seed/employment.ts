// Employment histories: each person's job at the account, the one after a departure and earlier ones.
import { calendarDay } from './dates.ts';
import { companyUrlOf } from './names.ts';
import type { PeopleContext, PersonRecord } from './people.ts';
import type { AccountPlan } from './portfolio.ts';
import type { Random } from './random.ts';
import { COMPANY_INDUSTRIES, EMPLOYER_PREFIXES, POSITIONS, type Position, SENIORITY_RANK } from './vocabulary.ts';
import type { AccountRows, EmploymentRow } from './write.ts';

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

export function addEmployments(
  ctx: PeopleContext,
  rng: Random,
  plan: AccountPlan,
  person: PersonRecord,
  rows: AccountRows,
) {
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

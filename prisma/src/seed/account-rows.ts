// One account's rows: its people, their employment histories and their threads, from the account's own stream.
import { addEmployments } from './employment.ts';
import { generatePeople, type PeopleContext } from './people.ts';
import type { AccountPlan } from './portfolio.ts';
import { CONTENT_SEED, Random } from './random.ts';
import { addThreads } from './threads.ts';
import type { AccountRows } from './write.ts';

export function generateAccountRows(ctx: PeopleContext, plan: AccountPlan, rows: AccountRows): void {
  const rng = new Random(`${CONTENT_SEED}/people/${plan.index}`);
  const people = generatePeople(ctx, rng, plan, rows);
  for (const person of people) addEmployments(ctx, rng, plan, person, rows);
  addThreads(ctx, rng, plan, people, rows);
}

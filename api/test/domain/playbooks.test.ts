import { describe, expect, it } from 'vitest';
import {
  type Cause,
  defaultPlaybook,
  defaultPlaybooks,
  parsePlaybook,
  planCompletion,
} from '../../src/domain/playbooks.ts';

describe('defaultPlaybook', () => {
  it.each<[Cause, 'ENTERPRISE' | 'MID_MARKET' | 'SMB', number]>([
    ['MAIN_CONTACT_TURNOVER', 'MID_MARKET', 5],
    ['MAIN_CONTACT_TURNOVER', 'SMB', 5],
    ['MAIN_CONTACT_TURNOVER', 'ENTERPRISE', 6],
    ['ROLE_HOLDER_TURNOVER', 'ENTERPRISE', 4],
    ['OUR_REP_LEFT', 'ENTERPRISE', 3],
    ['EXECUTIVE_CHANGE', 'MID_MARKET', 3],
  ])('%s for %s has %i steps', (cause, segment, count) => {
    expect(defaultPlaybook(cause, segment).steps).toHaveLength(count);
  });

  it('chooses onboarding by the replacement’s origin: limited inside, full outside, against the competitor', () => {
    const { onboarding } = defaultPlaybooks.MAIN_CONTACT_TURNOVER;
    expect(onboarding.INTERNAL[0]?.title).toMatch(/Limited onboarding/);
    expect(onboarding.EXTERNAL_NEW_TO_FUNCTION[0]?.title).toMatch(/Full onboarding/);
    expect(onboarding.EXTERNAL_FROM_COMPETITOR[0]?.title).toMatch(/competitor/);
  });

  it('passes its own schema, so an organization can start from it', () => {
    for (const playbook of Object.values(defaultPlaybooks)) expect(parsePlaybook(playbook)).toEqual(playbook);
  });
});

describe('parsePlaybook', () => {
  const valid = defaultPlaybooks.OUR_REP_LEFT;
  it.each([
    ['no steps', { ...valid, steps: [] }],
    ['a step without title', { ...valid, steps: [{ phase: 'X', title: '', ownerRole: 'MANAGER', dueInDays: 1 }] }],
    ['an unknown owner role', { ...valid, steps: [{ phase: 'X', title: 'Y', ownerRole: 'CEO', dueInDays: 1 }] }],
    [
      'a due date two years out',
      { ...valid, steps: [{ phase: 'X', title: 'Y', ownerRole: 'MANAGER', dueInDays: 800 }] },
    ],
    ['missing onboarding', { name: 'X', steps: valid.steps }],
    ['not an object', 'steps'],
  ])('rejects %s', (_case, value) => {
    expect(parsePlaybook(value)).toBeNull();
  });
});

describe('planCompletion', () => {
  const done = { doneAt: new Date() };
  const open = { doneAt: null };
  it.each([
    [[], 0],
    [[open], 0],
    [[done], 1],
    [[done, open, open, done, done], 0.6],
  ])('%j → %s', (steps, expected) => {
    expect(planCompletion(steps)).toBe(expected);
  });
});

// A thread's `live` follows the organization's thread settings, the same rule the account's coverage
// uses: after each change of the live window or the minimum strength, the relationships an account
// shows as live are exactly the threads its coverage counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, startTestApi, type TestApi, type TestOrganization } from '../../../test/support/api.ts';
import { encodeId } from '../../src/global-id.ts';
import { refreshOrganizationHealth } from '../../src/services/health.ts';

const DAY = 86_400_000;
let api: TestApi;
let org: TestOrganization;
let accountId: string;

const SETTINGS = `mutation($input: UpdateOrganizationSettingsInput!) {
  updateOrganizationSettings(input: $input) { __typename ... on Error { code message } }
}`;
const ACCOUNT = `query($id: ID!) {
  account(id: $id) {
    coverage { liveThreadCount staleThreadCount filledRoles }
    stakeholders(first: 10) { nodes { fullName relationships { strength live } } }
  }
}`;

interface AccountView {
  coverage: { liveThreadCount: number; staleThreadCount: number; filledRoles: string[] };
  stakeholders: { nodes: Array<{ fullName: string; relationships: Array<{ strength: string; live: boolean }> }> };
}

beforeAll(async () => {
  api = await startTestApi();
  org = await createOrganization(api.prisma, 'thread-settings');
  const account = await api.prisma.account.create({
    data: { organizationId: org.id, name: 'Windowed Inc', tier: 'KEY', ownerId: org.csm.id },
  });
  accountId = encodeId('Account', account.id);
  // Three threads: a medium one touched 40 days ago (champion), a strong one touched 70 days ago
  // (economic buyer), a weak one touched 5 days ago (a user).
  const threads = [
    { fullName: 'Mia Medium', role: 'CHAMPION', strength: 'MEDIUM', days: 40, member: org.csm.id },
    { fullName: 'Sol Strong', role: 'ECONOMIC_BUYER', strength: 'STRONG', days: 70, member: org.rep.id },
    { fullName: 'Wes Weak', role: 'USER', strength: 'WEAK', days: 5, member: org.manager.id },
  ] as const;
  for (const thread of threads) {
    const person = await api.prisma.stakeholder.create({
      data: { organizationId: org.id, accountId: account.id, fullName: thread.fullName, buyingRoles: [thread.role] },
    });
    await api.prisma.relationship.create({
      data: {
        organizationId: org.id,
        memberId: thread.member,
        stakeholderId: person.id,
        strength: thread.strength,
        lastTouchAt: new Date(Date.now() - thread.days * DAY),
      },
    });
  }
  await refreshOrganizationHealth(api.prisma, org.id);
});
afterAll(() => api.close());

async function view(): Promise<{ live: string[]; coverage: AccountView['coverage'] }> {
  const response = await api.gql<{ account: AccountView }>(org.manager.token, ACCOUNT, { id: accountId });
  expect(response.errors).toBeUndefined();
  const account = response.data!.account;
  const live = account.stakeholders.nodes
    .filter((person) => person.relationships.some((thread) => thread.live))
    .map((person) => person.fullName)
    .sort();
  return { live, coverage: account.coverage };
}

describe('Relationship.live under the organization’s thread settings', () => {
  it.each<[string, Record<string, unknown>, string[], string[]]>([
    ['the defaults (medium or strong, 90 days)', {}, ['Mia Medium', 'Sol Strong'], ['CHAMPION', 'ECONOMIC_BUYER']],
    ['a 30-day window', { liveWithinDays: 30 }, [], []],
    ['a 60-day window', { liveWithinDays: 60 }, ['Mia Medium'], ['CHAMPION']],
    ['weak threads count, 60 days', { minimumLiveStrength: 'WEAK' }, ['Mia Medium', 'Wes Weak'], ['CHAMPION']],
    [
      'only strong threads, 365 days',
      { liveWithinDays: 365, minimumLiveStrength: 'STRONG' },
      ['Sol Strong'],
      ['ECONOMIC_BUYER'],
    ],
  ])('%s: the live threads are the ones coverage counts', async (_label, settings, live, filled) => {
    if (Object.keys(settings).length) {
      const changed = await api.gql<{ updateOrganizationSettings: { __typename: string } }>(org.admin.token, SETTINGS, {
        input: settings,
      });
      expect(changed.data?.updateOrganizationSettings).toEqual({ __typename: 'UpdateOrganizationSettingsPayload' });
    }
    const now = await view();
    expect(now.live).toEqual(live);
    expect(now.coverage.liveThreadCount).toBe(now.live.length);
    expect(now.coverage.filledRoles).toEqual(filled);
  });
});

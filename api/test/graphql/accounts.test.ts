import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, startTestApi, type TestApi, type TestOrganization } from '../../../test/support/api.ts';

let api: TestApi;
let org: TestOrganization;

const CREATE = `mutation($input: CreateAccountInput!) {
  createAccount(input: $input) {
    __typename
    ... on AccountPayload { account { id name domains companyUrl tier arrMinor renewalDate owner { name } } }
    ... on ValidationError { code issues { path message } }
    ... on ConflictError { code message existingId }
    ... on Error { code message }
  }
}`;

interface AccountNode {
  id: string;
  name: string;
  arrMinor: number;
  tier: string;
  renewalDate: string | null;
}

async function create(input: Record<string, unknown>, token = org.manager.token) {
  const response = await api.gql<{
    createAccount: { __typename: string; account?: AccountNode } & Record<string, unknown>;
  }>(token, CREATE, { input });
  expect(response.errors).toBeUndefined();
  return response.data!.createAccount;
}

beforeAll(async () => {
  api = await startTestApi();
  org = await createOrganization(api.prisma, 'acme');
  // 30 accounts across tiers, ARR and renewal dates, for filtering and paging.
  for (let i = 0; i < 30; i++) {
    const result = await create({
      name: `Account ${String(i).padStart(2, '0')} ${i % 3 === 0 ? 'Logistics' : 'Health'}`,
      tier: ['STRATEGIC', 'KEY', 'STANDARD'][i % 3],
      arrMinor: (i + 1) * 1_000_000,
      renewalDate: `2027-${String((i % 12) + 1).padStart(2, '0')}-15`,
      ...(i % 2 === 0 ? { ownerId: await memberId('CSM') } : {}),
    });
    expect(result.__typename).toBe('AccountPayload');
  }
});
afterAll(() => api.close());

async function memberId(role: string): Promise<string> {
  const response = await api.gql<{ members: Array<{ id: string; role: string }> }>(
    org.admin.token,
    '{ members { id role } }',
  );
  return response.data!.members.find((member) => member.role === role)!.id;
}

describe('createAccount', () => {
  it('normalizes the company URL and domains and keeps ARR exact in minor units', async () => {
    const result = await create({
      name: '  Brightwater Health  ',
      domains: ['https://www.Brightwater.example/about', 'brightwater.example'],
      companyUrl: 'https://de.linkedin.com/company/Brightwater-Health/about/?trk=x',
      arrMinor: 123_456_789_012,
      tier: 'KEY',
    });
    expect(result.__typename, JSON.stringify(result)).toBe('AccountPayload');
    expect(result.account).toMatchObject({
      name: 'Brightwater Health',
      domains: ['brightwater.example'],
      companyUrl: 'https://www.linkedin.com/company/brightwater-health/',
      arrMinor: 123_456_789_012,
    });
  });

  it('answers a duplicate company page with a conflict naming the existing account', async () => {
    const first = await create({ name: 'Halcyon', companyUrl: 'linkedin.com/company/halcyon' });
    const second = await create({ name: 'Halcyon again', companyUrl: 'https://www.linkedin.com/company/halcyon/' });
    expect(second).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT', existingId: first.account?.id });
  });

  it.each([
    [{ name: '' }, ['input', 'name'], /empty/],
    [{ name: 'x'.repeat(201) }, ['input', 'name'], /200/],
    [{ name: 'Bad\u0000Name' }, ['input', 'name'], /control/],
    [{ name: 'Ok', companyUrl: 'https://evil.example/company/x' }, ['input', 'companyUrl'], /LinkedIn|linkedin/],
    [{ name: 'Ok', domains: ['not a domain'] }, ['input', 'domains', '0'], /domain/],
    [{ name: 'Ok', arrMinor: -5 }, ['input', 'arrMinor'], /negative/],
  ])('rejects %j with a validation error at its path', async (input, path, message) => {
    const before = await api.prisma.account.count();
    const result = await create(input);
    expect(result.__typename).toBe('ValidationError');
    const issues = result.issues as Array<{ path: string[]; message: string }>;
    expect(issues.some((issue) => issue.path.join('.') === path.join('.') && message.test(issue.message))).toBe(true);
    expect(await api.prisma.account.count()).toBe(before);
  });

  it('rejects a malformed date as a GraphQL variable error', async () => {
    const response = await api.gql(org.manager.token, CREATE, { input: { name: 'X', renewalDate: '2027-02-30' } });
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.message).toMatch(/not a calendar date/);
  });

  it('does not let a rep create accounts', async () => {
    const result = await create({ name: 'Rep made this' }, org.rep.token);
    expect(result).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
    expect(await api.prisma.account.count({ where: { name: 'Rep made this' } })).toBe(0);
  });

  it('answers an unknown owner as not found', async () => {
    const missing = Buffer.from('Member:00000000-0000-4000-8000-000000000000').toString('base64url');
    expect(await create({ name: 'Orphan', ownerId: missing })).toMatchObject({ __typename: 'NotFoundError' });
  });
});

describe('updateAccount', () => {
  it('changes only the fields sent, and null clears an optional one', async () => {
    const { account } = await create({ name: 'Mutable', tier: 'KEY', renewalDate: '2027-05-01' });
    const response = await api.gql<{ updateAccount: { account: AccountNode } }>(
      org.csm.token,
      `mutation($input: UpdateAccountInput!) { updateAccount(input: $input) { ... on AccountPayload { account { id name tier renewalDate arrMinor } } } }`,
      { input: { id: account!.id, tier: 'STRATEGIC', renewalDate: null } },
    );
    expect(response.data?.updateAccount.account).toMatchObject({
      name: 'Mutable',
      tier: 'STRATEGIC',
      renewalDate: null,
    });
  });
});

const LIST = `query($first: Int, $after: String, $filter: AccountFilter, $orderBy: AccountOrder) {
  accounts(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id name tier arrMinor renewalDate }
  }
}`;

interface Page {
  accounts: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: AccountNode[] };
}

describe('accounts', () => {
  it.each([
    [{ search: 'logistics' }, 10],
    [{ tiers: ['STRATEGIC'] }, 10],
    [{ tiers: ['KEY', 'STANDARD'], search: 'health' }, 20],
    [{ arrMinorAtLeast: 10_000_000, arrMinorAtMost: 20_000_000 }, 11],
    [{ renewalFrom: '2027-01-01', renewalTo: '2027-03-31' }, 9],
  ])('filters by %j', async (filter, expected) => {
    const response = await api.gql<Page>(org.rep.token, LIST, { first: 100, filter: { ...filter } });
    const withinSeed = response.data!.accounts.nodes.filter((node) => node.name.startsWith('Account '));
    expect(withinSeed).toHaveLength(expected);
  });

  it('filters by owner', async () => {
    const csm = await memberId('CSM');
    const response = await api.gql<Page>(org.rep.token, LIST, { first: 100, filter: { ownerId: csm } });
    expect(response.data!.accounts.totalCount).toBe(15);
  });

  it('orders by ARR descending and pages with cursors without gaps or repeats', async () => {
    const seen: AccountNode[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const response: { data?: Page | null } = await api.gql<Page>(org.rep.token, LIST, {
        first: 7,
        after,
        filter: { search: 'Account ' },
        orderBy: { field: 'ARR', direction: 'DESC' },
      });
      const accounts = response.data!.accounts;
      seen.push(...accounts.nodes);
      if (!accounts.pageInfo.hasNextPage) break;
      after = accounts.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(30);
    expect(new Set(seen.map((node) => node.id)).size).toBe(30);
    const arr = seen.map((node) => node.arrMinor);
    expect(arr).toEqual([...arr].sort((a, b) => b - a));
  });

  it('caps first at 100 and rejects a negative first', async () => {
    for (let i = 0; i < 80; i++) {
      await api.prisma.account.create({ data: { organizationId: org.id, name: `Bulk ${i}` } });
    }
    const capped = await api.gql<Page>(org.rep.token, LIST, { first: 5000 });
    expect(capped.data!.accounts.nodes).toHaveLength(100);
    expect(capped.data!.accounts.pageInfo.hasNextPage).toBe(true);
    const negative = await api.gql<Page>(org.rep.token, LIST, { first: -1 });
    expect(negative.errors?.[0]?.message).toMatch(/non-negative/);
  });

  it('answers a malformed cursor with an error, not a crash', async () => {
    const response = await api.gql<Page>(org.rep.token, LIST, { first: 5, after: 'garbage!!' });
    expect(response.errors?.length).toBeGreaterThan(0);
    expect(response.errors?.[0]?.message).not.toBe('Unexpected error.');
  });
});

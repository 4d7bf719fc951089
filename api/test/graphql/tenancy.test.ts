import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrganization,
  createToken,
  startTestApi,
  type TestApi,
  type TestOrganization,
} from '../../../test/support/api.ts';

let api: TestApi;
let a: TestOrganization;
let b: TestOrganization;
const ids: Record<'account' | 'stakeholder' | 'relationship' | 'member' | 'token', string> = {
  account: '',
  stakeholder: '',
  relationship: '',
  member: '',
  token: '',
};

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');

beforeAll(async () => {
  api = await startTestApi();
  a = await createOrganization(api.prisma, 'org-a');
  b = await createOrganization(api.prisma, 'org-b');
  const account = await api.prisma.account.create({
    data: {
      organizationId: a.id,
      name: 'Secret Account A',
      companyUrl: 'linkedin.com/company/secret-a',
      ownerId: a.csm.id,
    },
  });
  const stakeholder = await api.prisma.stakeholder.create({
    data: {
      organizationId: a.id,
      accountId: account.id,
      fullName: 'Secret Person A',
      profileUrl: 'linkedin.com/in/secret-a',
    },
  });
  const relationship = await api.prisma.relationship.create({
    data: { organizationId: a.id, memberId: a.rep.id, stakeholderId: stakeholder.id, strength: 'STRONG' },
  });
  const token = await api.prisma.apiToken.findFirstOrThrow({ where: { memberId: a.rep.id } });
  ids.account = gid('Account', account.id);
  ids.stakeholder = gid('Stakeholder', stakeholder.id);
  ids.relationship = gid('Relationship', relationship.id);
  ids.member = gid('Member', a.rep.id);
  ids.token = gid('ApiToken', token.id);
  await api.prisma.account.create({ data: { organizationId: b.id, name: 'Account B' } });
});
afterAll(() => api.close());

describe('organization B never sees organization A', () => {
  it.each([
    ['account', '{ account(id: "ID") { name } }', { account: null }],
    ['stakeholder', '{ stakeholder(id: "STAKEHOLDER") { fullName } }', { stakeholder: null }],
    ['node account', '{ node(id: "ID") { id } }', { node: null }],
    ['node stakeholder', '{ node(id: "STAKEHOLDER") { id } }', { node: null }],
    ['node relationship', '{ node(id: "RELATIONSHIP") { id } }', { node: null }],
    ['node member', '{ node(id: "MEMBER") { id } }', { node: null }],
    ['node token', '{ node(id: "TOKEN") { id } }', { node: null }],
    [
      'accounts',
      '{ accounts(first: 100) { totalCount nodes { name } } }',
      { accounts: { totalCount: 1, nodes: [{ name: 'Account B' }] } },
    ],
    [
      'accounts by owner',
      '{ accounts(first: 100, filter: { ownerId: "MEMBER" }) { totalCount } }',
      { accounts: { totalCount: 0 } },
    ],
    ['stakeholders', '{ stakeholders(first: 100) { totalCount } }', { stakeholders: { totalCount: 0 } }],
    [
      'stakeholders of the account',
      '{ stakeholders(first: 100, filter: { accountId: "ID" }) { totalCount } }',
      { stakeholders: { totalCount: 0 } },
    ],
    [
      'profileLookup',
      '{ profileLookup(url: "linkedin.com/in/secret-a") { ... on ProfileLookup { tracked stakeholder { id } } } }',
      { profileLookup: { tracked: false, stakeholder: null } },
    ],
    [
      'members',
      '{ members { name } }',
      {
        members: [
          { name: 'ADMIN of org-b' },
          { name: 'CSM of org-b' },
          { name: 'MANAGER of org-b' },
          { name: 'REP of org-b' },
        ],
      },
    ],
  ])('%s', async (_name, query, expected) => {
    const filled = query
      .replace('"ID"', `"${ids.account}"`)
      .replace('"STAKEHOLDER"', `"${ids.stakeholder}"`)
      .replace('"RELATIONSHIP"', `"${ids.relationship}"`)
      .replace('"MEMBER"', `"${ids.member}"`)
      .replace('"TOKEN"', `"${ids.token}"`);
    const response = await api.gql(b.admin.token, filled);
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual(expected);
  });

  it.each([
    ['updateAccount', 'mutation { updateAccount(input: { id: "ID", name: "Hijacked" }) { __typename } }'],
    ['createStakeholder', 'mutation { createStakeholder(input: { accountId: "ID", fullName: "Spy" }) { __typename } }'],
    [
      'updateStakeholder',
      'mutation { updateStakeholder(input: { id: "STAKEHOLDER", fullName: "Hijacked" }) { __typename } }',
    ],
    ['eraseStakeholder', 'mutation { eraseStakeholder(id: "STAKEHOLDER") { __typename } }'],
    [
      'addEmployment',
      'mutation { addEmployment(input: { stakeholderId: "STAKEHOLDER", companyName: "X" }) { __typename } }',
    ],
    [
      'updateRelationship',
      'mutation { updateRelationship(input: { id: "RELATIONSHIP", strength: WEAK }) { __typename } }',
    ],
    ['deleteRelationship', 'mutation { deleteRelationship(id: "RELATIONSHIP") { __typename } }'],
    [
      'createRelationship with their member',
      'mutation { createRelationship(input: { memberId: "MEMBER", stakeholderId: "STAKEHOLDER", strength: STRONG }) { __typename } }',
    ],
    [
      'createAccount owned by their member',
      'mutation { createAccount(input: { name: "X", ownerId: "MEMBER" }) { __typename } }',
    ],
    ['revokeApiToken', 'mutation { revokeApiToken(id: "TOKEN") { __typename } }'],
    [
      'createApiToken for their member',
      'mutation { createApiToken(input: { name: "x", memberId: "MEMBER" }) { __typename } }',
    ],
  ])('%s answers NotFoundError and changes nothing', async (_name, mutation) => {
    const snapshot = async () =>
      JSON.stringify(
        await Promise.all([
          api.prisma.account.findMany({ where: { organizationId: a.id }, orderBy: { id: 'asc' } }),
          api.prisma.stakeholder.findMany({ where: { organizationId: a.id }, orderBy: { id: 'asc' } }),
          api.prisma.relationship.findMany({ where: { organizationId: a.id }, orderBy: { id: 'asc' } }),
          api.prisma.employment.count({ where: { organizationId: a.id } }),
          api.prisma.apiToken.findMany({ where: { organizationId: a.id }, orderBy: { id: 'asc' } }),
          api.prisma.account.count(),
          api.prisma.apiToken.count(),
        ]),
        (_key, value) => (typeof value === 'bigint' ? value.toString() : value),
      );
    const before = await snapshot();
    const filled = mutation
      .replace('"ID"', `"${ids.account}"`)
      .replace(/"STAKEHOLDER"/g, `"${ids.stakeholder}"`)
      .replace('"RELATIONSHIP"', `"${ids.relationship}"`)
      .replace('"MEMBER"', `"${ids.member}"`)
      .replace('"TOKEN"', `"${ids.token}"`);
    const response = await api.gql<Record<string, { __typename: string }>>(b.admin.token, filled);
    expect(response.errors).toBeUndefined();
    expect(Object.values(response.data ?? {})[0]?.__typename).toBe('NotFoundError');
    expect(await snapshot()).toBe(before);
  });

  it('answers a missing id exactly like an id of another organization', async () => {
    const missing = gid('Account', '00000000-0000-4000-8000-000000000000');
    const other = await api.gql(b.admin.token, `{ account(id: "${ids.account}") { name } }`);
    const none = await api.gql(b.admin.token, `{ account(id: "${missing}") { name } }`);
    expect(other).toEqual(none);
  });
});

describe('ids', () => {
  it.each(['not-base64!', Buffer.from('Account:not-a-uuid').toString('base64url'), 'x'.repeat(500)])(
    'refuses the malformed id %s with a validation error',
    async (id) => {
      const response = await api.gql(a.admin.token, '{ account(id: $id) { name } }'.replace('$id', JSON.stringify(id)));
      expect(response.errors?.[0]?.message).toMatch(/Not a valid Threadwatch ID/);
      expect(response.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    },
  );

  it('refuses an id of the wrong type', async () => {
    const response = await api.gql(a.admin.token, `{ account(id: "${ids.stakeholder}") { name } }`);
    expect(response.errors?.length).toBe(1);
    expect(response.errors?.[0]?.message).not.toBe('Unexpected error.');
  });
});

describe('token scopes', () => {
  it('lets a read-only token read but not write', async () => {
    const token = await createToken(api.prisma, a.id, a.admin.id, 'READ_ONLY');
    const read = await api.gql<{ accounts: { totalCount: number } }>(token, '{ accounts { totalCount } }');
    expect(read.data?.accounts.totalCount).toBe(1);
    const write = await api.gql(token, 'mutation { createAccount(input: { name: "Nope" }) { __typename } }');
    expect(write.data).toEqual({ createAccount: { __typename: 'ForbiddenError' } });
  });

  it('does not let a flagging token mint a full token', async () => {
    const token = await createToken(api.prisma, a.id, a.rep.id, 'FLAGGING');
    const response = await api.gql(
      token,
      'mutation { createApiToken(input: { name: "wider", scope: FULL }) { __typename } }',
    );
    expect(response.data).toEqual({ createApiToken: { __typename: 'ForbiddenError' } });
  });
});

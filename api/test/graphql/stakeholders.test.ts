import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, startTestApi, type TestApi, type TestOrganization } from '../../../test/support/api.ts';

let api: TestApi;
let org: TestOrganization;
let accountId: string;

const CREATE = `mutation($input: CreateStakeholderInput!) {
  createStakeholder(input: $input) {
    __typename
    ... on StakeholderPayload { stakeholder { id fullName title profileUrl email buyingRoles isMainContact status account { name } employments { companyName title current } } }
    ... on ConflictError { code message existingId }
    ... on ValidationError { issues { path message } }
    ... on Error { code message }
  }
}`;

type Result = { __typename: string; stakeholder?: Record<string, unknown> & { id: string } } & Record<string, unknown>;

async function create(input: Record<string, unknown>, token = org.rep.token): Promise<Result> {
  const response = await api.gql<{ createStakeholder: Result }>(token, CREATE, { input: { accountId, ...input } });
  expect(response.errors).toBeUndefined();
  return response.data!.createStakeholder;
}

const LOOKUP = `query($url: String!) {
  profileLookup(url: $url) {
    __typename
    ... on ProfileLookup {
      profileUrl tracked
      stakeholder { fullName status buyingRoles account { name owner { name } } relationships { strength live member { name } } }
    }
    ... on ValidationError { issues { path message } }
  }
}`;

beforeAll(async () => {
  api = await startTestApi();
  org = await createOrganization(api.prisma, 'acme');
  const account = await api.prisma.account.create({
    data: {
      organizationId: org.id,
      name: 'Halcyon Logistics',
      companyUrl: 'linkedin.com/company/halcyon',
      ownerId: org.csm.id,
    },
  });
  accountId = Buffer.from(`Account:${account.id}`).toString('base64url');
});
afterAll(() => api.close());

describe('createStakeholder', () => {
  it('creates the person with a current position at the account', async () => {
    const result = await create({
      fullName: 'Jürgen Müller',
      title: 'VP Operations',
      profileUrl: 'https://de.linkedin.com/in/J%C3%BCrgen-M%C3%BCller/?originalSubdomain=de',
      email: 'Juergen.Mueller@Halcyon.example',
      buyingRoles: ['CHAMPION', 'DECISION_MAKER', 'CHAMPION'],
      isMainContact: true,
    });
    expect(result.stakeholder).toMatchObject({
      fullName: 'Jürgen Müller',
      profileUrl: 'https://www.linkedin.com/in/j%C3%BCrgen-m%C3%BCller/',
      email: 'juergen.mueller@halcyon.example',
      buyingRoles: ['CHAMPION', 'DECISION_MAKER'],
      status: 'ACTIVE',
      account: { name: 'Halcyon Logistics' },
      employments: [{ companyName: 'Halcyon Logistics', title: 'VP Operations', current: true }],
    });
  });

  it.each([
    [
      'the same profile URL in another variant',
      { fullName: 'J. Müller', profileUrl: 'linkedin.com/in/jürgen-müller' },
      /profile URL/,
    ],
    ['the same e-mail in another case', { fullName: 'Jurgen M', email: 'JUERGEN.MUELLER@halcyon.example' }, /e-mail/],
  ])('answers %s with a conflict naming the existing stakeholder', async (_case, input, message) => {
    const existing = await api.prisma.stakeholder.findFirstOrThrow({ where: { fullName: 'Jürgen Müller' } });
    const result = await create(input);
    expect(result).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    expect(result.message).toMatch(message);
    expect(result.existingId).toBe(Buffer.from(`Stakeholder:${existing.id}`).toString('base64url'));
  });

  it.each([
    [{ fullName: '<script>alert(1)</script>'.repeat(20) }, 'fullName'],
    [{ fullName: 'Ok', profileUrl: 'javascript:alert(1)' }, 'profileUrl'],
    [{ fullName: 'Ok', profileUrl: 'https://linkedin.com.evil.example/in/x' }, 'profileUrl'],
    [{ fullName: 'Ok', email: 'not-an-email' }, 'email'],
    [{ fullName: 'Ok', title: 'a\u2028b' }, 'title'],
  ])('rejects %j and stores nothing', async (input, field) => {
    const before = await api.prisma.stakeholder.count();
    const result = await create(input);
    expect(result.__typename).toBe('ValidationError');
    expect((result.issues as Array<{ path: string[] }>)[0]?.path).toEqual(['input', field]);
    expect(await api.prisma.stakeholder.count()).toBe(before);
  });

  it('keeps markup in a name as text', async () => {
    const result = await create({ fullName: '<img src=x onerror=alert(1)> Eve 🦄' });
    expect(result.stakeholder?.fullName).toBe('<img src=x onerror=alert(1)> Eve 🦄');
  });
});

describe('stakeholders', () => {
  it.each([
    [{ buyingRole: 'CHAMPION' }, ['Jürgen Müller']],
    [{ buyingRole: 'ECONOMIC_BUYER' }, []],
    [{ mainContactsOnly: true, search: 'müller' }, ['Jürgen Müller']],
    [{ statuses: ['DEPARTED'] }, []],
  ])('filters by %j', async (filter, names) => {
    const response = await api.gql<{ stakeholders: { nodes: Array<{ fullName: string }> } }>(
      org.rep.token,
      'query($filter: StakeholderFilter) { stakeholders(first: 100, filter: $filter) { nodes { fullName } } }',
      { filter: { accountId, ...filter } },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.stakeholders.nodes.map((node) => node.fullName)).toEqual(names);
  });
});

describe('updateStakeholder', () => {
  it('starts a new position when the title changes, keeping the old one', async () => {
    const { stakeholder } = await create({ fullName: 'Ada Park', title: 'Director of IT' });
    const response = await api.gql<{ updateStakeholder: { stakeholder: { title: string; employments: unknown[] } } }>(
      org.rep.token,
      `mutation($input: UpdateStakeholderInput!) { updateStakeholder(input: $input) { ... on StakeholderPayload { stakeholder { title employments { title current } } } } }`,
      { input: { id: stakeholder!.id, title: 'CIO' } },
    );
    expect(response.data?.updateStakeholder.stakeholder).toEqual({
      title: 'CIO',
      employments: expect.arrayContaining([
        { title: 'CIO', current: true },
        { title: 'Director of IT', current: false },
      ]),
    });
    expect(response.data?.updateStakeholder.stakeholder.employments).toHaveLength(2);
  });
});

describe('profileLookup', () => {
  it.each([
    'https://www.linkedin.com/in/jürgen-müller/',
    'http://linkedin.com/in/J%C3%BCrgen-M%C3%BCller',
    'https://m.linkedin.com/in/jürgen-müller/de/?trk=people',
    'linkedin.com/in/JÜRGEN-MÜLLER#experience',
    '  https://de.linkedin.com/in/jürgen-müller/details/experience/  ',
  ])('finds the stakeholder from %s', async (url) => {
    const response = await api.gql<{ profileLookup: Record<string, unknown> }>(org.rep.token, LOOKUP, { url });
    expect(response.data?.profileLookup).toMatchObject({
      __typename: 'ProfileLookup',
      tracked: true,
      stakeholder: {
        fullName: 'Jürgen Müller',
        buyingRoles: ['CHAMPION', 'DECISION_MAKER'],
        account: { name: 'Halcyon Logistics', owner: { name: 'CSM of acme' } },
      },
    });
  });

  it('shows our threads with whether they are live', async () => {
    const stakeholder = await api.prisma.stakeholder.findFirstOrThrow({ where: { fullName: 'Jürgen Müller' } });
    await api.prisma.relationship.createMany({
      data: [
        {
          organizationId: org.id,
          memberId: org.csm.id,
          stakeholderId: stakeholder.id,
          strength: 'STRONG',
          lastTouchAt: new Date(),
        },
        {
          organizationId: org.id,
          memberId: org.rep.id,
          stakeholderId: stakeholder.id,
          strength: 'MEDIUM',
          lastTouchAt: new Date(Date.now() - 200 * 86_400_000),
        },
      ],
    });
    const response = await api.gql<{ profileLookup: { stakeholder: { relationships: unknown[] } } }>(
      org.rep.token,
      LOOKUP,
      {
        url: 'linkedin.com/in/jürgen-müller',
      },
    );
    expect(response.data?.profileLookup.stakeholder.relationships).toEqual([
      { strength: 'STRONG', live: true, member: { name: 'CSM of acme' } },
      { strength: 'MEDIUM', live: false, member: { name: 'REP of acme' } },
    ]);
  });

  it('answers an untracked person with tracked: false', async () => {
    const response = await api.gql(org.rep.token, LOOKUP, { url: 'https://www.linkedin.com/in/nobody-here/' });
    expect(response.data?.profileLookup).toEqual({
      __typename: 'ProfileLookup',
      profileUrl: 'https://www.linkedin.com/in/nobody-here/',
      tracked: false,
      stakeholder: null,
    });
  });

  it.each(['https://www.linkedin.com/company/halcyon/', 'https://example.com/in/x', '', 'x'.repeat(5000)])(
    'answers %s with a validation error on url',
    async (url) => {
      const response = await api.gql<{ profileLookup: { __typename: string; issues: Array<{ path: string[] }> } }>(
        org.rep.token,
        LOOKUP,
        { url },
      );
      expect(response.data?.profileLookup.__typename).toBe('ValidationError');
      expect(response.data?.profileLookup.issues[0]?.path).toEqual(['url']);
    },
  );
});

describe('eraseStakeholder', () => {
  const ERASE = `mutation($id: ID!) { eraseStakeholder(id: $id) { __typename ... on EraseStakeholderPayload { erasedId } ... on Error { code } } }`;

  it('is refused to a rep', async () => {
    const { stakeholder } = await create({ fullName: 'Kept Person' });
    const response = await api.gql(org.rep.token, ERASE, { id: stakeholder!.id });
    expect(response.data).toEqual({ eraseStakeholder: { __typename: 'ForbiddenError', code: 'FORBIDDEN' } });
  });

  it('removes the person, their history and threads, and stops a silent re-add', async () => {
    const { stakeholder } = await create({
      fullName: 'Erin Erased',
      profileUrl: 'linkedin.com/in/erin-erased',
      email: 'erin@halcyon.example',
      title: 'CFO',
    });
    const row = await api.prisma.stakeholder.findFirstOrThrow({ where: { fullName: 'Erin Erased' } });
    await api.prisma.relationship.create({
      data: { organizationId: org.id, memberId: org.csm.id, stakeholderId: row.id, strength: 'WEAK' },
    });
    const response = await api.gql(org.manager.token, ERASE, { id: stakeholder!.id });
    expect(response.data).toEqual({
      eraseStakeholder: { __typename: 'EraseStakeholderPayload', erasedId: stakeholder!.id },
    });
    expect(await api.prisma.stakeholder.count({ where: { id: row.id } })).toBe(0);
    expect(await api.prisma.employment.count({ where: { stakeholderId: row.id } })).toBe(0);
    expect(await api.prisma.relationship.count({ where: { stakeholderId: row.id } })).toBe(0);
    const tombstones = await api.prisma.erasureTombstone.findMany({ where: { organizationId: org.id } });
    expect(JSON.stringify(tombstones)).not.toMatch(/erin/i);

    const again = await create({ fullName: 'Erin Again', profileUrl: 'https://www.linkedin.com/in/erin-erased/' });
    expect(again).toMatchObject({ __typename: 'ConflictError' });
    expect(again.message).toMatch(/erased/);
    const deliberate = await create({
      fullName: 'Erin Again',
      profileUrl: 'linkedin.com/in/erin-erased',
      allowErasedPerson: true,
    });
    expect(deliberate.__typename).toBe('StakeholderPayload');
  });

  it('answers a second erase of the same id as not found', async () => {
    const { stakeholder } = await create({ fullName: 'Twice' });
    await api.gql(org.admin.token, ERASE, { id: stakeholder!.id });
    const response = await api.gql(org.admin.token, ERASE, { id: stakeholder!.id });
    expect(response.data).toEqual({ eraseStakeholder: { __typename: 'NotFoundError', code: 'NOT_FOUND' } });
  });
});

describe('relationships', () => {
  it('creates a thread once, conflicts on a second, and updates it', async () => {
    const { stakeholder } = await create({ fullName: 'Thread Target' });
    const members = await api.gql<{ members: Array<{ id: string; role: string }> }>(
      org.rep.token,
      '{ members { id role } }',
    );
    const memberId = members.data!.members.find((member) => member.role === 'REP')!.id;
    const CREATE_THREAD = `mutation($input: CreateRelationshipInput!) { createRelationship(input: $input) { __typename ... on RelationshipPayload { relationship { id strength live } } ... on ConflictError { existingId } } }`;
    const input = {
      memberId,
      stakeholderId: stakeholder!.id,
      strength: 'STRONG',
      lastTouchAt: new Date().toISOString(),
    };
    const first = await api.gql<{ createRelationship: { relationship: { id: string; live: boolean } } }>(
      org.rep.token,
      CREATE_THREAD,
      { input },
    );
    expect(first.data?.createRelationship.relationship.live).toBe(true);
    const second = await api.gql(org.rep.token, CREATE_THREAD, { input });
    expect(second.data).toEqual({
      createRelationship: { __typename: 'ConflictError', existingId: first.data?.createRelationship.relationship.id },
    });
    const updated = await api.gql(
      org.rep.token,
      `mutation($input: UpdateRelationshipInput!) { updateRelationship(input: $input) { ... on RelationshipPayload { relationship { strength live } } } }`,
      { input: { id: first.data?.createRelationship.relationship.id, strength: 'WEAK' } },
    );
    expect(updated.data).toEqual({ updateRelationship: { relationship: { strength: 'WEAK', live: false } } });
  });
});

describe('companyLookup', () => {
  it.each([
    'https://www.linkedin.com/company/halcyon/',
    'de.linkedin.com/company/Halcyon/about/?trk=x',
    'linkedin.com/company/halcyon/people/',
  ])('finds the account from %s', async (url) => {
    const response = await api.gql(
      org.rep.token,
      'query($url: String!) { companyLookup(url: $url) { ... on CompanyLookup { companyUrl account { name } } } }',
      { url },
    );
    expect(response.data).toEqual({
      companyLookup: {
        companyUrl: 'https://www.linkedin.com/company/halcyon/',
        account: { name: 'Halcyon Logistics' },
      },
    });
  });

  it('answers an unknown company with account: null and a profile URL with a validation error', async () => {
    const unknown = await api.gql(
      org.rep.token,
      '{ companyLookup(url: "linkedin.com/company/nobody") { ... on CompanyLookup { account { name } } } }',
    );
    expect(unknown.data).toEqual({ companyLookup: { account: null } });
    const wrong = await api.gql(org.rep.token, '{ companyLookup(url: "linkedin.com/in/someone") { __typename } }');
    expect(wrong.data).toEqual({ companyLookup: { __typename: 'ValidationError' } });
  });
});

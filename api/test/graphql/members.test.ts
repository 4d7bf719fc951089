// Organization administration over real HTTP: the operator creates an organization, admins invite,
// change roles, deactivate (through the handover) and reactivate members, and invitees exchange their
// code for a token. Bad input (a used or expired code, removing the last admin) changes nothing.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, startTestApi, type TestApi, type TestOrganization } from '../../../test/support/api.ts';
import { hashInvitationCode } from '../../src/domain/members.ts';
import { encodeId } from '../../src/global-id.ts';
import { MemoryBudgetStore } from '../../src/limits/rate-limit.ts';

const OPERATOR_TOKEN = randomBytes(32).toString('hex');

let api: TestApi;
let org: TestOrganization;

beforeAll(async () => {
  api = await startTestApi({ operatorToken: OPERATOR_TOKEN });
  org = await createOrganization(api.prisma, 'admin');
});
afterAll(() => api.close());

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field and checked with expect
type Loose = Record<string, any>;

interface Answer<T = Loose> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

/** A request with any Authorization header (or none), as a client would send it. */
async function send<T = Loose>(
  authorization: string | null,
  query: string,
  variables?: Record<string, unknown>,
): Promise<Answer<T>> {
  const response = await fetch(api.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as object) };
}
const bearer = (token: string) => `Bearer ${token}`;
const memberId = (id: string) => encodeId('Member', id);

const CREATE_ORGANIZATION = `mutation($input: CreateOrganizationInput!) {
  createOrganization(input: $input) {
    __typename
    ... on CreateOrganizationPayload { organizationName slug adminEmail adminToken replayed }
    ... on ValidationError { code issues { path message } }
    ... on Error { code message }
  }
}`;
const INVITE = `mutation($input: InviteMemberInput!) {
  inviteMember(input: $input) {
    __typename
    ... on InviteMemberPayload { code expiresAt member { id name status role } }
    ... on Error { code message }
  }
}`;
const ACCEPT = `mutation($input: AcceptInvitationInput!) {
  acceptInvitation(input: $input) {
    __typename
    ... on AcceptInvitationPayload { secret member { id name status role } }
    ... on InvitationError { reason }
    ... on Error { code message }
  }
}`;
const CHANGE_ROLE = `mutation($input: ChangeMemberRoleInput!) {
  changeMemberRole(input: $input) {
    __typename
    ... on MemberPayload { member { role status } }
    ... on Error { code message }
  }
}`;
const DEACTIVATE = `mutation($input: DeactivateMemberInput!) {
  deactivateMember(input: $input) {
    __typename
    ... on DeactivateMemberPayload { member { status } accounts { name } }
    ... on Error { code message }
  }
}`;
const REACTIVATE = `mutation($id: ID!) {
  reactivateMember(memberId: $id) {
    __typename
    ... on MemberPayload { member { status } }
    ... on Error { code message }
  }
}`;
const VIEWER = '{ viewer { member { name role status } organization { name currency } } }';

const newOrganization = {
  name: 'Hosted Co',
  currency: 'eur',
  timeZone: 'Europe/Berlin',
  adminName: 'Hana Host',
  adminEmail: 'Hana@Hosted.example',
};

/** A fresh organization of one admin, made through the operator mutation. */
async function hostedOrganization(name: string) {
  const answer = await send(bearer(OPERATOR_TOKEN), CREATE_ORGANIZATION, {
    input: { ...newOrganization, name, adminEmail: `admin@${name.toLowerCase()}.example` },
  });
  const created = answer.data?.createOrganization;
  expect(created?.__typename).toBe('CreateOrganizationPayload');
  const organization = await api.prisma.organization.findUniqueOrThrow({ where: { slug: created.slug } });
  const admin = await api.prisma.member.findFirstOrThrow({ where: { organizationId: organization.id } });
  return { organization, admin, token: created.adminToken as string };
}

async function invite(adminToken: string, name: string, role = 'REP') {
  const answer = await send(bearer(adminToken), INVITE, {
    input: { name, email: `${name.toLowerCase().replace(/\W/g, '')}@invite.example`, role },
  });
  const payload = answer.data?.inviteMember;
  expect(payload?.__typename).toBe('InviteMemberPayload');
  return payload as { code: string; expiresAt: string; member: { id: string; name: string; status: string } };
}

const snapshot = (organizationId: string) =>
  Promise.all([
    api.prisma.member.findMany({ where: { organizationId }, orderBy: { id: 'asc' } }),
    api.prisma.apiToken.findMany({ where: { organizationId }, orderBy: { id: 'asc' }, omit: { lastUsedAt: true } }),
    api.prisma.invitation.findMany({ where: { organizationId }, orderBy: { id: 'asc' } }),
    api.prisma.account.findMany({ where: { organizationId }, orderBy: { id: 'asc' } }),
    api.prisma.event.count({ where: { organizationId } }),
  ]);

describe('the first organization, through the operator', () => {
  it('creates the organization, its admin and a working admin token, and logs both', async () => {
    const answer = await send(bearer(OPERATOR_TOKEN), CREATE_ORGANIZATION, { input: newOrganization });
    const created = answer.data?.createOrganization;
    expect(created).toMatchObject({
      organizationName: 'Hosted Co',
      slug: 'hosted-co',
      adminEmail: 'hana@hosted.example',
    });
    const me = await send(bearer(created.adminToken), VIEWER);
    expect(me.data?.viewer).toEqual({
      member: { name: 'Hana Host', role: 'ADMIN', status: 'ACTIVE' },
      organization: { name: 'Hosted Co', currency: 'EUR' },
    });
    const organization = await api.prisma.organization.findUniqueOrThrow({ where: { slug: 'hosted-co' } });
    expect(organization.settings).toMatchObject({ digestSchedule: { timeZone: 'Europe/Berlin' } });
    const events = await api.prisma.event.findMany({
      where: { organizationId: organization.id },
      orderBy: { seq: 'asc' },
    });
    expect(events.map((event) => [event.kind, event.subjectType, event.payload])).toEqual([
      ['ORGANIZATION_CREATED', 'Organization', {}],
      ['MEMBER_ADDED', 'Member', { member: 'Hana Host', role: 'ADMIN' }],
      ['TOKEN_CREATED', 'ApiToken', { member: 'Hana Host', token: 'First admin token' }],
    ]);
    // The same name again gets a slug of its own.
    const again = await send(bearer(OPERATOR_TOKEN), CREATE_ORGANIZATION, { input: newOrganization });
    expect(again.data?.createOrganization.slug).toBe('hosted-co-2');
  });

  it('refuses bad values with every problem named, and creates nothing', async () => {
    const before = await api.prisma.organization.count();
    const answer = await send(bearer(OPERATOR_TOKEN), CREATE_ORGANIZATION, {
      input: { name: '', currency: 'EURO', timeZone: 'Mars/Base', adminName: 'X', adminEmail: 'not-an-email' },
    });
    const result = answer.data?.createOrganization;
    expect(result.__typename).toBe('ValidationError');
    expect(result.issues.map((issue: { path: string[] }) => issue.path.join('.')).sort()).toEqual([
      'input.adminEmail',
      'input.currency',
      'input.name',
      'input.timeZone',
    ]);
    expect(await api.prisma.organization.count()).toBe(before);
  });

  it('is refused to members, even admins, with nothing created', async () => {
    const before = await api.prisma.organization.count();
    const answer = await send(bearer(org.admin.token), CREATE_ORGANIZATION, { input: newOrganization });
    expect(answer.data?.createOrganization).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
    expect(await api.prisma.organization.count()).toBe(before);
  });

  it.each([
    ['a wrong operator token', bearer(randomBytes(32).toString('hex'))],
    ['the operator token with a character changed', bearer(`${OPERATOR_TOKEN.slice(0, -1)}x`)],
    ['no token', null],
  ])('is refused with %s', async (_name, authorization) => {
    const before = await api.prisma.organization.count();
    const answer = await send(authorization, CREATE_ORGANIZATION, { input: newOrganization });
    expect(answer.status).toBe(401);
    expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await api.prisma.organization.count()).toBe(before);
  });

  it('is refused everywhere when no operator token is configured', async () => {
    const plain = await startTestApi();
    try {
      const response = await fetch(plain.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: bearer(OPERATOR_TOKEN) },
        body: JSON.stringify({ query: CREATE_ORGANIZATION, variables: { input: newOrganization } }),
      });
      expect(response.status).toBe(401);
      expect(await plain.prisma.organization.count()).toBe(0);
    } finally {
      await plain.close();
    }
  });

  it('a retry under the same key answers the same organization with a fresh admin token', async () => {
    const key = `retry-${randomBytes(8).toString('hex')}`;
    const input = { ...newOrganization, name: 'Retried Co', adminEmail: 'ria@retried.example', idempotencyKey: key };
    const before = await api.prisma.organization.count();
    const first = (await send(bearer(OPERATOR_TOKEN), CREATE_ORGANIZATION, { input })).data?.createOrganization;
    expect(first).toMatchObject({ __typename: 'CreateOrganizationPayload', slug: 'retried-co', replayed: false });
    // The answer was lost; the operator sends it again (the e-mail written another way is the same input).
    const again = (
      await send(bearer(OPERATOR_TOKEN), CREATE_ORGANIZATION, {
        input: { ...input, adminEmail: 'Ria@Retried.example' },
      })
    ).data?.createOrganization;
    expect(again).toMatchObject({ __typename: 'CreateOrganizationPayload', slug: 'retried-co', replayed: true });
    expect(again.adminToken).not.toBe(first.adminToken);
    expect(await api.prisma.organization.count()).toBe(before + 1);
    const organization = await api.prisma.organization.findUniqueOrThrow({ where: { slug: 'retried-co' } });
    expect(await api.prisma.member.count({ where: { organizationId: organization.id } })).toBe(1);
    // Only the latest answer's token works: the first was never seen by anyone.
    expect((await send(bearer(first.adminToken), VIEWER)).status).toBe(401);
    expect((await send(bearer(again.adminToken), VIEWER)).data?.viewer.member).toMatchObject({ role: 'ADMIN' });
    const events = await api.prisma.event.findMany({
      where: { organizationId: organization.id },
      orderBy: { seq: 'asc' },
    });
    expect(events.map((event) => event.kind)).toEqual([
      'ORGANIZATION_CREATED',
      'MEMBER_ADDED',
      'TOKEN_CREATED',
      'TOKEN_REVOKED',
      'TOKEN_CREATED',
    ]);
  });

  // A retry stands for a lost answer: once the answer's token was used, or a day later, a retry would
  // only hand the operator a new admin token (and lock the admin out of theirs).
  it.each([
    ['its first admin token was used', { lastUsedAt: new Date() }, {}],
    ['it was created more than a day ago', {}, { createdAt: new Date(Date.now() - 25 * 3_600_000) }],
  ])('a retry after %s is a ConflictError and the admin keeps their token', async (_name, token, organizationData) => {
    const key = `late-${randomBytes(8).toString('hex')}`;
    const name = `Late ${randomBytes(4).toString('hex')} Co`;
    const input = { ...newOrganization, name, adminEmail: 'lia@late.example', idempotencyKey: key };
    const first = (await send(bearer(OPERATOR_TOKEN), CREATE_ORGANIZATION, { input })).data?.createOrganization;
    expect(first).toMatchObject({ __typename: 'CreateOrganizationPayload', replayed: false });
    const organization = await api.prisma.organization.findUniqueOrThrow({ where: { slug: first.slug } });
    await api.prisma.organization.update({ where: { id: organization.id }, data: organizationData });
    await api.prisma.apiToken.updateMany({ where: { organizationId: organization.id }, data: token });
    const before = await snapshot(organization.id);
    const again = await send(bearer(OPERATOR_TOKEN), CREATE_ORGANIZATION, { input });
    expect(again.data?.createOrganization).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    expect(again.data?.createOrganization.message).toContain(first.slug);
    expect(await snapshot(organization.id)).toEqual(before);
    expect((await send(bearer(first.adminToken), VIEWER)).data?.viewer.member).toMatchObject({ role: 'ADMIN' });
  });

  it('the same key with other input is a ConflictError and changes nothing', async () => {
    const key = `conflict-${randomBytes(8).toString('hex')}`;
    const input = { ...newOrganization, name: 'Keyed Co', adminEmail: 'kim@keyed.example', idempotencyKey: key };
    const first = (await send(bearer(OPERATOR_TOKEN), CREATE_ORGANIZATION, { input })).data?.createOrganization;
    expect(first.__typename).toBe('CreateOrganizationPayload');
    const organization = await api.prisma.organization.findUniqueOrThrow({ where: { slug: 'keyed-co' } });
    const count = await api.prisma.organization.count();
    const before = await snapshot(organization.id);
    for (const other of [{ name: 'Other Co' }, { currency: 'USD' }, { timeZone: 'UTC' }, { adminName: 'Kai' }]) {
      const answer = await send(bearer(OPERATOR_TOKEN), CREATE_ORGANIZATION, { input: { ...input, ...other } });
      expect(answer.data?.createOrganization).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    }
    expect(await api.prisma.organization.count()).toBe(count);
    expect(await snapshot(organization.id)).toEqual(before);
    expect((await send(bearer(first.adminToken), VIEWER)).status).toBe(200);
  });

  it('refuses a malformed key with a ValidationError, creating nothing', async () => {
    const before = await api.prisma.organization.count();
    const answer = await send(bearer(OPERATOR_TOKEN), CREATE_ORGANIZATION, {
      input: { ...newOrganization, name: 'Badkey Co', idempotencyKey: 'short' },
    });
    const result = answer.data?.createOrganization;
    expect(result.__typename).toBe('ValidationError');
    expect(result.issues.map((issue: { path: string[] }) => issue.path.join('.'))).toEqual(['input.idempotencyKey']);
    expect(await api.prisma.organization.count()).toBe(before);
  });

  it('concurrent calls under one key create one organization and leave one working admin token', async () => {
    const key = `together-${randomBytes(8).toString('hex')}`;
    const input = { ...newOrganization, name: 'Together Co', adminEmail: 'tia@together.example', idempotencyKey: key };
    const before = await api.prisma.organization.count();
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => send(bearer(OPERATOR_TOKEN), CREATE_ORGANIZATION, { input })),
    );
    const payloads = answers.map((answer) => answer.data?.createOrganization);
    for (const payload of payloads) {
      expect(payload).toMatchObject({ __typename: 'CreateOrganizationPayload', slug: 'together-co' });
    }
    expect(payloads.filter((payload) => !payload.replayed)).toHaveLength(1);
    expect(await api.prisma.organization.count()).toBe(before + 1);
    const organization = await api.prisma.organization.findUniqueOrThrow({ where: { creationKey: key } });
    expect(await api.prisma.member.count({ where: { organizationId: organization.id } })).toBe(1);
    const live = await api.prisma.apiToken.count({ where: { organizationId: organization.id, revokedAt: null } });
    expect(live).toBe(1);
    const working = await Promise.all(
      payloads.map(async (payload) => (await send(bearer(payload.adminToken), VIEWER)).status),
    );
    expect(working.filter((status) => status === 200)).toHaveLength(1);
  });

  it.each([
    ['viewer', VIEWER],
    ['members', '{ members { name email } }'],
    ['accounts', '{ accounts(first: 5) { nodes { name } } }'],
    ['a member by id', `{ node(id: "${memberId('00000000-0000-4000-8000-000000000000')}") { id } }`],
  ])('never reads tenant data: %s', async (_name, query) => {
    const answer = await send(bearer(OPERATOR_TOKEN), query);
    expect(answer.errors?.length).toBeGreaterThan(0);
    expect(answer.errors?.every((error) => error.extensions?.code === 'FORBIDDEN')).toBe(true);
    expect(JSON.stringify(answer.data ?? null)).not.toMatch(/admin|REP of|@/);
  });
});

describe('invitations', () => {
  it('invite, exchange, and the new member works with their own token', async () => {
    const { organization, token } = await hostedOrganization('Inviting');
    const invited = await invite(token, 'Ivy Invitee', 'CSM');
    expect(invited.member.status).toBe('INVITED');
    expect(invited.code).toMatch(/^twi_/);
    const days = (Date.parse(invited.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
    // Only the hash is kept.
    const stored = await api.prisma.invitation.findFirstOrThrow({ where: { organizationId: organization.id } });
    expect(stored.codeHash).toBe(hashInvitationCode(invited.code));
    expect(JSON.stringify(stored)).not.toContain(invited.code.slice(4));
    const listed = await send(bearer(token), '{ members { name status } }');
    expect(listed.data?.members).toContainEqual({ name: 'Ivy Invitee', status: 'INVITED' });

    const accepted = await send(`Invitation ${invited.code}`, ACCEPT, { input: { tokenName: 'laptop' } });
    const payload = accepted.data?.acceptInvitation;
    expect(payload).toMatchObject({ __typename: 'AcceptInvitationPayload', member: { status: 'ACTIVE', role: 'CSM' } });
    const me = await send(bearer(payload.secret), VIEWER);
    expect(me.data?.viewer.member).toEqual({ name: 'Ivy Invitee', role: 'CSM', status: 'ACTIVE' });
    const kinds = await api.prisma.event.findMany({
      where: { organizationId: organization.id, kind: { in: ['MEMBER_INVITED', 'MEMBER_JOINED'] } },
      orderBy: { seq: 'asc' },
    });
    expect(kinds.map((event) => [event.kind, event.payload, event.subjectId])).toEqual([
      ['MEMBER_INVITED', { member: 'Ivy Invitee', role: 'CSM' }, stored.memberId],
      ['MEMBER_JOINED', { member: 'Ivy Invitee', role: 'CSM' }, stored.memberId],
    ]);
    expect(kinds[1]?.requestId).toBeTruthy();
    // The invitee's token is like any other: it expires, and its creation is in the audit trail.
    const issued = await api.prisma.apiToken.findFirstOrThrow({ where: { memberId: stored.memberId } });
    expect(issued.expiresAt?.getTime()).toBeGreaterThan(Date.now() + 80 * 86_400_000);
    expect(
      await api.prisma.event.count({
        where: { kind: 'TOKEN_CREATED', subjectId: issued.id, actorId: stored.memberId },
      }),
    ).toBe(1);
  });

  it('a code used twice is an InvitationError the second time, and nothing changes', async () => {
    const { organization, token } = await hostedOrganization('Twice');
    const invited = await invite(token, 'Tom Twice');
    const first = await send(`Invitation ${invited.code}`, ACCEPT, { input: { tokenName: 'one' } });
    expect(first.data?.acceptInvitation.__typename).toBe('AcceptInvitationPayload');
    const before = await snapshot(organization.id);
    const second = await send(`Invitation ${invited.code}`, ACCEPT, { input: { tokenName: 'two' } });
    expect(second.data?.acceptInvitation).toMatchObject({
      __typename: 'InvitationError',
      code: 'INVITATION_INVALID',
      reason: 'USED',
    });
    expect(await snapshot(organization.id)).toEqual(before);
  });

  it('an expired code is an InvitationError, and nothing changes', async () => {
    const { organization, token } = await hostedOrganization('Expired');
    const invited = await invite(token, 'Eve Expired');
    await api.prisma.invitation.updateMany({
      where: { organizationId: organization.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const before = await snapshot(organization.id);
    const answer = await send(`Invitation ${invited.code}`, ACCEPT, { input: { tokenName: 'late' } });
    expect(answer.data?.acceptInvitation).toMatchObject({ __typename: 'InvitationError', reason: 'EXPIRED' });
    expect(await snapshot(organization.id)).toEqual(before);
    const listed = await send(bearer(token), '{ members { name status } }');
    expect(listed.data?.members).toContainEqual({ name: 'Eve Expired', status: 'INVITED' });
  });

  it.each([
    ['an unknown code', `twi_${randomBytes(32).toString('base64url')}`],
    ['a malformed code', 'not-a-code'],
    ['a member token as a code', 'tw_abc'],
  ])('%s is an InvitationError', async (_name, code) => {
    const before = await api.prisma.apiToken.count();
    const answer = await send(`Invitation ${code}`, ACCEPT, { input: { tokenName: 'guess' } });
    expect(answer.data?.acceptInvitation).toMatchObject({ __typename: 'InvitationError', reason: 'UNKNOWN' });
    expect(await api.prisma.apiToken.count()).toBe(before);
  });

  it('two exchanges of one code at the same moment: exactly one wins', async () => {
    const { organization, token } = await hostedOrganization('Race');
    const invited = await invite(token, 'Rita Race');
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        send(`Invitation ${invited.code}`, ACCEPT, { input: { tokenName: `t${i}` } }),
      ),
    );
    const kinds = answers.map((answer) => answer.data?.acceptInvitation.__typename).sort();
    expect(kinds).toEqual(['AcceptInvitationPayload', ...Array(5).fill('InvitationError')]);
    const member = await api.prisma.member.findFirstOrThrow({
      where: { organizationId: organization.id, name: 'Rita Race' },
    });
    expect(await api.prisma.apiToken.count({ where: { memberId: member.id } })).toBe(1);
    expect(await api.prisma.event.count({ where: { organizationId: organization.id, kind: 'MEMBER_JOINED' } })).toBe(1);
  });

  it('an invitation code reads nothing', async () => {
    const { token } = await hostedOrganization('Nosy');
    const invited = await invite(token, 'Nora Nosy');
    const answer = await send(`Invitation ${invited.code}`, '{ members { name email } }');
    expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(answer.data ?? null).toBeNull();
  });

  it('inviting again replaces the code; an existing member is a conflict; only admins invite', async () => {
    const { organization, token } = await hostedOrganization('Again');
    const first = await invite(token, 'Al Again');
    const second = await invite(token, 'Al Again');
    expect(second.member.id).toBe(first.member.id);
    const old = await send(`Invitation ${first.code}`, ACCEPT, { input: { tokenName: 'old' } });
    expect(old.data?.acceptInvitation.reason).toBe('UNKNOWN');
    const taken = await send(bearer(token), INVITE, {
      input: { name: 'Someone', email: `admin@again.example`, role: 'REP' },
    });
    expect(taken.data?.inviteMember.__typename).toBe('ConflictError');
    const before = await snapshot(organization.id);
    for (const role of ['manager', 'csm', 'rep'] as const) {
      const refused = await send(bearer(org[role].token), INVITE, {
        input: { name: 'Mallory', email: 'mallory@evil.example', role: 'ADMIN' },
      });
      expect(refused.data?.inviteMember.code).toBe('FORBIDDEN');
    }
    expect(await snapshot(organization.id)).toEqual(before);
    expect(await api.prisma.member.count({ where: { email: 'mallory@evil.example' } })).toBe(0);
  });
});

describe('the permission check comes before the input check', () => {
  const WEBHOOK = `mutation($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) { __typename ... on Error { code message } }
  }`;
  it.each([
    ['a rep inviting', () => org.rep.token, INVITE, 'inviteMember', { name: '', email: 'not-an-email', role: 'REP' }],
    [
      'a manager inviting',
      () => org.manager.token,
      INVITE,
      'inviteMember',
      { name: 'x'.repeat(500), email: '@', role: 'ADMIN' },
    ],
    ['the operator inviting', () => OPERATOR_TOKEN, INVITE, 'inviteMember', { name: '', email: 'nope', role: 'REP' }],
    [
      'a rep adding a webhook endpoint',
      () => org.rep.token,
      WEBHOOK,
      'createWebhookEndpoint',
      { url: 'https://hooks.example.com/x', events: ['FLAG_CREATED'], description: 'x'.repeat(5_000) },
    ],
  ])(
    '%s with malformed input is FORBIDDEN, saying nothing of what the input must be',
    async (_name, token, query, field, input) => {
      const before = await snapshot(org.id);
      const answer = await send(bearer(token()), query, { input });
      expect(answer.data?.[field]).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
      expect(JSON.stringify(answer)).not.toMatch(/e-mail|characters|issues/i);
      expect(await snapshot(org.id)).toEqual(before);
    },
  );

  it('an allowed caller still gets every problem with the input', async () => {
    const answer = await send(bearer(org.admin.token), INVITE, {
      input: { name: '', email: 'not-an-email', role: 'REP' },
    });
    expect(answer.data?.inviteMember).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION' });
  });
});

describe('roles and the last admin', () => {
  it('demoting the only admin (yourself) is a LastAdminError, and nothing changes', async () => {
    const { organization, admin, token } = await hostedOrganization('Lonely');
    const before = await snapshot(organization.id);
    const answer = await send(bearer(token), CHANGE_ROLE, { input: { memberId: memberId(admin.id), role: 'REP' } });
    expect(answer.data?.changeMemberRole).toMatchObject({ __typename: 'LastAdminError', code: 'LAST_ADMIN' });
    expect(await snapshot(organization.id)).toEqual(before);
  });

  it('deactivating yourself as the last admin is a LastAdminError, and nothing changes', async () => {
    const { organization, admin, token } = await hostedOrganization('Leaving');
    const joined = await invite(token, 'Ron Rep');
    await send(`Invitation ${joined.code}`, ACCEPT, { input: { tokenName: 'r' } });
    const rep = await api.prisma.member.findFirstOrThrow({ where: { organizationId: organization.id, role: 'REP' } });
    await api.prisma.account.create({ data: { organizationId: organization.id, name: 'Owned', ownerId: admin.id } });
    const before = await snapshot(organization.id);
    const answer = await send(bearer(token), DEACTIVATE, {
      input: { memberId: memberId(admin.id), handOverToMemberId: memberId(rep.id) },
    });
    expect(answer.data?.deactivateMember).toMatchObject({ __typename: 'LastAdminError' });
    expect(await snapshot(organization.id)).toEqual(before);
    expect((await send(bearer(token), VIEWER)).data?.viewer.member.status).toBe('ACTIVE');
  });

  it('an invited admin who never joined does not count as the other admin', async () => {
    const { admin, token } = await hostedOrganization('Pending');
    await invite(token, 'Ada Pending', 'ADMIN');
    const answer = await send(bearer(token), CHANGE_ROLE, { input: { memberId: memberId(admin.id), role: 'MANAGER' } });
    expect(answer.data?.changeMemberRole.__typename).toBe('LastAdminError');
  });

  it('a role change is logged and applies from the next request', async () => {
    const { organization, token } = await hostedOrganization('Roles');
    const invited = await invite(token, 'Bea Second', 'ADMIN');
    const accepted = await send(`Invitation ${invited.code}`, ACCEPT, { input: { tokenName: 'b' } });
    const beaToken = accepted.data?.acceptInvitation.secret as string;
    expect((await invite(beaToken, 'Made By Bea')).member.status).toBe('INVITED');
    const changed = await send(bearer(token), CHANGE_ROLE, { input: { memberId: invited.member.id, role: 'MANAGER' } });
    expect(changed.data?.changeMemberRole).toEqual({
      __typename: 'MemberPayload',
      member: { role: 'MANAGER', status: 'ACTIVE' },
    });
    const refused = await send(bearer(beaToken), INVITE, {
      input: { name: 'Nope', email: 'nope@roles.example', role: 'REP' },
    });
    expect(refused.data?.inviteMember.code).toBe('FORBIDDEN');
    const event = await api.prisma.event.findFirstOrThrow({
      where: { organizationId: organization.id, kind: 'MEMBER_ROLE_CHANGED' },
    });
    expect(event.payload).toEqual({ member: 'Bea Second', fromRole: 'ADMIN', toRole: 'MANAGER' });
    expect(event.subjectType).toBe('Member');
  });

  it('two admins demoting each other at the same moment leave one admin', async () => {
    for (let round = 0; round < 3; round++) {
      const { organization, admin, token } = await hostedOrganization(`Duel${round}`);
      const invited = await invite(token, `Second ${round}`, 'ADMIN');
      const accepted = await send(`Invitation ${invited.code}`, ACCEPT, { input: { tokenName: 'x' } });
      const [a, b] = await Promise.all([
        send(bearer(token), CHANGE_ROLE, { input: { memberId: invited.member.id, role: 'REP' } }),
        send(bearer(accepted.data?.acceptInvitation.secret), CHANGE_ROLE, {
          input: { memberId: memberId(admin.id), role: 'REP' },
        }),
      ]);
      const outcomes = [a, b].map((answer) => answer.data?.changeMemberRole.__typename).sort();
      // Whoever went second is either refused (no admin would be left) or already no admin itself.
      expect(outcomes.filter((kind) => kind === 'MemberPayload')).toHaveLength(1);
      expect(
        await api.prisma.member.count({
          where: { organizationId: organization.id, role: 'ADMIN', deactivatedAt: null },
        }),
      ).toBe(1);
    }
  });

  it('two admins deactivating each other at the same moment leave one admin', async () => {
    const { organization, admin, token } = await hostedOrganization('Standoff');
    const invited = await invite(token, 'Other Admin', 'ADMIN');
    const accepted = await send(`Invitation ${invited.code}`, ACCEPT, { input: { tokenName: 'x' } });
    const other = accepted.data?.acceptInvitation.member.id as string;
    const answers = await Promise.all([
      send(bearer(token), DEACTIVATE, { input: { memberId: other, handOverToMemberId: memberId(admin.id) } }),
      send(bearer(accepted.data?.acceptInvitation.secret), DEACTIVATE, {
        input: { memberId: memberId(admin.id), handOverToMemberId: other },
      }),
    ]);
    // One wins; the other is refused (no admin would be left) or finds its own token already revoked.
    const outcomes = answers.map(
      (answer) => answer.data?.deactivateMember.__typename ?? answer.errors?.[0]?.extensions?.code,
    );
    expect(outcomes.filter((kind) => kind === 'DeactivateMemberPayload')).toHaveLength(1);
    expect(outcomes.filter((kind) => kind !== 'DeactivateMemberPayload')).toEqual([
      expect.stringMatching(/^(LastAdminError|UNAUTHENTICATED)$/),
    ]);
    expect(
      await api.prisma.member.count({ where: { organizationId: organization.id, role: 'ADMIN', deactivatedAt: null } }),
    ).toBe(1);
  });
});

describe('deactivation and reactivation', () => {
  it('hands the accounts over, stops the tokens, logs it; reactivation brings the member back', async () => {
    const { organization, admin, token } = await hostedOrganization('Leavers');
    const invited = await invite(token, 'Lea Leaver');
    const accepted = await send(`Invitation ${invited.code}`, ACCEPT, { input: { tokenName: 'l' } });
    const leaverToken = accepted.data?.acceptInvitation.secret as string;
    const leaver = await api.prisma.member.findFirstOrThrow({
      where: { organizationId: organization.id, name: 'Lea Leaver' },
    });
    await api.prisma.account.create({
      data: { organizationId: organization.id, name: 'Lea’s Account', ownerId: leaver.id },
    });
    expect((await send(bearer(leaverToken), VIEWER)).status).toBe(200);

    const answer = await send(bearer(token), DEACTIVATE, {
      input: { memberId: invited.member.id, handOverToMemberId: memberId(admin.id) },
    });
    expect(answer.data?.deactivateMember).toMatchObject({
      member: { status: 'DEACTIVATED' },
      accounts: [{ name: 'Lea’s Account' }],
    });
    expect((await send(bearer(leaverToken), VIEWER)).status).toBe(401);
    const account = await api.prisma.account.findFirstOrThrow({ where: { organizationId: organization.id } });
    expect(account.ownerId).toBe(admin.id);
    const kinds = await api.prisma.event.findMany({
      where: {
        organizationId: organization.id,
        kind: { in: ['HANDOVER', 'MEMBER_DEACTIVATED', 'MEMBER_REACTIVATED'] },
      },
      orderBy: { seq: 'asc' },
    });
    expect(kinds.map((event) => event.kind)).toEqual(['MEMBER_DEACTIVATED', 'HANDOVER']);
    expect(kinds[0]?.payload).toEqual({ member: 'Lea Leaver', role: 'REP' });
    const listed = await send(bearer(token), '{ members { name status } }');
    expect(listed.data?.members).toContainEqual({ name: 'Lea Leaver', status: 'DEACTIVATED' });

    // Deactivating again changes nothing and is no failure.
    const again = await send(bearer(token), DEACTIVATE, {
      input: { memberId: invited.member.id, handOverToMemberId: memberId(admin.id) },
    });
    expect(again.data?.deactivateMember.member.status).toBe('DEACTIVATED');

    const back = await send(bearer(token), REACTIVATE, { id: invited.member.id });
    expect(back.data?.reactivateMember).toEqual({ __typename: 'MemberPayload', member: { status: 'ACTIVE' } });
    // The old token stays revoked.
    expect((await send(bearer(leaverToken), VIEWER)).status).toBe(401);
    expect(
      await api.prisma.event.count({ where: { organizationId: organization.id, kind: 'MEMBER_REACTIVATED' } }),
    ).toBe(1);
  });

  it('deactivating an invited member retires their code', async () => {
    const { admin, token } = await hostedOrganization('Retire');
    const invited = await invite(token, 'Una Unwanted');
    const answer = await send(bearer(token), DEACTIVATE, {
      input: { memberId: invited.member.id, handOverToMemberId: memberId(admin.id) },
    });
    expect(answer.data?.deactivateMember.member.status).toBe('DEACTIVATED');
    const exchange = await send(`Invitation ${invited.code}`, ACCEPT, { input: { tokenName: 'late' } });
    expect(exchange.data?.acceptInvitation.reason).toBe('UNKNOWN');
  });

  it('handing over to the member themself, or to someone of another organization, changes nothing', async () => {
    const { organization, admin, token } = await hostedOrganization('Nowhere');
    const invited = await invite(token, 'Stay Put');
    const before = await snapshot(organization.id);
    const self = await send(bearer(token), DEACTIVATE, {
      input: { memberId: invited.member.id, handOverToMemberId: invited.member.id },
    });
    expect(self.data?.deactivateMember.__typename).toBe('ValidationError');
    const foreign = await send(bearer(token), DEACTIVATE, {
      input: { memberId: invited.member.id, handOverToMemberId: memberId(org.admin.id) },
    });
    expect(foreign.data?.deactivateMember.__typename).toBe('NotFoundError');
    const stranger = await send(bearer(token), DEACTIVATE, {
      input: { memberId: memberId(org.rep.id), handOverToMemberId: memberId(admin.id) },
    });
    expect(stranger.data?.deactivateMember.__typename).toBe('NotFoundError');
    expect(await snapshot(organization.id)).toEqual(before);
  });

  it('a member of another organization is answered like a missing one, and stays as it was', async () => {
    const { token } = await hostedOrganization('Foreign');
    const theirs = await snapshot(org.id);
    const missing = memberId('00000000-0000-4000-8000-000000000000');
    for (const id of [memberId(org.admin.id), missing]) {
      const role = await send(bearer(token), CHANGE_ROLE, { input: { memberId: id, role: 'REP' } });
      expect(role.data?.changeMemberRole).toMatchObject({ __typename: 'NotFoundError', message: 'Member not found.' });
      const back = await send(bearer(token), REACTIVATE, { id });
      expect(back.data?.reactivateMember).toMatchObject({ __typename: 'NotFoundError', message: 'Member not found.' });
    }
    expect(await snapshot(org.id)).toEqual(theirs);
  });
});

describe('callers without a member token under a budget', () => {
  it('the operator and invitees are charged by their own keys, invitees per client address', async () => {
    const store = new MemoryBudgetStore();
    const budgeted = await startTestApi({
      operatorToken: OPERATOR_TOKEN,
      budget: { limit: { pointsPerMinute: 60, burstPoints: 2_500 }, store },
    });
    try {
      const post = async (authorization: string, query: string, variables: Record<string, unknown>) => {
        const response = await fetch(budgeted.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization },
          body: JSON.stringify({ query, variables }),
        });
        return (await response.json()) as Answer;
      };
      const created = await post(bearer(OPERATOR_TOKEN), CREATE_ORGANIZATION, { input: newOrganization });
      expect(created.data?.createOrganization.__typename).toBe('CreateOrganizationPayload');
      const guess = await post(`Invitation twi_${'x'.repeat(43)}`, ACCEPT, { input: { tokenName: 'x' } });
      expect(guess.data?.acceptInvitation.reason).toBe('UNKNOWN');
      const spent = (key: string) => store.charge(key, 0, { pointsPerMinute: 60, burstPoints: 2_500 });
      // Both requests were charged, each to its own bucket.
      expect((await spent('operator')).level).toBeGreaterThan(0);
      expect((await spent('invitee:127.0.0.1')).level).toBeGreaterThan(0);
      expect((await spent('invitee:10.0.0.1')).level).toBe(0);
    } finally {
      await budgeted.close();
    }
  });
});

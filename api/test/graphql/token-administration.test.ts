// Tokens over real HTTP, as an administrator sees them: every token expires (and an expired one is
// answered TOKEN_EXPIRED, not "invalid"), last use is recorded without a write per request, admins
// list and revoke any member's tokens (one or all at once) while others are answered as not found,
// and every creation and revocation lands in the event log without the secret.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrganization,
  createToken,
  startTestApi,
  type TestApi,
  type TestOrganization,
} from '../../../test/support/api.ts';
import { authenticate, flushLastUse, LAST_USED_RESOLUTION_MS } from '../../src/context.ts';
import { hashToken } from '../../src/domain/api-tokens.ts';
import { encodeId } from '../../src/global-id.ts';

const DAY = 86_400_000;
const LIFETIME = { defaultDays: 30, maxDays: 60 };

let api: TestApi;
let org: TestOrganization;

beforeAll(async () => {
  api = await startTestApi({ tokenLifetime: LIFETIME });
  org = await createOrganization(api.prisma, 'admin-tokens');
});
afterAll(() => api.close());

const CREATE = `mutation($input: CreateApiTokenInput!) {
  createApiToken(input: $input) {
    __typename
    ... on CreateApiTokenPayload { secret token { id name expiresAt status } }
    ... on ValidationError { issues { path message } }
    ... on Error { code message }
  }
}`;
const VIEWER = '{ viewer { role } }';
const LIST = `query($memberId: ID) { apiTokens(memberId: $memberId) { id name status expiresAt lastUsedAt revokedAt } }`;
const REVOKE = `mutation($id: ID!) {
  revokeApiToken(id: $id) { __typename ... on RevokeApiTokenPayload { token { status revokedAt } } ... on Error { code } }
}`;
const REVOKE_ALL = `mutation($memberId: ID!) {
  revokeMemberTokens(memberId: $memberId) {
    __typename
    ... on RevokeMemberTokensPayload { revokedCount member { name } }
    ... on Error { code message }
  }
}`;

interface Created {
  __typename: string;
  secret?: string;
  token?: { id: string; name: string; expiresAt: string; status: string };
  issues?: Array<{ path: string[]; message: string }>;
  code?: string;
}
interface TokenRow {
  id: string;
  name: string;
  status: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

async function newMember(role: 'ADMIN' | 'MANAGER' | 'CSM' | 'REP', name: string) {
  const row = await api.prisma.member.create({
    data: { organizationId: org.id, name, email: `${name}@admin-tokens.example`, role },
  });
  return { id: row.id, gid: encodeId('Member', row.id), token: await createToken(api.prisma, org.id, row.id) };
}

const create = async (secret: string, input: Record<string, unknown>) =>
  (await api.gql<{ createApiToken: Created }>(secret, CREATE, { input })).data?.createApiToken as Created;

describe('every token expires', () => {
  it('gives a new token the configured default lifetime, or the days or instant asked for', async () => {
    const before = Date.now();
    const byDefault = await create(org.rep.token, { name: 'default' });
    expect(byDefault.__typename).toBe('CreateApiTokenPayload');
    const defaultAt = Date.parse(byDefault.token!.expiresAt);
    expect(defaultAt).toBeGreaterThanOrEqual(before + LIFETIME.defaultDays * DAY);
    expect(defaultAt).toBeLessThanOrEqual(Date.now() + LIFETIME.defaultDays * DAY);
    expect(byDefault.token?.status).toBe('ACTIVE');

    const inDays = await create(org.rep.token, { name: 'a week', expiresInDays: 7 });
    expect(Date.parse(inDays.token!.expiresAt) - before).toBeGreaterThanOrEqual(7 * DAY);
    expect(Date.parse(inDays.token!.expiresAt) - Date.now()).toBeLessThanOrEqual(7 * DAY);

    const at = new Date(Date.now() + 3 * DAY).toISOString();
    expect((await create(org.rep.token, { name: 'instant', expiresAt: at })).token?.expiresAt).toBe(at);
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['a past instant', { expiresAt: new Date(Date.now() - 60_000).toISOString() }, 'expiresAt', /future/],
    [
      'an instant beyond the maximum',
      { expiresAt: new Date(Date.now() + 61 * DAY).toISOString() },
      'expiresAt',
      /at most 60 days/,
    ],
    ['more days than the maximum', { expiresInDays: 61 }, 'expiresInDays', /1 to 60/],
    ['zero days', { expiresInDays: 0 }, 'expiresInDays', /1 to 60/],
    [
      'both forms',
      { expiresInDays: 3, expiresAt: new Date(Date.now() + DAY).toISOString() },
      'expiresInDays',
      /not both/,
    ],
  ])('refuses %s with a ValidationError, storing and recording nothing', async (_case, input, field, message) => {
    const tokens = await api.prisma.apiToken.count();
    const events = await api.prisma.event.count();
    const result = await create(org.csm.token, { name: 'refused', ...input });
    expect(result).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION' });
    expect(result.issues?.[0]?.path).toEqual(['input', field]);
    expect(result.issues?.[0]?.message).toMatch(message);
    expect(await api.prisma.apiToken.count()).toBe(tokens);
    expect(await api.prisma.event.count()).toBe(events);
  });

  it('answers an expired token with 401 TOKEN_EXPIRED naming the date, distinct from an unknown or revoked one', async () => {
    const expiresAt = new Date(Date.now() - 5_000);
    const expired = await createToken(api.prisma, org.id, org.csm.id, 'FULL', expiresAt);
    const response = await api.gql(expired, VIEWER);
    expect(response.status).toBe(401);
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.[0]?.extensions).toEqual({ code: 'TOKEN_EXPIRED', expiresAt: expiresAt.toISOString() });
    expect(response.errors?.[0]?.message).toContain(`expired on ${expiresAt.toISOString()}`);

    // Revoked wins over expired: nothing about a revoked token's dates is told.
    const both = await createToken(api.prisma, org.id, org.csm.id, 'FULL', expiresAt);
    await api.prisma.apiToken.update({ where: { tokenHash: hashToken(both) }, data: { revokedAt: new Date() } });
    const unknown = `tw_${'B'.repeat(43)}`;
    for (const secret of [both, unknown]) {
      const refused = await api.gql(secret, VIEWER);
      expect(refused.status).toBe(401);
      expect(refused.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED' });
    }
  });

  it('answers an expired token on the report export the same way', async () => {
    const expiresAt = new Date(Date.now() - 1_000);
    const expired = await createToken(api.prisma, org.id, org.admin.id, 'FULL', expiresAt);
    const url = new URL('/reports/turnover.json', api.url);
    url.searchParams.set('from', '2026-01-01T00:00:00Z');
    url.searchParams.set('to', '2026-02-01T00:00:00Z');
    const response = await fetch(url, { headers: { authorization: `Bearer ${expired}` } });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      error: { code: 'TOKEN_EXPIRED', expiresAt: expiresAt.toISOString() },
    });
  });

  it('tells a client when its own token expires', async () => {
    const secret = (await create(org.rep.token, { name: 'soon', expiresInDays: 3 })).secret!;
    const response = await api.gql<{ viewer: { token: { name: string; expiresAt: string; status: string } } }>(
      secret,
      '{ viewer { token { name expiresAt status } } }',
    );
    expect(response.data?.viewer.token).toMatchObject({ name: 'soon', status: 'ACTIVE' });
    expect(Date.parse(response.data!.viewer.token.expiresAt) - Date.now()).toBeLessThanOrEqual(3 * DAY);
  });
});

describe('last used', () => {
  it('is shown in apiTokens, moves with use, and is written at most once a minute', async () => {
    const member = await newMember('REP', 'user');
    const stored = () => api.prisma.apiToken.findUniqueOrThrow({ where: { tokenHash: hashToken(member.token) } });
    expect((await stored()).lastUsedAt).toBeNull();

    expect((await api.gql(member.token, VIEWER)).status).toBe(200);
    await flushLastUse();
    const first = (await stored()).lastUsedAt;
    expect(first).not.toBeNull();
    const listed = await api.gql<{ apiTokens: TokenRow[] }>(member.token, LIST);
    expect(listed.data?.apiTokens[0]?.lastUsedAt).toBe(first?.toISOString());

    // Twenty more requests within the minute write nothing.
    for (let i = 0; i < 20; i++) expect((await api.gql(member.token, VIEWER)).status).toBe(200);
    await flushLastUse();
    expect((await stored()).lastUsedAt).toEqual(first);

    // A use a minute later moves it.
    const later = new Date(first!.getTime() + LAST_USED_RESOLUTION_MS + 1_000);
    await authenticate(api.prisma, `Bearer ${member.token}`, later);
    await flushLastUse();
    expect((await stored()).lastUsedAt).toEqual(later);
    const again = await api.gql<{ apiTokens: TokenRow[] }>(member.token, LIST);
    expect(again.data?.apiTokens[0]?.lastUsedAt).toBe(later.toISOString());
  });

  it('is written after the request is answered, in a batch a second later, not on its path', async () => {
    const member = await newMember('REP', 'batched');
    const stored = () => api.prisma.apiToken.findUniqueOrThrow({ where: { tokenHash: hashToken(member.token) } });
    const before = Date.now();
    expect((await api.gql(member.token, VIEWER)).status).toBe(200);
    expect((await stored()).lastUsedAt).toBeNull();
    await expect.poll(async () => (await stored()).lastUsedAt, { timeout: 5_000, interval: 100 }).not.toBeNull();
    expect((await stored()).lastUsedAt!.getTime()).toBeGreaterThanOrEqual(before);
  });
});

describe('admins and the tokens of others', () => {
  it('lets an admin list and revoke a member’s token; the token stops working at once', async () => {
    const rep = await newMember('REP', 'listed');
    const listed = await api.gql<{ apiTokens: TokenRow[] }>(org.admin.token, LIST, { memberId: rep.gid });
    expect(listed.data?.apiTokens).toHaveLength(1);
    const id = listed.data!.apiTokens[0]!.id;
    const revoked = await api.gql<{ revokeApiToken: { __typename: string; token: { status: string } } }>(
      org.admin.token,
      REVOKE,
      { id },
    );
    expect(revoked.data?.revokeApiToken).toMatchObject({
      __typename: 'RevokeApiTokenPayload',
      token: { status: 'REVOKED' },
    });
    const refused = await api.gql(rep.token, VIEWER);
    expect(refused.status).toBe(401);
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('revokes all of a member’s tokens at once, each recorded, and a second call revokes nothing', async () => {
    const csm = await newMember('CSM', 'all-gone');
    const more = [
      (await create(csm.token, { name: 'laptop' })).secret!,
      (await create(org.admin.token, { name: 'dashboard', scope: 'READ_ONLY', memberId: csm.gid })).secret!,
    ];
    for (const secret of [csm.token, ...more]) expect((await api.gql(secret, VIEWER)).status).toBe(200);
    const other = await api.gql(org.csm.token, VIEWER);
    expect(other.status).toBe(200);

    const response = await api.gql<{ revokeMemberTokens: { revokedCount: number; member: { name: string } } }>(
      org.admin.token,
      REVOKE_ALL,
      { memberId: csm.gid },
    );
    expect(response.data?.revokeMemberTokens).toEqual({
      __typename: 'RevokeMemberTokensPayload',
      revokedCount: 3,
      member: { name: 'all-gone' },
    });
    for (const secret of [csm.token, ...more]) expect((await api.gql(secret, VIEWER)).status).toBe(401);
    expect((await api.gql(org.csm.token, VIEWER)).status).toBe(200);

    const ids = (await api.prisma.apiToken.findMany({ where: { memberId: csm.id } })).map((token) => token.id);
    const events = await api.prisma.event.findMany({ where: { kind: 'TOKEN_REVOKED', subjectId: { in: ids } } });
    expect(events).toHaveLength(3);
    expect(events.every((event) => event.actorId === org.admin.id && event.subjectType === 'ApiToken')).toBe(true);
    expect(events.map((event) => (event.payload as { token: string }).token).sort()).toEqual([
      'dashboard',
      'laptop',
      'test FULL',
    ]);

    const second = await api.gql<{ revokeMemberTokens: { revokedCount: number } }>(org.admin.token, REVOKE_ALL, {
      memberId: csm.gid,
    });
    expect(second.data?.revokeMemberTokens.revokedCount).toBe(0);
    expect(await api.prisma.event.count({ where: { kind: 'TOKEN_REVOKED', subjectId: { in: ids } } })).toBe(3);
  });

  it.each<[string, () => Promise<string>]>([
    ['a manager (FULL)', async () => org.manager.token],
    ['a rep (FULL)', async () => org.rep.token],
    ['an admin’s READ_ONLY token', () => createToken(api.prisma, org.id, org.admin.id, 'READ_ONLY')],
  ])('answers %s about another member’s tokens exactly as about a missing member', async (_case, token) => {
    const secret = await token();
    const target = await newMember('CSM', `target-${Math.random().toString(36).slice(2, 8)}`);
    const missing = encodeId('Member', '00000000-0000-4000-8000-000000000000');

    const list = await api.gql(secret, LIST, { memberId: target.gid });
    const listMissing = await api.gql(secret, LIST, { memberId: missing });
    expect(list.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(list).toEqual(listMissing);

    const all = await api.gql(secret, REVOKE_ALL, { memberId: target.gid });
    expect(all.data).toMatchObject({ revokeMemberTokens: { __typename: 'NotFoundError', code: 'NOT_FOUND' } });
    expect(all).toEqual(await api.gql(secret, REVOKE_ALL, { memberId: missing }));

    const tokenId = encodeId(
      'ApiToken',
      (await api.prisma.apiToken.findFirstOrThrow({ where: { memberId: target.id } })).id,
    );
    const one = await api.gql(secret, REVOKE, { id: tokenId });
    expect(one.data).toMatchObject({ revokeApiToken: { __typename: 'NotFoundError' } });

    expect(await api.prisma.apiToken.count({ where: { memberId: target.id, revokedAt: { not: null } } })).toBe(0);
    expect((await api.gql(target.token, VIEWER)).status).toBe(200);
  });

  it('lets a member revoke all of their own tokens, and refuses a member of another organization as missing', async () => {
    const rep = await newMember('REP', 'self-revoker');
    const own = await api.gql<{ revokeMemberTokens: { revokedCount: number } }>(rep.token, REVOKE_ALL, {
      memberId: rep.gid,
    });
    expect(own.data?.revokeMemberTokens.revokedCount).toBe(1);
    expect((await api.gql(rep.token, VIEWER)).status).toBe(401);

    const elsewhere = await createOrganization(api.prisma, 'elsewhere');
    const foreign = await api.gql(org.admin.token, REVOKE_ALL, { memberId: encodeId('Member', elsewhere.rep.id) });
    expect(foreign.data).toMatchObject({ revokeMemberTokens: { __typename: 'NotFoundError' } });
    expect((await api.gql(elsewhere.rep.token, VIEWER)).status).toBe(200);
  });
});

describe('the audit trail of tokens', () => {
  it('records TOKEN_CREATED and TOKEN_REVOKED with member and token names, never the secret or its hash', async () => {
    const rep = await newMember('REP', 'Audited Rep');
    const created = await create(org.admin.token, { name: 'ci bot', memberId: rep.gid });
    const id = created.token!.id;
    const rowId = (await api.prisma.apiToken.findFirstOrThrow({ where: { memberId: rep.id, name: 'ci bot' } })).id;
    await api.gql(org.admin.token, REVOKE, { id });
    await api.gql(org.admin.token, REVOKE, { id }); // a second revocation changes and records nothing

    const events = await api.prisma.event.findMany({ where: { subjectId: rowId }, orderBy: { seq: 'asc' } });
    expect(events.map((event) => [event.kind, event.actorId, event.subjectType, event.payload])).toEqual([
      ['TOKEN_CREATED', org.admin.id, 'ApiToken', { member: 'Audited Rep', token: 'ci bot' }],
      ['TOKEN_REVOKED', org.admin.id, 'ApiToken', { member: 'Audited Rep', token: 'ci bot' }],
    ]);
    expect(events.every((event) => event.requestId !== null)).toBe(true);
    const hash = hashToken(created.secret!);
    const everything = JSON.stringify(
      await api.prisma.event.findMany({ where: { organizationId: org.id } }),
      (_k, v) => (typeof v === 'bigint' ? String(v) : v),
    );
    expect(everything).not.toContain(created.secret!);
    expect(everything).not.toContain(hash);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrganization,
  createToken,
  startTestApi,
  type TestApi,
  type TestOrganization,
} from '../../../test/support/api.ts';
import { authenticate, flushLastUse, TOKEN_TRUST_MS } from '../../src/context.ts';
import { hashToken } from '../../src/domain/api-tokens.ts';
import { encodeId } from '../../src/global-id.ts';

let api: TestApi;
let org: TestOrganization;

beforeAll(async () => {
  api = await startTestApi();
  org = await createOrganization(api.prisma, 'acme');
});
afterAll(() => api.close());

const VIEWER = '{ viewer { role tokenScope member { name } organization { slug } } }';

describe('authentication', () => {
  it('answers a valid token with the viewer', async () => {
    const response = await api.gql(org.rep.token, VIEWER);
    expect(response.status).toBe(200);
    expect(response.data).toEqual({
      viewer: { role: 'REP', tokenScope: 'FULL', member: { name: 'REP of acme' }, organization: { slug: 'acme' } },
    });
  });

  it.each([
    ['no header', null, /Missing API token/],
    ['a malformed header', 'Basic abc', /Malformed Authorization header/],
    ['an unknown token', `Bearer tw_${'A'.repeat(43)}`, /Invalid or revoked/],
  ])('refuses %s with UNAUTHENTICATED', async (_case, header, message) => {
    const response = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(header ? { authorization: header } : {}) },
      body: JSON.stringify({ query: VIEWER }),
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect(body.errors[0]?.message).toMatch(message);
  });

  it('refuses a revoked token', async () => {
    const token = await createToken(api.prisma, org.id, org.csm.id);
    const tokens = await api.gql<{ apiTokens: Array<{ id: string; name: string }> }>(
      token,
      '{ apiTokens { id name } }',
    );
    const id = tokens.data?.apiTokens[0]?.id;
    expect(id).toBeTruthy();
    const revoked = await api.gql(
      token,
      'mutation($id: ID!) { revokeApiToken(id: $id) { __typename ... on RevokeApiTokenPayload { token { revokedAt } } } }',
      { id },
    );
    expect(revoked.data).toMatchObject({ revokeApiToken: { __typename: 'RevokeApiTokenPayload' } });
    const after = await api.gql(token, VIEWER);
    expect(after.status).toBe(401);
    expect(after.errors?.[0]?.message).toMatch(/revoked/);
  });

  it('refuses an expired token and says so', async () => {
    const token = await createToken(api.prisma, org.id, org.csm.id, 'FULL', new Date(Date.now() - 1000));
    const response = await api.gql(token, VIEWER);
    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.message).toMatch(/expired/);
    expect(response.errors?.[0]?.extensions?.code).toBe('TOKEN_EXPIRED');
  });

  it('refuses the token of a member who left, at once when they leave through this server', async () => {
    const member = await api.prisma.member.create({
      data: { organizationId: org.id, name: 'Leaver', email: 'leaver@acme.example', role: 'REP' },
    });
    const token = await createToken(api.prisma, org.id, member.id);
    expect((await api.gql(token, VIEWER)).status).toBe(200);
    const handover = await api.gql(
      org.manager.token,
      'mutation($input: HandOverAccountsInput!) { handOverAccounts(input: $input) { __typename } }',
      {
        input: {
          fromMemberId: encodeId('Member', member.id),
          toMemberId: encodeId('Member', org.csm.id),
          deactivate: true,
        },
      },
    );
    expect(handover.data).toEqual({ handOverAccounts: { __typename: 'HandOverAccountsPayload' } });
    const after = await api.gql(token, VIEWER);
    expect(after.status).toBe(401);
    expect(after.errors?.[0]?.message).toMatch(/revoked/);
  });

  it('refuses a token revoked or a member deactivated by another server within the trust time', async () => {
    const member = await api.prisma.member.create({
      data: { organizationId: org.id, name: 'Gone', email: 'gone@acme.example', role: 'REP' },
    });
    const departing = await createToken(api.prisma, org.id, member.id);
    const revoked = await createToken(api.prisma, org.id, org.csm.id);
    expect((await api.gql(departing, VIEWER)).status).toBe(200);
    expect((await api.gql(revoked, VIEWER)).status).toBe(200);
    // Written straight to the database, as another API process serving it would.
    await api.prisma.member.update({ where: { id: member.id }, data: { deactivatedAt: new Date() } });
    await api.prisma.apiToken.update({ where: { tokenHash: hashToken(revoked) }, data: { revokedAt: new Date() } });
    await new Promise((resolve) => setTimeout(resolve, TOKEN_TRUST_MS + 50));
    expect((await api.gql(departing, VIEWER)).status).toBe(401);
    expect((await api.gql(revoked, VIEWER)).status).toBe(401);
  });

  it('checks expiry on every request, also while the token is trusted', async () => {
    const token = await createToken(api.prisma, org.id, org.csm.id, 'FULL', new Date(Date.now() + TOKEN_TRUST_MS / 2));
    const header = `Bearer ${token}`;
    const viewer = await authenticate(api.prisma, header);
    expect(viewer.memberId).toBe(org.csm.id);
    await expect(authenticate(api.prisma, header, new Date(Date.now() + TOKEN_TRUST_MS / 2 + 1))).rejects.toThrow(
      /expired/,
    );
  });

  it('records when a token was last used', async () => {
    const token = await createToken(api.prisma, org.id, org.manager.id);
    await api.gql(token, VIEWER);
    await flushLastUse(); // written off the request's path
    const rows = await api.prisma.apiToken.findMany({ where: { memberId: org.manager.id, lastUsedAt: { not: null } } });
    expect(rows.length).toBeGreaterThan(0);
  });
});

describe('tokens', () => {
  const CREATE = `mutation($input: CreateApiTokenInput!) {
    createApiToken(input: $input) {
      __typename
      ... on CreateApiTokenPayload { secret token { name scope prefix } }
      ... on Error { code message }
    }
  }`;

  it('shows a new secret once, stores only its hash, and the secret works', async () => {
    const response = await api.gql<{
      createApiToken: { secret: string; token: { name: string; scope: string; prefix: string } };
    }>(org.rep.token, CREATE, { input: { name: 'extension', scope: 'FLAGGING' } });
    const payload = response.data?.createApiToken;
    expect(payload?.token).toMatchObject({ name: 'extension', scope: 'FLAGGING' });
    expect(payload?.secret.startsWith(payload.token.prefix)).toBe(true);
    const stored = await api.prisma.apiToken.findMany({ where: { name: 'extension' } });
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(payload?.secret);
    const viewer = await api.gql<{ viewer: { tokenScope: string } }>(payload?.secret ?? '', VIEWER);
    expect(viewer.data?.viewer.tokenScope).toBe('FLAGGING');
  });

  it('does not let a rep create a token for someone else', async () => {
    const managerId = (
      await api.gql<{ members: Array<{ id: string; role: string }> }>(org.rep.token, '{ members { id role } }')
    ).data?.members.find((member) => member.role === 'MANAGER')?.id;
    const response = await api.gql(org.rep.token, CREATE, { input: { name: 'sneaky', memberId: managerId } });
    expect(response.data).toMatchObject({ createApiToken: { __typename: 'ForbiddenError', code: 'FORBIDDEN' } });
  });

  it('refuses an expiry in the past with the field path', async () => {
    const response = await api.gql(org.rep.token, CREATE, {
      input: { name: 'old', expiresAt: '2001-01-01T00:00:00Z' },
    });
    expect(response.data).toMatchObject({ createApiToken: { __typename: 'ValidationError', code: 'VALIDATION' } });
  });
});

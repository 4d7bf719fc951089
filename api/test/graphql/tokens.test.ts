// Tokens over real HTTP: who may mint them, how many a member may hold, that minting never adds
// budget, and who may see a token at all.
import type { TokenScope } from '@threadwatch/db/client';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrganization,
  createToken,
  startTestApi,
  type TestApi,
  type TestOrganization,
} from '../../../test/support/api.ts';
import { DEFAULT_MAX_TOKENS_PER_MEMBER } from '../../src/config.ts';
import { encodeId } from '../../src/global-id.ts';
import {
  type BudgetStore,
  MemoryBudgetStore,
  PostgresBudgetStore,
  RedisBudgetStore,
} from '../../src/limits/rate-limit.ts';

const CAP = DEFAULT_MAX_TOKENS_PER_MEMBER;

let api: TestApi;
let org: TestOrganization;

beforeAll(async () => {
  api = await startTestApi();
  org = await createOrganization(api.prisma, 'tokens');
});
afterAll(() => api.close());

const CREATE = `mutation($input: CreateApiTokenInput!) {
  createApiToken(input: $input) {
    __typename
    ... on CreateApiTokenPayload { secret token { id scope } }
    ... on Error { code message }
  }
}`;

type Result = { __typename: string; code?: string; message?: string; secret?: string };

/** A member of the organization with no token yet, and one FULL token of theirs. */
async function newMember(role: 'ADMIN' | 'MANAGER' | 'CSM' | 'REP', name: string) {
  const row = await api.prisma.member.create({
    data: { organizationId: org.id, name, email: `${name}@tokens.example`, role },
  });
  return { id: row.id, token: await createToken(api.prisma, org.id, row.id) };
}

const liveTokens = (memberId: string) =>
  api.prisma.apiToken.count({
    where: { memberId, revokedAt: null, expiresAt: { gt: new Date() } },
  });

describe('who may create tokens', () => {
  it.each<[string, 'ADMIN' | 'REP', TokenScope]>([
    ['an admin’s READ_ONLY token', 'ADMIN', 'READ_ONLY'],
    ['an admin’s FLAGGING token', 'ADMIN', 'FLAGGING'],
    ['a rep’s READ_ONLY token', 'REP', 'READ_ONLY'],
    ['a rep’s FLAGGING token', 'REP', 'FLAGGING'],
  ])('refuses %s, with FORBIDDEN and no token stored', async (_case, role, scope) => {
    const member = await newMember(role, `narrow-${role}-${scope}`.toLowerCase());
    const narrow = await createToken(api.prisma, org.id, member.id, scope);
    const before = await api.prisma.apiToken.count();
    for (const wanted of ['READ_ONLY', 'FLAGGING', 'FULL']) {
      const response = await api.gql<{ createApiToken: Result }>(narrow, CREATE, {
        input: { name: 'more', scope: wanted },
      });
      expect(response.status).toBe(200);
      expect(response.data?.createApiToken).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
    }
    expect(await api.prisma.apiToken.count()).toBe(before);
  });

  it('lets a member with a FULL token create their own, and an admin create one for another member', async () => {
    const rep = await newMember('REP', 'own-rep');
    const own = await api.gql<{ createApiToken: Result }>(rep.token, CREATE, { input: { name: 'mine' } });
    expect(own.data?.createApiToken.__typename).toBe('CreateApiTokenPayload');
    const forRep = await api.gql<{ createApiToken: Result }>(org.admin.token, CREATE, {
      input: { name: 'for the rep', scope: 'FLAGGING', memberId: encodeId('Member', rep.id) },
    });
    expect(forRep.data?.createApiToken.__typename).toBe('CreateApiTokenPayload');
    expect(await liveTokens(rep.id)).toBe(3);
  });
});

describe('live tokens per member', () => {
  it(`stops 30 aliased creations at the cap (${CAP} live tokens) and counts no revoked or expired token`, async () => {
    const member = await newMember('MANAGER', 'aliased');
    const aliases = Array.from(
      { length: 30 },
      (_, i) => `t${i}: createApiToken(input: { name: "minted ${i}" }) { __typename ... on Error { code message } }`,
    );
    const response = await api.gql<Record<string, Result>>(member.token, `mutation { ${aliases.join(' ')} }`);
    expect(response.status).toBe(200);
    const results = Object.values(response.data ?? {});
    expect(results).toHaveLength(30);
    // The member already holds one token: CAP - 1 more fit.
    expect(results.filter((result) => result.__typename === 'CreateApiTokenPayload')).toHaveLength(CAP - 1);
    const refused = results.filter((result) => result.__typename === 'ForbiddenError');
    expect(refused).toHaveLength(30 - (CAP - 1));
    expect(refused[0]?.message).toMatch(new RegExp(`at most ${CAP} live tokens`));
    expect(await liveTokens(member.id)).toBe(CAP);

    // A revoked or expired token is not live: each frees a place.
    const [oldest, second] = await api.prisma.apiToken.findMany({
      where: { memberId: member.id, name: { startsWith: 'minted' } },
      orderBy: { createdAt: 'asc' },
    });
    await api.prisma.apiToken.update({ where: { id: oldest!.id }, data: { revokedAt: new Date() } });
    await api.prisma.apiToken.update({ where: { id: second!.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const again = await api.gql<Record<string, Result>>(member.token, `mutation { ${aliases.slice(0, 3).join(' ')} }`);
    expect(Object.values(again.data ?? {}).map((result) => result.__typename)).toEqual([
      'CreateApiTokenPayload',
      'CreateApiTokenPayload',
      'ForbiddenError',
    ]);
    expect(await liveTokens(member.id)).toBe(CAP);
  });

  it('never exceeds the cap when 30 creations for one member arrive at once, from the member and an admin', async () => {
    const member = await newMember('CSM', 'racing');
    const memberId = encodeId('Member', member.id);
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        api.gql<{ createApiToken: Result }>(i % 2 === 0 ? member.token : org.admin.token, CREATE, {
          input: { name: `race ${i}`, ...(i % 2 === 0 ? {} : { memberId }) },
        }),
      ),
    );
    const kinds = responses.map((response) => response.data?.createApiToken.__typename);
    expect(kinds.filter((kind) => kind === 'CreateApiTokenPayload')).toHaveLength(CAP - 1);
    expect(kinds.filter((kind) => kind === 'ForbiddenError')).toHaveLength(30 - (CAP - 1));
    expect(await liveTokens(member.id)).toBe(CAP);
  });
});

describe('who may see a token', () => {
  const NODE = `query($id: ID!) { node(id: $id) { id ... on ApiToken { name prefix scope lastUsedAt member { name } } } }`;
  let adminToken: { id: string; globalId: string };
  const missingId = encodeId('ApiToken', '00000000-0000-4000-8000-000000000000');

  beforeAll(async () => {
    const row = await api.prisma.apiToken.findFirstOrThrow({ where: { memberId: org.admin.id } });
    adminToken = { id: row.id, globalId: encodeId('ApiToken', row.id) };
  });

  it.each<[string, () => Promise<string>]>([
    ['a rep (FULL)', async () => org.rep.token],
    ['a CSM (FULL)', async () => org.csm.token],
    ['a manager (FULL)', async () => org.manager.token],
    ['a manager’s FLAGGING token', () => createToken(api.prisma, org.id, org.manager.id, 'FLAGGING')],
    ['a rep’s READ_ONLY token', () => createToken(api.prisma, org.id, org.rep.id, 'READ_ONLY')],
    [
      'another admin’s READ_ONLY token',
      async () => createToken(api.prisma, org.id, (await newMember('ADMIN', 'ro-admin')).id, 'READ_ONLY'),
    ],
  ])('answers %s about an admin’s token exactly as about a missing one', async (_case, token) => {
    const secret = await token();
    const other = await api.gql(secret, NODE, { id: adminToken.globalId });
    const missing = await api.gql(secret, NODE, { id: missingId });
    expect(other.data).toEqual({ node: null });
    expect(other.errors).toBeUndefined();
    expect(other).toEqual(missing);
    const revoke = 'mutation($id: ID!) { revokeApiToken(id: $id) { __typename ... on Error { code message } } }';
    const revokeOther = await api.gql(secret, revoke, { id: adminToken.globalId });
    expect(revokeOther).toEqual(await api.gql(secret, revoke, { id: missingId }));
    expect(revokeOther.data).toMatchObject({ revokeApiToken: { __typename: 'NotFoundError' } });
    const stored = await api.prisma.apiToken.findUniqueOrThrow({ where: { id: adminToken.id } });
    expect(stored.revokedAt).toBeNull();
  });

  it('shows a token to its owner, whatever the scope, and to an admin’s FULL token', async () => {
    const rep = await newMember('REP', 'owner');
    const readOnly = await createToken(api.prisma, org.id, rep.id, 'READ_ONLY');
    const repTokenId = encodeId(
      'ApiToken',
      (await api.prisma.apiToken.findFirstOrThrow({ where: { memberId: rep.id, scope: 'FULL' } })).id,
    );
    for (const secret of [rep.token, readOnly, org.admin.token]) {
      const response = await api.gql<{ node: { id: string; member: { name: string } } | null }>(secret, NODE, {
        id: repTokenId,
      });
      expect(response.data?.node).toMatchObject({ id: repTokenId, member: { name: 'owner' } });
    }
  });
});

describe('one budget per member, whatever the number of tokens', () => {
  let redis: Redis | null = null;
  beforeAll(async () => {
    const candidate = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    try {
      await candidate.connect();
      redis = candidate;
    } catch {
      console.warn('Redis is not reachable on 127.0.0.1:6379 (TEST_REDIS_URL): the Redis budget store is not tested.');
      candidate.disconnect();
    }
  });
  afterAll(async () => {
    await redis?.quit();
  });

  // The database store keeps its buckets in this file's database (the table is the same everywhere).
  const stores: Array<[string, () => BudgetStore | null]> = [
    ['in this process', () => new MemoryBudgetStore()],
    ['in the database', () => new PostgresBudgetStore(api.prisma)],
    ['in Redis', () => (redis ? new RedisBudgetStore(redis) : null)],
  ];

  describe.each(stores)('kept %s', (_name, make) => {
    it('spending through one token throttles the member’s other tokens', async (context) => {
      const store = make();
      if (!store) {
        context.skip();
        return;
      }
      // A budget the slow refill (one point a second) cannot restore during the test.
      const budgetApi = await startTestApi({ budget: { limit: { pointsPerMinute: 60, burstPoints: 2_000 }, store } });
      try {
        const budgetOrg = await createOrganization(budgetApi.prisma, 'budget');
        // The member mints 9 more tokens (up to the cap); together they still have one budget.
        const minted: string[] = [budgetOrg.csm.token];
        for (let i = 0; i < CAP - 1; i++) {
          const created = await budgetApi.gql<{ createApiToken: Result }>(budgetOrg.csm.token, CREATE, {
            input: { name: `extra ${i}` },
          });
          expect(created.data?.createApiToken.__typename).toBe('CreateApiTokenPayload');
          minted.push(created.data?.createApiToken.secret ?? '');
        }
        const costly = '{ accounts(first: 100) { nodes { stakeholders(first: 9) { nodes { fullName } } } } }'; // 1,101 points
        expect((await budgetApi.gql(minted[0]!, costly)).status).toBe(200);
        for (const token of minted.slice(1)) {
          const refused = await budgetApi.gql(token, costly);
          expect(refused.status).toBe(429);
          expect(refused.errors?.[0]?.extensions?.code).toBe('THROTTLED');
        }
        // Another member's budget is their own.
        expect((await budgetApi.gql(budgetOrg.rep.token, costly)).status).toBe(200);
      } finally {
        await budgetApi.close();
      }
    });
  });
});

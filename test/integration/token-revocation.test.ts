// Revocation across API processes: two real processes (api/src/main.ts) serve one PostgreSQL; a token
// trusted by one is revoked through the other (one token, then all of a member's), and the first
// refuses it within a second. An expired token is answered TOKEN_EXPIRED by both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_TRUST_MS } from '../../api/src/context.ts';
import { createOrganization, createToken, type TestOrganization } from '../support/api.ts';
import { apiUrl, type SpawnedApi, spawnApi } from '../support/api-process.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';

const onPostgres = process.env.TEST_DB === 'postgres';
const describePostgres = onPostgres ? describe : describe.skip;
const title = onPostgres
  ? 'token revocation across two API processes'
  : 'token revocation across two API processes (skipped: the embedded database serves one process)';

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');
const VIEWER = '{ viewer { role } }';

async function gql(url: string, token: string, query: string, variables?: Record<string, unknown>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> };
  return { status: response.status, ...body };
}

/** Milliseconds until `url` refuses `token`, asking every 20 ms; fails after 5 s. */
async function refusedWithin(url: string, token: string): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < 5_000) {
    const response = await gql(url, token, VIEWER);
    if (response.status === 401) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the token still works after 5 s');
}

describePostgres(title, () => {
  let db: TestDatabase;
  let org: TestOrganization;
  const processes: SpawnedApi[] = [];
  let one: string;
  let two: string;

  beforeAll(async () => {
    db = await freshDatabase();
    if (!db.url) throw new Error('needs PostgreSQL');
    org = await createOrganization(db.prisma, 'revocation');
    const env = { PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: db.url, DEMO_DATA: 'off' };
    processes.push(spawnApi(env), spawnApi(env));
    [one, two] = (await Promise.all(processes.map(apiUrl))) as [string, string];
  }, 60_000);

  afterAll(async () => {
    for (const process of processes) {
      if (process.child.exitCode === null) {
        process.child.kill('SIGTERM');
        await process.exited;
      }
    }
    await db?.close();
  });

  it('refuses a token revoked through the other process within a second', async () => {
    const token = await createToken(db.prisma, org.id, org.rep.id);
    expect((await gql(two, token, VIEWER)).status).toBe(200); // now trusted by process two
    const row = await db.prisma.apiToken.findFirstOrThrow({
      where: { memberId: org.rep.id },
      orderBy: { createdAt: 'desc' },
    });
    const revoke = await gql(one, org.admin.token, 'mutation($id: ID!) { revokeApiToken(id: $id) { __typename } }', {
      id: gid('ApiToken', row.id),
    });
    expect(revoke.data).toEqual({ revokeApiToken: { __typename: 'RevokeApiTokenPayload' } });
    const elapsed = await refusedWithin(two, token);
    console.log(`token revocation: the other process refused the token ${elapsed} ms after revokeApiToken answered`);
    expect(elapsed).toBeLessThanOrEqual(TOKEN_TRUST_MS + 250);
  });

  it('refuses every token of a member revoked at once through the other process within a second', async () => {
    const tokens = [
      await createToken(db.prisma, org.id, org.csm.id),
      await createToken(db.prisma, org.id, org.csm.id, 'READ_ONLY'),
    ];
    for (const token of tokens) expect((await gql(two, token, VIEWER)).status).toBe(200);
    const revoke = await gql(
      one,
      org.admin.token,
      'mutation($id: ID!) { revokeMemberTokens(memberId: $id) { __typename ... on RevokeMemberTokensPayload { revokedCount } } }',
      { id: gid('Member', org.csm.id) },
    );
    expect(revoke.data).toEqual({ revokeMemberTokens: { __typename: 'RevokeMemberTokensPayload', revokedCount: 3 } });
    const elapsed = await Promise.all(tokens.map((token) => refusedWithin(two, token)));
    console.log(`token revocation: the other process refused all tokens within ${Math.max(...elapsed)} ms`);
    expect(Math.max(...elapsed)).toBeLessThanOrEqual(TOKEN_TRUST_MS + 250);
  });

  it('answers an expired token TOKEN_EXPIRED on both processes', async () => {
    const token = await createToken(db.prisma, org.id, org.manager.id, 'FULL', new Date(Date.now() - 1_000));
    for (const url of [one, two]) {
      const response = await gql(url, token, VIEWER);
      expect(response.status).toBe(401);
      expect(response.errors?.[0]?.extensions?.code).toBe('TOKEN_EXPIRED');
    }
  });
});

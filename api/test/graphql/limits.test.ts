// Operation limits, budgets, and what operators see (logs, metrics, readiness), over real HTTP.
import type { PrismaClient } from '@threadwatch/db/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createOrganization, startTestApi, type TestApi, type TestOrganization } from '../../../test/support/api.ts';
import { freshDatabase } from '../../../test/support/database.ts';
import { encodeId } from '../../src/global-id.ts';
import { MemoryBudgetStore } from '../../src/limits/rate-limit.ts';
import { createLogger } from '../../src/logger.ts';

let api: TestApi;
let org: TestOrganization;
const logLines: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  api = await startTestApi({
    logger: createLogger('info', (line) => logLines.push(JSON.parse(line))),
    queryLimits: { maxDepth: 8, maxAliases: 10, maxTokens: 500, maxCost: 2_000 },
    budget: { limit: { pointsPerMinute: 60, burstPoints: 2_500 }, store: new MemoryBudgetStore() },
  });
  org = await createOrganization(api.prisma, 'limits');
});
afterAll(() => api.close());

async function post(token: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(api.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as {
      data?: unknown;
      errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
      extensions?: { cost?: { requested: number; limit: number; budget?: { remaining: number; capacity: number } } };
    },
  };
}

describe('operation limits', () => {
  it.each([
    [
      'too deep',
      '{ accounts { nodes { stakeholders { nodes { account { stakeholders { nodes { account { owner { name } } } } } } } } } }',
      'QUERY_TOO_DEEP',
      /nested 10 levels deep; the limit is 8/,
    ],
    [
      'too many aliases',
      `{ ${Array.from({ length: 11 }, (_, i) => `a${i}: viewer { role }`).join(' ')} }`,
      'TOO_MANY_ALIASES',
      /11 aliases; the limit is 10/,
    ],
    ['too many tokens', `{ viewer { ${'role '.repeat(600)} } }`, 'TOO_MANY_TOKENS', /more than 500 tokens, the limit/],
    [
      'too costly',
      '{ accounts(first: 100) { nodes { stakeholders(first: 100) { nodes { fullName } } } } }',
      'QUERY_TOO_COSTLY',
      /would cost 10201 points; the limit is 2000/,
    ],
  ])('refuses a query %s with a clear, typed error', async (_name, query, code, message) => {
    // Refused before running: 200 as application/json (also without an Accept header), 400 as
    // application/graphql-response+json; the same typed error either way.
    for (const [accept, expected] of [
      [null, 200],
      ['application/json', 200],
      ['application/graphql-response+json', 400],
    ] as const) {
      const { status, body } = await post(org.csm.token, { query }, accept ? { accept } : {});
      expect(status).toBe(expected);
      expect(body.errors?.[0]?.extensions?.code).toBe(code);
      expect(body.errors?.[0]?.message).toMatch(message);
      expect(body.data).toBeUndefined();
    }
  });

  it('reports the cost of every answered operation and what is left of the budget', async () => {
    const { status, body } = await post(org.rep.token, {
      query: '{ accounts(first: 5) { nodes { name owner { name } } } }',
    });
    expect(status).toBe(200);
    expect(body.extensions?.cost).toMatchObject({ requested: 1 + 5 * 2, limit: 2_000, budget: { capacity: 2_500 } });
    expect(body.extensions?.cost?.budget?.remaining).toBeLessThanOrEqual(2_500 - 11);
  });

  it('throttles a token that spends its budget, saying when to retry, and leaves other tokens alone', async () => {
    const query = '{ accounts(first: 100) { nodes { stakeholders(first: 9) { nodes { fullName } } } } }'; // 1,101 points
    const first = await post(org.manager.token, { query });
    const second = await post(org.manager.token, { query });
    const third = await post(org.manager.token, { query });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(third.status).toBe(429);
    expect(third.body.errors?.[0]?.extensions).toMatchObject({ code: 'THROTTLED', cost: 1_101 });
    const retryAfter = Number(third.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(third.body.errors?.[0]?.extensions?.retryAfterSeconds).toBe(retryAfter);
    expect((await post(org.admin.token, { query })).status).toBe(200);
  });
});

describe('operations', () => {
  it('keeps the caller’s request id (or makes one) and logs one JSON line per request with the operation', async () => {
    const response = await post(
      org.admin.token,
      { query: 'query WhoAmI { viewer { role } }' },
      { 'x-request-id': 'lb-1234' },
    );
    expect(response.headers.get('x-request-id')).toBe('lb-1234');
    const generated = await post(org.admin.token, { query: '{ viewer { role } }' }, { 'x-request-id': 'bad id!' });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const line = logLines.find((entry) => entry.requestId === 'lb-1234');
    expect(line).toMatchObject({
      level: 'info',
      message: 'request',
      operation: 'WhoAmI',
      kind: 'query',
      status: 200,
      cost: 1,
      organizationId: org.id,
    });
    expect(typeof line?.durationMs).toBe('number');
  });

  it('logs the codes of typed mutation errors (a malformed id here) and refused requests', async () => {
    await post(
      org.rep.token,
      { query: 'mutation Gone { revokeApiToken(id: "nope") { __typename } }' },
      { 'x-request-id': 'mut-1' },
    );
    await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'anon-1' },
      body: '{"query":"{ viewer { role } }"}',
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(logLines.find((entry) => entry.requestId === 'mut-1')?.errors).toEqual(['VALIDATION']);
    expect(logLines.find((entry) => entry.requestId === 'anon-1')).toMatchObject({
      status: 401,
      errors: ['UNAUTHENTICATED'],
    });
  });

  it('serves Prometheus metrics: requests and latency by operation, errors by code, the document cache', async () => {
    const query = 'query Cached { viewer { role } }';
    await post(org.admin.token, { query });
    await post(org.admin.token, { query });
    const response = await fetch(api.url.replace('/graphql', '/metrics'));
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/threadwatch_graphql_requests_total\{operation="Cached",kind="query",outcome="ok"\} 2/);
    expect(text).toMatch(/threadwatch_graphql_request_duration_seconds_count\{operation="Cached"\} 2/);
    expect(text).toMatch(/threadwatch_graphql_errors_total\{code="THROTTLED"\} 1/);
    expect(text).toMatch(/threadwatch_graphql_errors_total\{code="QUERY_TOO_DEEP"\} 3/);
    expect(text).toMatch(/threadwatch_document_cache_total\{result="hit"\} [1-9]/);
    expect(text).toMatch(/threadwatch_db_info\{kind="(pglite|postgres)"\} 1/);
    if (api.db.kind === 'postgres') expect(text).toMatch(/threadwatch_db_pool_connections\{state="max"\} 10/);
    expect(text).toMatch(/threadwatch_process_resident_memory_bytes/);
  });

  it('labels only operations that resolved: invented names from unauthenticated or invalid requests take no label', async () => {
    const invented = (i: number) => `Invented${i}`;
    const send = (i: number, token: string | null, query: string) =>
      fetch(api.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query: `query ${invented(i)} ${query}`, operationName: invented(i) }),
      }).then((response) => response.arrayBuffer());
    const others = async () => {
      const text = await (await fetch(api.url.replace('/graphql', '/metrics'))).text();
      const match = /threadwatch_graphql_requests_total\{operation="other",kind="unknown",outcome="error"\} (\d+)/.exec(
        text,
      );
      return { text, count: Number(match?.[1] ?? 0) };
    };
    const before = (await others()).count;
    // More invented names than there are labels, without a token; and some with a token but a
    // document the schema refuses, or one that does not parse.
    for (let i = 0; i < 220; i += 20) {
      await Promise.all(Array.from({ length: 20 }, (_, j) => send(i + j, null, '{ viewer { role } }')));
    }
    await Promise.all(
      Array.from({ length: 10 }, (_, j) => [
        send(1000 + j, org.csm.token, '{ nope }'),
        send(2000 + j, org.csm.token, '{ viewer { '),
      ]).flat(),
    );
    const real = await post(org.csm.token, { query: 'query RealAfterFlood { viewer { role } }' });
    expect(real.status).toBe(200);
    const after = await others();
    expect(after.text).toMatch(
      /threadwatch_graphql_requests_total\{operation="RealAfterFlood",kind="query",outcome="ok"\} 1/,
    );
    expect(after.text).not.toMatch(/operation="Invented\d+"/);
    expect(after.count - before).toBe(240);
  });

  it('is ready when the database answers and every migration is applied, and says what is missing otherwise', async () => {
    const readyz = api.url.replace('/graphql', '/readyz');
    expect(await (await fetch(readyz)).json()).toEqual({ status: 'ready', database: 'ok', migrations: 'applied' });
    const [last] = await api.prisma.$queryRaw<Array<{ migration_name: string }>>`
      SELECT migration_name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1`;
    await api.prisma
      .$executeRaw`UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = ${last?.migration_name}`;
    try {
      const response = await fetch(readyz);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        status: 'not ready',
        database: 'ok',
        pendingMigrations: [last?.migration_name],
      });
    } finally {
      await api.prisma
        .$executeRaw`UPDATE _prisma_migrations SET finished_at = now() WHERE migration_name = ${last?.migration_name}`;
    }
    expect((await fetch(readyz)).status).toBe(200);
    expect(await (await fetch(api.url.replace('/graphql', '/healthz'))).json()).toEqual({ status: 'ok' });
  });
});

describe('execution time', () => {
  it('stops resolving fields once the request’s time is up and says so', async () => {
    // A deadline that has passed before the first field: every request of this server runs out of time.
    const slow = await startTestApi({ requestTimeoutMs: 0 });
    try {
      const other = await createOrganization(slow.prisma, 'slow');
      const response = await slow.gql(other.admin.token, '{ viewer { role member { name } } accounts { totalCount } }');
      expect(response.status).toBe(200);
      expect(response.errors?.map((error) => error.extensions?.code)).toContain('TIMEOUT');
      expect(response.errors?.[0]?.message).toBe('The operation took too long and was stopped; ask for less at once.');
    } finally {
      await slow.close();
    }
  });

  it('stops loading nested records once the deadline passes during the operation', async () => {
    // The clock jumps past the deadline as soon as the root field's record has arrived: the account
    // is answered, its owner (a record of its own) is not, and nothing more is asked of the database.
    let late = false;
    let loadsAfterDeadline = 0;
    const realNow = Date.now.bind(Date);
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => realNow() + (late ? 120_000 : 0));
    const db = await freshDatabase();
    const watched = (delegate: object, model: string) =>
      new Proxy(delegate, {
        get(target, method, receiver) {
          const value = Reflect.get(target, method, receiver);
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            if (late) loadsAfterDeadline++;
            const result = value.apply(target, args);
            if (model !== 'account') return result;
            return Promise.resolve(result).then((rows) => {
              late = true;
              return rows;
            });
          };
        },
      });
    // The API's database client, watched: which model is asked for, and whether after the deadline.
    const prisma = new Proxy(db.prisma, {
      get(target, property) {
        const value = Reflect.get(target, property, target);
        if (typeof value === 'function') return value.bind(target);
        if (typeof property === 'string' && value && typeof value === 'object' && !property.startsWith('$'))
          return watched(value, property);
        return value;
      },
    }) as PrismaClient;
    const timed = await startTestApi({ prisma, requestTimeoutMs: 60_000 });
    try {
      const other = await createOrganization(db.prisma, 'deadline');
      const account = await db.prisma.account.create({
        data: { organizationId: other.id, name: 'Alpha', ownerId: other.admin.id },
      });
      const response = await timed.gql<{ account: { name: string; owner: unknown } }>(
        other.admin.token,
        'query ($id: ID!) { account(id: $id) { name owner { name } } }',
        { id: encodeId('Account', account.id) },
      );
      expect(late).toBe(true);
      expect(response.data).toEqual({ account: { name: 'Alpha', owner: null } });
      expect(response.errors?.map((error) => [error.extensions?.code, error.path?.join('.')])).toEqual([
        ['TIMEOUT', 'account.owner'],
      ]);
      expect(loadsAfterDeadline).toBe(0);
    } finally {
      clock.mockRestore();
      await timed.close();
      await db.close();
    }
  });
});

// The database and Redis stop answering. Real API processes (api/src/main.ts) reach PostgreSQL and
// Redis through a TCP proxy of the test's own, which passes, refuses (closes new connections, resets
// open ones) or blackholes (holds connections and forwards nothing, as a partition drops packets),
// then restores. Bounds on time below only prove that nothing hangs; the times measured are printed.
import { databaseTimeouts, openDatabase } from '@threadwatch/db/database';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryBudgetStore } from '../../api/src/limits/rate-limit.ts';
import { createLogger } from '../../api/src/logger.ts';
import { startServer } from '../../api/src/server.ts';
import { createOrganization, type TestOrganization } from '../support/api.ts';
import { apiUrl, type SpawnedApi, spawnApi } from '../support/api-process.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';

const REQUEST_TIMEOUT_MS = 1_500;
const SHUTDOWN_GRACE_MS = 3_000;
/** Longer than any bounded wait here, far shorter than a hang: an answer after this is a failure. */
const HANG_MS = 8_000;

const onPostgres = process.env.TEST_DB === 'postgres';
const describePostgres = onPostgres ? describe : describe.skip;
const skipped = onPostgres ? '' : ' (skipped: needs PostgreSQL, TEST_DATABASE_URL; runs in the postgres project)';

interface Answer {
  status: number;
  ms: number;
  body: {
    data?: Record<string, unknown> | null;
    errors?: Array<{ message: string; extensions?: { code?: string } }>;
    extensions?: { cost?: { budget?: { remaining: number } } };
  } & Record<string, unknown>;
}

async function timed(url: string, init: RequestInit = {}): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(HANG_MS) });
  const body = (await response.json()) as Answer['body'];
  return { status: response.status, ms: Math.round(performance.now() - started), body };
}

const VIEWER = '{ viewer { member { name } } }';
// Costs 1 + 100 × 1 points, whatever the organization holds.
const COSTLY = '{ accounts(first: 100) { nodes { name } } }';

function ask(url: string, token: string, query = VIEWER): Promise<Answer> {
  return timed(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
}

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', url), { signal: AbortSignal.timeout(HANG_MS) })).text();
  const line = text.split('\n').find((row) => row.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : Number.NaN;
}

/** Retries `check` until it holds (recovery takes a reconnection or two), failing after `withinMs`. */
async function eventually<T>(check: () => Promise<T>, accept: (value: T) => boolean, withinMs = 6_000): Promise<T> {
  const until = Date.now() + withinMs;
  for (;;) {
    const value = await check();
    if (accept(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const countLines = (output: string, message: string) =>
  output.split('\n').filter((line) => line.includes(`"message":"${message}`)).length;

async function stop(api: SpawnedApi | undefined) {
  if (!api || api.child.exitCode !== null || api.child.signalCode !== null) return;
  api.child.kill('SIGKILL');
  await api.exited;
}

let db: TestDatabase;
let org: TestOrganization;
const measured: Record<string, number> = {};

if (onPostgres) {
  beforeAll(async () => {
    db = await freshDatabase();
    org = await createOrganization(db.prisma, 'faults');
  });
  afterAll(async () => {
    console.info(`fault timings (ms): ${JSON.stringify(measured)}`);
    await db?.close();
  });
}

describePostgres(`PostgreSQL stops answering${skipped}`, () => {
  let proxy: TcpProxy;
  let api: SpawnedApi;
  let url: string;

  beforeAll(async () => {
    const target = new URL(db.url ?? '');
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(target);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    api = spawnApi({
      DATABASE_URL: viaProxy.toString(),
      DEMO_DATA: 'off',
      PORT: '0',
      LOG_LEVEL: 'warn',
      DATABASE_POOL_SIZE: '3',
      REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      SHUTDOWN_GRACE_MS: String(SHUTDOWN_GRACE_MS),
    });
    url = await apiUrl(api);
  });
  afterAll(async () => {
    await stop(api);
    await proxy?.close();
  });

  it('answers 503 DATABASE_UNAVAILABLE within the request timeout during a partition, for a burst larger than the pool', async () => {
    expect((await ask(url, org.admin.token)).status).toBe(200);
    proxy.blackhole();
    const answers = await Promise.all(Array.from({ length: 8 }, () => ask(url, org.admin.token)));
    for (const answer of answers) {
      expect(answer.status).toBe(503);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('DATABASE_UNAVAILABLE');
      expect(answer.body.errors?.[0]?.message).toMatch(/database is not answering/);
      expect(answer.ms).toBeLessThan(HANG_MS);
    }
    measured.partitionTo503 = Math.max(...answers.map((answer) => answer.ms));
    // The connections that went unanswered are not reused: a second round fails the same way.
    const again = await ask(url, org.admin.token);
    expect(again.status).toBe(503);
    measured.partitionTo503Again = again.ms;
  });

  it('answers /readyz 503 within 2 s during the partition', async () => {
    const answers = await Promise.all([timed(new URL('/readyz', url).href), timed(new URL('/readyz', url).href)]);
    for (const answer of answers) {
      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({ status: 'not ready', database: 'unreachable' });
      expect(answer.ms).toBeLessThan(HANG_MS);
    }
    measured.partitionToReadyz503 = Math.max(...answers.map((answer) => answer.ms));
    expect((await timed(new URL('/healthz', url).href)).status).toBe(200);
  });

  it('answers 503 when the server refuses connections, and serves again by itself once packets flow', async () => {
    proxy.refuse();
    const refused = await ask(url, org.admin.token);
    expect(refused.status).toBe(503);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('DATABASE_UNAVAILABLE');
    measured.refusedTo503 = refused.ms;

    proxy.blackhole();
    await ask(url, org.admin.token);
    proxy.pass();
    const restoredAt = performance.now();
    const first = await eventually(
      () => ask(url, org.admin.token),
      (answer) => answer.status === 200,
    );
    expect(first.status).toBe(200);
    measured.restoreToFirst200 = Math.round(performance.now() - restoredAt);
    // No connection left waiting on an answer from the partition: every request of a burst succeeds.
    const burst = await Promise.all(Array.from({ length: 12 }, () => ask(url, org.admin.token)));
    expect(burst.map((answer) => answer.status)).toEqual(Array(12).fill(200));
    expect((await timed(new URL('/readyz', url).href)).status).toBe(200);
    // The webhook dispatcher kept running through the outage and logged it once, not once a poll.
    expect(countLines(api.output(), 'webhook claim failed')).toBeLessThanOrEqual(2);
    expect(api.child.exitCode).toBeNull();
  });

  it('on SIGTERM during a partition exits within its grace period', async () => {
    proxy.blackhole();
    const inFlight = ask(url, org.admin.token).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    api.child.kill('SIGTERM');
    const code = await Promise.race([
      api.exited,
      new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), HANG_MS)),
    ]);
    measured.sigtermToExit = Math.round(performance.now() - started);
    expect(code).not.toBe('hung');
    expect(measured.sigtermToExit).toBeLessThan(SHUTDOWN_GRACE_MS + 1_000);
    const answered = await inFlight;
    if (!(answered instanceof Error)) expect((answered as Answer).status).toBe(503);
    proxy.pass();
  });
});

describePostgres(`a transaction cut by a partition${skipped}`, () => {
  it('gives its connection up, so the pool never hands out one still waiting for an answer', async () => {
    const target = new URL(db.url ?? '');
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(target);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    const cut = await openDatabase(
      { kind: 'postgres', url: viaProxy.toString() },
      { poolSize: 1, statementTimeoutMs: 400, queryTimeoutMs: 500, connectTimeoutMs: 300 },
    );
    try {
      await cut.prisma.$queryRaw`SELECT 1`;
      const failed = await cut.prisma
        .$transaction(
          async (tx) => {
            await tx.$queryRaw`SELECT 1`;
            proxy.blackhole();
            await tx.$queryRaw`SELECT 2`;
          },
          { timeout: 5_000 },
        )
        .then(
          () => null,
          (error: unknown) => error,
        );
      expect(failed).toBeInstanceOf(Error);
      expect(cut.poolStats()).toMatchObject({ total: 0, idle: 0 });
      proxy.pass();
      const rows = await cut.prisma.$queryRaw<Array<{ one: number }>>`SELECT 1 AS one`;
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await cut.close();
      await proxy.close();
    }
  });
});

describePostgres(`the database stops answering in the middle of a request${skipped}`, () => {
  it('answers the fields it could not resolve with DATABASE_UNAVAILABLE, and the request with 503', async () => {
    const target = new URL(db.url ?? '');
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(target);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    const cut = await openDatabase(
      { kind: 'postgres', url: viaProxy.toString() },
      databaseTimeouts(REQUEST_TIMEOUT_MS),
    );
    // The partition begins once the token is checked and the operation priced: while the budget is charged.
    const memory = new MemoryBudgetStore();
    let armed = false;
    const server = await startServer({
      prisma: cut.prisma,
      logger: createLogger('silent'),
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      budget: {
        limit: { pointsPerMinute: 60_000, burstPoints: 100_000 },
        store: {
          kind: 'memory',
          charge: (key, cost, limit) => {
            if (armed) proxy.blackhole();
            return memory.charge(key, cost, limit);
          },
        },
      },
      port: 0,
      host: '127.0.0.1',
    });
    try {
      expect((await ask(server.url, org.admin.token, COSTLY)).status).toBe(200);
      armed = true;
      const answer = await ask(server.url, org.admin.token, COSTLY);
      expect(answer.status).toBe(503);
      expect(answer.body.errors?.[0]).toMatchObject({
        path: ['accounts'],
        extensions: { code: 'DATABASE_UNAVAILABLE' },
      });
      expect(answer.ms).toBeLessThan(HANG_MS);
      measured.midRequestTo503 = answer.ms;
    } finally {
      proxy.pass();
      await server.stop();
      await cut.close();
      await proxy.close();
    }
  });
});

describePostgres(`Redis stops answering${skipped}`, () => {
  let proxy: TcpProxy;
  let api: SpawnedApi;
  let url: string;
  let redisUp = false;

  beforeAll(async () => {
    const probe = new Redis('redis://127.0.0.1:6379', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    redisUp = await probe.connect().then(
      () => true,
      () => false,
    );
    probe.disconnect();
    if (!redisUp) {
      console.warn('Redis is not reachable on 127.0.0.1:6379: the Redis outage tests are skipped.');
      return;
    }
    proxy = await startTcpProxy({ host: '127.0.0.1', port: 6379 });
    api = spawnApi({
      DATABASE_URL: db.url ?? '',
      REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
      DEMO_DATA: 'off',
      PORT: '0',
      LOG_LEVEL: 'info',
      MAX_QUERY_COST: '1000',
      RATE_LIMIT_BURST_POINTS: '1000',
      RATE_LIMIT_POINTS_PER_MINUTE: '60',
    });
    url = await apiUrl(api);
  });
  afterAll(async () => {
    await stop(api);
    await proxy?.close();
  });

  const remaining = (answer: Answer) => answer.body.extensions?.cost?.budget?.remaining ?? Number.NaN;

  it.for([
    ['blackholed', 'blackhole', 'rep'],
    ['refused', 'refuse', 'csm'],
  ] as const)(
    'when %s: answers normally within a bound, reports degraded, then returns to Redis by itself',
    async ([, fault, member], context) => {
      if (!redisUp) return context.skip();
      const token = org[member].token;
      // Spend in Redis, 101 points a request, so its level differs clearly from a fresh bucket's.
      let inRedis = Number.NaN;
      for (let index = 0; index < 7; index++) {
        const answer = await ask(url, token, COSTLY);
        expect(answer.status).toBe(200);
        inRedis = remaining(answer);
      }
      expect(await metric(url, 'threadwatch_rate_limit_degraded')).toBe(0);
      const fallbacksBefore = await metric(url, 'threadwatch_rate_limit_fallbacks_total');
      const warningsBefore = countLines(api.output(), 'rate limit store is not answering');

      proxy[fault]();
      const answers: Answer[] = [];
      for (let index = 0; index < 2; index++) answers.push(await ask(url, token, COSTLY));
      for (const answer of answers) {
        expect(answer.status).toBe(200);
        expect(answer.body.errors).toBeUndefined();
        expect(answer.ms).toBeLessThan(HANG_MS);
      }
      measured[`redis${fault}Slowest`] = Math.max(...answers.map((answer) => answer.ms));
      // This process's own budget meanwhile: it started full, not at Redis's level.
      const inMemory = remaining(answers.at(-1) as Answer);
      expect(inMemory).toBeGreaterThan(inRedis);

      const ready = await timed(new URL('/readyz', url).href);
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({ status: 'ready', degraded: ['redis'] });
      expect(await metric(url, 'threadwatch_rate_limit_degraded')).toBe(1);
      expect(await metric(url, 'threadwatch_rate_limit_fallbacks_total')).toBeGreaterThan(fallbacksBefore);
      // One warning for the outage, not one per request.
      expect(countLines(api.output(), 'rate limit store is not answering') - warningsBefore).toBe(1);

      proxy.pass();
      const restoredAt = performance.now();
      // Cheap requests until one is charged in Redis again (the client reconnects by itself).
      await eventually(
        async () => {
          await ask(url, token);
          return metric(url, 'threadwatch_rate_limit_degraded');
        },
        (degraded) => degraded === 0,
      );
      measured[`redis${fault}RestoreToShared`] = Math.round(performance.now() - restoredAt);
      expect(await metric(url, 'threadwatch_rate_limit_degraded')).toBe(0);
      // Budgets are Redis's again: the level continues from what was spent there before the outage
      // (this process's bucket would leave far more).
      const back = await ask(url, token, COSTLY);
      expect(remaining(back)).toBeLessThan(inRedis);
      const readyAgain = await timed(new URL('/readyz', url).href);
      expect(readyAgain.body.degraded).toBeUndefined();
      expect(api.output()).toContain('rate limits are kept in the shared store again');
    },
  );
});

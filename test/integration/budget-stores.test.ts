// The per-token budget is shared by every API process: kept in PostgreSQL (or Redis), one atomic step
// per charge. Concurrent charges from many clients never let a token overspend.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BudgetStore, PostgresBudgetStore, RedisBudgetStore } from '../../api/src/limits/rate-limit.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';

const limit = { pointsPerMinute: 60, burstPoints: 100 }; // one point a second: nothing refills during a test

let db: TestDatabase;
let redis: Redis | null = null;

beforeAll(async () => {
  db = await freshDatabase();
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
  await db.close();
  await redis?.quit();
});

const stores: Array<[string, () => BudgetStore | null]> = [
  ['PostgreSQL', () => new PostgresBudgetStore(db.prisma)],
  ['Redis', () => (redis ? new RedisBudgetStore(redis) : null)],
];

describe.each(stores)('budget kept in %s', (_name, makeStore) => {
  it('admits exactly what fits when 40 charges of 10 points race for a 100-point bucket', async (context) => {
    const store = makeStore();
    if (!store) return context.skip();
    const key = `race-${Math.random()}`;
    const charges = await Promise.all(Array.from({ length: 40 }, () => store.charge(key, 10, limit)));
    expect(charges.filter((charge) => charge.admitted)).toHaveLength(10);
    const refused = charges.filter((charge) => !charge.admitted);
    expect(refused).toHaveLength(30);
    for (const charge of refused) expect(charge.retryAfterSeconds).toBeGreaterThanOrEqual(9);
  });

  it('never charges for time running backwards: 300 racing charges of 1 point fit a 100,000-point bucket', async (context) => {
    const store = makeStore();
    if (!store) return context.skip();
    // 300 points never overflow a 100,000-point bucket, however little drains meanwhile. A charge whose
    // statement began before the stored time (it waited for the row, or the stored time was rounded
    // up) must count no time at all: negative time at this refill rate would pour thousands of points.
    const fast = { pointsPerMinute: 1_000_000_000, burstPoints: 100_000 };
    const key = `fast-${Math.random()}`;
    const charges = await Promise.all(Array.from({ length: 300 }, () => store.charge(key, 1, fast)));
    expect(charges.filter((charge) => !charge.admitted)).toHaveLength(0);
  });

  it('keeps each token’s bucket apart and never admits a cost larger than the bucket', async (context) => {
    const store = makeStore();
    if (!store) return context.skip();
    const a = `a-${Math.random()}`;
    const b = `b-${Math.random()}`;
    expect((await store.charge(a, 100, limit)).admitted).toBe(true);
    expect((await store.charge(a, 1, limit)).admitted).toBe(false);
    expect(await store.charge(b, 30, limit)).toMatchObject({ admitted: true, remaining: 70 });
    expect(await store.charge(`c-${Math.random()}`, 101, limit)).toMatchObject({ admitted: false, remaining: 100 });
  });
});

import { describe, expect, it } from 'vitest';
import { drained, MemoryBudgetStore, pour } from '../../src/limits/rate-limit.ts';

const limit = { pointsPerMinute: 600, burstPoints: 100 }; // drains 10 points a second

describe('leaky bucket', () => {
  it.each([
    [50, 1_000, 40],
    [50, 5_000, 0],
    [50, 0, 50],
    [50, -1_000, 50],
  ])('a bucket at %i drained for %i ms is at %i', (level, elapsed, expected) => {
    expect(drained(level, elapsed, limit)).toBe(expected);
  });

  it.each([
    [0, 100, { admitted: true, level: 100, remaining: 0, retryAfterSeconds: 0 }],
    [40, 50, { admitted: true, level: 90, remaining: 10, retryAfterSeconds: 0 }],
    [90, 20, { admitted: false, level: 90, remaining: 10, retryAfterSeconds: 1 }],
    [100, 100, { admitted: false, level: 100, remaining: 0, retryAfterSeconds: 10 }],
    [0, 150, { admitted: false, level: 0, remaining: 100, retryAfterSeconds: 5 }],
  ])('pouring into a bucket at %i the cost %i', (level, cost, expected) => {
    expect(pour(level, cost, limit)).toEqual(expected);
  });

  it('keeps a bucket per token in memory and refills it with time', async () => {
    let now = 0;
    const store = new MemoryBudgetStore(() => now);
    expect((await store.charge('a', 60, limit)).admitted).toBe(true);
    expect((await store.charge('a', 60, limit)).admitted).toBe(false);
    expect((await store.charge('b', 60, limit)).admitted).toBe(true);
    now = 2_000; // 'a' drained to 40
    expect(await store.charge('a', 60, limit)).toEqual({
      admitted: true,
      level: 100,
      remaining: 0,
      retryAfterSeconds: 0,
    });
    expect((await store.charge('a', 1, limit)).retryAfterSeconds).toBe(1);
  });
});

// The per-member budget: a leaky bucket of cost points. Each operation pours its cost in; the bucket
// drains at `pointsPerMinute`; an operation that would overflow it (`burstPoints`) is refused with
// the time after which it would fit. The bucket lives where every API process sees it: in Redis when
// REDIS_URL is set, otherwise in PostgreSQL; the embedded database serves one process, so there it
// lives in memory.
import { Prisma, type PrismaClient } from '@threadwatch/db/client';
import type { Redis } from 'ioredis';
import type { RateLimit } from '../config.ts';

export interface Charge {
  admitted: boolean;
  /** Points in the bucket after this charge (or without it, when refused). */
  level: number;
  /** Points the member may still spend right now. */
  remaining: number;
  /** Seconds until the refused operation would fit; 0 when admitted. */
  retryAfterSeconds: number;
}

export interface BudgetHealth {
  /** True while charges are decided in this process instead of the shared store. */
  degraded: boolean;
  /** Charges decided in this process (its memory, or the shared level it saw last) since the start. */
  fallbacks: number;
}

export interface BudgetStore {
  readonly kind: 'memory' | 'postgres' | 'redis';
  charge(key: string, cost: number, limit: RateLimit): Promise<Charge>;
  /** For a shared store that can be away: whether it is, and how often charges went without it. */
  health?(): BudgetHealth;
  close?(): Promise<void>;
}

/**
 * Whose bucket an operation pours into: the member's, shared by all of their tokens, so creating more
 * tokens never adds budget. Every store keeps the bucket under this key.
 */
export function budgetKey(viewer: { memberId: string }): string {
  return `member:${viewer.memberId}`;
}

const perMs = (limit: RateLimit) => limit.pointsPerMinute / 60_000;

/** The bucket's level after `elapsedMs` of draining. */
export function drained(level: number, elapsedMs: number, limit: RateLimit): number {
  return Math.max(0, level - Math.max(0, elapsedMs) * perMs(limit));
}

/** The outcome of pouring `cost` into a bucket already drained to `level`. */
export function pour(level: number, cost: number, limit: RateLimit): Charge {
  if (level + cost <= limit.burstPoints) {
    return { admitted: true, level: level + cost, remaining: limit.burstPoints - level - cost, retryAfterSeconds: 0 };
  }
  const overflow = level + cost - limit.burstPoints;
  return {
    admitted: false,
    level,
    remaining: Math.max(0, limit.burstPoints - level),
    retryAfterSeconds: Math.max(1, Math.ceil(overflow / perMs(limit) / 1000)),
  };
}

export class MemoryBudgetStore implements BudgetStore {
  readonly kind = 'memory';
  readonly #buckets = new Map<string, { level: number; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async charge(key: string, cost: number, limit: RateLimit): Promise<Charge> {
    const at = this.now();
    const bucket = this.#buckets.get(key);
    const charge = pour(bucket ? drained(bucket.level, at - bucket.at, limit) : 0, cost, limit);
    // Empty buckets are dropped, so the map holds only tokens active within the last drain period.
    if (charge.level === 0) this.#buckets.delete(key);
    else this.#buckets.set(key, { level: charge.level, at });
    if (this.#buckets.size > 10_000) this.#sweep(at, limit);
    return charge;
  }

  #sweep(at: number, limit: RateLimit) {
    for (const [key, bucket] of this.#buckets)
      if (drained(bucket.level, at - bucket.at, limit) === 0) this.#buckets.delete(key);
  }
}

/**
 * A change to a shared bucket: points poured in when they fit (positive) or given back (negative),
 * and points already spent (`owed`), poured in whether they fit or not.
 */
export interface BucketChange {
  key: string;
  delta: number;
  owed?: number;
}

/** A shared bucket after a change: its level (drained to now), and whether the points poured in fit. */
export interface BucketState {
  level: number;
  admitted: boolean;
}

/**
 * The buckets in PostgreSQL. One statement drains, pours what fits and reports, for any number of
 * buckets at once, atomically under concurrency; rows are locked in key order, so two processes
 * adjusting the same buckets never deadlock. Points given back always fit.
 */
export class PostgresBudgetStore implements BudgetStore {
  readonly kind = 'postgres';

  constructor(private readonly prisma: PrismaClient) {}

  async adjust(changes: readonly BucketChange[], limit: RateLimit): Promise<Map<string, BucketState>> {
    const sorted = [...changes].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const keys = sorted.map((change) => change.key);
    const deltas = sorted.map((change) => change.delta);
    const owed = sorted.map((change) => change.owed ?? 0);
    const rate = perMs(limit) * 1000;
    const capacity = limit.burstPoints;
    const delta = Prisma.sql`(SELECT c."delta" FROM change c WHERE c."key" = b."key")`;
    const spent = Prisma.sql`(SELECT c."owed" FROM change c WHERE c."key" = b."key")`;
    // `now()` is when this statement began; a statement that waited for the row behind a later one
    // sees a stored time after its own, so the time elapsed is never taken below zero.
    const drainedLevel = Prisma.sql`GREATEST(0, b."level" - ${rate}::float8 * GREATEST(0, EXTRACT(EPOCH FROM now() - b."updatedAt")))`;
    const rows = await this.prisma.$queryRaw<Array<{ key: string; level: number; admitted: boolean }>>`
      WITH change AS (
        SELECT * FROM unnest(${keys}::text[], ${deltas}::float8[], ${owed}::float8[]) AS c("key", "delta", "owed")
      )
      INSERT INTO "RateLimitBucket" AS b ("key", "level", "admitted", "updatedAt")
      SELECT c."key",
             c."owed" + CASE WHEN c."owed" + c."delta" <= ${capacity}::float8 THEN GREATEST(0, c."delta") ELSE 0 END,
             c."owed" + c."delta" <= ${capacity}::float8, now()
      FROM change c ORDER BY c."key"
      ON CONFLICT ("key") DO UPDATE SET
        "admitted" = ${drainedLevel} + ${spent} + ${delta} <= ${capacity}::float8,
        "level" = GREATEST(0, ${drainedLevel} + ${spent}
          + CASE WHEN ${drainedLevel} + ${spent} + ${delta} <= ${capacity}::float8 THEN ${delta} ELSE 0 END),
        "updatedAt" = GREATEST(now(), b."updatedAt")
      RETURNING "key", "level", "admitted"`;
    return new Map(rows.map((row) => [row.key, { level: row.level, admitted: row.admitted }]));
  }

  /** One charge, straight to the shared bucket (a statement per charge; see SharedBudgetStore). */
  async charge(key: string, cost: number, limit: RateLimit): Promise<Charge> {
    const row = (await this.adjust([{ key, delta: cost }], limit)).get(key);
    if (!row) throw new Error('rate limit bucket was not written');
    return row.admitted ? pour(row.level - cost, cost, limit) : pour(row.level, cost, limit);
  }
}

// Drain, pour if it fits, remember; the bucket expires once it would be empty.
const REDIS_CHARGE = `
local cost = tonumber(ARGV[1])
local capacity = tonumber(ARGV[2])
local rate = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local bucket = redis.call('HMGET', KEYS[1], 'level', 'at')
local level = tonumber(bucket[1]) or 0
local at = tonumber(bucket[2]) or now
level = math.max(0, level - math.max(0, now - at) * rate)
local admitted = 0
if level + cost <= capacity then
  level = level + cost
  admitted = 1
end
redis.call('HSET', KEYS[1], 'level', tostring(level), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(level / rate) + 1000)
return { admitted, tostring(level) }
`;

export class RedisBudgetStore implements BudgetStore {
  readonly kind = 'redis';

  constructor(private readonly redis: Redis) {}

  async charge(key: string, cost: number, limit: RateLimit): Promise<Charge> {
    const [admitted, level] = (await this.redis.eval(
      REDIS_CHARGE,
      1,
      `threadwatch:budget:${key}`,
      cost,
      limit.burstPoints,
      perMs(limit),
    )) as [number, string];
    const after = Number(level);
    return admitted === 1 ? pour(after - cost, cost, limit) : pour(after, cost, limit);
  }

  /** Says goodbye to Redis; one that does not answer (the client's command timeout) is cut off. */
  async close() {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

// Budgets kept in Redis or PostgreSQL must not make that store a single point of failure. Each charge
// waits for it a short, fixed time at most (Redis's command timeout, SHARED_BUDGET_WAIT_MS for
// PostgreSQL); when the store fails or is slower than that, the charge falls back to this process's
// in-memory budget and the store turns "degraded": for a moment, charges go straight to memory, then a
// single charge tries the store again, and the first one that succeeds ends the degradation. One
// warning is logged when it starts, one line when it ends.
import { Redis, type RedisOptions } from 'ioredis';
import type { RateLimit } from '../config.ts';
import type { Logger } from '../logger.ts';
import { type BudgetHealth, type BudgetStore, type Charge, MemoryBudgetStore, RedisBudgetStore } from './rate-limit.ts';

/** Longest a charge waits for Redis. */
export const REDIS_COMMAND_TIMEOUT_MS = 200;

/**
 * Client settings for budgets: commands are refused at once while disconnected (no offline queue),
 * answered within REDIS_COMMAND_TIMEOUT_MS or failed, and the client keeps reconnecting in the
 * background, so Redis's return is noticed without a restart.
 */
export const REDIS_BUDGET_OPTIONS: RedisOptions = {
  commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
  connectTimeout: 1_000,
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  keepAlive: 10_000,
  retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
};

export class FallbackBudgetStore implements BudgetStore {
  readonly kind: BudgetStore['kind'];
  #degraded = false;
  #retryAt = 0;
  #fallbacks = 0;

  constructor(
    private readonly primary: BudgetStore,
    private readonly logger: Logger,
    private readonly options: { retryAfterMs?: number; now?: () => number } = {},
    private readonly fallback: BudgetStore = new MemoryBudgetStore(options.now),
  ) {
    this.kind = primary.kind;
  }

  health(): BudgetHealth {
    // A store that also decides without the shared bucket (SharedBudgetStore) reports its own part.
    const inner = this.primary.health?.() ?? { degraded: false, fallbacks: 0 };
    return { degraded: this.#degraded || inner.degraded, fallbacks: this.#fallbacks + inner.fallbacks };
  }

  async charge(key: string, cost: number, limit: RateLimit): Promise<Charge> {
    const now = (this.options.now ?? Date.now)();
    if (!this.#degraded || now >= this.#retryAt) {
      // While degraded, one charge at a time tries the shared store again; the others use memory.
      if (this.#degraded) this.#retryAt = now + (this.options.retryAfterMs ?? 1_000);
      try {
        const charge = await this.primary.charge(key, cost, limit);
        if (this.#degraded) {
          this.#degraded = false;
          this.logger.info('rate limits are kept in the shared store again', { store: this.kind });
        }
        return charge;
      } catch (error) {
        if (!this.#degraded) {
          this.#degraded = true;
          this.#retryAt = now + (this.options.retryAfterMs ?? 1_000);
          this.logger.warn('rate limit store is not answering; budgets are kept in this process until it is back', {
            store: this.kind,
            error: error instanceof Error ? error.message : String(error),
          });
        }
      }
    }
    this.#fallbacks += 1;
    return this.fallback.charge(key, cost, limit);
  }

  async close() {
    await this.primary.close?.();
  }
}

/** Budgets in Redis at `url`, falling back to this process's memory while Redis is away. */
export function redisBudgetStore(url: string, logger: Logger): FallbackBudgetStore {
  const redis = new Redis(url, REDIS_BUDGET_OPTIONS);
  // Connection errors are reported through the charges that fail (one warning per outage); without a
  // listener ioredis would print each reconnection failure.
  redis.on('error', () => {});
  return new FallbackBudgetStore(new RedisBudgetStore(redis), logger);
}

/** The health of a budget store that can fall back, or null for one that cannot. */
export function budgetHealth(store: BudgetStore | undefined): BudgetHealth | null {
  return store?.health?.() ?? null;
}

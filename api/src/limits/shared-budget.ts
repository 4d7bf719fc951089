// Budgets shared by every API process through PostgreSQL, spent from memory. A durable write per
// request would cap one member at a few thousand requests a second (their bucket's row is a hot
// spot) and put a round trip on every read. Instead each process takes points from the member's
// shared bucket ahead of use (its allowance), spends them in memory, and settles with the bucket every
// SETTLE_MS in one statement for all members: it gives back what it did not spend and takes the next
// allowance, sized to what it spent in the last period (at most a sixteenth of the bucket). A request
// that finds the allowance short takes what it needs on its path (one statement, shared by the
// requests of that member waiting meanwhile).
//
// What this keeps: points are poured into the shared bucket before they are spent, so the processes
// together never spend more than the bucket holds, except that an allowance drains in the shared
// bucket from when it is taken rather than from when it is spent: at most N × SETTLE_MS × refill
// rate points over for N processes. What it gives up: a request may be refused while other processes
// hold unspent allowances (each at most a sixteenth of the bucket, given back within SETTLE_MS), and a
// refusal is answered from memory for SETTLE_MS before the bucket is asked again.
//
// When PostgreSQL does not answer a take within SHARED_BUDGET_WAIT_MS, the store turns degraded: a
// member's charges are decided against the level this process saw last plus what it spent since, on
// credit of at most a sixteenth of the bucket plus what refills meanwhile, and what it spent is poured
// into the bucket at the next settlement that gets through, which ends the degradation. Past that
// credit, and for a member this process has not seen yet, a charge waits for the bucket as long as
// the database's own timeouts allow (then FallbackBudgetStore keeps it in memory).
import type { PrismaClient } from '@threadwatch/db/client';
import type { RateLimit } from '../config.ts';
import type { Logger } from '../logger.ts';
import {
  type BucketState,
  type BudgetHealth,
  type BudgetStore,
  type Charge,
  drained,
  PostgresBudgetStore,
  pour,
} from './rate-limit.ts';

/** How often a process settles its allowances with the shared buckets. */
export const SETTLE_MS = 100;
/** Longest a charge waits for the shared bucket of a member this process has seen before. */
export const SHARED_BUDGET_WAIT_MS = 500;
/** Largest allowance taken ahead of need, as a share of the bucket. */
const ALLOWANCE_SHARE = 1 / 16;

interface Account {
  limit: RateLimit;
  /** Points taken from the shared bucket and not yet spent. */
  allowance: number;
  /** Points spent without the bucket (degraded), to be poured into it at the next settlement. */
  owed: number;
  /** Points spent since the last settlement. */
  spent: number;
  /** The shared bucket's level (all processes' allowances included) when last seen, and when (epoch ms). */
  level: number;
  at: number;
  /** Whether the bucket has answered for this member since this process started. */
  seen: boolean;
  /** Until when a charge that does not fit the level last seen is refused without asking again. */
  refusedUntil: number;
  /** A take on a request's path under way. */
  taking: Promise<void> | null;
}

/** A refusal of `need` points at `level`; when the level seen would fit (other processes hold allowances), retry after a second. */
function refusal(level: number, need: number, limit: RateLimit): Charge {
  const charge = pour(level, need, limit);
  return charge.admitted
    ? { admitted: false, level, remaining: Math.max(0, limit.burstPoints - level), retryAfterSeconds: 1 }
    : charge;
}

function admitted(level: number, limit: RateLimit): Charge {
  return { admitted: true, level, remaining: Math.max(0, limit.burstPoints - level), retryAfterSeconds: 0 };
}

class TakeTimeout extends Error {}

export class SharedBudgetStore implements BudgetStore {
  readonly kind = 'postgres';
  readonly #bucket: PostgresBudgetStore;
  readonly #accounts = new Map<string, Account>();
  #timer: ReturnType<typeof setInterval> | null = null;
  #settling: Promise<void> | null = null;
  #closed = false;
  #degraded = false;
  #degradedAt = 0;
  #fallbacks = 0;

  constructor(
    prisma: PrismaClient,
    private readonly options: { logger?: Logger; settleMs?: number; waitMs?: number; now?: () => number } = {},
  ) {
    this.#bucket = new PostgresBudgetStore(prisma);
  }

  health(): BudgetHealth {
    return { degraded: this.#degraded, fallbacks: this.#fallbacks };
  }

  #now(): number {
    return (this.options.now ?? Date.now)();
  }

  async charge(key: string, cost: number, limit: RateLimit): Promise<Charge> {
    this.#startSettling();
    let account = this.#accounts.get(key);
    if (!account) {
      account = {
        limit,
        allowance: 0,
        owed: 0,
        spent: 0,
        level: 0,
        at: this.#now(),
        seen: false,
        refusedUntil: 0,
        taking: null,
      };
      this.#accounts.set(key, account);
    }
    account.limit = limit;
    // Two takes of its own at most: one sized ahead, then (when that did not fit) exactly what is needed.
    for (let takes = 0; ; ) {
      // The shared level counts this process's allowance as spent, and not yet what it owes.
      const level = drained(account.level, this.#now() - account.at, limit) + account.owed;
      if (account.allowance >= cost) {
        account.allowance -= cost;
        account.spent += cost;
        return admitted(Math.max(0, level - account.allowance), limit);
      }
      const need = cost - account.allowance;
      // On credit while degraded: what the level seen leaves, and at most a sixteenth of the bucket
      // plus what refilled since the degradation began (N processes overspend by N sixteenths at most).
      // Past that credit, the charge waits for the bucket as long as the database allows.
      const credit =
        limit.burstPoints * ALLOWANCE_SHARE + ((this.#now() - this.#degradedAt) * limit.pointsPerMinute) / 60_000;
      const patient = this.#degraded && account.seen && account.owed + need > credit;
      if (this.#degraded && account.seen && !patient) {
        this.#fallbacks++;
        if (level + need > limit.burstPoints) return refusal(level, need, limit);
        account.allowance = 0;
        account.owed += need;
        account.spent += cost;
        return admitted(level + need, limit);
      }
      if ((this.#now() < account.refusedUntil && level + need > limit.burstPoints) || takes >= 2) {
        return refusal(level, need, limit);
      }
      if (account.taking) {
        await account.taking.catch(() => {});
        continue;
      }
      takes++;
      const ahead = takes === 1 ? Math.min(limit.burstPoints * ALLOWANCE_SHARE, 2 * (account.spent + need)) : 0;
      const taking = this.#take(key, account, Math.max(need, ahead), patient);
      account.taking = taking;
      try {
        await taking;
      } catch (error) {
        // A member seen before is decided against the level seen last (next turn of the loop); for
        // another, or past the credit, the caller decides (FallbackBudgetStore: this process's memory).
        if (!account.seen || patient) throw error;
        this.#degrade(error);
      } finally {
        if (account.taking === taking) account.taking = null;
      }
    }
  }

  #degrade(error: unknown): void {
    if (this.#degraded) return;
    this.#degraded = true;
    this.#degradedAt = this.#now();
    this.options.logger?.warn('rate limit store is not answering; budgets are kept in this process until it is back', {
      store: this.kind,
      error: error instanceof Error ? error.message : String(error),
    });
  }

  #recovered(): void {
    if (!this.#degraded) return;
    this.#degraded = false;
    this.options.logger?.info('rate limits are kept in the shared store again', { store: this.kind });
  }

  /**
   * Takes `points` for the account from its shared bucket. For a member seen before, waits
   * SHARED_BUDGET_WAIT_MS at most (then TakeTimeout); otherwise, or when `patient`, as long as the
   * database allows.
   */
  async #take(key: string, account: Account, points: number, patient: boolean): Promise<void> {
    const answer = this.#bucket.adjust([{ key, delta: points }], account.limit).then((states) => {
      // An answer that came after the wait was given up still counts: its points were taken.
      const state = states.get(key);
      if (state) this.#seen(account, state, points);
      this.#recovered();
    });
    if (!account.seen || patient) return answer;
    let answered = false;
    answer.then(
      () => (answered = true),
      () => {},
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.#waitMs());
    });
    await Promise.race([answer, waited]);
    clearTimeout(timer);
    if (answered) return;
    // Timers run before the network is read in a turn of the event loop: on a busy process an answer
    // may be waiting unread. Read it before calling the bucket slow.
    await new Promise((resolve) => setImmediate(resolve));
    await Promise.race([answer, Promise.resolve()]);
    if (!answered) throw new TakeTimeout(`the shared budget did not answer within ${this.#waitMs()} ms`);
  }

  #waitMs(): number {
    return this.options.waitMs ?? SHARED_BUDGET_WAIT_MS;
  }

  /** Records the shared bucket's answer to a change of `delta` points for the account. */
  #seen(account: Account, state: BucketState, delta: number): void {
    account.level = state.level;
    account.at = this.#now();
    account.seen = true;
    if (delta > 0 && state.admitted) {
      account.allowance += delta;
      account.refusedUntil = 0;
    } else if (delta > 0) {
      account.refusedUntil = account.at + this.#settleMs();
    }
  }

  #settleMs(): number {
    return this.options.settleMs ?? SETTLE_MS;
  }

  #startSettling(): void {
    if (this.#timer || this.#closed) return;
    this.#timer = setInterval(() => {
      if (!this.#settling) this.#settling = this.settle().finally(() => (this.#settling = null));
    }, this.#settleMs());
    this.#timer.unref();
  }

  /**
   * Gives back the allowances not spent, pours in what was spent without the bucket, and takes the
   * next allowances, in one statement for all members (every SETTLE_MS; `final` gives everything
   * back, at shutdown). Members are forgotten once their allowance is back and the level seen has drained away.
   */
  async settle(final = false): Promise<void> {
    const changes: Array<{ key: string; delta: number; owed: number; account: Account }> = [];
    const now = this.#now();
    for (const [key, account] of this.#accounts) {
      if (account.taking) continue;
      const limit = account.limit;
      const next = final || this.#degraded ? 0 : Math.min(limit.burstPoints * ALLOWANCE_SHARE, account.spent * 1.5);
      account.spent = 0;
      const delta = next - account.allowance;
      if (next === 0 && account.allowance === 0 && account.owed === 0) {
        // Forgotten only once the level seen has drained away: until then an outage decides against it.
        if (now >= account.refusedUntil && drained(account.level, now - account.at, limit) === 0)
          this.#accounts.delete(key);
        continue;
      }
      if (Math.abs(delta) < 1e-9 && account.owed === 0) continue;
      // Points given back leave the allowance now: when the write fails they are lost to this
      // process, which can only spend less.
      if (delta < 0) account.allowance = next;
      changes.push({ key, delta, owed: account.owed, account });
    }
    if (changes.length === 0) {
      // Nothing to pour: the next take tells whether the bucket answers.
      this.#recovered();
      return;
    }
    // One statement per bucket limit (every member shares one in practice).
    const byLimit = new Map<RateLimit, typeof changes>();
    for (const change of changes) {
      const group = byLimit.get(change.account.limit) ?? [];
      group.push(change);
      byLimit.set(change.account.limit, group);
    }
    for (const [limit, group] of byLimit) {
      try {
        const states = await this.#bucket.adjust(group, limit);
        for (const { key, delta, owed, account } of group) {
          account.owed -= owed;
          const state = states.get(key);
          if (state) this.#seen(account, state, delta);
        }
        this.#recovered();
      } catch (error) {
        // The database is away: allowances given back stay given back, what is owed stays owed, and
        // charges that find their allowance short are decided in this process meanwhile.
        this.#degrade(error);
      }
    }
  }

  /** Stops settling and gives every unspent allowance back (waiting SHARED_BUDGET_WAIT_MS × 4 at most). */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const bound = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.#waitMs() * 4);
    });
    await Promise.race([(this.#settling ?? Promise.resolve()).then(() => this.settle(true)), bound]);
    clearTimeout(timer);
  }
}

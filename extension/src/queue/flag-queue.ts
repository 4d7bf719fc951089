/**
 * The flag queue's storage: every state change of every item, each one a read-modify-write of the
 * `local:flagQueue` item. Changes run one after another (a promise chain), so an enqueue arriving
 * while the worker records a send result is never lost. Only the background creates a FlagQueue.
 *
 * Unsent items are never dropped; sent items are kept for the popup, the newest SENT_ITEMS_KEPT.
 */
import type { WxtStorageItem } from '#imports';
import type { ApiFailure } from '@/api/api-failure';
import { type FailureWait, newQueueItem, type QueuedFlag, type QueueItem, type QueueItemState } from './queue-item';

export const SENT_ITEMS_KEPT = 100;
/** A ceiling on unsent items, so a runaway caller cannot fill the storage quota. */
export const MAX_UNSENT_ITEMS = 500;

export class QueueFullError extends Error {
  override name = 'QueueFullError';
}

type QueueStorageItem = WxtStorageItem<QueueItem[], Record<string, unknown>>;

/** Oldest first by creation; sent items beyond the newest SENT_ITEMS_KEPT are dropped. */
function tidy(items: QueueItem[]): QueueItem[] {
  const sent = items
    .filter((item): item is Extract<QueueItem, { status: 'sent' }> => item.status === 'sent')
    .sort((a, b) => b.sentAt - a.sentAt);
  const dropped = new Set(sent.slice(SENT_ITEMS_KEPT).map((item) => item.idempotencyKey));
  return items.filter((item) => !dropped.has(item.idempotencyKey)).sort((a, b) => a.createdAt - b.createdAt);
}

type QueuedItem = Extract<QueueItem, { status: 'queued' }>;

function isDue(item: QueueItem, now: number): item is QueuedItem {
  return item.status === 'queued' && item.nextAttemptAt <= now;
}

export class FlagQueue {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly item: QueueStorageItem) {}

  /** Runs `change` on the current items and stores what it returns, after every earlier change. */
  private mutate<T>(change: (items: QueueItem[]) => { items: QueueItem[]; result: T }): Promise<T> {
    const run = this.chain.then(async () => {
      const { items, result } = change(await this.item.getValue());
      await this.item.setValue(tidy(items));
      return result;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Replaces one item by key; `update` returns null to leave it unchanged. */
  private updateOne(key: string, update: (item: QueueItem) => QueueItem | null): Promise<QueueItem | null> {
    return this.mutate((items) => {
      let updated: QueueItem | null = null;
      const next = items.map((item) => {
        if (item.idempotencyKey !== key) return item;
        updated = update(item);
        return updated ?? item;
      });
      return { items: next, result: updated };
    });
  }

  /** The items after every pending change, oldest first. */
  async list(): Promise<QueueItem[]> {
    await this.chain;
    return this.item.getValue();
  }

  /**
   * Writes a new item, due now. Throws QueueFullError when MAX_UNSENT_ITEMS are waiting. A key
   * already in the queue is the same request again: its item is answered, unchanged.
   */
  enqueue(flag: QueuedFlag, idempotencyKey: string, now: number): Promise<QueueItem> {
    return this.mutate((items) => {
      const existing = items.find((item) => item.idempotencyKey === idempotencyKey);
      if (existing) return { items, result: existing };
      if (items.filter((item) => item.status !== 'sent').length >= MAX_UNSENT_ITEMS) {
        throw new QueueFullError(`${MAX_UNSENT_ITEMS} flags are waiting to be sent; try again once they are sent.`);
      }
      const created = newQueueItem(flag, idempotencyKey, now);
      return { items: [...items, created], result: created };
    });
  }

  /** Takes the next due item (oldest due first) and marks it sending, counting the attempt. */
  claimDue(now: number): Promise<QueueItem | null> {
    return this.mutate((items) => {
      const due = items
        .filter((item): item is QueuedItem => isDue(item, now))
        .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.createdAt - b.createdAt)[0];
      if (!due) return { items, result: null };
      const claimed: QueueItem = {
        idempotencyKey: due.idempotencyKey,
        flag: due.flag,
        createdAt: due.createdAt,
        attempts: due.attempts + 1,
        status: 'sending',
        sendingSince: now,
      };
      return { items: items.map((item) => (item === due ? claimed : item)), result: claimed };
    });
  }

  markSent(key: string, outcome: string, now: number): Promise<QueueItem | null> {
    return this.updateOne(key, (item) => ({ ...base(item), status: 'sent', sentAt: now, outcome }));
  }

  /** Back to queued after a passing failure, to be tried at `nextAttemptAt`. */
  markForRetry(key: string, lastError: string, nextAttemptAt: number): Promise<QueueItem | null> {
    return this.updateOne(key, (item) => ({ ...base(item), status: 'queued', nextAttemptAt, lastError }));
  }

  /** Failed until the user acts; `failure` is kept with the item as the API layer made it. */
  markFailed(
    key: string,
    reason: string,
    waitsFor: FailureWait,
    now: number,
    failure?: ApiFailure,
  ): Promise<QueueItem | null> {
    return this.updateOne(key, (item) => ({ ...base(item), ...failedState(now, reason, waitsFor, failure) }));
  }

  /** Moves every due item to `until` (after a failure that would hit them too); attempts unchanged. */
  deferDue(now: number, until: number, lastError: string): Promise<void> {
    return this.mutate((items) => ({
      items: items.map((item) => (isDue(item, now) ? { ...item, nextAttemptAt: until, lastError } : item)),
      result: undefined,
    }));
  }

  /** Marks every due item failed without sending it (no settings, no permission). */
  failDue(now: number, reason: string, waitsFor: FailureWait, failure?: ApiFailure): Promise<void> {
    return this.mutate((items) => ({
      items: items.map((item) =>
        isDue(item, now) ? { ...base(item), ...failedState(now, reason, waitsFor, failure) } : item,
      ),
      result: undefined,
    }));
  }

  /** Queues again, due now, every failed item waiting for `waitsFor` (e.g. after new settings). */
  release(waitsFor: FailureWait, now: number): Promise<number> {
    return this.mutate((items) => {
      let released = 0;
      const next = items.map((item): QueueItem => {
        if (item.status !== 'failed' || item.waitsFor !== waitsFor) return item;
        released += 1;
        return { ...base(item), status: 'queued', nextAttemptAt: now, lastError: item.reason };
      });
      return { items: next, result: released };
    });
  }

  /**
   * The Retry button: a failed or waiting item is due now with a fresh backoff. Same key, so a
   * flag the API did record is not recorded twice. Null when the item is unknown, sending or sent.
   */
  retry(key: string, now: number): Promise<QueueItem | null> {
    return this.updateOne(key, (item) => {
      if (item.status !== 'failed' && item.status !== 'queued') return null;
      const lastError = item.status === 'failed' ? item.reason : item.lastError;
      return { ...base(item), attempts: 0, status: 'queued', nextAttemptAt: now, lastError };
    });
  }

  /**
   * At service-worker start: a request that was in flight when the previous worker stopped may or
   * may not have arrived; send it again (same key, so the API dedupes).
   */
  recoverInterrupted(now: number): Promise<number> {
    return this.mutate((items) => {
      let recovered = 0;
      const next = items.map((item): QueueItem => {
        if (item.status !== 'sending') return item;
        recovered += 1;
        return {
          ...base(item),
          status: 'queued',
          nextAttemptAt: now,
          lastError: 'Interrupted while sending; sending again.',
        };
      });
      return { items: next, result: recovered };
    });
  }

  async hasDue(now: number): Promise<boolean> {
    return (await this.list()).some((item) => isDue(item, now));
  }

  /** When the earliest queued item is due, or null when nothing is queued. */
  async nextAttemptAt(): Promise<number | null> {
    const times = (await this.list()).flatMap((item) => (item.status === 'queued' ? [item.nextAttemptAt] : []));
    return times.length > 0 ? Math.min(...times) : null;
  }
}

function failedState(
  now: number,
  reason: string,
  waitsFor: FailureWait,
  failure: ApiFailure | undefined,
): Extract<QueueItemState, { status: 'failed' }> {
  return { status: 'failed', failedAt: now, reason, waitsFor, ...(failure ? { failure } : {}) };
}

/** The fields every state shares, without the state-specific ones. */
function base(item: QueueItem): Pick<QueueItem, 'idempotencyKey' | 'flag' | 'createdAt' | 'attempts'> {
  return { idempotencyKey: item.idempotencyKey, flag: item.flag, createdAt: item.createdAt, attempts: item.attempts };
}

/**
 * One entry of the flag queue: what the user asked to send, its idempotency key, and where it is
 * in its life (queued → sending → sent, or failed with a reason). Plain JSON, stored in
 * `local:flagQueue` and shown by the popup.
 */
import type { ApiFailure } from '@/api/api-failure';
import { JOB_CHANGE_KIND_LABELS } from '@/api/enum-labels';
import type { AddStakeholderFromPageInput, FlagJobChangeInput } from '@/api/generated/graphql';

/**
 * Where the queue is stored. The background writes it (utils/storage.ts declares the item); the
 * overlay watches it for the items it enqueued and those about the person shown
 * (overlay/queue-watch.ts).
 */
export const FLAG_QUEUE_STORAGE_KEY = 'local:flagQueue';

/** A job-change flag as the user confirmed it; the key is added from the queue item when sending. */
export type JobChangeFlagDraft = Omit<FlagJobChangeInput, 'idempotencyKey'>;

/** A person to add to an account, as the user confirmed it. */
export type AddStakeholderDraft = Omit<AddStakeholderFromPageInput, 'idempotencyKey'>;

export type QueuedFlag =
  | { kind: 'jobChange'; input: JobChangeFlagDraft }
  | { kind: 'addStakeholder'; input: AddStakeholderDraft };

/**
 * What a failed item waits for: the Retry button (the API refused it; sending it again unchanged
 * would fail again), or new settings (token rejected, no permission, not configured).
 */
export type FailureWait = 'retry-button' | 'settings';

export type QueueItemState =
  /** Waiting to be sent at `nextAttemptAt`; `lastError` says why an earlier attempt failed. */
  | { status: 'queued'; nextAttemptAt: number; lastError: string | null }
  /** A request is in flight (reset to queued if the service worker died meanwhile). */
  | { status: 'sending'; sendingSince: number }
  /** The API confirmed it. */
  | { status: 'sent'; sentAt: number; outcome: string }
  /**
   * Not retried automatically until the user acts. `failure` is the API failure as the API layer
   * made it (absent on items failed by an earlier version); `reason` is the sentence shown for it.
   */
  | { status: 'failed'; failedAt: number; reason: string; waitsFor: FailureWait; failure?: ApiFailure };

export type QueueItemStatus = QueueItemState['status'];

export type QueueItem = {
  /** crypto.randomUUID() at enqueue time; every attempt sends the same key, so the API dedupes. */
  idempotencyKey: string;
  flag: QueuedFlag;
  createdAt: number;
  /** Attempts since the item was queued or last retried by hand. */
  attempts: number;
} & QueueItemState;

export function newQueueItem(flag: QueuedFlag, idempotencyKey: string, now: number): QueueItem {
  return { idempotencyKey, flag, createdAt: now, attempts: 0, status: 'queued', nextAttemptAt: now, lastError: null };
}

/** Counted on the toolbar badge: everything the API has not confirmed yet. */
export function isUnsent(item: QueueItem): boolean {
  return item.status !== 'sent';
}

function personFromProfileUrl(profileUrl: string): string {
  const slug = /\/in\/([^/?#]+)/.exec(profileUrl)?.[1];
  if (!slug) return profileUrl;
  try {
    return decodeURIComponent(slug);
  } catch {
    return slug;
  }
}

/** A short label for lists, e.g. "Left company: Jane Doe" or "Add Jane Doe". */
export function describeFlag(flag: QueuedFlag): string {
  if (flag.kind === 'addStakeholder') return `Add ${flag.input.fullName}`;
  const { input } = flag;
  const who = input.observedName ?? (input.profileUrl ? personFromProfileUrl(input.profileUrl) : 'a stakeholder');
  return `${JOB_CHANGE_KIND_LABELS[input.kind]}: ${who}`;
}

/**
 * Follows one queue item the overlay enqueued, by its key, until the API confirmed it or it failed:
 * "Queued" → "Sent" (or the reason it failed). The queue itself does the sending and the retries.
 *
 * It watches the queue's storage for changes (no clock, no asking the background): the background
 * writes every state change of an item there. Only this item's key is looked at; the overlay never
 * writes storage (see utils/storage.ts).
 */

import { useCallback, useEffect, useState } from 'react';
import type { QueueItem } from '@/queue/queue-item';
import { watchQueue } from './queue-watch';

export type QueuedState =
  | { status: 'idle' }
  | { status: 'queued'; key: string; lastError: string | null }
  | { status: 'sent'; key: string; outcome: string }
  | { status: 'failed'; key: string; reason: string };

export function stateOf(item: QueueItem): QueuedState {
  switch (item.status) {
    case 'sent':
      return { status: 'sent', key: item.idempotencyKey, outcome: item.outcome };
    case 'failed':
      return { status: 'failed', key: item.idempotencyKey, reason: item.reason };
    case 'queued':
      return { status: 'queued', key: item.idempotencyKey, lastError: item.lastError };
    case 'sending':
      return { status: 'queued', key: item.idempotencyKey, lastError: null };
  }
}

/**
 * Calls `onChange` with the item of `key` whenever the stored queue changes, and once with what is
 * stored now (a change made before the watch began). Returns the function that stops watching.
 */
export function watchQueueItem(key: string, onChange: (item: QueueItem) => void): () => void {
  return watchQueue((items) => {
    const item = items.find((candidate) => candidate.idempotencyKey === key);
    if (item) onChange(item);
  });
}

export function useQueuedItem(): { state: QueuedState; follow: (item: QueueItem) => void } {
  const [state, setState] = useState<QueuedState>({ status: 'idle' });
  const [key, setKey] = useState<string | null>(null);

  useEffect(() => {
    if (key === null) return;
    return watchQueueItem(key, (item) => setState(stateOf(item)));
  }, [key]);

  const follow = useCallback((item: QueueItem) => {
    setState(stateOf(item));
    setKey(item.idempotencyKey);
  }, []);

  return { state, follow };
}

/**
 * Follows one queue item the overlay enqueued, by its key, until the API confirmed it or it failed:
 * "Queued" → "Sent" (or the reason it failed). The queue itself does the sending and the retries.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { QueueItem } from '@/queue/queue-item';
import { useSend } from './overlay-view';

export const QUEUE_POLL_MS = 1000;
/** Stop asking after this many polls (the popup keeps showing the item). */
const MAX_POLLS = 120;

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

export function useQueuedItem(): { state: QueuedState; follow: (item: QueueItem) => void } {
  const send = useSend();
  const [state, setState] = useState<QueuedState>({ status: 'idle' });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const follow = useCallback(
    (item: QueueItem) => {
      if (timer.current) clearTimeout(timer.current);
      setState(stateOf(item));
      let polls = 0;
      const poll = async () => {
        polls += 1;
        const response = await send({ type: 'getQueueItem', idempotencyKey: item.idempotencyKey });
        const latest = response.type === 'ok' ? response.value.found : null;
        if (latest) setState(stateOf(latest));
        if (latest && (latest.status === 'sent' || latest.status === 'failed')) return;
        if (polls < MAX_POLLS) timer.current = setTimeout(() => void poll(), QUEUE_POLL_MS);
      };
      if (item.status !== 'sent' && item.status !== 'failed') timer.current = setTimeout(() => void poll(), 200);
    },
    [send],
  );

  return { state, follow };
}

/** The local queue's items, asked of the background once and again on `refresh()`. */
import { useCallback, useEffect, useState } from 'react';
import type { QueueItem } from '@/queue/queue-item';
import { useSend } from './overlay-view';

export function useQueueItems(): { items: QueueItem[]; refresh: () => void } {
  const send = useSend();
  const [items, setItems] = useState<QueueItem[]>([]);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    void send({ type: 'getQueue' }).then((response) => {
      if (current && response.type === 'ok') setItems(response.value.items);
    });
    return () => {
      current = false;
    };
  }, [send, generation]);
  return { items, refresh: useCallback(() => setGeneration((value) => value + 1), []) };
}

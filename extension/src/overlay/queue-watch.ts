/**
 * The overlay's read-only view of the flag queue: it watches the queue's storage key, which the
 * background writes on every change of an item. The overlay never writes storage and never asks
 * the background for the queue (that message is for extension pages); see utils/storage.ts.
 */
import { storage } from '#imports';
import { FLAG_QUEUE_STORAGE_KEY, type QueueItem } from '@/queue/queue-item';

/**
 * Calls `onChange` with the stored queue whenever it changes, and once with what is stored now (a
 * change made before the watch began). Returns the function that stops watching.
 */
export function watchQueue(onChange: (items: readonly QueueItem[]) => void): () => void {
  let changed = false;
  let stopped = false;
  const show = (items: QueueItem[] | null) => {
    if (!stopped) onChange(items ?? []);
  };
  const unwatch = storage.watch<QueueItem[]>(FLAG_QUEUE_STORAGE_KEY, (items) => {
    changed = true;
    show(items);
  });
  void storage.getItem<QueueItem[]>(FLAG_QUEUE_STORAGE_KEY).then(
    (items) => {
      // A change seen meanwhile is newer than this read.
      if (!changed) show(items);
    },
    () => undefined,
  );
  return () => {
    stopped = true;
    unwatch();
  };
}

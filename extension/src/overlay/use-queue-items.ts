/**
 * The local queue's job-change items about the person shown, kept current by watching the queue's
 * storage (overlay/queue-watch.ts): a flag queued on an earlier visit is listed when the rep comes
 * back, and leaves the list once the background sent it. No timer, no message to the background;
 * items about anyone else are dropped as they are read.
 */
import { useEffect, useState } from 'react';
import type { QueueItem } from '@/queue/queue-item';
import { watchQueue } from './queue-watch';

/** The queue's job-change items about `stakeholderId`, whatever their state. */
export function queuedFlagsAbout(items: readonly QueueItem[], stakeholderId: string): QueueItem[] {
  return items.filter((item) => item.flag.kind === 'jobChange' && item.flag.input.stakeholderId === stakeholderId);
}

export function useQueuedFlagsAbout(stakeholderId: string): QueueItem[] {
  const [watched, setWatched] = useState<{ stakeholderId: string; items: QueueItem[] } | null>(null);
  useEffect(
    () => watchQueue((items) => setWatched({ stakeholderId, items: queuedFlagsAbout(items, stakeholderId) })),
    [stakeholderId],
  );
  // Until the queue was read for this person, nothing of the previous one's is shown.
  return watched?.stakeholderId === stakeholderId ? watched.items : NONE;
}

const NONE: QueueItem[] = [];

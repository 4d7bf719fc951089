/**
 * The local queue's job-change items about the person shown, kept current by watching the queue's
 * storage (overlay/queue-watch.ts): a flag queued on an earlier visit is listed when the rep comes
 * back, and leaves the list once the background sent it. No timer, no message to the background;
 * items about anyone else are dropped as they are read.
 */
import { useEffect, useState } from 'react';
import type { QueueItem } from '@/queue/queue-item';
import { isQueuedFlagAbout, type ShownPerson } from './person-flags';
import { watchQueue } from './queue-watch';

/** The queue's job-change items about the person, whatever their state. */
export function queuedFlagsAbout(items: readonly QueueItem[], person: ShownPerson): QueueItem[] {
  return items.filter((item) => isQueuedFlagAbout(item, person));
}

export function useQueuedFlagsAbout(person: ShownPerson): QueueItem[] {
  const { stakeholderId, profileUrl } = person;
  const shown = `${stakeholderId} ${profileUrl ?? ''}`;
  const [watched, setWatched] = useState<{ shown: string; items: QueueItem[] } | null>(null);
  useEffect(
    () => watchQueue((items) => setWatched({ shown, items: queuedFlagsAbout(items, { stakeholderId, profileUrl }) })),
    [shown, stakeholderId, profileUrl],
  );
  // Until the queue was read for this person, nothing of the previous one's is shown.
  return watched?.shown === shown ? watched.items : NONE;
}

const NONE: QueueItem[] = [];

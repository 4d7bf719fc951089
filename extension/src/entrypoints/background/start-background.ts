/**
 * Everything the background service worker does at start, in the order MV3 needs: listeners are
 * registered synchronously (so the event that woke the worker is delivered), then the queue is
 * recovered (items that were in flight when the last worker stopped are queued again), the badge
 * is drawn, due items are sent and the retry alarm is re-created from the queue.
 *
 * Chrome stops an idle service worker after ~30 s and may drop alarms on a browser restart; both
 * are survived because the queue lives in `local:` storage and every start runs this again.
 */
import { browser } from '#imports';
import { FlagQueue } from '@/queue/flag-queue';
import { showQueueOnBadge } from '@/queue/queue-badge';
import { QueueWorker } from '@/queue/queue-worker';
import { onRetryAlarm, scheduleRetryAlarm } from '@/queue/retry-alarm';
import { openWatchedConnection } from '@/settings/expiry-watch';
import { flagQueue } from '@/utils/storage';
import { createMessageHandler } from './message-handler';

export interface BackgroundOptions {
  now?: () => number;
  random?: () => number;
}

export interface RunningBackground {
  /** Settles when start-up recovery and the first round of sending are done. */
  ready: Promise<void>;
  worker: QueueWorker;
  queue: FlagQueue;
}

export function startBackground(options: BackgroundOptions = {}): RunningBackground {
  const now = options.now ?? Date.now;
  const queue = new FlagQueue(flagQueue);
  const connect = () => openWatchedConnection(now);
  const worker = new QueueWorker({
    queue,
    connect,
    scheduleWakeUp: scheduleRetryAlarm,
    now,
    ...(options.random ? { random: options.random } : {}),
  });
  const sendQueue = () => void worker.run();

  const handleMessage = createMessageHandler({
    version: browser.runtime.getManifest().version,
    self: { id: browser.runtime.id, origin: browser.runtime.getURL('/') },
    queue,
    sendQueue,
    connect,
    newIdempotencyKey: () => crypto.randomUUID(),
    now,
    injectOverlay: async (tabId, frameId) => {
      try {
        await browser.scripting.executeScript({
          target: { tabId, frameIds: [frameId] },
          files: ['/content-scripts/overlay-ui.js'],
        });
        return true;
      } catch {
        return false;
      }
    },
  });
  // Returning a Promise (rather than calling sendResponse) is how both Chrome and Firefox
  // let a listener answer asynchronously.
  browser.runtime.onMessage.addListener((message: unknown, sender) => handleMessage(message, sender));
  onRetryAlarm(sendQueue);
  // The host permission may be granted after the popup closed: send what waited for it.
  browser.permissions.onAdded.addListener(() => {
    void queue.release('settings', now()).then(sendQueue);
  });
  // A listener makes the browser start this worker at browser start-up, so the queue is sent
  // even when the browser dropped the retry alarm.
  browser.runtime.onStartup.addListener(sendQueue);
  flagQueue.watch((items) => {
    void showQueueOnBadge(items).catch(() => undefined);
  });

  const ready = (async () => {
    await queue.recoverInterrupted(now());
    await showQueueOnBadge(await queue.list()).catch(() => undefined);
    await worker.run();
  })();
  return { ready, worker, queue };
}

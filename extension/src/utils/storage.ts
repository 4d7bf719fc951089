/**
 * Every storage item of the extension, declared once.
 *
 * Who may read what:
 * - All items are `local:` (they survive browser restarts). Only the background service worker
 *   writes `apiToken`; it and the dashboard (an extension page that queries the API itself) read
 *   it through api/connection.ts. Only the background writes `flagQueue`; content scripts never
 *   write storage and never import this file: everything they need goes through typed runtime
 *   messages (utils/runtime-messages.ts), which never return the token. The one exception is
 *   reading the queue, which holds flags and never the token: the overlay's UI watches its key
 *   (overlay/queue-watch.ts, without importing this file) for the state of an item it enqueued and
 *   for the job-change items about the person on the page, and keeps nothing else it reads. The
 *   `getQueue` message (the whole queue) stays for extension pages.
 * - The popup (an extension page) asks the background for the settings (`getSettings`, which
 *   omits the token) and may watch `flagQueue`, `apiUrl` and `connectionCheck` to refresh itself.
 * - Why not `session:` for the token: session storage is cleared when the browser restarts, and
 *   queued flags must still be sent after a restart without asking the user for the token again.
 *   `storage.local` is readable by content scripts in principle, so this is the rule: only
 *   src/settings/settings-store.ts and src/api/connection.ts (both run in the background only)
 *   use `apiToken`, and no content-script module imports this file (tests/token-access.test.ts).
 */
import { storage } from '#imports';
import { FLAG_QUEUE_STORAGE_KEY, type QueueItem } from '@/queue/queue-item';
import type { ConnectionCheck } from '@/settings/connection-check';
import type { OverlayPrefs } from './runtime-messages';

/**
 * The Threadwatch GraphQL endpoint (for example `https://threadwatch.example.com/graphql`), or null
 * until the user configures it in settings. Not secret.
 */
export const apiUrl = storage.defineItem<string | null>('local:apiUrl', { fallback: null });

/** The API token. Secret: read and written by the background only (see above). */
export const apiToken = storage.defineItem<string | null>('local:apiToken', { fallback: null });

/** The result of the last connection test, cleared when the settings change. */
export const connectionCheck = storage.defineItem<ConnectionCheck | null>('local:connectionCheck', { fallback: null });

/**
 * The flag queue: every flag is written here before it is sent, and stays until the API has
 * confirmed it (sent items are then kept, bounded, for the popup). Written by the background only.
 */
export const flagQueue = storage.defineItem<QueueItem[]>(FLAG_QUEUE_STORAGE_KEY, { fallback: [], version: 1 });

/** The overlay's preferences (collapsed or not); written by the background for the content scripts. */
export const overlayPrefs = storage.defineItem<OverlayPrefs>('local:overlayPrefs', { fallback: { collapsed: false } });

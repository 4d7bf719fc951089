/**
 * LinkedIn is a single-page app: the URL changes without a page load, and the new person's markup
 * arrives later, sometimes in pieces (the Experience section can come seconds after the top card).
 * This follows the page, not the clock:
 *
 * - URL changes: the Navigation API's `currententrychange` where the browser has it (Chromium fires
 *   it in the content script's world for the page's own `history.pushState`), `popstate`, and the
 *   DOM observer below: a single-page app re-renders when it navigates, so a mutation is the moment
 *   to compare `location.href` with the last one seen. No polling: a content script cannot patch
 *   the page's `history` (it runs in an isolated world), and WXT's `wxt:locationchange` polls.
 * - Content arrival: one MutationObserver on the document, debounced: `onPage` runs once the page
 *   has been quiet for `SETTLE_MS` after a burst of mutations, so a section that renders late is
 *   read when it arrives, however late. The timer only coalesces a burst; it never decides when
 *   to look.
 *
 * `onPage` runs at once on a URL change and again whenever the content settles; whether what it
 * reads belongs to the current URL is the caller's question (see readers/page-identity.ts).
 * Timers and listeners go through the content script's context, so they stop when the extension
 * is reloaded; the observer is disconnected then too.
 */
import { LAUNCHER_TAG } from './launcher';
import { OVERLAY_TAG } from './overlay-tag';

/** Quiet time after the last mutation before the page is read again. */
export const SETTLE_MS = 120;

export interface WatcherContext {
  setTimeout(handler: () => void, timeout?: number): number;
  addEventListener(target: Window, type: 'popstate', handler: () => void): void;
  onInvalidated(handler: () => void): void;
}

/** The Navigation API, where the browser has it (Chromium 102+). */
interface NavigationLike {
  addEventListener(type: 'currententrychange', handler: () => void): void;
  removeEventListener(type: 'currententrychange', handler: () => void): void;
}

const OWN_TAGS = new Set([OVERLAY_TAG, LAUNCHER_TAG]);

/** Mutations made only by Threadwatch itself (its overlay's host element) are not page changes. */
function isOwnMutation(record: MutationRecord): boolean {
  if (record.type !== 'childList') return false;
  const nodes = [...Array.from(record.addedNodes), ...Array.from(record.removedNodes)];
  return nodes.length > 0 && nodes.every((node) => OWN_TAGS.has(node.nodeName.toLowerCase()));
}

export function watchPage(ctx: WatcherContext, win: Window, onPage: (href: string) => void): () => void {
  let href = win.location.href;
  let settle: number | null = null;

  const urlChanged = (): boolean => {
    const current = win.location.href;
    if (current === href) return false;
    href = current;
    if (settle !== null) win.clearTimeout(settle);
    settle = null;
    onPage(current);
    return true;
  };

  const reread = () => {
    settle = null;
    if (!urlChanged()) onPage(href);
  };

  const observer = new MutationObserver((records) => {
    if (records.every(isOwnMutation)) return;
    urlChanged();
    if (settle !== null) win.clearTimeout(settle);
    settle = ctx.setTimeout(reread, SETTLE_MS);
  });
  observer.observe(win.document.documentElement, { childList: true, subtree: true, characterData: true });

  const navigation = (win as Window & { navigation?: NavigationLike }).navigation;
  const onEntry = () => void urlChanged();
  navigation?.addEventListener('currententrychange', onEntry);
  ctx.addEventListener(win, 'popstate', onEntry);

  const stop = () => {
    observer.disconnect();
    navigation?.removeEventListener('currententrychange', onEntry);
    if (settle !== null) win.clearTimeout(settle);
  };
  ctx.onInvalidated(stop);
  onPage(href);
  return stop;
}

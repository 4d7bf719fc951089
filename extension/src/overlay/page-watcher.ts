/**
 * LinkedIn is a single-page app: the URL changes without a page load, and the new person's markup
 * arrives a little later. This watches `location.href` (a cheap string compare every 500 ms, plus
 * `popstate`) and calls `onPage` at once on a change and again shortly after, so a page that
 * renders late is read again. Timers and listeners go through the content script's context, so
 * they stop when the extension is reloaded.
 */
export const URL_POLL_MS = 500;
/** Re-reads after a URL change, for content that renders after the URL changed. */
export const REREAD_AFTER_MS = [400, 1500] as const;

export interface WatcherContext {
  setInterval(handler: () => void, timeout?: number): number;
  setTimeout(handler: () => void, timeout?: number): number;
  addEventListener(target: Window, type: 'popstate', handler: () => void): void;
}

export function watchPage(ctx: WatcherContext, win: Window, onPage: (href: string) => void): void {
  let href: string | null = null;
  let pending: number[] = [];
  const check = () => {
    const current = win.location.href;
    if (current === href) return;
    href = current;
    for (const timer of pending) win.clearTimeout(timer);
    onPage(current);
    pending = REREAD_AFTER_MS.map((delay) =>
      ctx.setTimeout(() => {
        if (win.location.href === current) onPage(current);
      }, delay),
    );
  };
  check();
  ctx.setInterval(check, URL_POLL_MS);
  ctx.addEventListener(win, 'popstate', check);
}

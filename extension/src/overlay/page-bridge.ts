/**
 * The page-start script (entrypoints/linkedin.content) and the overlay's UI script
 * (entrypoints/overlay-ui.content) are built separately and run in the same isolated world, so they
 * share this object on `globalThis`: the page the watcher last accepted, the UI's listener for the
 * next ones, and views the watcher already looked up (so the UI does not ask the API again).
 */
import type { OverlayPage, OverlayView } from './load-view';

interface PageBridge {
  page: OverlayPage | null;
  listener: ((page: OverlayPage | null) => void) | null;
  /** Views by lookup key, each taken once. */
  views: Map<string, OverlayView>;
}

function bridge(): PageBridge {
  const scope = globalThis as { __threadwatchBridge?: PageBridge };
  scope.__threadwatchBridge ??= { page: null, listener: null, views: new Map() };
  return scope.__threadwatchBridge;
}

/** Called by the watcher with every page it accepts (null: nothing to show). */
export function publishPage(page: OverlayPage | null): void {
  const shared = bridge();
  shared.page = page;
  shared.listener?.(page);
}

/** True once the UI script listens. */
export function overlayUiLoaded(): boolean {
  return bridge().listener !== null;
}

/** The UI script: follow the watcher's pages, starting with the current one. */
export function followPages(listener: (page: OverlayPage | null) => void): () => void {
  const shared = bridge();
  shared.listener = listener;
  listener(shared.page);
  return () => {
    if (shared.listener === listener) shared.listener = null;
  };
}

export function handOverView(key: string, view: OverlayView): void {
  const { views } = bridge();
  views.clear();
  views.set(key, view);
}

export function takeLoadedView(key: string): OverlayView | null {
  const { views } = bridge();
  const view = views.get(key) ?? null;
  views.delete(key);
  return view;
}

/**
 * Puts the overlay on the page: a host element Threadwatch owns (`<threadwatch-overlay>`), a shadow
 * root with the styles inside it, and React rendering into it. Nothing from the page is inserted
 * as markup; the host is added to <html> so the page re-rendering its <body> does not remove it.
 *
 * The shadow root is open so the browser tests can see into it; a closed one would hide the
 * overlay's text from the page's own scripts, but the page can always read what is on screen.
 */
import { createRoot, type Root } from 'react-dom/client';
import { Overlay } from './Overlay';
import { OVERLAY_CSS } from './overlay-styles';
import { OVERLAY_TAG } from './overlay-tag';
import type { OverlayPage } from './overlay-view';

export interface MountedOverlay {
  /** Shows the overlay for a page, or removes it (null). */
  show(page: OverlayPage | null): void;
  remove(): void;
}

export function mountOverlay(doc: Document = document): MountedOverlay {
  let host: HTMLElement | null = null;
  let root: Root | null = null;

  function ensureRoot(): Root {
    if (host && root && host.isConnected) return root;
    root?.unmount();
    host = doc.createElement(OVERLAY_TAG);
    const shadow = host.attachShadow({ mode: 'open' });
    const style = doc.createElement('style');
    style.textContent = OVERLAY_CSS;
    const container = doc.createElement('div');
    shadow.append(style, container);
    doc.documentElement.append(host);
    root = createRoot(container);
    return root;
  }

  function remove() {
    root?.unmount();
    root = null;
    host?.remove();
    host = null;
  }

  return {
    show(page) {
      if (!page) {
        remove();
        return;
      }
      ensureRoot().render(<Overlay page={page} />);
    },
    remove,
  };
}

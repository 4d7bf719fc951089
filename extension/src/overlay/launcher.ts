/**
 * A small "Threadwatch" button at the edge of a page that has nothing to show by itself (a person
 * we do not track), for the rep to open the overlay anyway. Plain DOM in its own shadow root: the
 * page-start script stays free of the UI library.
 */
export const LAUNCHER_TAG = 'threadwatch-launcher';

const CSS = `:host { all: initial; position: fixed; top: 72px; right: 0; z-index: 2147483646; }
button { font: 600 12px/1 system-ui, sans-serif; color: #fff; background: #0b3d5c; border: 0;
  border-radius: 6px 0 0 6px; padding: 8px 8px; cursor: pointer; opacity: .85; }
button:hover, button:focus { opacity: 1; }`;

export interface Launcher {
  show(): void;
  remove(): void;
}

export function createLauncher(doc: Document, onOpen: () => void): Launcher {
  let host: HTMLElement | null = null;
  return {
    show() {
      if (host?.isConnected) return;
      host = doc.createElement(LAUNCHER_TAG);
      const shadow = host.attachShadow({ mode: 'open' });
      const style = doc.createElement('style');
      style.textContent = CSS;
      const button = doc.createElement('button');
      button.type = 'button';
      button.textContent = 'Threadwatch';
      button.setAttribute('aria-label', 'Open Threadwatch');
      button.addEventListener('click', onOpen);
      shadow.append(style, button);
      doc.documentElement.append(host);
    },
    remove() {
      host?.remove();
      host = null;
    },
  };
}

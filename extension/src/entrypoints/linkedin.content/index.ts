import { defineContentScript } from '#imports';
import { createLauncher } from '@/overlay/launcher';
import { loadView, lookupKey, type OverlayPage, type OverlayView } from '@/overlay/load-view';
import { handOverView, overlayUiLoaded, publishPage } from '@/overlay/page-bridge';
import { watchPage } from '@/overlay/page-watcher';
import { type EarlierRead, readsCurrentPage, selfReferences } from '@/readers/page-identity';
import { readPage } from '@/readers/page-reader';
import { detectLinkedInPage } from '@/utils/linkedin-page';
import { sendRuntimeRequest } from '@/utils/runtime-client';

// Try it on: https://www.linkedin.com/in/<name>/ and https://www.linkedin.com/company/<name>/
// The page-start script, small and without UI code: it reads the page whenever its URL changes or
// its content settles, keeps a read only when the content is the URL's (readers/page-identity.ts),
// looks the page up through the background, and only then asks the background to load the
// overlay's UI (entrypoints/overlay-ui.content), when there is something to show; otherwise a small
// button lets the rep open it. All API calls go through the background.

/** Views worth showing without being asked: someone or something we track, or a problem to fix. */
function worthShowing(view: OverlayView): boolean {
  switch (view.kind) {
    case 'tracked':
      return true;
    case 'company':
    case 'unknown-person':
      return view.account !== null;
    case 'problem':
      return view.problem.kind !== 'no-background';
    case 'loading':
      return false;
  }
}

export default defineContentScript({
  matches: ['*://*.linkedin.com/in/*', '*://*.linkedin.com/company/*'],
  runAt: 'document_idle',
  main(ctx) {
    let earlier: EarlierRead | null = null;
    let shownKey: string | null = null;
    let lookedUp: string | null = null;
    let loading = false;
    const loadUi = () => {
      if (loading || overlayUiLoaded()) return;
      loading = true;
      launcher.remove();
      void sendRuntimeRequest({ type: 'loadOverlay' }).then(() => {
        loading = false;
      });
    };
    const launcher = createLauncher(document, loadUi);

    const decide = (page: OverlayPage) => {
      const key = lookupKey(page);
      if (overlayUiLoaded() || key === lookedUp) return;
      lookedUp = key;
      void loadView(page, sendRuntimeRequest).then((view) => {
        if (lookedUp !== key || overlayUiLoaded()) return;
        if (worthShowing(view)) {
          handOverView(key, view);
          loadUi();
        } else {
          launcher.show();
        }
      });
    };

    watchPage(ctx, window, (href) => {
      const page = detectLinkedInPage({ href });
      const snapshot = page ? readPage(document, href) : null;
      if (!page || !snapshot) {
        shownKey = null;
        launcher.remove();
        publishPage(null);
        return;
      }
      const name = snapshot.name?.value ?? null;
      if (!readsCurrentPage(selfReferences(document, href), page.key, name, earlier)) {
        // The previous page's content is still on screen: show nothing until this page's arrives.
        if (shownKey !== page.key) {
          launcher.remove();
          publishPage(null);
        }
        return;
      }
      earlier = { key: page.key, name };
      if (shownKey !== page.key) launcher.remove();
      shownKey = page.key;
      const current: OverlayPage = { url: href, key: page.key, snapshot };
      publishPage(current);
      decide(current);
    });
    ctx.onInvalidated(() => {
      launcher.remove();
      publishPage(null);
    });
  },
});

import { defineContentScript } from '#imports';
import { mountOverlay } from '@/overlay/mount-overlay';
import { watchPage } from '@/overlay/page-watcher';
import { type EarlierRead, readsCurrentPage, selfReferences } from '@/readers/page-identity';
import { readPage } from '@/readers/page-reader';
import { detectLinkedInPage } from '@/utils/linkedin-page';

// Try it on: https://www.linkedin.com/in/<name>/ and https://www.linkedin.com/company/<name>/
// The overlay: who this person or company is to us. Reads the page only while the user is on it,
// whenever its URL changes or its content settles, and shows a read only when the content is the
// URL's (see src/readers/page-identity.ts). All API calls go through the background.
export default defineContentScript({
  matches: ['*://*.linkedin.com/in/*', '*://*.linkedin.com/company/*'],
  runAt: 'document_idle',
  main(ctx) {
    const overlay = mountOverlay(document);
    let earlier: EarlierRead | null = null;
    let shownKey: string | null = null;
    watchPage(ctx, window, (href) => {
      const page = detectLinkedInPage({ href });
      const snapshot = page ? readPage(document, href) : null;
      if (!page || !snapshot) {
        shownKey = null;
        overlay.show(null);
        return;
      }
      const name = snapshot.name?.value ?? null;
      if (!readsCurrentPage(selfReferences(document, href), page.key, name, earlier)) {
        // The previous page's content is still on screen: show nothing until this page's arrives.
        if (shownKey !== page.key) overlay.show(null);
        return;
      }
      earlier = { key: page.key, name };
      shownKey = page.key;
      overlay.show({ url: href, key: page.key, snapshot });
    });
    ctx.onInvalidated(() => overlay.remove());
  },
});

import { defineContentScript } from '#imports';
import { mountOverlay } from '@/overlay/mount-overlay';
import { watchPage } from '@/overlay/page-watcher';
import { readPage } from '@/readers/page-reader';
import { detectLinkedInPage } from '@/utils/linkedin-page';

// Try it on: https://www.linkedin.com/in/<name>/ and https://www.linkedin.com/company/<name>/
// The overlay: who this person or company is to us. Reads the page only while the user is on it;
// all API calls go through the background (see src/overlay/overlay-view.ts).
export default defineContentScript({
  matches: ['*://*.linkedin.com/in/*', '*://*.linkedin.com/company/*'],
  runAt: 'document_idle',
  main(ctx) {
    const overlay = mountOverlay(document);
    watchPage(ctx, window, (href) => {
      const page = detectLinkedInPage({ href });
      const snapshot = page ? readPage(document, href) : null;
      overlay.show(page && snapshot ? { url: href, key: page.key, snapshot } : null);
    });
    ctx.onInvalidated(() => overlay.remove());
  },
});

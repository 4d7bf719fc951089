import { defineContentScript } from '#imports';
import { mountOverlay } from '@/overlay/mount-overlay';
import { followPages } from '@/overlay/page-bridge';

// The overlay's UI (React), built apart from the page-start script and injected by the background
// (`loadOverlay`) only on a page with something to show, or when the rep opens it. It follows the
// pages the page-start script accepts (see src/overlay/page-bridge.ts).
export default defineContentScript({
  matches: ['*://*.linkedin.com/in/*', '*://*.linkedin.com/company/*'],
  registration: 'runtime',
  main(ctx) {
    const overlay = mountOverlay(document);
    const stop = followPages((page) => overlay.show(page));
    ctx.onInvalidated(() => {
      stop();
      overlay.remove();
    });
  },
});

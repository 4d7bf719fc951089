import { defineContentScript } from '#imports';
import { detectLinkedInPage } from '@/utils/linkedin-page';

// Try it on: https://www.linkedin.com/in/<name>/ and https://www.linkedin.com/company/<name>/
export default defineContentScript({
  matches: ['*://*.linkedin.com/in/*', '*://*.linkedin.com/company/*'],
  runAt: 'document_idle',
  main() {
    // Overlays for profile and company pages are mounted from here in a later change.
    // Deliberately leaves no trace in the page's DOM.
    return detectLinkedInPage(window.location);
  },
});

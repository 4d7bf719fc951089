/**
 * Who sent a runtime message. The background answers only this extension's own contexts:
 * - an extension page (popup, dashboard): its URL is on the extension's origin, and so is its tab's
 *   if it has one (an extension frame inside a web page is not trusted as a page);
 * - a content script on a LinkedIn page: it has a tab, and its frame's URL and its tab's URL (when
 *   the browser exposes them) are http(s) pages on linkedin.com or a subdomain.
 * Anything else (another extension, a content script on another site, a page without a URL) is
 * rejected. What each kind may ask for is in runtime-messages.ts (`REQUEST_AUDIENCE`).
 */
import type { Browser } from '#imports';
import { isLinkedInPageUrl } from './linkedin-page';
import type { SenderKind } from './runtime-messages';

export interface ExtensionIdentity {
  /** `browser.runtime.id`. */
  id: string;
  /** `browser.runtime.getURL('/')`, e.g. `chrome-extension://<id>/`. */
  origin: string;
}

export function classifySender(sender: Browser.runtime.MessageSender, self: ExtensionIdentity): SenderKind | null {
  if (sender.id !== self.id) return null;
  const onExtensionOrigin = (url: string | undefined) => url?.startsWith(self.origin) === true;

  if (onExtensionOrigin(sender.url)) {
    if (sender.tab && sender.tab.url !== undefined && !onExtensionOrigin(sender.tab.url)) return null;
    return 'extension-page';
  }

  if (!sender.tab) return null;
  const urls = [sender.url, sender.tab.url].filter((url): url is string => url !== undefined);
  if (urls.length === 0 || !urls.every((url) => isLinkedInPageUrl(url))) return null;
  return 'content-script';
}

/**
 * Whose page is on screen? A single-page site changes the URL first and the content after, so
 * for a moment the new URL shows the previous person. A read is used only when the page's content
 * agrees with its URL:
 *
 * - the content names itself: links to its own sub-pages ("Contact info" → `/in/<slug>/overlay/contact-info/`,
 *   `/in/<slug>/details/…`, `/company/<slug>/about/`). Links to other people's plain profiles
 *   (a "People also viewed" sidebar) are not self-references and do not count. The head's canonical link, `og:url` and structured data count too, though a
 *   single-page site may leave them describing an earlier page;
 * - when it names nobody, the content must at least have changed since the previous URL's read:
 *   the same name as the previous URL's person is that person's page still on screen.
 *
 * A pure function of the document: no globals or timers; never throws.
 */
import { parseLinkedInUrl } from '@threadwatch/api/linkedin-url';
import { firstString, hasType, own, readJsonLd } from './json-ld';
import { resolveHref } from './page-links';

/** Sub-pages of a profile or company that only its own page links to. */
const OWN_SUBPAGE =
  /^\/(?:in|company|school|showcase)\/[^/]+\/(?:overlay|details|recent-activity|about|people|posts|jobs|life)(?:\/|$)/i;
const MAX_LINKS = 400;
const DESCRIBED = new Set(['Person', 'Organization', 'Corporation']);

function keyOf(url: string | null | undefined): string | null {
  if (typeof url !== 'string' || url.length > 2048) return null;
  const parsed = parseLinkedInUrl(url);
  return parsed.ok ? parsed.key : null;
}

export interface SelfReferences {
  /** Keys named by links in the main content to the page's own sub-pages. */
  content: Set<string>;
  /** Keys named by the document's head and structured data (a single-page site may leave them stale). */
  head: Set<string>;
}

/** The profile or company keys the page's own content names as itself. */
export function selfReferences(doc: Document, pageUrl: string): SelfReferences {
  const found: SelfReferences = { content: new Set(), head: new Set() };
  const add = (into: Set<string>, url: string | null | undefined) => {
    const key = keyOf(url);
    if (key) into.add(key);
  };
  try {
    add(found.head, doc.querySelector('link[rel="canonical"]')?.getAttribute('href'));
    add(found.head, doc.querySelector('meta[property="og:url"]')?.getAttribute('content'));
    const described = readJsonLd(doc).nodes.find((node) => hasType(node, DESCRIBED));
    if (described) add(found.head, firstString(own(described, 'url')));
    const links = Array.from(doc.querySelectorAll('main a[href], [role="main"] a[href]')).slice(0, MAX_LINKS);
    for (const link of links) {
      const url = resolveHref(link, pageUrl);
      if (url && OWN_SUBPAGE.test(url.pathname)) add(found.content, url.href);
    }
  } catch {
    // Unreadable markup names nobody.
  }
  return found;
}

export interface EarlierRead {
  /** The key of the URL that was read. */
  key: string;
  /** The name read there, if any. */
  name: string | null;
}

/**
 * Whether what was read belongs to `urlKey`. Links in the content to its own sub-pages decide;
 * else the head's canonical link, og:url or structured data when they name this page, or on the
 * first read of a page load (then the head is the server's, not stale); else the content must
 * not be the previous URL's person still on screen.
 */
export function readsCurrentPage(
  references: SelfReferences,
  urlKey: string,
  name: string | null,
  earlier: EarlierRead | null,
): boolean {
  if (references.content.size > 0) return references.content.has(urlKey);
  if (references.head.has(urlKey)) return true;
  if (references.head.size > 0 && earlier === null) return false;
  if (earlier && earlier.key !== urlKey && earlier.name !== null && name === earlier.name) return false;
  return true;
}

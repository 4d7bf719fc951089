/**
 * Links found on a page, turned into values a snapshot can hold: the canonical key of a company
 * page (`linkedin.com/company/<slug>`, via the shared URL module) or an external website URL.
 *
 * `href` attributes are read as text and resolved against the page URL with the WHATWG `URL`
 * parser; nothing is followed or fetched. Only http(s) survives, so `javascript:` and `data:`
 * links can never become a value.
 */
import { normalizeCompanyUrl } from '@threadwatch/api/linkedin-url';

const MAX_HREF_LENGTH = 2048;
/** A website longer than a snapshot field cannot be kept whole, so it is not kept at all. */
const MAX_WEBSITE_LENGTH = 300;
const FALLBACK_BASE = 'https://www.linkedin.com/';
const LINKEDIN_HOST = /(?:^|\.)linkedin\.com\.?$/i;

function parseUrl(text: string, base?: string): URL | null {
  try {
    return new URL(text, base);
  } catch {
    return null;
  }
}

/** The absolute URL of a link, resolved against the page URL; null when absent or unusable. */
export function resolveHref(link: Element, pageUrl: string): URL | null {
  const href = link.getAttribute('href')?.trim();
  if (!href || href.length > MAX_HREF_LENGTH) return null;
  const base = parseUrl(pageUrl)?.href ?? FALLBACK_BASE;
  return parseUrl(href, base);
}

/** The canonical company key a URL points to, or null when it is not a company page. */
export function companyKeyFromUrl(url: string | null | undefined): string | null {
  if (typeof url !== 'string' || url.length > MAX_HREF_LENGTH) return null;
  const result = normalizeCompanyUrl(url);
  return result.ok ? result.key : null;
}

/** The canonical company key of a link's target. */
export function companyKeyFromLink(link: Element, pageUrl: string): string | null {
  const url = resolveHref(link, pageUrl);
  return url ? companyKeyFromUrl(url.href) : null;
}

/** The first link under `root` that points to a company page, as a canonical key. */
export function firstCompanyKey(root: Element, pageUrl: string, exclude: (link: Element) => boolean): string | null {
  const links = Array.from(root.querySelectorAll('a[href]')).slice(0, 40);
  for (const link of links) {
    if (exclude(link)) continue;
    const key = companyKeyFromLink(link, pageUrl);
    if (key) return key;
  }
  return null;
}

/**
 * An external website from a URL or a bare domain ("acme.example"): http(s) only, with a dotted
 * host and no credentials. LinkedIn's own redirect links (`/redir/redirect?url=…`) are unwrapped
 * once; other linkedin.com URLs are not a company's website.
 */
export function websiteFromText(raw: string | null | undefined, depth = 0): string | null {
  const text = raw?.trim();
  if (!text || text.length > MAX_HREF_LENGTH) return null;
  const url = /^[a-z][a-z0-9+.-]*:/i.test(text) ? parseUrl(text) : parseUrl(`https://${text}`);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) return null;
  if (url.username !== '' || url.password !== '') return null;
  if (LINKEDIN_HOST.test(url.hostname)) {
    if (depth > 0 || !url.pathname.startsWith('/redir/redirect')) return null;
    return websiteFromText(url.searchParams.get('url'), depth + 1);
  }
  if (!url.hostname.includes('.') || url.href.length > MAX_WEBSITE_LENGTH) return null;
  return url.href;
}

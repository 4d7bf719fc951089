/**
 * Which LinkedIn-style page a URL shows, and whether a host belongs to LinkedIn. Shared by the
 * content script (what page am I on?) and the background (is this sender on a LinkedIn page?).
 */
import { parseLinkedInUrl } from '@threadwatch/api/linkedin-url';

export interface LinkedInPage {
  kind: 'profile' | 'company';
  /** Canonical key shared with the API, e.g. `linkedin.com/in/jane-doe`. */
  key: string;
}

/** Which Threadwatch-relevant page, if any, a location shows. */
export function detectLinkedInPage(location: Pick<Location, 'href'>): LinkedInPage | null {
  const parsed = parseLinkedInUrl(location.href);
  return parsed.ok ? { kind: parsed.kind, key: parsed.key } : null;
}

/** `linkedin.com` or one of its subdomains; `evillinkedin.com` and `linkedin.com.evil.example` are not. */
export function isLinkedInHostname(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return host === 'linkedin.com' || host.endsWith('.linkedin.com');
}

/** An http(s) page on a LinkedIn host (the content script's match patterns allow both schemes). */
export function isLinkedInPageUrl(url: string | undefined): boolean {
  if (url === undefined) return false;
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && isLinkedInHostname(parsed.hostname);
  } catch {
    return false;
  }
}

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

/**
 * Page reader entry point: decides from the page URL (via the shared URL module) whether the page
 * is a profile or a company page and runs the matching reader. Any other page yields null.
 * Never throws.
 */
import { parseLinkedInUrl } from '@threadwatch/api/linkedin-url';
import { type CompanySnapshot, readCompany } from './company-reader';
import { type ProfileSnapshot, readProfile } from './profile-reader';

export function readPage(doc: Document, pageUrl: string): ProfileSnapshot | CompanySnapshot | null {
  let kind: 'profile' | 'company' | null = null;
  try {
    const parsed = parseLinkedInUrl(pageUrl);
    kind = parsed.ok ? parsed.kind : null;
  } catch {
    return null;
  }
  if (kind === 'profile') return readProfile(doc, pageUrl);
  if (kind === 'company') return readCompany(doc, pageUrl);
  return null;
}

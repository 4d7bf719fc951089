/**
 * The document title as a last-resort source of a name: "Name - Title - Company | LinkedIn",
 * "Name | LinkedIn", "(3) Name | LinkedIn" (unread notifications), "Acme: Overview | LinkedIn".
 * Titles without the "| LinkedIn" suffix are not trusted at all.
 */
import { type CleanText, cleanText, foldLabel } from './page-text';

const NOTIFICATION_COUNT = /^\(\d+\+?\)\s*/;
const SITE_SUFFIX = /\s*[|｜]\s*LinkedIn\s*$/i;
const PROFILE_PART_SEPARATOR = /\s+[-–—|]\s+/;
const COMPANY_TABS = new Set([
  'overview',
  'about',
  'posts',
  'jobs',
  'people',
  'life',
  'ubersicht',
  'uber uns',
  'beitrage',
  'presentation',
  'a propos',
  'publications',
  "offres d'emploi",
]);

/** The title text before " | LinkedIn", without the notification count. */
function titleStem(doc: Document): CleanText | null {
  // The title lives in <head>: look there first instead of searching the whole document.
  const title = doc.head?.querySelector('title') ?? doc.querySelector('title');
  const clean = cleanText(title?.textContent ?? '', 600);
  const withoutCount = clean.text.replace(NOTIFICATION_COUNT, '');
  if (!SITE_SUFFIX.test(withoutCount)) return null;
  const stem = withoutCount.replace(SITE_SUFFIX, '').trim();
  return stem === '' ? null : { ...clean, text: stem };
}

/** The person's name from a profile page title. */
export function profileNameFromTitle(doc: Document): CleanText | null {
  const stem = titleStem(doc);
  const name = stem?.text.split(PROFILE_PART_SEPARATOR)[0]?.trim();
  return stem && name ? cleanText(name) : null;
}

/** The company's name from a company page title. */
export function companyNameFromTitle(doc: Document): CleanText | null {
  const stem = titleStem(doc);
  if (!stem) return null;
  const colon = stem.text.lastIndexOf(':');
  const tab = colon > 0 ? foldLabel(stem.text.slice(colon + 1)) : '';
  const name = COMPANY_TABS.has(tab) ? stem.text.slice(0, colon).trim() : stem.text;
  return name === '' ? null : cleanText(name);
}

/**
 * The Experience section of a profile page: finding it and reading its entries.
 *
 * The section is found by an element with id `experience` (often an empty anchor `div` inside
 * the section) or by a `section` whose heading (h2/h3/role=heading, aria-label, aria-labelledby
 * or first line) reads "Experience" in one of the supported languages. Entries are list items
 * (`li` or role=listitem). An entry is either one role (title, "Company · Full-time", date range)
 * or a company group whose nested items are the roles. Class names are used when present
 * (high confidence); otherwise the order of the entry's lines before its date range decides
 * (medium confidence, source `heuristic`).
 */

import { companyKeyFromLink, firstCompanyKey } from './page-links';
import { type CleanText, cleanValue, foldLabel, readText, type TextLine, textLines } from './page-text';
import { type Candidate, candidate } from './snapshot-field';

/** A position read from one source, with candidates that still remember truncation. */
export interface PositionCandidate {
  title: Candidate | null;
  company: Candidate | null;
  companyUrl: Candidate | null;
  current: boolean;
}

export interface ExperienceRead {
  /** Whether an Experience section was found at all. */
  found: boolean;
  /** Every dated entry, current or not, in page order. */
  positions: PositionCandidate[];
  warnings: string[];
}

const HEADINGS = new Set([
  'experience',
  'work experience',
  'berufserfahrung',
  'erfahrung',
  'experiencia',
  'experiencia laboral',
  'esperienza',
  'esperienza lavorativa',
  'ervaring',
  'werkervaring',
  'الخبرة',
  'الخبرات',
  'الخبرة العملية',
  'ניסיון',
  'ניסיון תעסוקתי',
]);

/** Words that end a date range of a current position, folded (no accents, straight apostrophe). */
const PRESENT =
  /(?:^|[^\p{L}])(?:present|heute|aujourd'hui|actualidad|presente|oggi|heden|atual|o momento|actuel|now|الحالي|حتى الآن|הווה|היום)(?![\p{L}])/u;
const YEAR = /(?:^|\D)(?:19|20)\d{2}(?!\d)/u;
const RANGE_SEPARATOR = /[–—]|\s-\s|\d\s*-\s*[\p{L}\p{N}]|(?:^|\s)(?:to|bis|au|al|a|tot|ate)\s/u;

const EMPLOYMENT_TYPES = new Set([
  'full-time',
  'part-time',
  'self-employed',
  'freelance',
  'contract',
  'internship',
  'apprenticeship',
  'seasonal',
  'vollzeit',
  'teilzeit',
  'selbststandig',
  'freiberuflich',
  'praktikum',
  'temps plein',
  'temps partiel',
  'independant',
  'stage',
  'cdi',
  'cdd',
  'jornada completa',
  'tiempo completo',
  'tempo pieno',
  'fulltime',
  'parttime',
]);

const ITEM_SELECTOR = 'li, [role="listitem"]';
const TITLE_SELECTOR =
  '.t-bold, h3, .profile-section-card__title, .experience-item__title, [data-field="title"], [data-anonymize="job-title"]';
const COMPANY_SELECTOR =
  'h4, .profile-section-card__subtitle, .experience-item__subtitle, [data-anonymize="company-name"], .t-14.t-normal:not(.t-black--light)';
const GROUP_COMPANY_SELECTOR = '.t-bold, h3, [data-anonymize="company-name"]';

const MAX_SECTIONS = 300;
const MAX_ITEMS = 500;
const MAX_TOP_LEVEL_ITEMS = 60;
const MAX_ROLES_PER_GROUP = 30;

function isHeading(text: string | null | undefined): boolean {
  const clean = cleanValue(text);
  return clean !== null && HEADINGS.has(foldLabel(clean.text));
}

/** Whether a section's heading, in any of its usual forms, reads "Experience". */
function hasExperienceHeading(section: Element, doc: Document): boolean {
  if (isHeading(section.getAttribute('aria-label'))) return true;
  const labelledBy = section.getAttribute('aria-labelledby')?.trim().split(/\s+/)[0];
  if (labelledBy && isHeading(readText(doc.getElementById(labelledBy))?.text)) return true;
  if (isHeading(readText(section.querySelector('h2, h3, [role="heading"]'))?.text)) return true;
  return isHeading(textLines(section, { maxLines: 1 })[0]?.text);
}

/** The element holding the Experience entries, or null when the page has none. */
export function findExperienceSection(doc: Document): Element | null {
  const anchor = doc.getElementById('experience');
  const anchored = anchor ? (anchor.closest('section') ?? anchor.parentElement) : null;
  // An anchor whose section holds no entries may sit outside the real section: try the headings.
  if (anchored?.querySelector(ITEM_SELECTOR)) return anchored;
  const sections = Array.from(doc.querySelectorAll('section')).slice(0, MAX_SECTIONS);
  return sections.find((section) => hasExperienceHeading(section, doc)) ?? anchored;
}

/** Whether a line is a date range such as "Jan 2020 - Present · 4 yrs". */
export function isDateRange(line: string): boolean {
  const folded = foldLabel(line);
  return YEAR.test(folded) && (RANGE_SEPARATOR.test(folded) || PRESENT.test(folded));
}

/** Whether a date range ends in a "present" word (after its first year). */
export function isCurrentRange(line: string): boolean {
  const folded = foldLabel(line);
  const year = YEAR.exec(folded);
  if (!year) return false;
  return PRESENT.test(folded.slice(year.index + year[0].length));
}

/** Employment types that say who the employer is: the person themself. */
const SELF_EMPLOYED = new Set(['self-employed', 'selbststandig', 'freiberuflich', 'freelance', 'independant']);

/** "Self-employed · Full-time" → "Self-employed": the company of someone working for themself. */
function selfEmployment(text: CleanText | null): CleanText | null {
  const first = text?.text.split(/\s*[·•]\s*/)[0]?.trim() ?? '';
  return text && SELF_EMPLOYED.has(foldLabel(first)) ? { ...text, text: first } : null;
}

/** "Acme Corp · Full-time" → "Acme Corp"; a bare employment type → null. */
function companyName(text: CleanText | null): CleanText | null {
  if (!text) return null;
  const first = text.text.split(/\s+[·•]\s+|\s+[·•]|[·•]\s+/)[0]?.trim() ?? '';
  if (first === '' || EMPLOYMENT_TYPES.has(foldLabel(first))) return null;
  return { ...text, text: first };
}

function isInside(element: Element, containers: readonly Element[]): boolean {
  return containers.some((container) => container !== element && container.contains(element));
}

/** The text of the first element under `root` matching `selector` and outside `exclude`. */
function firstText(root: Element, selector: string, exclude: readonly Element[]): CleanText | null {
  const matches = Array.from(root.querySelectorAll(selector)).slice(0, 20);
  for (const element of matches) {
    if (isInside(element, exclude) || exclude.includes(element)) continue;
    const text = readText(element);
    if (text) return text;
  }
  return null;
}

/** A company name from the visible text of a company link, or a logo's "X logo" alt text. */
function companyFromLink(root: Element, pageUrl: string): Candidate | null {
  const links = Array.from(root.querySelectorAll('a[href]')).slice(0, 20);
  for (const link of links) {
    if (!companyKeyFromLink(link, pageUrl)) continue;
    const text = companyName(readText(link));
    if (text) return candidate(text, 'medium', 'heuristic');
    const alt = cleanValue(link.querySelector('img[alt]')?.getAttribute('alt'));
    const fromAlt = alt?.text.replace(/\s*(?:logo|logotipo|logotype)$/i, '').trim();
    if (alt && fromAlt) return candidate({ ...alt, text: fromAlt }, 'low', 'heuristic');
  }
  return null;
}

interface GroupContext {
  company: Candidate | null;
  companyUrl: Candidate | null;
}

/** One role (title and dates) inside `item`, or null when it has no date range. */
function readRole(
  item: Element,
  lines: TextLine[],
  group: GroupContext | null,
  pageUrl: string,
): PositionCandidate | null {
  const dateIndex = lines.findIndex((line) => isDateRange(line.text));
  const dateLine = lines[dateIndex];
  if (!dateLine) return null;
  const before = lines.slice(0, dateIndex);
  const nested = Array.from(item.querySelectorAll(ITEM_SELECTOR)).slice(0, MAX_ROLES_PER_GROUP);

  const semanticTitle = candidate(firstText(item, TITLE_SELECTOR, nested), 'high', 'semantic');
  const heuristicTitle = candidate(before[0] ?? null, 'medium', 'heuristic');
  const title = semanticTitle ?? heuristicTitle;

  let company: Candidate | null;
  let companyUrl: Candidate | null = null;
  if (group) {
    company = group.company;
    companyUrl = group.companyUrl;
  } else {
    const semanticCompany = candidate(companyName(firstText(item, COMPANY_SELECTOR, nested)), 'high', 'semantic');
    const heuristicCompany = candidate(companyName(before[1] ?? null), 'medium', 'heuristic');
    company =
      semanticCompany ??
      heuristicCompany ??
      companyFromLink(item, pageUrl) ??
      candidate(selfEmployment(firstText(item, COMPANY_SELECTOR, nested) ?? before[1] ?? null), 'medium', 'heuristic');
  }
  if (!companyUrl) {
    const key = firstCompanyKey(item, pageUrl, () => false);
    companyUrl = key ? candidate({ text: key, truncated: false }, 'high', 'semantic') : null;
  }
  if (title && company && title.field.value === company.field.value && title === heuristicTitle) {
    return { title: null, company, companyUrl, current: isCurrentRange(dateLine.text) };
  }
  return { title, company, companyUrl, current: isCurrentRange(dateLine.text) };
}

/** The roles of one top-level entry: itself, or its nested roles when it groups a company. */
function readEntry(entry: Element, pageUrl: string): PositionCandidate[] | null {
  const nested = Array.from(entry.querySelectorAll(ITEM_SELECTOR)).slice(0, MAX_ITEMS);
  const roles: Array<{ element: Element; lines: TextLine[] }> = [];
  for (const element of nested) {
    if (roles.length >= MAX_ROLES_PER_GROUP) break;
    if (roles.some((role) => role.element.contains(element))) continue;
    const lines = textLines(element, { maxLines: 12 });
    if (lines.some((line) => isDateRange(line.text))) roles.push({ element, lines });
  }
  const roleElements = roles.map((role) => role.element);
  const header = textLines(entry, { skip: (element) => roleElements.includes(element), maxLines: 12 });
  const headerHasDates = header.some((line) => isDateRange(line.text));

  if (roles.length === 0 || headerHasDates) {
    const role = readRole(entry, textLines(entry, { maxLines: 40 }), null, pageUrl);
    return role ? [role] : null;
  }

  const headerDateFree = header.filter((line) => !isDateRange(line.text));
  const company =
    candidate(companyName(firstText(entry, GROUP_COMPANY_SELECTOR, roleElements)), 'high', 'semantic') ??
    candidate(companyName(headerDateFree[0] ?? null), 'medium', 'heuristic') ??
    companyFromLink(entry, pageUrl);
  const key = firstCompanyKey(entry, pageUrl, (link) => isInside(link, roleElements));
  const companyUrl = key ? candidate({ text: key, truncated: false }, 'high', 'semantic') : null;
  const group: GroupContext = { company, companyUrl };
  return roles
    .map((role) => readRole(role.element, role.lines, group, pageUrl))
    .filter((role): role is PositionCandidate => role !== null);
}

function positionKey(position: PositionCandidate): string {
  return [position.title, position.company, position.companyUrl]
    .map((field) => (field ? foldLabel(field.field.value) : ''))
    .join('|');
}

/** Reads every dated entry of the Experience section. */
export function readExperience(doc: Document, pageUrl: string): ExperienceRead {
  const section = findExperienceSection(doc);
  if (!section) {
    return { found: false, positions: [], warnings: ['No Experience section was found on the page.'] };
  }
  const warnings: string[] = [];
  const items = Array.from(section.querySelectorAll(ITEM_SELECTOR)).slice(0, MAX_ITEMS);
  const topLevel = items.filter((item) => {
    const outer = item.parentElement?.closest(ITEM_SELECTOR);
    return !outer || !section.contains(outer);
  });
  if (topLevel.length > MAX_TOP_LEVEL_ITEMS) {
    warnings.push(
      `The Experience section has ${topLevel.length} entries; only the first ${MAX_TOP_LEVEL_ITEMS} were read.`,
    );
  }

  const positions: PositionCandidate[] = [];
  const seen = new Set<string>();
  let undated = 0;
  for (const entry of topLevel.slice(0, MAX_TOP_LEVEL_ITEMS)) {
    const roles = readEntry(entry, pageUrl);
    if (!roles) {
      undated++;
      continue;
    }
    for (const role of roles) {
      const key = positionKey(role);
      if (seen.has(key)) continue;
      seen.add(key);
      positions.push(role);
    }
  }
  if (undated > 0) {
    warnings.push(
      undated === 1
        ? 'One Experience entry has no recognisable date range, so it is unknown whether it is current; it was skipped.'
        : `${undated} Experience entries have no recognisable date range, so it is unknown whether they are current; they were skipped.`,
    );
  }
  if (positions.length === 0 && undated === 0) {
    warnings.push('The Experience section was found, but none of its entries could be read.');
  }
  return { found: true, positions, warnings };
}

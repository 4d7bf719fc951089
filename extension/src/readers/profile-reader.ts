/**
 * Profile page reader: turns a LinkedIn-style profile page (`/in/<slug>/`) into a snapshot of the
 * person's name, headline, location and current positions, for the user to check before sending.
 *
 * Strategies, most reliable first, merged per field (higher confidence wins, earlier on a tie):
 *   (a) structured data: a JSON-LD Person (also inside `@graph` or a page's `mainEntity`);
 *   (b) semantic markup: the top-card `h1` and headline, the Experience section and its entries;
 *   (c) heuristics for obfuscated builds: structure, ARIA, `data-*` attributes, and the document
 *       title as a low-confidence name.
 * A pure function of the document and the page URL: no globals, network or timers. It never
 * throws and never inserts or executes page content; every string is cleaned and capped.
 *
 * Try it on: https://www.linkedin.com/in/<slug>/ (logged in and logged out) and
 * https://www.linkedin.com/in/<slug>/details/experience/.
 */
import { normalizeProfileUrl } from '@threadwatch/api/linkedin-url';
import { profileNameFromTitle } from './document-title';
import { type PositionCandidate, readExperience } from './experience-section';
import {
  firstString,
  hasType,
  isJsonObject,
  type JsonObject,
  manyValues,
  objects,
  own,
  readJsonLd,
  strings,
} from './json-ld';
import { companyKeyFromLink, companyKeyFromUrl } from './page-links';
import { type CleanText, cleanValue, foldLabel, readText, textLines } from './page-text';
import { runGuarded, uniqueWarnings } from './reader-guard';
import { best, better, type Candidate, candidate, type Field } from './snapshot-field';

export type { Confidence, Field } from './snapshot-field';

export interface Position {
  title: Field<string> | null;
  company: Field<string> | null;
  /** Canonical key via normalizeCompanyUrl, e.g. `linkedin.com/company/acme`. */
  companyUrl: Field<string> | null;
  current: boolean;
}

export interface ProfileSnapshot {
  kind: 'profile';
  /** normalizeProfileUrl(pageUrl).key */
  profileKey: string | null;
  name: Field<string> | null;
  headline: Field<string> | null;
  location: Field<string> | null;
  currentPositions: Position[];
  /** What the reader is unsure of, in plain English. */
  warnings: string[];
}

const PERSON = new Set(['Person']);

const TOP_CARD_NAME = 'h1.text-heading-xlarge, h1.top-card-layout__title';
const TOP_CARD_CONTAINER = '.pv-top-card, .top-card-layout, .pv-text-details__left-panel';
const TOP_CARD_HEADLINE = '.text-body-medium.break-words, .top-card-layout__headline';
const TOP_CARD_LOCATION =
  '.text-body-small.inline.t-black--light.break-words, .top-card-layout__first-subline .not-first-middot > span';
const PRONOUNS =
  /^\(?\s*(?:she|he|they|sie|er|elle|il|ella|el|ela|lei|lui|zij|hij)\s*\/\s*\p{L}+(?:\s*\/\s*\p{L}+)?\s*\)?$/iu;
const CONNECTION_DEGREE = /^[·•\s]*(?:1st|2nd|3rd\+?|\d\.?\+?|\d(?:e|er|º)\+?)(?:\s+degree(?:\s+connection)?)?$/iu;

/** Everything the strategies found, before choosing. */
interface Findings {
  name: Array<Candidate | null>;
  headline: Array<Candidate | null>;
  location: Array<Candidate | null>;
  structuredPositions: PositionCandidate[];
  pagePositions: PositionCandidate[];
  structuredName: Candidate | null;
  pageName: Candidate | null;
}

interface TopCard {
  heading: Element | null;
  card: Element | null;
}

function fromKey(key: string | null, source: 'json-ld' | 'semantic'): Candidate | null {
  return key ? candidate({ text: key, truncated: false }, 'high', source) : null;
}

// ---------------------------------------------------------------------------------------------
// (a) Structured data

function urlsOf(node: JsonObject): string[] {
  return [...strings(own(node, 'url')), ...strings(own(node, 'sameAs')), ...strings(own(node, '@id'))];
}

/** The JSON-LD Person describing this profile. */
function choosePerson(nodes: JsonObject[], profileKey: string | null, warnings: string[]): JsonObject | null {
  const people = nodes.filter((node) => hasType(node, PERSON));
  if (people.length === 0) return null;
  const matching = people.find((person) =>
    urlsOf(person).some((url) => {
      const result = url.length <= 2048 ? normalizeProfileUrl(url) : null;
      return result?.ok === true && result.key === profileKey;
    }),
  );
  if (matching) return matching;
  if (people.length > 1) {
    warnings.push('The structured data describes several people; the first one was used and may not be this profile.');
  }
  return people[0] ?? null;
}

/** A readable place from a schema.org address, PostalAddress or Place. */
function placeText(value: unknown, depth = 0): string | null {
  const text = firstString(value);
  if (text) return text;
  for (const place of objects(value).slice(0, 3)) {
    const locality = firstString(own(place, 'addressLocality'));
    if (locality?.includes(',')) return locality;
    const countryValue = own(place, 'addressCountry');
    const country = firstString(countryValue) ?? objects(countryValue).map((c) => firstString(own(c, 'name')))[0];
    const parts = [locality, firstString(own(place, 'addressRegion')), country].filter(
      (part): part is string => typeof part === 'string' && part.trim() !== '',
    );
    if (parts.length > 0) return [...new Set(parts)].join(', ');
    const name = firstString(own(place, 'name'));
    if (name) return name;
    if (depth === 0) {
      const nested = placeText(own(place, 'address'), 1);
      if (nested) return nested;
    }
  }
  return null;
}

function hasEnded(organization: JsonObject): boolean {
  if (firstString(own(organization, 'endDate'))) return true;
  return objects(own(organization, 'member')).some((role) => firstString(own(role, 'endDate')) !== null);
}

/** Current positions from `jobTitle` and `worksFor` (object or array). */
function structuredPositions(person: JsonObject): PositionCandidate[] {
  const titles = strings(own(person, 'jobTitle'))
    .map(cleanValue)
    .filter((title): title is CleanText => title !== null);
  const employers = manyValues(own(person, 'worksFor')).flatMap((employer) => {
    if (typeof employer === 'string') return [{ name: cleanValue(employer), key: null, current: true }];
    if (!isJsonObject(employer)) return [];
    const key =
      urlsOf(employer)
        .map(companyKeyFromUrl)
        .find((found) => found !== null) ?? null;
    return [{ name: cleanValue(firstString(own(employer, 'name'))), key, current: !hasEnded(employer) }];
  });

  if (employers.length === 0) {
    return titles.map((title) => ({
      title: candidate(title, 'high', 'json-ld'),
      company: null,
      companyUrl: null,
      current: true,
    }));
  }
  const paired = titles.length === employers.length;
  return employers
    .map((employer, index): PositionCandidate => {
      let title: Candidate | null = null;
      if (paired) title = candidate(titles[index] ?? null, 'high', 'json-ld');
      else if (titles.length === 1 && index === 0) title = candidate(titles[0] ?? null, 'medium', 'json-ld');
      return {
        title,
        company: candidate(employer.name, 'high', 'json-ld'),
        companyUrl: fromKey(employer.key, 'json-ld'),
        current: employer.current,
      };
    })
    .filter((position) => position.current && (position.title || position.company || position.companyUrl));
}

function readStructured(doc: Document, profileKey: string | null, found: Findings, warnings: string[]): void {
  const jsonLd = readJsonLd(doc);
  warnings.push(...jsonLd.warnings);
  const person = choosePerson(jsonLd.nodes, profileKey, warnings);
  if (!person) return;
  const nameValue = own(person, 'name');
  if (nameValue !== undefined && firstString(nameValue) === null) {
    warnings.push('The structured data has a name that is not text; it was ignored.');
  }
  found.structuredName = candidate(cleanValue(firstString(nameValue)), 'high', 'json-ld');
  found.name.push(found.structuredName);
  const place = placeText(own(person, 'address')) ?? placeText(own(person, 'homeLocation'));
  found.location.push(candidate(cleanValue(place), 'medium', 'json-ld'));
  found.structuredPositions = structuredPositions(person);
}

// ---------------------------------------------------------------------------------------------
// (b) Semantic markup

function isScreenReaderOnly(element: Element): boolean {
  return /(?:^|\s)(?:visually-hidden|sr-only|a11y-text)(?:\s|$)/.test(element.getAttribute('class') ?? '');
}

/** The top-card heading: by its known classes, else the first visible `h1` of the main content. */
function findTopCard(doc: Document): TopCard & { known: boolean } {
  let heading = doc.querySelector(TOP_CARD_NAME);
  let known = heading !== null;
  if (!heading) {
    heading = doc.querySelector(TOP_CARD_CONTAINER)?.querySelector('h1') ?? null;
    known = heading !== null;
  }
  if (!heading) {
    const main = doc.querySelector('main, [role="main"]');
    const headings = Array.from((main ?? doc).querySelectorAll('h1')).slice(0, 10);
    heading = headings.find((h1) => !isScreenReaderOnly(h1) && readText(h1) !== null) ?? null;
  }
  let card: Element | null = heading?.closest('section') ?? null;
  if (heading && !card) card = heading.parentElement?.parentElement?.parentElement ?? heading.parentElement;
  return { heading, card, known };
}

function readSemantic(
  doc: Document,
  pageUrl: string,
  top: TopCard & { known: boolean },
  found: Findings,
  warnings: string[],
): void {
  runGuarded('name heading', warnings, () => {
    found.pageName = candidate(
      readText(top.heading),
      top.known ? 'high' : 'medium',
      top.known ? 'semantic' : 'heuristic',
    );
    found.name.push(found.pageName);
  });
  runGuarded('headline', warnings, () => {
    const scope = top.card ?? doc;
    found.headline.push(candidate(readText(scope.querySelector(TOP_CARD_HEADLINE)), 'high', 'semantic'));
  });
  runGuarded('location', warnings, () => {
    const scope = top.card ?? doc;
    found.location.push(candidate(readText(scope.querySelector(TOP_CARD_LOCATION)), 'high', 'semantic'));
  });
  runGuarded('Experience section', warnings, () => {
    const experience = readExperience(doc, pageUrl);
    warnings.push(...experience.warnings);
    found.pagePositions = experience.positions;
  });
}

// ---------------------------------------------------------------------------------------------
// (c) Heuristics

/** The first line after the name in the top card that is not pronouns, a degree or a link. */
function lineAfterHeading(top: TopCard): CleanText | null {
  if (!top.heading || !top.card) return null;
  const heading = top.heading;
  const lines = textLines(top.card, { maxLines: 20 });
  const index = lines.findIndex((line) => heading.contains(line.element));
  if (index < 0) return null;
  const name = lines[index]?.text;
  for (const line of lines.slice(index + 1)) {
    if (heading.contains(line.element) || line.element.closest('a')) continue;
    if (line.text === name || PRONOUNS.test(line.text) || CONNECTION_DEGREE.test(line.text)) continue;
    if (!/\p{L}/u.test(line.text)) continue;
    return line;
  }
  return null;
}

/** The location next to a "Contact info" link (`/overlay/contact-info/`). */
function locationBesideContactInfo(top: TopCard): CleanText | null {
  const link = top.card?.querySelector('a[href*="contact-info"]');
  const container = link?.parentElement;
  if (!link || !container) return null;
  const line = textLines(container, { skip: (element) => element === link, maxLines: 3 })[0];
  const text = line?.text.replace(/^[\s·•]+|[\s·•]+$/g, '');
  return line && text ? { ...line, text } : null;
}

function readHeuristics(doc: Document, top: TopCard, found: Findings, warnings: string[]): void {
  runGuarded('page attributes', warnings, () => {
    const scope = top.card ?? doc;
    found.name.push(candidate(readText(doc.querySelector('[data-anonymize="person-name"]')), 'medium', 'heuristic'));
    found.headline.push(
      candidate(
        readText(scope.querySelector('[data-anonymize="headline"], [data-generated-suggestion-target]')),
        'medium',
        'heuristic',
      ),
    );
    found.location.push(candidate(readText(scope.querySelector('[data-anonymize="location"]')), 'medium', 'heuristic'));
  });
  runGuarded('page layout', warnings, () => {
    found.location.push(candidate(locationBesideContactInfo(top), 'medium', 'heuristic'));
    found.headline.push(candidate(lineAfterHeading(top), 'low', 'heuristic'));
  });
  runGuarded('page title', warnings, () => {
    found.name.push(candidate(profileNameFromTitle(doc), 'low', 'heuristic'));
  });
}

// ---------------------------------------------------------------------------------------------
// Fallbacks when no current position was found: the headline and the top card

/** "Chief Revenue Officer at Tailwind Traders | Speaker" → title and company, in several languages. */
const HEADLINE_AT = /^(.+?)\s+(?:at|@|bei|chez|presso|bij|na|em|en|w)\s+(.+)$/iu;
const HEADLINE_SEPARATOR = /\s+[|·•]\s+|\s+[–—]\s+/u;

function headlinePosition(headline: Candidate | null): { title: CleanText; company: CleanText } | null {
  if (!headline) return null;
  const first = headline.field.value.split(HEADLINE_SEPARATOR)[0] ?? '';
  const match = HEADLINE_AT.exec(first.trim());
  const title = cleanValue(match?.[1]);
  const company = cleanValue(match?.[2]?.replace(/^@\s*/, ''));
  if (!title || !company) return null;
  const marks = headline.field.directionControls ? { directionControls: true } : {};
  return { title: { ...title, ...marks }, company: { ...company, ...marks } };
}

/** The top card's current company: an aria-label "Current company: X…" or its link to a company page. */
function topCardCompany(top: TopCard, pageUrl: string): { name: CleanText | null; key: string | null } | null {
  const card = top.card;
  if (!card) return null;
  const labelled = card.querySelector('[aria-label^="Current company" i]');
  const label = labelled?.getAttribute('aria-label')?.replace(/^current company:?\s*/i, '');
  const fromLabel = cleanValue(label?.split(/\.\s/)[0]?.replace(/\.$/, ''));
  const link = Array.from(card.querySelectorAll('a[href]'))
    .slice(0, 40)
    .find((anchor) => companyKeyFromLink(anchor, pageUrl) !== null);
  const key = link ? companyKeyFromLink(link, pageUrl) : null;
  const name = fromLabel ?? (link ? readText(link) : null);
  return name || key ? { name, key } : null;
}

/**
 * A current position from the headline and the top card, all of it unsure (low confidence): used
 * only when neither the structured data nor an Experience section shows a current position.
 */
function fallbackPosition(
  headline: Candidate | null,
  top: TopCard,
  pageUrl: string,
  warnings: string[],
): PositionCandidate | null {
  const fromHeadline = headlinePosition(headline);
  const fromCard = topCardCompany(top, pageUrl);
  if (!fromHeadline && !fromCard) return null;
  warnings.push(
    'No current position was found in an Experience section; the one shown is taken from the headline and the top of the profile. Please check it.',
  );
  const companyText = fromCard?.name ?? fromHeadline?.company ?? null;
  return {
    title: candidate(fromHeadline?.title ?? null, 'low', 'heuristic'),
    company: candidate(companyText, 'low', 'heuristic'),
    companyUrl: fromCard?.key ? candidate({ text: fromCard.key, truncated: false }, 'low', 'heuristic') : null,
    current: true,
  };
}

// ---------------------------------------------------------------------------------------------
// Merging

function sameText(a: Candidate | null, b: Candidate | null): boolean {
  return a !== null && b !== null && foldLabel(a.field.value) === foldLabel(b.field.value);
}

function sameCompany(a: PositionCandidate, b: PositionCandidate): boolean {
  if (a.companyUrl && b.companyUrl) return a.companyUrl.field.value === b.companyUrl.field.value;
  return sameText(a.company, b.company);
}

/** The page position a structured position describes, if any. */
function findMatch(structured: PositionCandidate, page: PositionCandidate[], used: Set<PositionCandidate>) {
  const free = page.filter((position) => !used.has(position));
  if (!structured.company && !structured.companyUrl) {
    return free.find((position) => sameText(position.title, structured.title));
  }
  const sameEmployer = free.filter((position) => sameCompany(position, structured));
  const sameTitle = sameEmployer.find((position) => sameText(position.title, structured.title));
  if (sameTitle) return sameTitle;
  if (structured.title?.field.confidence !== 'high') return sameEmployer[0];
  return undefined;
}

/** Page positions in page order, completed by structured data; structured-only ones appended. */
function mergePositions(found: Findings, warnings: string[]): PositionCandidate[] {
  const current = found.pagePositions.filter((position) => position.current);
  const past = found.pagePositions.filter((position) => !position.current);
  const used = new Set<PositionCandidate>();
  const merged = new Map<PositionCandidate, PositionCandidate>(current.map((position) => [position, position]));
  const extra: PositionCandidate[] = [];
  for (const structured of found.structuredPositions) {
    const match = findMatch(structured, current, used);
    if (match) {
      used.add(match);
      merged.set(match, {
        title: better(structured.title, match.title),
        company: better(structured.company, match.company),
        companyUrl: better(structured.companyUrl, match.companyUrl),
        current: true,
      });
    } else if (findMatch(structured, past, new Set())) {
      warnings.push(
        'The structured data lists a position as current that the Experience section shows as ended; it was treated as ended.',
      );
    } else {
      extra.push(structured);
    }
  }
  return [...current.map((position) => merged.get(position) ?? position), ...extra];
}

function toField(found: Candidate | null, label: string, warnings: string[]): Field<string> | null {
  if (!found) return null;
  if (found.truncated) warnings.push(`The ${label} was longer than 300 characters and was cut.`);
  if (found.field.directionControls) {
    warnings.push(
      `The ${label} contains text-direction characters; it was read as the page displays it. Please check it.`,
    );
  }
  return found.field;
}

function toPosition(position: PositionCandidate, warnings: string[]): Position {
  if (!position.title) warnings.push('A current position has no recognisable job title.');
  if (!position.company && !position.companyUrl) warnings.push('A current position has no recognisable company.');
  return {
    title: toField(position.title, 'job title of a current position', warnings),
    company: toField(position.company, 'company name of a current position', warnings),
    companyUrl: toField(position.companyUrl, 'company link of a current position', warnings),
    current: true,
  };
}

function describeField(
  label: string,
  chosen: Candidate | null,
  missing: string,
  guessed: string,
  warnings: string[],
): Field<string> | null {
  if (!chosen) warnings.push(missing);
  else if (chosen.field.confidence === 'low' && !chosen.field.directionControls) warnings.push(guessed);
  return toField(chosen, label, warnings);
}

// ---------------------------------------------------------------------------------------------

/** Reads a profile page into a snapshot; never throws. */
export function readProfile(doc: Document, pageUrl: string): ProfileSnapshot {
  const warnings: string[] = [];
  const snapshot: ProfileSnapshot = {
    kind: 'profile',
    profileKey: null,
    name: null,
    headline: null,
    location: null,
    currentPositions: [],
    warnings,
  };
  runGuarded('page address', warnings, () => {
    const parsed = normalizeProfileUrl(pageUrl);
    if (parsed.ok) snapshot.profileKey = parsed.key;
    else warnings.push(`The page address is not a profile address: ${parsed.reason}`);
  });

  const found: Findings = {
    name: [],
    headline: [],
    location: [],
    structuredPositions: [],
    pagePositions: [],
    structuredName: null,
    pageName: null,
  };
  runGuarded('structured data', warnings, () => readStructured(doc, snapshot.profileKey, found, warnings));
  let top: TopCard & { known: boolean } = { heading: null, card: null, known: false };
  runGuarded('top card', warnings, () => {
    top = findTopCard(doc);
  });
  runGuarded('page structure', warnings, () => readSemantic(doc, pageUrl, top, found, warnings));
  runGuarded('page heuristics', warnings, () => readHeuristics(doc, top, found, warnings));

  runGuarded('collected details', warnings, () => {
    if (found.structuredName && found.pageName && !sameText(found.structuredName, found.pageName)) {
      warnings.push("The name in the page's structured data differs from the name shown on the page; please check it.");
    }
    snapshot.name = describeField(
      'name',
      best(found.name),
      'No name was found on the page.',
      'The name was only found in the page title; please check it.',
      warnings,
    );
    snapshot.headline = describeField(
      'headline',
      best(found.headline),
      'No headline was found on the page.',
      'The headline was guessed from the page layout; please check it.',
      warnings,
    );
    snapshot.location = describeField(
      'location',
      best(found.location),
      'No location was found on the page.',
      'The location was guessed from the page layout; please check it.',
      warnings,
    );
    let positions = mergePositions(found, warnings);
    if (positions.length === 0) {
      const fallback = fallbackPosition(best(found.headline), top, pageUrl, warnings);
      if (fallback) positions = [fallback];
    }
    snapshot.currentPositions = positions.map((position) => toPosition(position, warnings));
  });
  return { ...snapshot, warnings: uniqueWarnings(warnings) };
}

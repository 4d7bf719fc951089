/**
 * Company page reader: turns a LinkedIn-style company page (`/company/<slug>/`, any tab) into a
 * snapshot of the company's name, website and industry, for the user to check before sending.
 *
 * Strategies, most reliable first, merged per field (higher confidence wins, earlier on a tie):
 *   (a) structured data: a JSON-LD Organization or Corporation (website = its first non-LinkedIn
 *       `url`/`sameAs`);
 *   (b) semantic markup: the top-card `h1`, its info list, and the About tab's definition list
 *       ("Website"/"Webseite"/"Site web", "Industry"/"Branche"/"Secteur" terms);
 *   (c) heuristics: the first `h1` of the main content, `data-*` attributes, "Visit website"
 *       links, and the document title as a low-confidence name.
 * A pure function of the document and the page URL; it never throws and never inserts or
 * executes page content.
 *
 * Try it on: https://www.linkedin.com/company/<slug>/ and https://www.linkedin.com/company/<slug>/about/.
 */
import { normalizeCompanyUrl } from '@threadwatch/api/linkedin-url';
import { companyNameFromTitle } from './document-title';
import { firstString, hasType, type JsonObject, own, readJsonLd, strings } from './json-ld';
import { companyKeyFromUrl, resolveHref, websiteFromText } from './page-links';
import { cleanValue, foldLabel, readText } from './page-text';
import { runGuarded, uniqueWarnings } from './reader-guard';
import { best, type Candidate, candidate, type Field } from './snapshot-field';

export interface CompanySnapshot {
  kind: 'company';
  companyKey: string | null;
  name: Field<string> | null;
  website: Field<string> | null;
  industry: Field<string> | null;
  warnings: string[];
}

const ORGANIZATION = new Set([
  'Organization',
  'Corporation',
  'LocalBusiness',
  'NGO',
  'OnlineBusiness',
  'EducationalOrganization',
  'GovernmentOrganization',
]);

const WEBSITE_TERMS = new Set([
  'website',
  'webseite',
  'site web',
  'site internet',
  'sitio web',
  'sito web',
  'website url',
]);
const INDUSTRY_TERMS = new Set(['industry', 'industrie', 'branche', 'secteur', 'industria', 'sector', 'settore']);
const WEBSITE_LINK_WORDS = /\b(?:website|webseite|site web|sitio web|sito web)\b/;

const TOP_CARD_NAME = 'h1.org-top-card-summary__title, h1.top-card-layout__title';
const TOP_CARD_CONTAINER = '.org-top-card, .top-card-layout';
const TOP_CARD_INDUSTRY = '.org-top-card-summary-info-list__info-item';

const MAX_TERMS = 100;
const MAX_LINKS = 300;

interface Findings {
  name: Array<Candidate | null>;
  website: Array<Candidate | null>;
  industry: Array<Candidate | null>;
}

function websiteCandidate(url: string | null, confidence: 'high' | 'medium', source: Field<string>['source']) {
  return url ? candidate({ text: url, truncated: false }, confidence, source) : null;
}

// (a) Structured data ---------------------------------------------------------------------------

function chooseOrganization(nodes: JsonObject[], companyKey: string | null): JsonObject | null {
  const organizations = nodes.filter((node) => hasType(node, ORGANIZATION));
  const urls = (node: JsonObject) => [...strings(own(node, 'url')), ...strings(own(node, 'sameAs'))];
  const matching = organizations.find((node) => urls(node).some((url) => companyKeyFromUrl(url) === companyKey));
  return matching ?? organizations[0] ?? null;
}

function readStructured(doc: Document, companyKey: string | null, found: Findings, warnings: string[]): void {
  const jsonLd = readJsonLd(doc);
  warnings.push(...jsonLd.warnings);
  const organization = chooseOrganization(jsonLd.nodes, companyKey);
  if (!organization) return;
  found.name.push(candidate(cleanValue(firstString(own(organization, 'name'))), 'high', 'json-ld'));
  const sites = [...strings(own(organization, 'url')), ...strings(own(organization, 'sameAs'))]
    .map((url) => websiteFromText(url))
    .filter((url): url is string => url !== null);
  found.website.push(websiteCandidate(sites[0] ?? null, 'high', 'json-ld'));
  found.industry.push(candidate(cleanValue(firstString(own(organization, 'industry'))), 'high', 'json-ld'));
}

// (b) Semantic markup ---------------------------------------------------------------------------

/** The `dd` describing a `dt`: the next `dd` sibling, before any other `dt`. */
function definitionOf(term: Element): Element | null {
  let next = term.nextElementSibling;
  for (let step = 0; next && step < 6; step++) {
    const name = next.localName.toLowerCase();
    if (name === 'dd') return next;
    if (name === 'dt') return null;
    next = next.nextElementSibling;
  }
  return null;
}

/** A website from a definition: its link target (redirects unwrapped), else its text. */
function websiteIn(definition: Element, pageUrl: string): string | null {
  for (const link of Array.from(definition.querySelectorAll('a[href]')).slice(0, 5)) {
    const target = websiteFromText(resolveHref(link, pageUrl)?.href);
    if (target) return target;
  }
  return websiteFromText(readText(definition)?.text);
}

function readDefinitions(doc: Document, pageUrl: string, found: Findings): void {
  for (const term of Array.from(doc.querySelectorAll('dt')).slice(0, MAX_TERMS)) {
    const label = foldLabel(readText(term)?.text ?? '').replace(/:$/, '');
    const definition = WEBSITE_TERMS.has(label) || INDUSTRY_TERMS.has(label) ? definitionOf(term) : null;
    if (!definition) continue;
    if (WEBSITE_TERMS.has(label))
      found.website.push(websiteCandidate(websiteIn(definition, pageUrl), 'high', 'semantic'));
    else found.industry.push(candidate(readText(definition), 'high', 'semantic'));
  }
}

function readSemantic(doc: Document, pageUrl: string, found: Findings, warnings: string[]): void {
  runGuarded('name heading', warnings, () => {
    const heading = doc.querySelector(TOP_CARD_NAME) ?? doc.querySelector(TOP_CARD_CONTAINER)?.querySelector('h1');
    found.name.push(candidate(readText(heading), 'high', 'semantic'));
  });
  runGuarded('company details', warnings, () => readDefinitions(doc, pageUrl, found));
  runGuarded('top card details', warnings, () => {
    found.industry.push(candidate(readText(doc.querySelector(TOP_CARD_INDUSTRY)), 'medium', 'semantic'));
  });
}

// (c) Heuristics --------------------------------------------------------------------------------

/** A link labelled "Website" / "Visit website" (by text or aria-label) to an external site. */
function labelledWebsiteLink(doc: Document, pageUrl: string): string | null {
  for (const link of Array.from(doc.querySelectorAll('a[href]')).slice(0, MAX_LINKS)) {
    const label = foldLabel(
      `${link.getAttribute('aria-label') ?? ''} ${link.getAttribute('data-test-id') ?? ''} ${readText(link, { maxLines: 2 })?.text ?? ''}`.slice(
        0,
        400,
      ),
    );
    if (!WEBSITE_LINK_WORDS.test(label)) continue;
    const target = websiteFromText(resolveHref(link, pageUrl)?.href);
    if (target) return target;
  }
  return null;
}

function readHeuristics(doc: Document, pageUrl: string, found: Findings, warnings: string[]): void {
  runGuarded('page attributes', warnings, () => {
    const main = doc.querySelector('main, [role="main"]');
    found.name.push(candidate(readText((main ?? doc).querySelector('h1')), 'medium', 'heuristic'));
    found.industry.push(candidate(readText(doc.querySelector('[data-anonymize="industry"]')), 'medium', 'heuristic'));
  });
  runGuarded('website links', warnings, () => {
    found.website.push(websiteCandidate(labelledWebsiteLink(doc, pageUrl), 'medium', 'heuristic'));
  });
  runGuarded('page title', warnings, () => {
    found.name.push(candidate(companyNameFromTitle(doc), 'low', 'heuristic'));
  });
}

function choose(
  label: string,
  candidates: Array<Candidate | null>,
  missing: string,
  guessed: string,
  warnings: string[],
): Field<string> | null {
  const chosen = best(candidates);
  if (!chosen) {
    warnings.push(missing);
    return null;
  }
  if (chosen.field.confidence === 'low' && !chosen.field.directionControls) warnings.push(guessed);
  if (chosen.truncated) warnings.push(`The ${label} was longer than 300 characters and was cut.`);
  if (chosen.field.directionControls) {
    warnings.push(
      `The ${label} contains text-direction characters; it was read as the page displays it. Please check it.`,
    );
  }
  return chosen.field;
}

/** Reads a company page into a snapshot; never throws. */
export function readCompany(doc: Document, pageUrl: string): CompanySnapshot {
  const warnings: string[] = [];
  const snapshot: CompanySnapshot = {
    kind: 'company',
    companyKey: null,
    name: null,
    website: null,
    industry: null,
    warnings,
  };
  runGuarded('page address', warnings, () => {
    const parsed = normalizeCompanyUrl(pageUrl);
    if (parsed.ok) snapshot.companyKey = parsed.key;
    else warnings.push(`The page address is not a company address: ${parsed.reason}`);
  });
  const found: Findings = { name: [], website: [], industry: [] };
  runGuarded('structured data', warnings, () => readStructured(doc, snapshot.companyKey, found, warnings));
  runGuarded('page structure', warnings, () => readSemantic(doc, pageUrl, found, warnings));
  runGuarded('page heuristics', warnings, () => readHeuristics(doc, pageUrl, found, warnings));
  runGuarded('collected details', warnings, () => {
    snapshot.name = choose(
      'name',
      found.name,
      'No company name was found on the page.',
      'The company name was only found in the page title; please check it.',
      warnings,
    );
    snapshot.website = choose(
      'website',
      found.website,
      'No website was found on the page.',
      'The website was guessed from the page layout; please check it.',
      warnings,
    );
    snapshot.industry = choose(
      'industry',
      found.industry,
      'No industry was found on the page.',
      'The industry was guessed from the page layout; please check it.',
      warnings,
    );
  });
  return { ...snapshot, warnings: uniqueWarnings(warnings) };
}

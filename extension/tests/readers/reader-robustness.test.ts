import { describe, expect, it } from 'vitest';
import { type CompanySnapshot, readCompany } from '@/readers/company-reader';
import { readPage } from '@/readers/page-reader';
import { type Field, type ProfileSnapshot, readProfile } from '@/readers/profile-reader';

const PROFILE_URL = 'https://www.linkedin.com/in/test-person/';
const COMPANY_URL = 'https://www.linkedin.com/company/acme-example/';

function parse(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

/** Small deterministic PRNG (mulberry32), so every generated case can be reproduced by its seed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TAGS = [
  'div',
  'span',
  'section',
  'ul',
  'li',
  'h1',
  'h2',
  'h3',
  'dl',
  'dt',
  'dd',
  'a',
  'time',
  'p',
  'main',
  'button',
];
const CLASSES = [
  'text-heading-xlarge',
  'text-body-medium break-words',
  't-bold',
  't-14 t-normal',
  'visually-hidden',
  'top-card-layout__title',
  'org-top-card-summary__title',
  '_h4sh3d',
];
const ATTRIBUTES = [
  'id="experience"',
  'aria-hidden="true"',
  'aria-label="Experience"',
  'aria-labelledby="experience"',
  'role="listitem"',
  'role="heading"',
  'hidden',
  'data-generated-suggestion-target="urn:li:x"',
  'data-anonymize="person-name"',
  'href="/company/acme-example/"',
  'href="javascript:alert(1)"',
  'href="https://www.linkedin.com/redir/redirect?url=%25%25"',
  'href="http://[::1"',
];
const TEXTS = [
  'Experience',
  'Berufserfahrung',
  'Jan 2020 - Present · 4 yrs',
  '2019 – heute',
  'Acme · Full-time',
  'Website',
  'Webseite',
  'Industry',
  'https://acme.example',
  '·',
  '&lt;img src=x onerror=alert(1)&gt;',
  '<div',
  '&amp;&#0;&#x202E;',
  '🦄👩‍💻',
  '\u200b\u200d\u2060',
  '   ',
  'Present',
  '(She/Her)',
  '· 1st',
];
const JSON_LD = [
  '{"@type":"Person","name":"X","worksFor":{"@type":"Organization","name":"Acme","url":"/company/acme"}}',
  '{"@graph":[null,1,"x",{"@type":["Organization"],"name":["Acme"],"sameAs":[1,"acme.example"]}]}',
  '{"@type":"Person","jobTitle":{"a":1},"worksFor":[[],[{}]],"address":{"address":{"address":{}}}}',
  '{"@type":',
  '[[[[[]]]]]',
  'null',
];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function randomMarkup(random: () => number, depth: number): string {
  const parts: string[] = [];
  const count = 1 + Math.floor(random() * 4);
  for (let i = 0; i < count; i++) {
    const roll = random();
    if (roll < 0.3 || depth <= 0) {
      parts.push(pick(random, TEXTS));
    } else if (roll < 0.34) {
      parts.push(`<script type="application/ld+json">${pick(random, JSON_LD)}</script>`);
    } else if (roll < 0.37) {
      parts.push('</div></section><li>');
    } else {
      const tag = pick(random, TAGS);
      const attributes = [
        random() < 0.5 ? `class="${pick(random, CLASSES)}"` : '',
        random() < 0.4 ? pick(random, ATTRIBUTES) : '',
      ].join(' ');
      parts.push(`<${tag} ${attributes}>${randomMarkup(random, depth - 1)}</${tag}>`);
    }
  }
  return parts.join('');
}

function expectWellFormedField(value: Field<string> | null): void {
  if (value === null) return;
  expect(typeof value.value).toBe('string');
  expect(value.value).not.toBe('');
  expect(Array.from(value.value).length).toBeLessThanOrEqual(300);
  expect(['high', 'medium', 'low']).toContain(value.confidence);
  expect(['json-ld', 'semantic', 'heuristic']).toContain(value.source);
}

function expectWellFormedProfile(snapshot: ProfileSnapshot): void {
  expect(snapshot.kind).toBe('profile');
  for (const value of [snapshot.name, snapshot.headline, snapshot.location]) expectWellFormedField(value);
  for (const position of snapshot.currentPositions) {
    expect(position.current).toBe(true);
    for (const value of [position.title, position.company, position.companyUrl]) expectWellFormedField(value);
  }
  expect(snapshot.warnings.every((warning) => typeof warning === 'string')).toBe(true);
}

function expectWellFormedCompany(snapshot: CompanySnapshot): void {
  expect(snapshot.kind).toBe('company');
  for (const value of [snapshot.name, snapshot.website, snapshot.industry]) expectWellFormedField(value);
  expect(snapshot.warnings.every((warning) => typeof warning === 'string')).toBe(true);
}

describe('readers never throw', () => {
  it.each([
    { name: 'an empty parsed document', doc: () => parse('') },
    { name: 'a document created empty', doc: () => document.implementation.createHTMLDocument('') },
    { name: 'a document with only text', doc: () => parse('Jan 2020 - Present Experience Website acme.example') },
    { name: 'a document with only a title', doc: () => parse('<title>| LinkedIn</title>') },
    {
      name: 'markup nested 5,000 levels deep',
      doc: () => parse(`<main><section>${'<div>'.repeat(5000)}<h1>Deep</h1>${'</div>'.repeat(5000)}</section></main>`),
    },
    { name: 'null instead of a document', doc: () => null as unknown as Document },
    { name: 'a plain object instead of a document', doc: () => ({}) as Document },
  ])('on $name', ({ doc }) => {
    const subject = doc();
    for (const url of [PROFILE_URL, COMPANY_URL, 'not a url', '']) {
      expectWellFormedProfile(readProfile(subject, url));
      expectWellFormedCompany(readCompany(subject, url));
      expect(() => readPage(subject, url)).not.toThrow();
    }
  });

  it('reports what it could not read on a document that is not one', () => {
    const snapshot = readProfile(null as unknown as Document, PROFILE_URL);
    expect(snapshot.profileKey).toBe('linkedin.com/in/test-person');
    expect(snapshot.name).toBeNull();
    expect(snapshot.warnings).toContain('No name was found on the page.');
  });

  it.each(Array.from({ length: 100 }, (_, index) => ({ seed: index + 1 })))(
    'on random nested markup (seed $seed)',
    ({ seed }) => {
      const random = prng(seed);
      const html = `<html><head><title>${pick(random, TEXTS)} | LinkedIn</title></head><body>${randomMarkup(random, 7)}</body></html>`;
      const doc = parse(html);
      const elements = doc.getElementsByTagName('*').length;
      expectWellFormedProfile(readProfile(doc, PROFILE_URL));
      expectWellFormedCompany(readCompany(doc, COMPANY_URL));
      expect(readPage(doc, PROFILE_URL)?.kind).toBe('profile');
      expect(doc.getElementsByTagName('*').length).toBe(elements);
    },
  );
});

import { describe, expect, it } from 'vitest';
import { type EarlierRead, readsCurrentPage, selfReferences } from '@/readers/page-identity';

function documentOf(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

const URL_KEY = 'linkedin.com/in/john-roe';
const JANE = 'linkedin.com/in/jane-doe';
const contactInfo = (slug: string) =>
  `<main><h1>x</h1><a href="/in/${slug}/overlay/contact-info/">Contact info</a></main>`;

describe('selfReferences', () => {
  it.each([
    ['a contact-info link', contactInfo('john-roe'), [URL_KEY], []],
    [
      'a details link, absolute, with a locale',
      '<main><a href="https://de.linkedin.com/in/john-roe/details/experience/?locale=de_DE">All</a></main>',
      [URL_KEY],
      [],
    ],
    [
      'a "People also viewed" sidebar only',
      '<main><aside><a href="/in/jane-doe/">Jane Doe</a><a href="/in/max-mu/">Max</a></aside></main>',
      [],
      [],
    ],
    [
      'the canonical link',
      '<head><link rel="canonical" href="https://www.linkedin.com/in/john-roe/"></head><main></main>',
      [],
      [URL_KEY],
    ],
    ['og:url', '<head><meta property="og:url" content="https://www.linkedin.com/in/jane-doe"></head>', [], [JANE]],
    [
      'a JSON-LD Person',
      '<script type="application/ld+json">{"@type":"Person","url":"https://www.linkedin.com/in/jane-doe/"}</script>',
      [],
      [JANE],
    ],
    ['a javascript: link', '<main><a href="javascript:alert(1)//in/john-roe/overlay/">x</a></main>', [], []],
    [
      'a company about link',
      '<main><a href="/company/acme/about/">About</a></main>',
      ['linkedin.com/company/acme'],
      [],
    ],
  ])('%s', (_label, html, content, head) => {
    const found = selfReferences(documentOf(html), 'https://www.linkedin.com/in/john-roe/');
    expect([...found.content]).toEqual(content);
    expect([...found.head]).toEqual(head);
  });
});

describe('readsCurrentPage', () => {
  const none = { content: new Set<string>(), head: new Set<string>() };
  const janeRead: EarlierRead = { key: JANE, name: 'Jane Doe' };
  it.each([
    ['content names this page', { content: new Set([URL_KEY]), head: new Set([JANE]) }, 'John Roe', janeRead, true],
    [
      'content names the previous page',
      { content: new Set([JANE]), head: new Set<string>() },
      'Jane Doe',
      janeRead,
      false,
    ],
    [
      'content names the previous page, even with the new name',
      { content: new Set([JANE]), head: new Set<string>() },
      'John Roe',
      janeRead,
      false,
    ],
    [
      'only a stale head names the previous page, the content changed',
      { content: new Set<string>(), head: new Set([JANE]) },
      'John Roe',
      janeRead,
      true,
    ],
    [
      'a stale head and the same name: still the previous page',
      { content: new Set<string>(), head: new Set([JANE]) },
      'Jane Doe',
      janeRead,
      false,
    ],
    ['the head names this page', { content: new Set<string>(), head: new Set([URL_KEY]) }, 'Jane Doe', janeRead, true],
    [
      'first read of a page load whose head names someone else',
      { content: new Set<string>(), head: new Set([JANE]) },
      'John Roe',
      null,
      false,
    ],
    ['nothing named, first read', none, 'John Roe', null, true],
    ['nothing named, the previous name still on screen', none, 'Jane Doe', janeRead, false],
    ['nothing named, a new name', none, 'John Roe', janeRead, true],
    ['nothing named, a re-read of the same page', none, 'John Roe', { key: URL_KEY, name: 'John Roe' }, true],
  ])('%s', (_label, references, name, earlier, expected) => {
    expect(readsCurrentPage(references, URL_KEY, name, earlier)).toBe(expected);
  });
});

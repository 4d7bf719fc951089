import { describe, expect, it } from 'vitest';
import type { CompanySnapshot } from '@/readers/company-reader';
import { readCompany } from '@/readers/company-reader';
import type { Confidence, Field } from '@/readers/profile-reader';
import { loadFixture } from './load-fixture';

function field(value: string, confidence: Confidence, source: Field<string>['source']): Field<string> {
  return { value, confidence, source };
}

function parse(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

describe('readCompany on fixtures', () => {
  it.each<{ fixture: string; url: string; expected: Omit<CompanySnapshot, 'kind'> }>([
    {
      fixture: 'company-logged-in.html',
      url: 'https://www.linkedin.com/company/northwind-analytics/about/',
      expected: {
        companyKey: 'linkedin.com/company/northwind-analytics',
        name: field('Northwind Analytics', 'high', 'semantic'),
        website: field('https://www.northwind-analytics.example/', 'high', 'semantic'),
        industry: field('Software Development', 'high', 'semantic'),
        warnings: [],
      },
    },
    {
      fixture: 'company-guest.html',
      url: 'https://uk.linkedin.com/company/tailspin-freight',
      expected: {
        companyKey: 'linkedin.com/company/tailspin-freight',
        name: field('Tailspin Freight', 'high', 'json-ld'),
        website: field('https://tailspin-freight.example/', 'high', 'json-ld'),
        industry: field('Truck Transportation', 'high', 'semantic'),
        warnings: [],
      },
    },
    {
      fixture: 'company-german-obfuscated.html',
      url: 'https://de.linkedin.com/company/adatum-maschinenbau/',
      expected: {
        companyKey: 'linkedin.com/company/adatum-maschinenbau',
        name: field('Adatum Maschinenbau GmbH', 'medium', 'heuristic'),
        website: field('http://adatum-maschinenbau.example/de/', 'high', 'semantic'),
        industry: field('Maschinenbau', 'high', 'semantic'),
        warnings: [],
      },
    },
  ])('$fixture', ({ fixture, url, expected }) => {
    expect(readCompany(loadFixture(fixture), url)).toEqual({ kind: 'company', ...expected });
  });
});

describe('readCompany details', () => {
  const url = 'https://www.linkedin.com/company/acme-example/';

  it.each([
    {
      name: 'French "Site web" and "Secteur" terms',
      body: '<dl><dt>Site web</dt><dd>acme.example</dd><dt>Secteur</dt><dd>Logiciels</dd></dl>',
      website: 'https://acme.example/',
      industry: 'Logiciels',
    },
    {
      name: 'a LinkedIn redirect link',
      body: '<dl><dt>Website</dt><dd><a href="/redir/redirect?url=https%3A%2F%2Facme.example%2Fen">acme</a></dd></dl>',
      website: 'https://acme.example/en',
      industry: null,
    },
    {
      name: 'a javascript: link and a javascript: text',
      body: '<dl><dt>Website</dt><dd><a href="javascript:alert(1)">javascript:alert(1)</a></dd></dl>',
      website: null,
      industry: null,
    },
    {
      name: 'a link to another LinkedIn page',
      body: '<dl><dt>Website</dt><dd><a href="/company/acme-example/jobs/">Jobs</a></dd></dl>',
      website: null,
      industry: null,
    },
  ])('reads the About list with $name', ({ body, website, industry }) => {
    const snapshot = readCompany(parse(`<main><h1 class="top-card-layout__title">Acme</h1>${body}</main>`), url);
    expect(snapshot.website).toEqual(website === null ? null : field(website, 'high', 'semantic'));
    expect(snapshot.industry).toEqual(industry === null ? null : field(industry, 'high', 'semantic'));
  });

  it('falls back to a "Visit website" link and to the page title, with warnings', () => {
    const doc = parse(
      '<html><head><title>(5) Acme Example: Overview | LinkedIn</title></head><body>' +
        '<div><a href="https://acme.example/" aria-label="Visit website for Acme Example">Visit website</a></div></body></html>',
    );
    expect(readCompany(doc, url)).toEqual({
      kind: 'company',
      companyKey: 'linkedin.com/company/acme-example',
      name: field('Acme Example', 'low', 'heuristic'),
      website: field('https://acme.example/', 'medium', 'heuristic'),
      industry: null,
      warnings: [
        'The company name was only found in the page title; please check it.',
        'No industry was found on the page.',
      ],
    });
  });

  it('ignores a malformed or foreign JSON-LD block and reports a non-company address', () => {
    const doc = parse(
      '<html><head><script type="application/ld+json">{"@type": "Organization", "name": </script>' +
        '<script type="application/ld+json">{"@type": "Person", "name": "Not A Company"}</script></head>' +
        '<body><main><h1>Acme</h1></main></body></html>',
    );
    const snapshot = readCompany(doc, 'https://www.linkedin.com/in/someone/');
    expect(snapshot.companyKey).toBeNull();
    expect(snapshot.name).toEqual(field('Acme', 'medium', 'heuristic'));
    expect(snapshot.warnings).toEqual([
      expect.stringMatching(/^The page address is not a company address: /),
      'A structured-data (JSON-LD) block is not valid JSON and was ignored.',
      'No website was found on the page.',
      'No industry was found on the page.',
    ]);
  });
});

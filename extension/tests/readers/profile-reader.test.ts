import { describe, expect, it } from 'vitest';
import type { Confidence, Field, Position, ProfileSnapshot } from '@/readers/profile-reader';
import { readProfile } from '@/readers/profile-reader';
import { loadFixture } from './load-fixture';

type Source = Field<string>['source'];

function field(value: string, confidence: Confidence, source: Source): Field<string> {
  return { value, confidence, source };
}

const high = (value: string) => field(value, 'high', 'semantic');
const fromJsonLd = (value: string) => field(value, 'high', 'json-ld');
const guessed = (value: string) => field(value, 'medium', 'heuristic');
/** A fallback from the headline or top card: unsure, so the form asks the rep to check it. */
const unsure = (value: string) => field(value, 'low', 'heuristic');
/** Text with direction controls, in the order the page displays it: unsure too. */
const reversedByPage = (value: string): Field<string> => ({
  ...field(value, 'low', 'semantic'),
  directionControls: true,
});

function position(title: Field<string> | null, company: Field<string> | null, companyKey: string | null): Position {
  return { title, company, companyUrl: companyKey ? high(companyKey) : null, current: true };
}

function parse(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

type Expected = Omit<ProfileSnapshot, 'kind'>;

describe('readProfile on fixtures', () => {
  it.each<{ fixture: string; url: string; expected: Expected }>([
    {
      fixture: 'profile-logged-in.html',
      url: 'https://www.linkedin.com/in/mara-lindqvist-example/',
      expected: {
        profileKey: 'linkedin.com/in/mara-lindqvist-example',
        name: high('Mara Lindqvist'),
        headline: high('Head of Customer Success at Northwind Analytics | Churn-proofing B2B accounts'),
        location: high('Gothenburg, Västra Götaland County, Sweden'),
        currentPositions: [
          position(
            high('Head of Customer Success'),
            high('Northwind Analytics'),
            'linkedin.com/company/northwind-analytics',
          ),
        ],
        warnings: [],
      },
    },
    {
      fixture: 'profile-guest.html',
      url: 'https://uk.linkedin.com/in/tobias-okonkwo-hale',
      expected: {
        profileKey: 'linkedin.com/in/tobias-okonkwo-hale',
        name: fromJsonLd('Tobias Okonkwo-Hale'),
        headline: high('Staff Data Engineer at Fabrikam Logistics · Streaming pipelines, dbt, Kafka'),
        location: high('Leeds, England, United Kingdom'),
        currentPositions: [
          {
            title: fromJsonLd('Staff Data Engineer'),
            company: fromJsonLd('Fabrikam Logistics'),
            companyUrl: fromJsonLd('linkedin.com/company/fabrikam-logistics'),
            current: true,
          },
        ],
        warnings: [],
      },
    },
    {
      fixture: 'profile-obfuscated.html',
      url: 'https://www.linkedin.com/in/ravi-castellanos-meier/',
      expected: {
        profileKey: 'linkedin.com/in/ravi-castellanos-meier',
        name: guessed('Ravi Castellanos-Meier'),
        headline: guessed('VP Revenue Operations · Forecasting, CPQ and the boring plumbing that makes sales work'),
        location: guessed('Lisbon, Portugal'),
        currentPositions: [
          position(guessed('VP Revenue Operations'), guessed('Wingtip Software'), 'linkedin.com/company/4433221'),
        ],
        warnings: [],
      },
    },
    {
      fixture: 'profile-german.html',
      url: 'https://de.linkedin.com/in/joerdis-weissenbach/',
      expected: {
        profileKey: 'linkedin.com/in/joerdis-weissenbach',
        name: high('Jördis Weißenbach'),
        headline: high('Leiterin Key Account Management bei Adatum Maschinenbau GmbH'),
        location: high('Stuttgart, Baden-Württemberg, Deutschland'),
        currentPositions: [
          position(
            high('Leiterin Key Account Management'),
            high('Adatum Maschinenbau GmbH'),
            'linkedin.com/company/adatum-maschinenbau',
          ),
        ],
        warnings: [],
      },
    },
    {
      fixture: 'profile-french.html',
      url: 'https://fr.linkedin.com/in/elodie-marchetti/',
      expected: {
        profileKey: 'linkedin.com/in/elodie-marchetti',
        name: high('Élodie Marchetti'),
        headline: high('Directrice Grands Comptes 🚀 | SaaS B2B & fidélisation'),
        location: high('Lyon, Auvergne-Rhône-Alpes, France'),
        currentPositions: [
          position(
            high('Directrice Grands Comptes'),
            high('Proseware France'),
            'linkedin.com/company/proseware-france',
          ),
        ],
        warnings: [],
      },
    },
    {
      fixture: 'profile-several-current.html',
      url: 'https://www.linkedin.com/in/kalle-suvari-brand/',
      expected: {
        profileKey: 'linkedin.com/in/kalle-suvari-brand',
        name: high('Kalle Süvari-Brand'),
        headline: high('Founder & CEO at Brightwater Labs · Board Advisor · Mentor'),
        location: high('Tallinn, Harjumaa, Estonia'),
        currentPositions: [
          position(high('Founder & CEO'), high('Brightwater Labs'), 'linkedin.com/company/brightwater-labs'),
          position(high('Board Advisor'), high('Fabrikam Health'), 'linkedin.com/company/fabrikam-health-example'),
          position(high('Mentor'), high('Startup Garage Tallinn'), null),
        ],
        warnings: [],
      },
    },
    {
      fixture: 'profile-no-experience.html',
      url: 'https://www.linkedin.com/in/noor-haddad-visser/',
      expected: {
        profileKey: 'linkedin.com/in/noor-haddad-visser',
        name: high('Noor Haddad-Visser'),
        headline: high('Looking for my next challenge in customer operations'),
        location: high('Utrecht, Netherlands'),
        currentPositions: [],
        warnings: ['No Experience section was found on the page.'],
      },
    },
    {
      fixture: 'profile-spanish.html',
      url: 'https://mx.linkedin.com/in/lucia-ferrer-quintana/',
      expected: {
        profileKey: 'linkedin.com/in/lucia-ferrer-quintana',
        name: guessed('Lucía Ferrer Quintana'),
        headline: field('Customer Success Lead LATAM en Coho Payments', 'low', 'heuristic'),
        location: guessed('Ciudad de México, México'),
        currentPositions: [
          position(
            guessed('Customer Success Lead LATAM'),
            guessed('Coho Payments'),
            'linkedin.com/company/coho-payments',
          ),
        ],
        warnings: ['The headline was guessed from the page layout; please check it.'],
      },
    },
    {
      fixture: 'profile-title-only.html',
      url: 'https://www.linkedin.com/in/anneli-brueckner-osei/',
      expected: {
        profileKey: 'linkedin.com/in/anneli-brueckner-osei',
        name: field('Anneli Brückner-Osei', 'low', 'heuristic'),
        headline: null,
        location: null,
        currentPositions: [],
        warnings: [
          'No Experience section was found on the page.',
          'The name was only found in the page title; please check it.',
          'No headline was found on the page.',
          'No location was found on the page.',
        ],
      },
    },
    {
      fixture: 'profile-headline-only.html',
      url: 'https://www.linkedin.com/in/priya-raman/',
      expected: {
        profileKey: 'linkedin.com/in/priya-raman',
        name: high('Priya Raman'),
        headline: high('Chief Revenue Officer at Tailwind Traders | Board member'),
        location: null,
        currentPositions: [
          {
            title: unsure('Chief Revenue Officer'),
            company: unsure('Tailwind Traders'),
            companyUrl: unsure('linkedin.com/company/tailwind-traders'),
            current: true,
          },
        ],
        warnings: [
          'No Experience section was found on the page.',
          'No location was found on the page.',
          'No current position was found in an Experience section; the one shown is taken from the headline and the top of the profile. Please check it.',
        ],
      },
    },
    {
      fixture: 'profile-bidi.html',
      url: 'https://www.linkedin.com/in/lena-fischer/',
      expected: {
        profileKey: 'linkedin.com/in/lena-fischer',
        name: reversedByPage('Lena Fischer'),
        headline: high('Operations at Umbrella'),
        location: null,
        currentPositions: [
          position(
            reversedByPage('Head of Operations'),
            reversedByPage('Umbrella Corp'),
            'linkedin.com/company/umbrella-corp',
          ),
        ],
        warnings: [
          'The name contains text-direction characters; it was read as the page displays it. Please check it.',
          'No location was found on the page.',
          'The job title of a current position contains text-direction characters; it was read as the page displays it. Please check it.',
          'The company name of a current position contains text-direction characters; it was read as the page displays it. Please check it.',
        ],
      },
    },
    {
      fixture: 'profile-several-titles.html',
      url: 'https://www.linkedin.com/in/marcus-ellery/',
      expected: {
        profileKey: 'linkedin.com/in/marcus-ellery',
        name: high('Marcus Ellery'),
        headline: high('VP Sales at Contoso'),
        location: null,
        currentPositions: [
          position(high('VP Sales'), high('Contoso'), 'linkedin.com/company/contoso'),
          position(high('Sales Enablement Advisor'), high('Contoso'), 'linkedin.com/company/contoso'),
        ],
        warnings: ['No location was found on the page.'],
      },
    },
    {
      fixture: 'profile-self-employed.html',
      url: 'https://www.linkedin.com/in/ana-sousa/',
      expected: {
        profileKey: 'linkedin.com/in/ana-sousa',
        name: high('Ana Sousa'),
        headline: high('Independent revenue consultant'),
        location: null,
        currentPositions: [position(high('Revenue Operations Consultant'), guessed('Self-employed'), null)],
        warnings: ['No location was found on the page.'],
      },
    },
    {
      fixture: 'profile-no-company-link.html',
      url: 'https://www.linkedin.com/in/jonas-berg/',
      expected: {
        profileKey: 'linkedin.com/in/jonas-berg',
        name: high('Jonas Berg'),
        headline: high('Head of Procurement'),
        location: null,
        currentPositions: [position(high('Head of Procurement'), high('Nordlicht Maschinenbau GmbH'), null)],
        warnings: ['No location was found on the page.'],
      },
    },
    {
      fixture: 'profile-people-also-viewed.html',
      url: 'https://www.linkedin.com/in/grace-obi/',
      expected: {
        profileKey: 'linkedin.com/in/grace-obi',
        name: high('Grace Obi'),
        headline: high('Customer Success Lead'),
        location: null,
        currentPositions: [position(high('Customer Success Lead'), high('Litware'), 'linkedin.com/company/litware')],
        warnings: ['No location was found on the page.'],
      },
    },
    {
      fixture: 'profile-arabic.html',
      url: 'https://www.linkedin.com/in/layla-haddad/',
      expected: {
        profileKey: 'linkedin.com/in/layla-haddad',
        name: high('ليلى حداد'),
        headline: high('مديرة المبيعات في شركة الأفق'),
        location: null,
        currentPositions: [position(high('مديرة المبيعات'), high('شركة الأفق'), 'linkedin.com/company/alofoq')],
        warnings: ['No location was found on the page.'],
      },
    },
  ])('$fixture', ({ fixture, url, expected }) => {
    expect(readProfile(loadFixture(fixture), url)).toEqual({ kind: 'profile', ...expected });
  });
});

describe('readProfile on the hostile fixture', () => {
  const url = 'https://www.linkedin.com/in/eve-example/';

  it('returns markup and script-like text as literal, capped text, with warnings', () => {
    const snapshot = readProfile(loadFixture('profile-hostile.html'), url);
    expect(snapshot.name).toEqual(high('<img src=x onerror=alert(1)> Eve 🦄'));
    // "&#8238;nwoT&#8236; Evil Town" is displayed "Town Evil Town": read so, and unsure.
    expect(snapshot.location).toEqual({ ...field('Town Evil Town', 'low', 'semantic'), directionControls: true });
    expect(snapshot.headline?.value.startsWith("<script>alert('x')</script> Synergy-driven growth hacker 🚀 &")).toBe(
      true,
    );
    expect(Array.from(snapshot.headline?.value ?? '')).toHaveLength(300);
    expect(snapshot.currentPositions).toEqual([
      position(high('<b>Chief</b> <iframe src=javascript:alert(1)>'), high('Evil Corp'), null),
    ]);
    expect(snapshot.warnings).toEqual([
      'A structured-data (JSON-LD) block is not valid JSON and was ignored.',
      'The structured data has a name that is not text; it was ignored.',
      'One Experience entry has no recognisable date range, so it is unknown whether it is current; it was skipped.',
      'The headline was longer than 300 characters and was cut.',
      'The location contains text-direction characters; it was read as the page displays it. Please check it.',
    ]);
  });

  it('creates no element and changes nothing in the document', () => {
    const doc = loadFixture('profile-hostile.html');
    const before = {
      elements: doc.getElementsByTagName('*').length,
      images: doc.querySelectorAll('img').length,
      scripts: doc.querySelectorAll('script').length,
      iframes: doc.querySelectorAll('iframe').length,
      title: doc.title,
    };
    readProfile(doc, url);
    expect({
      elements: doc.getElementsByTagName('*').length,
      images: doc.querySelectorAll('img').length,
      scripts: doc.querySelectorAll('script').length,
      iframes: doc.querySelectorAll('iframe').length,
      title: doc.title,
    }).toEqual(before);
    expect(before.iframes).toBe(0);
  });
});

const wrap = (body: string, head = '') =>
  parse(`<!DOCTYPE html><html><head>${head}</head><body><main>${body}</main></body></html>`);

/** A minimal logged-in profile with one Experience entry whose date line is `dates`. */
function withDates(dates: string, heading = 'Experience'): Document {
  return wrap(`
    <section><h1 class="text-heading-xlarge">Test Person</h1><div class="text-body-medium break-words">Headline</div>
      <span class="text-body-small inline t-black--light break-words">Somewhere</span></section>
    <section><h2>${heading}</h2><ul><li>
      <a href="/company/acme-example/"></a>
      <div class="t-bold"><span aria-hidden="true">Engineer</span></div>
      <span class="t-14 t-normal"><span aria-hidden="true">Acme · Full-time</span></span>
      <span class="t-14 t-normal t-black--light"><span aria-hidden="true">${dates}</span></span>
    </li></ul></section>`);
}

describe('current positions in several languages', () => {
  it.each([
    { heading: 'Experience', dates: 'Jan 2020 - Present · 4 yrs', current: true },
    { heading: 'Experience', dates: 'Jan 2020 - Dec 2022 · 3 yrs', current: false },
    { heading: 'Berufserfahrung', dates: 'Jan. 2020 – Heute · 4 J.', current: true },
    { heading: 'Expérience', dates: "janv. 2020 - aujourd'hui · 4 ans", current: true },
    { heading: 'Expérience', dates: 'janv. 2020 - Présent · 4 ans', current: true },
    { heading: 'Experiencia', dates: 'ene. 2020 - actualidad · 4 años', current: true },
    { heading: 'Esperienza', dates: 'gen 2020 - presente · 4 anni', current: true },
    { heading: 'Esperienza', dates: 'gen 2020 - oggi · 4 anni', current: true },
    { heading: 'Ervaring', dates: 'jan. 2020 - heden · 4 jr', current: true },
    { heading: 'Experiência', dates: 'jan. de 2020 - o momento · 4 anos', current: true },
    { heading: 'Experiência', dates: 'jan. 2020 - atual', current: true },
    { heading: 'Ervaring', dates: 'jan. 2016 - mrt. 2019', current: false },
  ])('$heading: "$dates" → current $current', ({ heading, dates, current }) => {
    const snapshot = readProfile(withDates(dates, heading), 'https://www.linkedin.com/in/test-person/');
    expect(snapshot.currentPositions).toEqual(
      current ? [position(high('Engineer'), high('Acme'), 'linkedin.com/company/acme-example')] : [],
    );
    expect(snapshot.warnings).toEqual([]);
  });
});

describe('readProfile details', () => {
  const url = 'https://www.linkedin.com/in/test-person/';

  it('keeps emoji joiners, strips zero-width characters, marks text with a direction mark unsure, and caps long names with a warning', () => {
    const emoji = readProfile(wrap('<h1 class="text-heading-xlarge">Kim&#8203; Lee 👩‍💻</h1>'), url);
    expect(emoji.name).toEqual(high('Kim Lee 👩‍💻'));
    const marked = readProfile(wrap('<h1 class="text-heading-xlarge">Kim Lee 👩‍💻&#8207;</h1>'), url);
    expect(marked.name).toEqual(reversedByPage('Kim Lee 👩‍💻'));
    const long = readProfile(wrap(`<h1 class="text-heading-xlarge">${'Ann'.repeat(150)}</h1>`), url);
    expect(Array.from(long.name?.value ?? '')).toHaveLength(300);
    expect(long.warnings).toContain('The name was longer than 300 characters and was cut.');
  });

  it('reads JSON-LD Person from a ProfilePage mainEntity, with a single worksFor object and a PostalAddress', () => {
    const jsonLd = JSON.stringify({
      '@context': 'https://schema.org',
      '@type': 'ProfilePage',
      mainEntity: {
        '@type': 'Person',
        name: 'Test Person',
        jobTitle: 'Principal Engineer',
        worksFor: { '@type': 'Organization', name: 'Acme', sameAs: 'https://www.linkedin.com/company/acme-example/' },
        homeLocation: { '@type': 'Place', address: { addressLocality: 'Porto', addressCountry: 'Portugal' } },
      },
    });
    const snapshot = readProfile(wrap('', `<script type="application/ld+json">${jsonLd}</script>`), url);
    expect(snapshot.name).toEqual(fromJsonLd('Test Person'));
    expect(snapshot.location).toEqual(field('Porto, Portugal', 'medium', 'json-ld'));
    expect(snapshot.currentPositions).toEqual([
      {
        title: fromJsonLd('Principal Engineer'),
        company: fromJsonLd('Acme'),
        companyUrl: fromJsonLd('linkedin.com/company/acme-example'),
        current: true,
      },
    ]);
    expect(snapshot.warnings).toEqual([
      'No Experience section was found on the page.',
      'No headline was found on the page.',
    ]);
  });

  it('picks the JSON-LD Person whose URL is this profile and warns when names disagree', () => {
    const graph = JSON.stringify({
      '@graph': [
        { '@type': 'Person', name: 'Someone Else', url: 'https://www.linkedin.com/in/someone-else' },
        { '@type': 'Person', name: 'Test Person', url: 'https://www.linkedin.com/in/test-person' },
      ],
    });
    const doc = wrap(
      '<h1 class="text-heading-xlarge">Test P.</h1>',
      `<script type="application/ld+json">${graph}</script>`,
    );
    const snapshot = readProfile(doc, url);
    expect(snapshot.name).toEqual(fromJsonLd('Test Person'));
    expect(snapshot.warnings).toContain(
      "The name in the page's structured data differs from the name shown on the page; please check it.",
    );
  });

  it('treats a structured-data employer as ended when the Experience section says so', () => {
    const jsonLd = JSON.stringify({
      '@type': 'Person',
      name: 'Test Person',
      worksFor: [{ '@type': 'Organization', name: 'Acme', url: 'https://www.linkedin.com/company/acme-example' }],
    });
    const doc = withDates('Jan 2018 - Dec 2019');
    const script = doc.createElement('script');
    script.setAttribute('type', 'application/ld+json');
    script.textContent = jsonLd;
    doc.head.append(script);
    const snapshot = readProfile(doc, url);
    expect(snapshot.currentPositions).toEqual([]);
    expect(snapshot.warnings).toEqual([
      'The structured data lists a position as current that the Experience section shows as ended; it was treated as ended.',
    ]);
  });

  it('returns every current role of a company group, with the group company and link', () => {
    const doc = wrap(`
      <h1 class="text-heading-xlarge">Test Person</h1>
      <section><div id="experience"></div><h2>Experience</h2><ul><li>
        <a href="https://www.linkedin.com/company/acme-example/"><div class="t-bold"><span aria-hidden="true">Acme</span></div>
          <span class="t-14 t-normal"><span aria-hidden="true">Full-time · 8 yrs</span></span></a>
        <ul>
          <li><div class="t-bold"><span aria-hidden="true">CTO</span></div><span><span aria-hidden="true">2022 - Present</span></span></li>
          <li><div class="t-bold"><span aria-hidden="true">Board Member</span></div><span><span aria-hidden="true">2021 - Present</span></span></li>
          <li><div class="t-bold"><span aria-hidden="true">Engineer</span></div><span><span aria-hidden="true">2016 - 2022</span></span></li>
        </ul>
      </li></ul></section>`);
    expect(readProfile(doc, url).currentPositions).toEqual([
      position(high('CTO'), high('Acme'), 'linkedin.com/company/acme-example'),
      position(high('Board Member'), high('Acme'), 'linkedin.com/company/acme-example'),
    ]);
  });

  it.each([
    { title: 'Test Person | LinkedIn', name: 'Test Person' },
    { title: '(3) Test Person | LinkedIn', name: 'Test Person' },
    { title: 'Test Person - Engineer - Acme | LinkedIn', name: 'Test Person' },
    { title: 'Test Person – Acme | LinkedIn', name: 'Test Person' },
    { title: 'Test Person', name: null },
    { title: ' | LinkedIn', name: null },
  ])('takes the name "$name" from the title "$title" with low confidence', ({ title, name }) => {
    const doc = parse(`<html><head><title>${title}</title></head><body></body></html>`);
    const snapshot = readProfile(doc, url);
    expect(snapshot.name).toEqual(name === null ? null : field(name, 'low', 'heuristic'));
  });

  it('reports a page address that is not a profile', () => {
    const snapshot = readProfile(wrap('<h1>Someone</h1>'), 'https://www.linkedin.com/company/acme/');
    expect(snapshot.profileKey).toBeNull();
    expect(snapshot.warnings[0]).toMatch(/^The page address is not a profile address: /);
  });
});

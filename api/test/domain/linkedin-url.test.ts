import { describe, expect, it } from 'vitest';
import {
  companyUrlFromKey,
  MAX_URL_LENGTH,
  type NormalizeResult,
  normalizeCompanyUrl,
  normalizeProfileUrl,
  parseLinkedInUrl,
  profileUrlFromKey,
} from '../../src/domain/linkedin-url.ts';

const JANE = 'linkedin.com/in/jane-doe';
const JURGEN = 'linkedin.com/in/jürgen-müller';
const ACME = 'linkedin.com/company/acme';

function expectOk(result: NormalizeResult): Extract<NormalizeResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected ok, got: ${result.reason}`);
  return result;
}

function expectFailure(result: NormalizeResult): string {
  if (result.ok) throw new Error(`expected failure, got key ${result.key}`);
  expect(typeof result.reason).toBe('string');
  expect(result.reason.trim()).not.toBe('');
  return result.reason;
}

const acceptedProfiles: [input: string, key: string][] = [
  ['https://www.linkedin.com/in/jane-doe/', JANE],
  ['https://www.linkedin.com/in/jane-doe', JANE],
  ['http://www.linkedin.com/in/jane-doe/', JANE],
  ['https://linkedin.com/in/jane-doe', JANE],
  ['linkedin.com/in/jane-doe', JANE],
  ['www.linkedin.com/in/jane-doe/', JANE],
  ['//www.linkedin.com/in/jane-doe/', JANE],
  ['https://mobile.linkedin.com/in/jane-doe', JANE],
  ['https://m.linkedin.com/in/jane-doe/', JANE],
  ['https://de.linkedin.com/in/jane-doe/', JANE],
  ['https://uk.linkedin.com/in/jane-doe', JANE],
  ['fr.linkedin.com/in/jane-doe', JANE],
  ['HTTPS://WWW.LINKEDIN.COM/IN/JANE-DOE/', JANE],
  ['https://www.LinkedIn.com/in/Jane-Doe', JANE],
  ['https://www.linkedin.com./in/jane-doe/', JANE],
  ['https://www.linkedin.com:443/in/jane-doe/', JANE],
  ['http://www.linkedin.com:80/in/jane-doe/', JANE],
  ['https://www.linkedin.com/in/jane-doe/?trk=public_profile', JANE],
  ['https://www.linkedin.com/in/jane-doe?originalSubdomain=de&trk=x', JANE],
  ['https://www.linkedin.com/in/jane-doe/#experience', JANE],
  ['https://www.linkedin.com/in/jane-doe?trk=a#b', JANE],
  ['https://www.linkedin.com/in/jane-doe/de', JANE],
  ['https://www.linkedin.com/in/jane-doe/fr/', JANE],
  ['https://www.linkedin.com/in/jane-doe/details/experience/', JANE],
  ['https://www.linkedin.com/in/jane-doe/recent-activity/', JANE],
  ['https://www.linkedin.com/in/jane-doe/recent-activity/all/?trk=x', JANE],
  ['https://www.linkedin.com/mwlite/in/jane-doe', JANE],
  ['linkedin.com/mwlite/in/jane-doe/', JANE],
  ['https://www.linkedin.com/in/%6A%61%6E%65-%64%6F%65/', JANE],
  ['https://www.linkedin.com/in/%4A%41%4E%45-DOE/', JANE],
  ['  https://www.linkedin.com/in/jane-doe/  ', JANE],
  ['\n\thttps://www.linkedin.com/in/jane-doe/\r\n', JANE],
  ['\u00a0linkedin.com/in/jane-doe\u00a0', JANE],
  ['https://www.linkedin.com/in/j%C3%BCrgen-m%C3%BCller', JURGEN],
  ['https://www.linkedin.com/in/j%c3%bcrgen-m%c3%bcller/', JURGEN],
  ['https://www.linkedin.com/in/jürgen-müller/', JURGEN],
  ['https://www.linkedin.com/in/J%C3%9CRGEN-M%C3%9CLLER', JURGEN],
  ['https://www.linkedin.com/in/JÜRGEN-MÜLLER/', JURGEN],
  // Decomposed ü (u + U+0308) is NFC-normalized to the precomposed form.
  ['https://www.linkedin.com/in/ju%CC%88rgen-mu%CC%88ller', JURGEN],
  ['https://www.linkedin.com/in/ju\u0308rgen-mu\u0308ller', JURGEN],
  ['https://www.linkedin.com/in/john_smith.42/', 'linkedin.com/in/john_smith.42'],
  ['https://www.linkedin.com/in/jane-doe-1a2b3c4d/', 'linkedin.com/in/jane-doe-1a2b3c4d'],
  ['https://www.linkedin.com/in/%E7%8E%8B%E5%B0%8F%E6%98%8E/', 'linkedin.com/in/王小明'],
  ['https://www.linkedin.com/in/ΑΝΝΑ/', 'linkedin.com/in/αννα'],
  ['https://www.linkedin.com/in/محمد-علي', 'linkedin.com/in/محمد-علي'],
  ['https://www.linkedin.com/in/%E0%A4%B0%E0%A4%BE%E0%A4%9C/', 'linkedin.com/in/राज'],
  ['https://www.linkedin.com/in/12345', 'linkedin.com/in/12345'],
  [`https://www.linkedin.com/in/${'a'.repeat(200)}/`, `linkedin.com/in/${'a'.repeat(200)}`],
];

const acceptedCompanies: [input: string, key: string][] = [
  ['https://www.linkedin.com/company/acme/', ACME],
  ['https://www.linkedin.com/company/acme', ACME],
  ['http://linkedin.com/company/acme', ACME],
  ['linkedin.com/company/acme', ACME],
  ['www.linkedin.com/company/ACME/', ACME],
  ['https://de.linkedin.com/company/acme/', ACME],
  ['https://mobile.linkedin.com/company/acme', ACME],
  ['HTTPS://WWW.LINKEDIN.COM/COMPANY/ACME', ACME],
  ['https://www.linkedin.com/company/acme/about/', ACME],
  ['https://www.linkedin.com/company/acme/people/', ACME],
  ['https://www.linkedin.com/company/acme/jobs/?trk=x#top', ACME],
  ['https://www.linkedin.com/company/acme?trk=companies_directory', ACME],
  ['https://www.linkedin.com/mwlite/company/acme', ACME],
  ['  https://www.linkedin.com/company/%41cme/  ', ACME],
  ['https://www.linkedin.com/company/1337/', 'linkedin.com/company/1337'],
  ['https://www.linkedin.com/company/m%C3%BCller-gmbh/', 'linkedin.com/company/müller-gmbh'],
  ['https://www.linkedin.com/company/acme-corp.inc_/', 'linkedin.com/company/acme-corp.inc_'],
];

describe('parseLinkedInUrl: accepted profile URLs', () => {
  it.each(acceptedProfiles)('%j → %s', (input, key) => {
    const result = expectOk(parseLinkedInUrl(input));
    expect(result).toEqual({ ok: true, kind: 'profile', slug: key.slice('linkedin.com/in/'.length), key });
    expect(expectOk(normalizeProfileUrl(input)).key).toBe(key);
  });
});

describe('parseLinkedInUrl: accepted company URLs', () => {
  it.each(acceptedCompanies)('%j → %s', (input, key) => {
    const result = expectOk(parseLinkedInUrl(input));
    expect(result).toEqual({ ok: true, kind: 'company', slug: key.slice('linkedin.com/company/'.length), key });
    expect(expectOk(normalizeCompanyUrl(input)).key).toBe(key);
  });
});

// Rejected by every entry point. The pattern, when given, pins down what the reason talks about.
const rejected: [label: string, input: string, reason: RegExp | null][] = [
  ['empty string', '', /empty/i],
  ['only whitespace', '   \t\n ', /empty/i],
  ['too long', `https://www.linkedin.com/in/jane-doe/?q=${'x'.repeat(MAX_URL_LENGTH)}`, /too long.*2048/i],
  ['javascript: scheme', 'javascript:alert(document.cookie)', /only http.*https/i],
  ['data: scheme', 'data:text/html,<script>alert(1)</script>', /only http.*https/i],
  ['ftp: scheme', 'ftp://www.linkedin.com/in/jane-doe', /only http.*https.*ftp/i],
  ['javascript: followed by digits', 'javascript:1', /only http.*https/i],
  ['mailto: scheme', 'mailto:jane@linkedin.com', /only http.*https/i],
  ['file: scheme', 'file:///in/jane-doe', /only http.*https/i],
  ['look-alike suffix host', 'https://linkedin.com.evil.com/in/jane-doe', /host.*linkedin\.com/i],
  ['look-alike prefix host', 'https://evil-linkedin.com/in/jane-doe', /host.*linkedin\.com/i],
  ['look-alike without hyphen', 'https://evillinkedin.com/in/jane-doe', /host/i],
  ['wrong TLD', 'https://linkedin.co/in/jane-doe', /host/i],
  ['wrong TLD www', 'https://www.linkedin.de/in/jane-doe', /host/i],
  ['other site', 'https://example.com/in/jane-doe', /host/i],
  ['IP address', 'http://127.0.0.1/in/jane-doe', /host/i],
  ['empty subdomain label', 'https://.linkedin.com/in/jane-doe', null],
  ['userinfo trick', 'https://linkedin.com@evil.com/in/jane-doe', /user name or password/i],
  ['userinfo with password', 'https://user:pass@www.linkedin.com/in/jane-doe', /user name or password/i],
  ['non-default port', 'https://www.linkedin.com:8443/in/jane-doe', /port/i],
  ['port without scheme', 'linkedin.com:8080/in/jane-doe', /port.*8080/i],
  ['https port on http', 'http://www.linkedin.com:443/in/jane-doe', /port/i],
  ['path only', '/in/jane-doe', /include the LinkedIn address/i],
  ['bare host', 'https://www.linkedin.com/', /path must start with/i],
  ['feed page', 'https://www.linkedin.com/feed/', /path must start with/i],
  ['school page', 'https://www.linkedin.com/school/some-university/', /path must start with/i],
  ['legacy /pub/', 'https://www.linkedin.com/pub/jane-doe/1/2/3', /\/pub\/.*not supported/i],
  ['showcase page', 'https://www.linkedin.com/showcase/acme-labs/', /showcase.*not supported/i],
  ['missing profile slug', 'https://www.linkedin.com/in/', /missing/i],
  ['empty profile slug', 'https://www.linkedin.com/in//', /missing/i],
  ['missing company slug', 'https://www.linkedin.com/company/', /missing/i],
  ['no slash after in', 'https://www.linkedin.com/in', /missing/i],
  ['encoded slash in slug', 'https://www.linkedin.com/in/jane%2Fdoe', /not allowed.*"\/"/i],
  ['angle brackets', 'https://www.linkedin.com/in/<script>', /not allowed/i],
  ['encoded angle brackets', 'https://www.linkedin.com/in/%3Cscript%3E', /not allowed/i],
  ['double quote', 'https://www.linkedin.com/in/jane"doe', /not allowed/i],
  ['single quote', "https://www.linkedin.com/in/o'brien", /not allowed/i],
  ['raw space', 'https://www.linkedin.com/in/jane doe', /spaces/i],
  ['encoded space', 'https://www.linkedin.com/in/jane%20doe', /not allowed.*U\+0020/i],
  ['encoded NUL', 'https://www.linkedin.com/in/jane%00doe', /not allowed.*U\+0000/i],
  ['encoded control char', 'https://www.linkedin.com/in/jane%1Bdoe', /not allowed/i],
  ['raw control char', 'https://www.linkedin.com/in/jane\u0007doe', /invisible/i],
  ['zero-width space', 'https://www.linkedin.com/in/jane\u200bdoe', /invisible/i],
  ['encoded zero-width space', 'https://www.linkedin.com/in/jane%E2%80%8Bdoe', /not allowed/i],
  ['emoji in slug', 'https://www.linkedin.com/in/jane-😀', /not allowed/i],
  ['plus sign', 'https://www.linkedin.com/in/jane+doe', /not allowed/i],
  ['percent after decoding', 'https://www.linkedin.com/in/jane%2541', /not allowed/i],
  ['malformed percent (truncated)', 'https://www.linkedin.com/in/%E0%A4%A', /percent-encoding/i],
  ['malformed percent (bad hex)', 'https://www.linkedin.com/in/jane%zzdoe', /percent-encoding/i],
  ['malformed percent (invalid UTF-8)', 'https://www.linkedin.com/in/%C3%28', /percent-encoding/i],
  ['lone surrogate', 'https://www.linkedin.com/in/jane\ud800', /invisible/i],
  ['slug only punctuation', 'https://www.linkedin.com/in/-_-', /at least one letter or digit/i],
  ['slug too long', `https://www.linkedin.com/in/${'a'.repeat(201)}`, /too long.*200/i],
  ['slug too long (encoded)', `https://www.linkedin.com/in/${'%C3%BC'.repeat(201)}`, /too long.*200/i],
  ['backslash', 'https://www.linkedin.com\\in\\jane-doe', /backslash/i],
  ['backslash userinfo trick', 'https://linkedin.com\\@evil.com/in/jane-doe', /backslash/i],
  ['not a URL at all', 'hello world', /spaces/i],
  ['garbage host', 'https://[::1/in/jane-doe', /valid web address/i],
];

describe.each([
  ['parseLinkedInUrl', parseLinkedInUrl],
  ['normalizeProfileUrl', normalizeProfileUrl],
  ['normalizeCompanyUrl', normalizeCompanyUrl],
] as const)('%s: rejected inputs', (_name, normalize) => {
  it.each(rejected)('%s', (_label, input, pattern) => {
    const result = normalize(input);
    const reason = expectFailure(result);
    // Kind mismatch is reported before slug problems, so only check patterns where the kind cannot be the issue.
    const kindMismatch = /not a (profile|company) URL:/.test(reason);
    if (pattern && !kindMismatch) expect(reason).toMatch(pattern);
  });
});

describe('kind mismatch', () => {
  it.each([
    'https://www.linkedin.com/company/acme/',
    'linkedin.com/company/acme/about',
    'https://www.linkedin.com/company/',
  ])('normalizeProfileUrl(%j) says it is a company URL', (input) => {
    expect(expectFailure(normalizeProfileUrl(input))).toMatch(/company URL, not a profile URL/);
  });

  it.each(['https://www.linkedin.com/in/jane-doe/', 'linkedin.com/mwlite/in/jane-doe', 'https://www.linkedin.com/in/'])(
    'normalizeCompanyUrl(%j) says it is a profile URL',
    (input) => {
      expect(expectFailure(normalizeCompanyUrl(input))).toMatch(/profile URL, not a company URL/);
    },
  );

  it.each([
    [normalizeProfileUrl, 'https://www.linkedin.com/feed/', /profile URL: the path must start with \/in\//],
    [normalizeCompanyUrl, 'https://www.linkedin.com/feed/', /company URL: the path must start with \/company\//],
    [parseLinkedInUrl, 'https://www.linkedin.com/feed/', /profile or company URL/],
  ] as const)('path hint names the expected kind (%#)', (normalize, input, pattern) => {
    expect(expectFailure(normalize(input))).toMatch(pattern);
  });
});

describe('non-string input', () => {
  it.each([undefined, null, 42, {}, [], true, Symbol('x'), () => 'linkedin.com/in/jane-doe'])(
    'rejects %s without throwing',
    (input) => {
      for (const normalize of [parseLinkedInUrl, normalizeProfileUrl, normalizeCompanyUrl]) {
        expect(expectFailure(normalize(input as unknown as string))).toMatch(/text/);
      }
    },
  );
});

describe('length limit', () => {
  it('accepts exactly MAX_URL_LENGTH characters and rejects one more', () => {
    const base = 'https://www.linkedin.com/in/jane-doe/?q=';
    const atLimit = base + 'x'.repeat(MAX_URL_LENGTH - base.length);
    expect(atLimit).toHaveLength(MAX_URL_LENGTH);
    expect(expectOk(parseLinkedInUrl(atLimit)).key).toBe(JANE);
    expect(expectFailure(parseLinkedInUrl(`${atLimit}x`))).toMatch(/too long/);
  });

  it('counts the limit after trimming surrounding whitespace', () => {
    const base = 'https://www.linkedin.com/in/jane-doe/?q=';
    const padded = `   ${base}${'x'.repeat(MAX_URL_LENGTH - base.length)}   `;
    expect(expectOk(parseLinkedInUrl(padded)).key).toBe(JANE);
  });
});

describe('URLs from keys', () => {
  it.each([
    ['linkedin.com/in/jane-doe', 'https://www.linkedin.com/in/jane-doe/'],
    ['linkedin.com/in/jürgen-müller', 'https://www.linkedin.com/in/j%C3%BCrgen-m%C3%BCller/'],
    ['linkedin.com/in/王小明', 'https://www.linkedin.com/in/%E7%8E%8B%E5%B0%8F%E6%98%8E/'],
    ['linkedin.com/in/john_smith.42', 'https://www.linkedin.com/in/john_smith.42/'],
  ])('profileUrlFromKey(%j) = %s and round-trips', (key, url) => {
    expect(profileUrlFromKey(key)).toBe(url);
    expect(expectOk(normalizeProfileUrl(profileUrlFromKey(key))).key).toBe(key);
  });

  it.each([
    ['linkedin.com/company/acme', 'https://www.linkedin.com/company/acme/'],
    ['linkedin.com/company/müller-gmbh', 'https://www.linkedin.com/company/m%C3%BCller-gmbh/'],
    ['linkedin.com/company/1337', 'https://www.linkedin.com/company/1337/'],
  ])('companyUrlFromKey(%j) = %s and round-trips', (key, url) => {
    expect(companyUrlFromKey(key)).toBe(url);
    expect(expectOk(normalizeCompanyUrl(companyUrlFromKey(key))).key).toBe(key);
  });

  it.each([...acceptedProfiles, ...acceptedCompanies])('key of %j round-trips through its display URL', (input) => {
    const result = expectOk(parseLinkedInUrl(input));
    const url = result.kind === 'profile' ? profileUrlFromKey(result.key) : companyUrlFromKey(result.key);
    expect(expectOk(parseLinkedInUrl(url))).toEqual(result);
  });

  it.each([
    [profileUrlFromKey, 'linkedin.com/company/acme'],
    [profileUrlFromKey, 'https://www.linkedin.com/in/jane-doe/'],
    [profileUrlFromKey, 'linkedin.com/in/Jane-Doe'],
    [profileUrlFromKey, ''],
    [companyUrlFromKey, 'linkedin.com/in/jane-doe'],
    [companyUrlFromKey, 'linkedin.com/company/acme/about'],
  ] as const)('rejects a non-canonical key with a TypeError (%#: %j)', (fromKey, key) => {
    expect(() => fromKey(key)).toThrow(TypeError);
  });
});

describe('robustness on pseudo-random input', () => {
  // Deterministic 32-bit LCG (Numerical Recipes constants) so failures are reproducible.
  function lcg(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state;
    };
  }

  const pieces = [
    'https://',
    'http://',
    'javascript:',
    '//',
    'www.',
    'linkedin.com',
    '.evil.com',
    '@',
    ':',
    '8080',
    '/in/',
    '/company/',
    '/mwlite',
    '/pub/',
    '%',
    '%C3%BC',
    '%E0%A4%A',
    '%00',
    '%2F',
    '?trk=',
    '#',
    '\\',
    ' ',
    '\u0000',
    '\u200b',
    '\ud800',
    '"',
    '<',
    '>',
    '..',
    '.',
    '-',
    '_',
  ];

  function randomString(next: () => number): string {
    const parts: string[] = [];
    const count = next() % 12;
    for (let i = 0; i < count; i += 1) {
      const pick = next() % 4;
      if (pick === 0) parts.push(pieces[next() % pieces.length] ?? '');
      else if (pick === 1) parts.push(String.fromCharCode(32 + (next() % 95)));
      else if (pick === 2) parts.push(String.fromCodePoint(next() % 0x110000));
      else parts.push(String.fromCharCode(next() % 0x10000));
    }
    return parts.join('');
  }

  const next = lcg(20240611);
  const inputs = Array.from({ length: 200 }, () => randomString(next));

  it.each(inputs.map((input, index) => [index, input] as const))('input #%i never throws', (_index, input) => {
    for (const normalize of [parseLinkedInUrl, normalizeProfileUrl, normalizeCompanyUrl]) {
      let result: NormalizeResult | undefined;
      expect(() => {
        result = normalize(input);
      }).not.toThrow();
      expect(typeof result?.ok).toBe('boolean');
      if (result?.ok) {
        expect(result.key).toMatch(/^linkedin\.com\/(in|company)\/[^/]+$/);
        expect(expectOk(parseLinkedInUrl(result.key)).key).toBe(result.key);
      } else {
        expect(result?.reason).toEqual(expect.any(String));
        expect(result?.reason.length).toBeGreaterThan(0);
      }
    }
  });

  it('generates varied inputs, some of which are accepted', () => {
    expect(new Set(inputs).size).toBeGreaterThan(150);
    const prefixed = inputs.map((input) => `linkedin.com/in/a${input}`);
    for (const input of prefixed) expect(typeof parseLinkedInUrl(input).ok).toBe('boolean');
    expect(prefixed.some((input) => parseLinkedInUrl(input).ok)).toBe(true);
  });
});

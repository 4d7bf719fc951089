/**
 * LinkedIn-style URL normalization.
 *
 * Turns the many spellings of a profile link (`/in/<slug>/`) or company link (`/company/<slug>/`)
 * into one canonical key, `linkedin.com/in/<slug>` or `linkedin.com/company/<slug>`, used as the
 * per-organization unique database key and for lookups. The slug is percent-decoded, NFC-normalized
 * and lower-cased; everything after the slug (locale segments, sub-pages, query, fragment) is dropped.
 *
 * Shared by the API (Node) and the browser extension, so it uses only standard JavaScript and the
 * WHATWG `URL` API. Input is untrusted: the normalize functions never throw and explain every
 * rejection in a sentence that can be shown to the end user.
 */

export type LinkedInUrlKind = 'profile' | 'company';

export type NormalizeResult =
  | { ok: true; kind: LinkedInUrlKind; slug: string; key: string }
  | { ok: false; reason: string };

/** Longest accepted input, counted after trimming surrounding whitespace. */
export const MAX_URL_LENGTH = 2048;

/** Longest accepted slug, in Unicode code points after decoding and normalization. */
const MAX_SLUG_LENGTH = 200;

const CANONICAL_HOST = 'linkedin.com';
const DISPLAY_ORIGIN = 'https://www.linkedin.com';

/** First path segment for each kind, e.g. `/in/<slug>`. */
const PATH_PREFIX: Record<LinkedInUrlKind, string> = { profile: 'in', company: 'company' };

/** Which kind of URL a caller wants; `any` accepts both. */
type Expected = LinkedInUrlKind | 'any';

/** Internal pipeline step result: either a value to continue with, or a final failure. */
type Step<T> = { ok: true; value: T } | { ok: false; reason: string };

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const PORT_AFTER_HOST = /^\d+(?:[/?#]|$)/;
/** Whitespace, control, format (zero-width), surrogate, private-use and unassigned code points. */
const INVISIBLE_OR_CONTROL = /[\s\p{C}]/u;
const HOST_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const SLUG_CHAR = /[\p{L}\p{M}\p{Nd}_.-]/u;
const SLUG_ALNUM = /[\p{L}\p{Nd}]/u;

function fail(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}

function succeed<T>(value: T): Step<T> {
  return { ok: true, value };
}

function kindNoun(kind: LinkedInUrlKind): string {
  return kind === 'profile' ? 'profile' : 'company';
}

/** Shortens a piece of user input before quoting it back in a reason. */
function excerpt(text: string, max = 60): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}…`;
}

/** Names a character for an error message: quoted when printable, always with its code point. */
function describeChar(char: string): string {
  const codePoint = char.codePointAt(0) ?? 0;
  const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  return INVISIBLE_OR_CONTROL.test(char) ? hex : `"${char}" (${hex})`;
}

function pathHint(expected: Expected): string {
  if (expected === 'profile') return 'Not a LinkedIn profile URL: the path must start with /in/<name>.';
  if (expected === 'company') return 'Not a LinkedIn company URL: the path must start with /company/<name>.';
  return 'Not a LinkedIn profile or company URL: the path must start with /in/<name> or /company/<name>.';
}

/** Checks that apply to the raw text before it is parsed as a URL. */
function checkRawText(input: unknown): Step<string> {
  if (typeof input !== 'string') return fail('The LinkedIn URL must be given as text.');
  const text = input.trim();
  if (text === '') return fail('Please enter a LinkedIn URL; the value is empty.');
  if (text.length > MAX_URL_LENGTH) {
    return fail(`The URL is too long: it has ${text.length} characters, but at most ${MAX_URL_LENGTH} are allowed.`);
  }
  if (INVISIBLE_OR_CONTROL.test(text)) {
    return fail(
      'The URL contains spaces, line breaks or invisible characters; copy the link again from the address bar.',
    );
  }
  if (text.includes('\\')) return fail('The URL contains a backslash (\\); LinkedIn links use forward slashes (/).');
  return succeed(text);
}

/** Adds `https://` when the scheme is missing, and rejects every scheme other than http(s). */
function withHttpScheme(text: string): Step<string> {
  if (text.startsWith('//')) return succeed(`https:${text}`);
  if (text.startsWith('/')) {
    return fail('The URL must include the LinkedIn address, for example https://www.linkedin.com/in/<name>/.');
  }
  const match = SCHEME.exec(text);
  if (!match) return succeed(`https://${text}`);
  const scheme = (match[1] ?? '').toLowerCase();
  // `linkedin.com:8080/in/x` looks like a scheme but is a dotted host with a port: parse it as https.
  if (scheme.includes('.') && PORT_AFTER_HOST.test(text.slice(match[0].length))) return succeed(`https://${text}`);
  if (scheme === 'http' || scheme === 'https') return succeed(text);
  return fail(`Only http:// and https:// links are supported, not "${excerpt(scheme, 20)}:" links.`);
}

function parseUrl(text: string): Step<URL> {
  try {
    return succeed(new URL(text));
  } catch {
    return fail('This is not a valid web address; copy the link again from the address bar.');
  }
}

function isLinkedInHost(hostname: string): boolean {
  const host = hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
  if (host === CANONICAL_HOST) return true;
  if (!host.endsWith(`.${CANONICAL_HOST}`)) return false;
  const subdomain = host.slice(0, -(CANONICAL_HOST.length + 1));
  return subdomain.split('.').every((label) => HOST_LABEL.test(label));
}

/** Rejects user names, passwords, explicit ports and hosts outside linkedin.com. */
function checkOrigin(url: URL): Step<URL> {
  if (url.username !== '' || url.password !== '') {
    return fail('The URL must not contain a user name or password before the host; paste the plain LinkedIn link.');
  }
  if (url.port !== '') {
    return fail(`The URL must not specify a port (found :${url.port}); LinkedIn links use the default port.`);
  }
  if (!isLinkedInHost(url.hostname)) {
    return fail(
      `Not a LinkedIn URL: the host must be linkedin.com or one of its subdomains, not "${excerpt(url.hostname)}".`,
    );
  }
  return succeed(url);
}

/** Finds the kind and the still-encoded slug segment in a path such as `/mwlite/in/jane-doe/de`. */
function splitPath(pathname: string, expected: Expected): Step<{ kind: LinkedInUrlKind; rawSlug: string }> {
  const segments = pathname.split('/').slice(1);
  if (segments[0]?.toLowerCase() === 'mwlite') segments.shift();
  const prefix = (segments[0] ?? '').toLowerCase();
  if (prefix === 'pub') {
    return fail(
      'Old-style /pub/ profile links are not supported: open the profile and copy its address, which starts with linkedin.com/in/<name>.',
    );
  }
  if (prefix === 'showcase') {
    return fail('LinkedIn showcase pages are not supported: use the company page link, linkedin.com/company/<name>.');
  }
  const kind = (Object.keys(PATH_PREFIX) as LinkedInUrlKind[]).find((k) => PATH_PREFIX[k] === prefix);
  if (!kind) return fail(pathHint(expected));
  if (expected !== 'any' && kind !== expected) {
    return fail(
      `This is a LinkedIn ${kindNoun(kind)} URL, not a ${kindNoun(expected)} URL: ${kindNoun(expected)} links start with linkedin.com/${PATH_PREFIX[expected]}/<name>.`,
    );
  }
  const rawSlug = segments[1] ?? '';
  if (rawSlug === '') {
    return fail(`The ${kindNoun(kind)} URL is missing the ${kindNoun(kind)} name after /${prefix}/.`);
  }
  return succeed({ kind, rawSlug });
}

/** Decodes, normalizes and validates one slug segment. */
function normalizeSlug(rawSlug: string, kind: LinkedInUrlKind): Step<string> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawSlug);
  } catch {
    return fail('The URL contains broken percent-encoding (a "%" that is not followed by a valid encoded character).');
  }
  const slug = decoded.normalize('NFC').toLowerCase().normalize('NFC');
  const label = `${kindNoun(kind)} name`;
  const length = Array.from(slug).length;
  if (length > MAX_SLUG_LENGTH) {
    return fail(
      `The ${label} in the URL is too long: it has ${length} characters, but at most ${MAX_SLUG_LENGTH} are allowed.`,
    );
  }
  const badChar = Array.from(slug).find((char) => !SLUG_CHAR.test(char));
  if (badChar !== undefined) {
    return fail(
      `The ${label} in the URL contains a character that is not allowed, ${describeChar(badChar)}: only letters, digits, "-", "_" and "." may be used.`,
    );
  }
  if (!SLUG_ALNUM.test(slug)) return fail(`The ${label} in the URL must contain at least one letter or digit.`);
  return succeed(slug);
}

function canonicalKey(kind: LinkedInUrlKind, slug: string): string {
  return `${CANONICAL_HOST}/${PATH_PREFIX[kind]}/${slug}`;
}

function normalize(input: unknown, expected: Expected): NormalizeResult {
  const text = checkRawText(input);
  if (!text.ok) return text;
  const withScheme = withHttpScheme(text.value);
  if (!withScheme.ok) return withScheme;
  const url = parseUrl(withScheme.value);
  if (!url.ok) return url;
  const origin = checkOrigin(url.value);
  if (!origin.ok) return origin;
  const path = splitPath(origin.value.pathname, expected);
  if (!path.ok) return path;
  const { kind, rawSlug } = path.value;
  const slug = normalizeSlug(rawSlug, kind);
  if (!slug.ok) return slug;
  return { ok: true, kind, slug: slug.value, key: canonicalKey(kind, slug.value) };
}

/** Never throws: any unexpected error still becomes an `ok: false` result. */
function normalizeSafely(input: unknown, expected: Expected): NormalizeResult {
  try {
    return normalize(input, expected);
  } catch {
    return fail('This LinkedIn URL could not be read; copy the link again from the address bar.');
  }
}

/** Normalizes a LinkedIn profile or company URL to its canonical key. */
export function parseLinkedInUrl(input: string): NormalizeResult {
  return normalizeSafely(input, 'any');
}

/** Normalizes a LinkedIn profile URL (`/in/<slug>`); anything else, including company URLs, fails. */
export function normalizeProfileUrl(input: string): NormalizeResult {
  return normalizeSafely(input, 'profile');
}

/** Normalizes a LinkedIn company URL (`/company/<slug>`); anything else, including profile URLs, fails. */
export function normalizeCompanyUrl(input: string): NormalizeResult {
  return normalizeSafely(input, 'company');
}

/** Builds a display/link URL from a canonical key; throws a TypeError if `key` is not a canonical key of `kind`. */
function urlFromKey(key: string, kind: LinkedInUrlKind): string {
  const result = normalizeSafely(key, kind);
  if (!result.ok || result.key !== key) {
    throw new TypeError(`Not a canonical LinkedIn ${kindNoun(kind)} key: ${JSON.stringify(excerpt(String(key)))}`);
  }
  return `${DISPLAY_ORIGIN}/${PATH_PREFIX[kind]}/${encodeURIComponent(result.slug)}/`;
}

/** `linkedin.com/in/<slug>` → `https://www.linkedin.com/in/<percent-encoded slug>/`. Throws on a non-canonical key. */
export function profileUrlFromKey(key: string): string {
  return urlFromKey(key, 'profile');
}

/** `linkedin.com/company/<slug>` → `https://www.linkedin.com/company/<percent-encoded slug>/`. Throws on a non-canonical key. */
export function companyUrlFromKey(key: string): string {
  return urlFromKey(key, 'company');
}

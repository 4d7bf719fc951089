/**
 * The user's API settings, checked: the GraphQL endpoint URL (and the host permission pattern it
 * needs) and the token's shape. Used by the popup before it asks for the permission and by the
 * background again before it stores anything (a message is never trusted).
 */

export const MAX_API_URL_LENGTH = 2048;
export const MAX_TOKEN_LENGTH = 512;
export const MISSING_TOKEN_REASON = 'Enter an API token (create one with createApiToken, scope FLAGGING).';

export interface ApiEndpoint {
  /** The GraphQL endpoint to POST to, e.g. `https://threadwatch.example.com/graphql`. */
  endpoint: string;
  /** `https://threadwatch.example.com`, for messages. */
  origin: string;
  /**
   * The optional host permission to request, e.g. `https://threadwatch.example.com/*`. Match
   * patterns carry no port (Firefox rejects one; Chrome then matches every port of the host).
   */
  permissionPattern: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || hostname.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Accepts the URL the API prints at start (`http://127.0.0.1:4000/graphql`) or just its origin
 * (then `/graphql` is appended). Plain http only for this machine: the token must not cross a
 * network in clear text.
 */
export function parseApiUrl(input: string): Parsed<ApiEndpoint> {
  const text = input.trim();
  if (text === '')
    return { ok: false, reason: 'Enter the API URL, for example https://threadwatch.example.com/graphql.' };
  if (text.length > MAX_API_URL_LENGTH) {
    return { ok: false, reason: `The API URL is too long (at most ${MAX_API_URL_LENGTH} characters).` };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: 'The API URL is not a valid address; it must start with https://.' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: 'The API URL must start with https:// (or http:// for this computer).' };
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    return { ok: false, reason: 'Use https:// for a remote API: plain http:// would send the token unencrypted.' };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, reason: 'The API URL must not contain a user name or password.' };
  }
  url.hash = '';
  if (url.pathname === '/' && url.search === '') url.pathname = '/graphql';
  return {
    ok: true,
    value: { endpoint: url.href, origin: url.origin, permissionPattern: `${url.protocol}//${url.hostname}/*` },
  };
}

/** A bearer token: printable ASCII without spaces. The API decides whether it is valid. */
export function parseToken(input: string): Parsed<string> {
  const token = input.trim();
  if (token === '') return { ok: false, reason: MISSING_TOKEN_REASON };
  if (token.length > MAX_TOKEN_LENGTH) {
    return { ok: false, reason: `The token is too long (at most ${MAX_TOKEN_LENGTH} characters).` };
  }
  if (!/^[\x21-\x7e]+$/.test(token)) {
    return { ok: false, reason: 'The token contains spaces or characters a token never has; copy it again.' };
  }
  return { ok: true, value: token };
}

/** The first characters of a token, to recognise it without revealing it (like the API's prefix). */
export function tokenHint(token: string): string {
  return `${token.slice(0, 7)}…`;
}

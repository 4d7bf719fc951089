import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, startTestApi, type TestApi, type TestOrganization } from '../../../test/support/api.ts';

let api: TestApi;
let org: TestOrganization;

beforeAll(async () => {
  api = await startTestApi();
  org = await createOrganization(api.prisma, 'http');
});
afterAll(() => api.close());

async function post(body: string | Uint8Array, headers: Record<string, string> = {}) {
  const response = await fetch(api.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${org.admin.token}`, ...headers },
    body,
  });
  const text = await response.text();
  let json: { errors?: Array<{ message: string; extensions?: { code?: string } }> } | null = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, json };
}

describe('caching', () => {
  it('marks every answer as not to be stored, errors included', async () => {
    for (const query of ['{ viewer { role } }', '{ nope }']) {
      const response = await fetch(api.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${org.admin.token}` },
        body: JSON.stringify({ query }),
      });
      await response.text();
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
  });
});

describe('malformed HTTP gets a typed error and leaves the server up', () => {
  it.each([
    ['invalid JSON', '{"query": ', 400, 'BAD_REQUEST', /not valid JSON/],
    [
      'a body over the limit',
      JSON.stringify({ query: `{ viewer { role } }${' '.repeat(300_000)}` }),
      413,
      'PAYLOAD_TOO_LARGE',
      /too large/,
    ],
    ['no query', JSON.stringify({ variables: {} }), 400, 'BAD_REQUEST', /query/],
    ['a syntax error', JSON.stringify({ query: '{ viewer { ' }), 400, 'GRAPHQL_PARSE_FAILED', /Syntax Error/],
    ['an unknown field', JSON.stringify({ query: '{ nope }' }), 400, 'GRAPHQL_VALIDATION_FAILED', /Cannot query field/],
    [
      'variables of the wrong type',
      JSON.stringify({
        query: 'query($first: Int) { accounts(first: $first) { totalCount } }',
        variables: { first: 'ten' },
      }),
      400,
      'BAD_USER_INPUT',
      /Int/,
    ],
  ])('%s', async (_case, body, status, code, message) => {
    const response = await post(body);
    expect(response.status).toBe(status);
    expect(response.json?.errors?.[0]?.extensions?.code).toBe(code);
    expect(response.json?.errors?.[0]?.message).toMatch(message);
    expect((await post(JSON.stringify({ query: '{ viewer { role } }' }))).status).toBe(200);
  });

  it('refuses a GET that could be a cross-site request', async () => {
    const response = await fetch(`${api.url}?query=${encodeURIComponent('{ viewer { role } }')}`, {
      headers: { authorization: `Bearer ${org.admin.token}` },
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF|preflight/i);
  });

  it('answers the health check', async () => {
    const response = await fetch(api.url.replace('/graphql', '/healthz'));
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});

describe('CORS', () => {
  it.each([
    ['chrome-extension://abcdefghijklmnopabcdefghijklmnop', 204, 'chrome-extension://abcdefghijklmnopabcdefghijklmnop'],
    [
      'moz-extension://0f3c5a7e-1111-4a2b-9c3d-123456789abc',
      204,
      'moz-extension://0f3c5a7e-1111-4a2b-9c3d-123456789abc',
    ],
    ['https://evil.example', 403, null],
  ])('a preflight from %s is answered %i', async (origin, status, allowed) => {
    const response = await fetch(api.url, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(response.status).toBe(status);
    expect(response.headers.get('access-control-allow-origin')).toBe(allowed);
  });
});

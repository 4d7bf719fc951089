import http from 'node:http';
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
    [
      'a body that is not valid UTF-8',
      Buffer.concat([
        Buffer.from('{"query": "{ accounts(filter: { search: \\"'),
        Buffer.from([0xed, 0xa0, 0x80]),
        Buffer.from('\\" }) { totalCount } }"}'),
      ]),
      400,
      'BAD_REQUEST',
      /UTF-8/,
    ],
    [
      'a search with a NUL character',
      JSON.stringify({
        query: 'query($s: String) { accounts(filter: { search: $s }) { totalCount } }',
        variables: { s: 'a\u0000b' },
      }),
      200,
      'VALIDATION',
      /control characters/,
    ],
    [
      'a subscription',
      JSON.stringify({ query: 'subscription { viewer { role } }' }),
      200,
      'BAD_REQUEST',
      /subscription/,
    ],
    [
      'more invalid variables than graphql-js reports',
      JSON.stringify({
        query: 'query($t: [AccountTier!]) { accounts(filter: { tiers: $t }) { totalCount } }',
        variables: { t: Array.from({ length: 60 }, () => 'NOPE') },
      }),
      400,
      'BAD_USER_INPUT',
      /NOPE/,
    ],
  ])('%s', async (_case, body, status, code, message) => {
    const response = await post(body);
    expect(response.status).toBe(status);
    expect(response.json?.errors?.[0]?.extensions?.code).toBe(code);
    expect(response.json?.errors?.[0]?.message).toMatch(message);
    // Every error is typed, down to graphql-js's own "too many errors" when it stops counting.
    expect(response.json?.errors?.filter((error) => error.extensions?.code !== code)).toEqual([]);
    expect((await post(JSON.stringify({ query: '{ viewer { role } }' }))).status).toBe(200);
  });

  it('refuses a GET that could be a cross-site request', async () => {
    const response = await fetch(`${api.url}?query=${encodeURIComponent('{ viewer { role } }')}`, {
      headers: { authorization: `Bearer ${org.admin.token}` },
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF|preflight/i);
  });

  it('answers other methods with a typed 405', async () => {
    const response = await fetch(api.url, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${org.admin.token}` },
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST');
    expect(
      ((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions.code,
    ).toBe('BAD_REQUEST');
  });

  it('answers headers too large for Node (a huge GET query string) with a typed error', async () => {
    const response = await fetch(`${api.url}?query=${encodeURIComponent(`{ viewer { role } }${' '.repeat(60_000)}`)}`, {
      headers: { authorization: `Bearer ${org.admin.token}`, 'apollo-require-preflight': 'true' },
    });
    expect(response.status).toBe(431);
    expect(((await response.json()) as { errors: Array<{ message: string }> }).errors[0]?.message).toMatch(/POST body/);
    expect((await post(JSON.stringify({ query: '{ viewer { role } }' }))).status).toBe(200);
  });

  it('refuses several Authorization headers (Node would keep the first, a proxy perhaps another)', async () => {
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request(
        api.url,
        {
          method: 'POST',
          headers: [
            'host',
            new URL(api.url).host,
            'content-type',
            'application/json',
            'authorization',
            `Bearer ${org.rep.token}`,
            'authorization',
            `Bearer ${org.admin.token}`,
          ],
        },
        (response) => {
          let body = '';
          response.on('data', (chunk) => {
            body += chunk;
          });
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        },
      );
      request.on('error', reject);
      request.end(JSON.stringify({ query: '{ viewer { role } }' }));
    });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
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

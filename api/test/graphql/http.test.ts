import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createOrganization, startTestApi, type TestApi, type TestOrganization } from '../../../test/support/api.ts';
import { readRawAnswer } from '../support/raw-answer.ts';

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
  const type = response.headers.get('content-type')?.split(';')[0] ?? null;
  let json: { errors?: Array<{ message: string; extensions?: { code?: string } }> } | null = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, type, json };
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
  // [case, body, status for application/json (and no Accept header), status for
  // application/graphql-response+json, code, message]: a well-formed request the GraphQL layer refuses
  // before running it answers 200 as application/json and 400 as application/graphql-response+json.
  it.each([
    ['invalid JSON', '{"query": ', 400, 400, 'BAD_REQUEST', /not valid JSON/],
    [
      'a body over the limit',
      JSON.stringify({ query: `{ viewer { role } }${' '.repeat(300_000)}` }),
      413,
      413,
      'PAYLOAD_TOO_LARGE',
      /too large/,
    ],
    ['no query', JSON.stringify({ variables: {} }), 400, 400, 'BAD_REQUEST', /query/],
    ['a syntax error', JSON.stringify({ query: '{ viewer { ' }), 200, 400, 'GRAPHQL_PARSE_FAILED', /Syntax Error/],
    [
      'an unknown field',
      JSON.stringify({ query: '{ nope }' }),
      200,
      400,
      'GRAPHQL_VALIDATION_FAILED',
      /Cannot query field/,
    ],
    [
      'an operation name the document lacks',
      JSON.stringify({ query: 'query A { viewer { role } }', operationName: 'B' }),
      200,
      400,
      'OPERATION_RESOLUTION_FAILURE',
      /Unknown operation named "B"/,
    ],
    [
      'variables of the wrong type',
      JSON.stringify({
        query: 'query($first: Int) { accounts(first: $first) { totalCount } }',
        variables: { first: 'ten' },
      }),
      200,
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
      200,
      'VALIDATION',
      /control characters/,
    ],
    [
      'a subscription',
      JSON.stringify({ query: 'subscription { viewer { role } }' }),
      200,
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
      200,
      400,
      'BAD_USER_INPUT',
      /NOPE/,
    ],
  ])('%s', async (_case, body, jsonStatus, graphqlResponseStatus, code, message) => {
    for (const [accept, status, type] of [
      [null, jsonStatus, 'application/json'],
      ['application/json', jsonStatus, 'application/json'],
      ['*/*', jsonStatus, 'application/json'],
      ['application/graphql-response+json', graphqlResponseStatus, 'application/graphql-response+json'],
      [
        'application/graphql-response+json, application/json;q=0.9',
        graphqlResponseStatus,
        'application/graphql-response+json',
      ],
    ] as const) {
      const response = await post(body, accept ? { accept } : {});
      expect(response.status, `Accept: ${accept}`).toBe(status);
      if (status !== 413 && !(status === 400 && code === 'BAD_REQUEST')) expect(response.type).toBe(type);
      expect(response.json?.errors?.[0]?.extensions?.code).toBe(code);
      expect(response.json?.errors?.[0]?.message).toMatch(message);
      // Every error is typed, down to graphql-js's own "too many errors" when it stops counting.
      expect(response.json?.errors?.filter((error) => error.extensions?.code !== code)).toEqual([]);
    }
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

describe('schema hints in error messages', () => {
  // Each refused the same way in development and production; only development suggests names.
  const cases: Array<[string, string, Record<string, unknown>, string]> = [
    ['an unknown field', '{ viewer { rol } }', {}, '"role"'],
    ['an unknown argument', '{ accounts(frist: 5) { totalCount } }', {}, '"first"'],
    ['an unknown input field', '{ accounts(filter: { serch: "a" }) { totalCount } }', {}, '"search"'],
    ['an unknown enum value', '{ accounts(filter: { tiers: [STRATEGC] }) { totalCount } }', {}, '"STRATEGIC"'],
    [
      'an unknown enum value in a variable',
      'query($t: [AccountTier!]) { accounts(filter: { tiers: $t }) { totalCount } }',
      { t: ['STRATEGC'] },
      '"STRATEGIC"',
    ],
    ['an unknown type', 'query($t: AcountTier) { viewer { role } }', { t: null }, '"AccountTier"'],
  ];
  let production: TestApi;
  let productionOrg: TestOrganization;

  beforeAll(async () => {
    // The server's own production default, as NODE_ENV=production gives it (introspection off).
    vi.stubEnv('NODE_ENV', 'production');
    try {
      production = await startTestApi();
    } finally {
      vi.unstubAllEnvs();
    }
    productionOrg = await createOrganization(production.prisma, 'production');
  });
  afterAll(() => production.close());

  it.each(cases)('%s: suggested in development, not in production', async (_case, query, variables, hint) => {
    const development = await api.gql(org.admin.token, query, variables);
    expect(development.errors?.[0]?.message).toContain(`Did you mean`);
    expect(development.errors?.[0]?.message).toContain(hint);

    const token = productionOrg.admin.token;
    const answer = await production.gql(token, query, variables);
    expect(answer.errors?.length).toBeGreaterThan(0);
    for (const error of answer.errors ?? []) {
      expect(error.message).not.toMatch(/did you mean/i);
      expect(error.message).not.toContain(hint);
      expect(error.extensions?.code).toBe(development.errors?.[0]?.extensions?.code);
    }
    // The rest of the message is kept: it still says what is wrong.
    const kept = answer.errors?.[0]?.message ?? '';
    expect(kept.length).toBeGreaterThan(20);
    expect(development.errors?.[0]?.message.startsWith(kept)).toBe(true);
    const introspection = await production.gql(token, '{ __schema { types { name } } }');
    expect(introspection.errors?.[0]?.message).toMatch(/introspection/i);
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

describe('every way of sending a JSON POST gets the same answer', () => {
  // The usual request (application/json, a length or chunks) is served without Express; compressed
  // bodies, other spellings of the media type and GET go through Express. Both must answer alike.
  async function send(
    method: string,
    path: string,
    headers: Record<string, string>,
    body: Buffer | null,
  ): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    return await new Promise((resolve, reject) => {
      const request = http.request(new URL(path, api.url), { method, headers }, (response) => {
        readRawAnswer(response).then(resolve, reject);
      });
      request.on('error', reject);
      if (body && headers['transfer-encoding'] === 'chunked') {
        // Two chunks, split inside a multi-byte character.
        const cut = body.indexOf(0xc3) + 1 || 1;
        request.write(body.subarray(0, cut));
        request.end(body.subarray(cut));
      } else request.end(body ?? undefined);
    });
  }

  const auth = () => ({ authorization: `Bearer ${org.admin.token}`, origin: 'chrome-extension://abcdefghijklmnop' });
  const lengthOf = (body: Buffer) => ({ 'content-length': String(body.length) });

  it.each([
    ['a query', { query: 'query Me { viewer { role } }' }],
    ['a query with non-ASCII text', { query: '{ accounts(filter: { search: "Ærø Ölçek" }) { totalCount } }' }],
    ['a refused query', { query: '{ nope }' }],
    ['no query', { variables: {} }],
  ])('%s', async (_case, payload) => {
    const body = Buffer.from(JSON.stringify(payload));
    const { gzipSync } = await import('node:zlib');
    const json = { 'content-type': 'application/json' };
    const answers = [
      await send('POST', '/graphql', { ...auth(), ...json, ...lengthOf(body) }, body),
      await send('POST', '/graphql?a=1', { ...auth(), ...json, 'transfer-encoding': 'chunked' }, body),
      await send('POST', '/graphql', { ...auth(), 'content-type': 'application/json; charset=UTF-8' }, body),
      await send(
        'POST',
        '/graphql',
        { ...auth(), ...json, 'content-encoding': 'gzip', ...lengthOf(gzipSync(body)) },
        gzipSync(body),
      ),
      await send('POST', '/graphql/', { ...auth(), ...json, ...lengthOf(body) }, body),
    ];
    expect(answers[0]?.headers['access-control-allow-origin']).toBe('chrome-extension://abcdefghijklmnop');
    expect(answers[0]?.headers['cache-control']).toBe('no-store');
    for (const answer of answers.slice(1)) expect(answer).toEqual(answers[0]);
  });

  it.each([
    ['an empty body', Buffer.alloc(0), 400, /POST body missing/],
    ['a body of blanks', Buffer.from(' \n '), 400, /not valid JSON/],
    ['a JSON string', Buffer.from('"{ viewer { role } }"'), 400, /not valid JSON/],
    ['a byte order mark', Buffer.from(`\uFEFF${JSON.stringify({ query: '{ viewer { role } }' })}`), 200, /ADMIN/],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]), 400, /UTF-8/],
    ['a body over the limit', Buffer.from(JSON.stringify({ query: ' '.repeat(300_000) })), 413, /too large/],
  ])('%s', async (_case, body, status, answer) => {
    const { gzipSync } = await import('node:zlib');
    const json = { 'content-type': 'application/json' };
    const plain = await send('POST', '/graphql', { ...auth(), ...json, ...lengthOf(body) }, body);
    expect(plain.status).toBe(status);
    expect(plain.body).toMatch(answer);
    const chunked = await send('POST', '/graphql', { ...auth(), ...json, 'transfer-encoding': 'chunked' }, body);
    const zipped = gzipSync(body);
    const viaExpress = await send(
      'POST',
      '/graphql',
      { ...auth(), ...json, 'content-encoding': 'gzip', ...lengthOf(zipped) },
      zipped,
    );
    expect(chunked).toEqual(plain);
    expect(viaExpress).toEqual(plain);
  });
});

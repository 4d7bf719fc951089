import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApiFailure } from '@/api/api-failure';
import { createGraphQLClient } from '@/api/client';
import { ViewerDocument } from '@/api/generated/graphql';
import { API_URL, VALID_TOKEN } from '../support/fake-api';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const viewer = {
  viewer: { tokenScope: 'FLAGGING', member: { id: 'm1', name: 'Dana Rep' }, organization: { name: 'Acme' } },
};

function answer(status: number, body: string, contentType = 'application/json') {
  server.use(http.post(API_URL, () => new HttpResponse(body, { status, headers: { 'content-type': contentType } })));
}

/** Runs the viewer query and returns the failure it answers with (failing the test if it succeeds). */
async function failureOf(options: { timeoutMs?: number } = {}): Promise<ApiFailure> {
  const client = createGraphQLClient({ endpoint: API_URL, token: VALID_TOKEN, ...options });
  const result = await client.request(ViewerDocument, {});
  if (result.ok) throw new Error('expected the request to fail');
  return result.failure;
}

describe('GraphQL client', () => {
  it('posts the operation with the bearer token and returns data', async () => {
    let seen: { authorization: string | null; contentType: string | null; body: unknown } | null = null;
    server.use(
      http.post(API_URL, async ({ request }) => {
        seen = {
          authorization: request.headers.get('authorization'),
          contentType: request.headers.get('content-type'),
          body: await request.json(),
        };
        return HttpResponse.json({ data: viewer });
      }),
    );
    const client = createGraphQLClient({ endpoint: API_URL, token: VALID_TOKEN });

    await expect(client.request(ViewerDocument, {})).resolves.toEqual({ ok: true, value: viewer });
    expect(seen).toEqual({
      authorization: `Bearer ${VALID_TOKEN}`,
      contentType: 'application/json',
      body: { query: ViewerDocument.toString(), variables: {} },
    });
  });

  it('reports an unreachable API', async () => {
    server.use(http.post(API_URL, () => HttpResponse.error()));
    await expect(failureOf()).resolves.toEqual({
      kind: 'unreachable',
      message:
        'Cannot reach the Threadwatch API at https://threadwatch.test. Check the URL and that the API is running.',
    });
  });

  it('gives up after the timeout', async () => {
    server.use(
      http.post(API_URL, async () => {
        await delay(500);
        return HttpResponse.json({ data: viewer });
      }),
    );
    await expect(failureOf({ timeoutMs: 30 })).resolves.toMatchObject({
      kind: 'timeout',
      message: 'The Threadwatch API at https://threadwatch.test did not answer within 30 ms.',
    });
  });

  it.each([
    {
      name: '401 with the API’s message',
      status: 401,
      body: { errors: [{ message: 'Invalid or revoked API token.', extensions: { code: 'UNAUTHENTICATED' } }] },
      failure: {
        kind: 'unauthenticated',
        status: 401,
        code: 'UNAUTHENTICATED',
        message: 'Token rejected: Invalid or revoked API token.',
      },
    },
    {
      name: '401 TOKEN_EXPIRED, with the date',
      status: 401,
      body: {
        errors: [
          {
            message: 'API token expired on 2026-11-30T12:00:00.000Z: create a new one.',
            extensions: { code: 'TOKEN_EXPIRED', expiresAt: '2026-11-30T12:00:00.000Z' },
          },
        ],
      },
      failure: {
        kind: 'token-expired',
        status: 401,
        code: 'TOKEN_EXPIRED',
        expiresAt: '2026-11-30T12:00:00.000Z',
        message:
          "Your token expired on 30 November 2026 — create a new one (ask an admin if you cannot) and save it in the Threadwatch popup's settings.",
      },
    },
    {
      name: '401 TOKEN_EXPIRED without a readable date',
      status: 401,
      body: { errors: [{ message: 'expired', extensions: { code: 'TOKEN_EXPIRED', expiresAt: 'soon' } }] },
      failure: {
        kind: 'token-expired',
        status: 401,
        code: 'TOKEN_EXPIRED',
        message:
          "Your token expired — create a new one (ask an admin if you cannot) and save it in the Threadwatch popup's settings.",
      },
    },
    {
      name: '401 without a body',
      status: 401,
      body: null,
      failure: { kind: 'unauthenticated', status: 401, message: 'Token rejected (HTTP 401).' },
    },
    {
      name: 'UNAUTHENTICATED in a 200 answer',
      status: 200,
      body: { data: null, errors: [{ message: 'API token has expired.', extensions: { code: 'UNAUTHENTICATED' } }] },
      failure: {
        kind: 'unauthenticated',
        status: 200,
        code: 'UNAUTHENTICATED',
        message: 'Token rejected: API token has expired.',
      },
    },
    {
      name: 'a 400 GraphQL validation error',
      status: 400,
      body: { errors: [{ message: 'Cannot query field "nope".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] },
      failure: {
        kind: 'validation',
        status: 400,
        code: 'GRAPHQL_VALIDATION_FAILED',
        message: 'Cannot query field "nope".',
      },
    },
    {
      name: 'BAD_USER_INPUT with issues',
      status: 200,
      body: {
        errors: [
          {
            message: 'url: too long',
            extensions: { code: 'BAD_USER_INPUT', issues: [{ path: ['url'], message: 'too long' }, { path: 'x' }] },
          },
        ],
      },
      failure: {
        kind: 'validation',
        status: 200,
        code: 'BAD_USER_INPUT',
        message: 'url: too long',
        issues: [{ path: ['url'], message: 'too long' }],
      },
    },
    {
      name: 'a masked server error',
      status: 200,
      body: { errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] },
      failure: { kind: 'server', status: 200, code: 'INTERNAL_SERVER_ERROR', message: 'Unexpected error.' },
    },
    {
      name: 'an unknown error code',
      status: 200,
      body: { errors: [{ message: 'Teapot.', extensions: { code: 'I_AM_A_TEAPOT' } }] },
      failure: { kind: 'graphql', status: 200, code: 'I_AM_A_TEAPOT', message: 'Teapot.' },
    },
    {
      name: '403',
      status: 403,
      body: null,
      failure: { kind: 'forbidden', status: 403, message: 'The API refused this request (HTTP 403).' },
    },
    {
      name: '404 (wrong URL)',
      status: 404,
      body: null,
      failure: {
        kind: 'http',
        status: 404,
        message: 'There is no GraphQL API at https://threadwatch.test/graphql (HTTP 404). Check the API URL.',
      },
    },
    {
      name: '429',
      status: 429,
      body: null,
      failure: {
        kind: 'rate-limited',
        status: 429,
        message: 'The API is receiving too many requests (HTTP 429); trying again later.',
      },
    },
    {
      name: '502 from a proxy',
      status: 502,
      body: null,
      failure: {
        kind: 'server',
        status: 502,
        message: 'The Threadwatch API at https://threadwatch.test failed (HTTP 502).',
      },
    },
  ])('maps $name', async ({ status, body, failure }) => {
    answer(status, body === null ? '' : JSON.stringify(body));
    await expect(failureOf()).resolves.toEqual(failure);
  });

  it.each([
    { name: 'an HTML page', body: '<html><body>Sign in to the Wi-Fi</body></html>', what: 'something other than JSON' },
    { name: 'an empty body', body: '', what: 'an empty body' },
    { name: 'truncated JSON', body: '{"data": {"viewer": ', what: 'something other than JSON' },
    { name: 'JSON without data', body: '{"hello": "world"}', what: 'JSON without a data object' },
    { name: 'a JSON array', body: '[1, 2]', what: 'JSON without a data object' },
    { name: 'data that is a string', body: '{"data": "viewer"}', what: 'JSON without a data object' },
  ])('reports $name in a 200 answer as a malformed response', async ({ body, what }) => {
    answer(200, body, 'text/html');
    await expect(failureOf()).resolves.toEqual({
      kind: 'malformed-response',
      status: 200,
      message: `The server at https://threadwatch.test/graphql answered with ${what}, not a Threadwatch GraphQL response.`,
    });
  });

  it('does not follow redirects (the token would go elsewhere)', async () => {
    server.use(
      http.post(
        API_URL,
        () => new HttpResponse(null, { status: 302, headers: { location: 'https://elsewhere.test/' } }),
      ),
    );
    await expect(failureOf()).resolves.toMatchObject({ kind: 'http', status: 302 });
  });

  it('refuses an endpoint that is not a URL without sending anything', async () => {
    const client = createGraphQLClient({ endpoint: 'not a url', token: VALID_TOKEN });
    await expect(client.request(ViewerDocument, {})).resolves.toMatchObject({
      ok: false,
      failure: { kind: 'not-configured' },
    });
  });
});

// Load shedding (limits/admission.ts) through real HTTP on a real database: with a limit of 2, two
// requests are kept in flight the ways requests stay in flight in production (a body still arriving; an
// operation waiting for the database, held by a table lock this test takes), and the next request is
// shed on every path. Nothing is faked: the held requests finish once the test lets them.
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, onTestFinished as onFinish } from 'vitest';
import { createOrganization, startTestApi, type TestApi, type TestOrganization } from '../../../test/support/api.ts';
import { createLogger } from '../../src/logger.ts';
import { type RawAnswer, readRawAnswer } from '../support/raw-answer.ts';

let api: TestApi;
let org: TestOrganization;
const logLines: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  api = await startTestApi({
    maxRequestsInFlight: 2,
    logger: createLogger('info', (line) => logLines.push(JSON.parse(line))),
  });
  org = await createOrganization(api.prisma, 'shedding');
});
afterAll(() => api.close());

/** A request whose answer is awaited; `body` is sent at once, `hold` keeps the last part of it back. */
function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body: Buffer | null,
  options: { hold?: boolean; signal?: AbortSignal } = {},
): { answer: Promise<RawAnswer>; release(): void; abort(): void } {
  const request = http.request(new URL(path, api.url), { method, headers });
  const answer = new Promise<RawAnswer>((resolve, reject) => {
    request.on('response', (response) => {
      readRawAnswer(response).then(resolve, reject);
    });
    request.on('error', reject);
  });
  if (body && options.hold) {
    request.write(body.subarray(0, body.length - 1));
    return {
      answer,
      release: () => {
        if (!request.writableEnded) request.end(body.subarray(body.length - 1));
      },
      abort: () => request.destroy(),
    };
  }
  request.end(body ?? undefined);
  return { answer, release: () => undefined, abort: () => request.destroy() };
}

const auth = () => ({ authorization: `Bearer ${org.admin.token}`, origin: 'chrome-extension://abcdefghijklmnop' });
const json = { 'content-type': 'application/json' };
const lengthOf = (body: Buffer) => ({ 'content-length': String(body.length) });
const query = (text: string, variables?: Record<string, unknown>) =>
  Buffer.from(JSON.stringify({ query: text, variables }));

/** A JSON POST that keeps its last byte back: in flight, on the plain handler, until released. */
function held(text = '{ viewer { role } }') {
  const body = query(text);
  return send('POST', '/graphql', { ...auth(), ...json, ...lengthOf(body) }, body, { hold: true });
}

/** Waits until the server counts `count` GraphQL requests in flight (fails after 5 s). */
async function inFlight(count: number) {
  const until = Date.now() + 5_000;
  while (api.server.admission.inFlight !== count && Date.now() < until)
    await new Promise((resolve) => setTimeout(resolve, 10));
  expect(api.server.admission.inFlight).toBe(count);
}

/** Holds an ACCESS EXCLUSIVE lock on the Account table until `release` is called. */
async function lockAccounts(): Promise<{ release(): void; done: Promise<unknown> }> {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked: () => void = () => undefined;
  const isLocked = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const done = api.prisma.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe('LOCK TABLE "Account" IN ACCESS EXCLUSIVE MODE');
      locked();
      await released;
    },
    { timeout: 30_000, maxWait: 5_000 },
  );
  await Promise.race([isLocked, done]);
  return { release: () => release(), done };
}

async function metric(name: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', api.url))).text();
  const line = text.split('\n').find((row) => row.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : 0;
}

const SHED_METRIC = 'threadwatch_graphql_shed_total';

function expectShed(answer: RawAnswer) {
  expect(answer.status).toBe(503);
  expect(answer.headers['retry-after']).toBe('1');
  expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(JSON.parse(answer.body)).toEqual({
    errors: [
      { message: 'The server is busy; retry in 1 s.', extensions: { code: 'OVERLOADED', retryAfterSeconds: 1 } },
    ],
  });
}

describe('load shedding', () => {
  it('sheds past the limit on every path alike, answers probes meanwhile, and admits again once requests finish', async () => {
    const shedBefore = await metric(SHED_METRIC);
    const overloadedBefore = await metric('threadwatch_graphql_errors_total{code="OVERLOADED"}');
    const first = held();
    const second = held();
    onFinish(() => {
      first.release();
      second.release();
    });
    await inFlight(2);
    expect(await metric('threadwatch_graphql_requests_in_flight')).toBe(2);

    const body = query('query Me { viewer { role } }');
    const zipped = gzipSync(body);
    const answers = [
      // The plain handler: a JSON POST, with a length or chunked.
      await send('POST', '/graphql', { ...auth(), ...json, ...lengthOf(body) }, body).answer,
      await send('POST', '/graphql?a=1', { ...auth(), ...json, 'transfer-encoding': 'chunked' }, body).answer,
      // Express: another spelling of the media type, a compressed body, another path, GET.
      await send('POST', '/graphql', { ...auth(), 'content-type': 'application/json; charset=UTF-8' }, body).answer,
      await send('POST', '/graphql', { ...auth(), ...json, 'content-encoding': 'gzip', ...lengthOf(zipped) }, zipped)
        .answer,
      await send('POST', '/graphql/', { ...auth(), ...json, ...lengthOf(body) }, body).answer,
    ];
    expectShed(answers[0] as RawAnswer);
    expect(answers[0]?.headers['access-control-allow-origin']).toBe('chrome-extension://abcdefghijklmnop');
    expect(answers[0]?.headers['cache-control']).toBe('no-store');
    for (const answer of answers.slice(1)) expect(answer).toEqual(answers[0]);
    const get = await send('GET', `/graphql?query=${encodeURIComponent('{ viewer { role } }')}`, auth(), null).answer;
    expectShed(get);

    // Probes, metrics and CORS preflights are never shed.
    expect((await fetch(new URL('/healthz', api.url))).status).toBe(200);
    expect((await fetch(new URL('/readyz', api.url))).status).toBe(200);
    const preflight = await fetch(api.url, {
      method: 'OPTIONS',
      headers: { origin: 'chrome-extension://abcdefghijklmnop', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(await metric(SHED_METRIC)).toBe(shedBefore + 6);
    // As an error code too, for the requests to /graphql itself (not /graphql/).
    expect(await metric('threadwatch_graphql_errors_total{code="OVERLOADED"}')).toBe(overloadedBefore + 5);
    // Logged like other refusals: at info level for /graphql (other paths log at debug).
    const logged = logLines.filter((line) => line.message === 'request' && line.status === 503);
    expect(logged.length).toBe(5);
    expect(logged[0]).toMatchObject({ level: 'info', path: '/graphql', errors: ['OVERLOADED'] });

    // The held requests were admitted: they finish normally, and then requests are admitted again.
    first.release();
    second.release();
    for (const { answer } of [first, second]) {
      const { status, body: text } = await answer;
      expect(status).toBe(200);
      expect(JSON.parse(text)).toMatchObject({ data: { viewer: { role: 'ADMIN' } } });
    }
    await inFlight(0);
    const again = await api.gql(org.admin.token, '{ viewer { role } }');
    expect(again).toMatchObject({ status: 200, data: { viewer: { role: 'ADMIN' } } });
    expect(await metric('threadwatch_graphql_requests_in_flight')).toBe(0);
  });

  it('never sheds a request once it runs: a mutation waiting for the database completes', async () => {
    const lock = await lockAccounts();
    onFinish(lock.release);
    const create = `mutation($input: CreateAccountInput!) {
      createAccount(input: $input) { __typename ... on AccountPayload { account { name } } }
    }`;
    const mutation = api.gql(org.admin.token, create, { input: { name: 'Held Ltd', tier: 'KEY' } });
    const read = api.gql(org.admin.token, '{ accounts(first: 1) { totalCount } }');
    await inFlight(2);
    const shed = await send('POST', '/graphql', { ...auth(), ...json }, query('{ viewer { role } }')).answer;
    expectShed(shed);
    lock.release();
    await lock.done;
    expect(await mutation).toMatchObject({
      status: 200,
      data: { createAccount: { __typename: 'AccountPayload', account: { name: 'Held Ltd' } } },
    });
    // Before or after the new account, whichever got the table first.
    expect(await read).toMatchObject({ status: 200, data: { accounts: { totalCount: expect.any(Number) } } });
    await inFlight(0);
  });

  it('counts no request for ever: errors, clients gone mid-body and mid-operation', async () => {
    // Refused requests: not JSON, no token, an invalid query.
    const bad = Buffer.from('{"query": ');
    expect((await send('POST', '/graphql', { ...json, ...lengthOf(bad) }, bad).answer).status).toBe(400);
    expect((await api.gql(null, '{ viewer { role } }')).status).toBe(401);
    expect((await api.gql(org.admin.token, '{ nope }')).errors?.[0]?.extensions?.code).toBe(
      'GRAPHQL_VALIDATION_FAILED',
    );
    await inFlight(0);

    // A client that goes away while its body is still arriving.
    const gone = held();
    gone.answer.catch(() => undefined);
    await inFlight(1);
    gone.abort();
    await inFlight(0);

    // A client that gives up (its own timeout) while its operation waits for the database.
    const lock = await lockAccounts();
    onFinish(lock.release);
    const body = query('{ accounts(first: 1) { totalCount } }');
    const request = fetch(api.url, {
      method: 'POST',
      headers: { ...auth(), ...json },
      body,
      signal: AbortSignal.timeout(300),
    });
    await expect(request).rejects.toThrow();
    await inFlight(0);
    lock.release();
    await lock.done;

    // Nothing was left counted: two requests in flight still fit.
    const [a, b] = await Promise.all([
      api.gql(org.admin.token, '{ viewer { role } }'),
      api.gql(org.admin.token, '{ viewer { role } }'),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
  });
});

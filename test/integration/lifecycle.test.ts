// The API as operators run it (`pnpm start` → api/src/main.ts in its own process): configuration
// refused with a clear message and exit code 2, and a graceful stop on SIGTERM that finishes the
// requests in flight.
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnApi } from '../support/api-process.ts';

// Process-level behaviour: once is enough, on the embedded database.
const once = process.env.TEST_DB === 'postgres' ? describe.skip : describe;

once('configuration at start', () => {
  it.each([
    [
      { DATABSE_URL: 'postgres://tw:s3cret-pw@db/x' },
      'unknown setting DATABSE_URL (did you mean DATABASE_URL?)',
      's3cret-pw',
    ],
    [{ PORT: 'eighty' }, 'PORT must be a whole number from 0 to 65535, got "eighty".', null],
    [
      { NODE_ENV: 'production', DATABASE_URL: 'postgres://tw:s3cret-pw@127.0.0.1:1/x', DEMO_DATA: 'on' },
      'unsafe in production (NODE_ENV=production): DEMO_DATA must be off',
      's3cret-pw',
    ],
  ])('refuses %o with a message and exit code 2, showing no secret', async (env, message, secret) => {
    const process = spawnApi(env);
    expect(await process.exited).toBe(2);
    expect(process.output()).toContain(`Configuration error: ${message}`);
    if (secret) expect(process.output()).not.toContain(secret);
  });
});

once('graceful shutdown', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('on SIGTERM stops taking connections, finishes the request in flight, and exits 0', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'threadwatch-lifecycle-'));
    dirs.push(dir);
    const api = spawnApi({ DATABASE_URL: `pglite:${dir}`, DEMO_DATA: 'off', PORT: '0', SHUTDOWN_GRACE_MS: '5000' });
    const url = await new Promise<URL>((resolve, reject) => {
      const timer = setInterval(() => {
        const found = /GraphQL: (http:\/\/\S+)/.exec(api.output());
        if (found?.[1]) {
          clearInterval(timer);
          resolve(new URL(found[1]));
        }
      }, 50);
      void api.exited.then(() => {
        clearInterval(timer);
        reject(new Error(`the API exited early:\n${api.output()}`));
      });
    });
    expect((await fetch(new URL('/readyz', url))).status).toBe(200);

    // A request whose body is still arriving when the signal comes.
    const body = JSON.stringify({ query: '{ viewer { role } }' });
    const inFlight = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        url,
        { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length } },
        (res) => {
          let text = '';
          res.on('data', (chunk) => {
            text += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        api.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 500);
      }, 200);
    });

    const answered = await inFlight;
    expect(answered.status).toBe(401);
    expect(JSON.parse(answered.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    await expect(fetch(new URL('/healthz', url))).rejects.toThrow();
    const code = await api.exited;
    expect(code).toBe(0);
    expect(api.output()).toContain('"message":"shutting down"');
    expect(api.output()).toContain('"message":"stopped"');
  });
});

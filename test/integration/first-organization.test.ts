// A new customer without the demo: `pnpm start` on an empty database says how to begin, and
// `pnpm run org:create` creates the organization and its admin (bad values change nothing).
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@threadwatch/db/database';
import { afterAll, describe, expect, it } from 'vitest';
import { apiUrl, type SpawnedApi, spawnApi } from '../support/api-process.ts';

// Process-level behaviour: once is enough, on the embedded database.
const once = process.env.TEST_DB === 'postgres' ? describe.skip : describe;

/** Runs `pnpm run org:create` as a user would (the command's own process), with `args`. */
function createOrganization(dataDir: string, args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'api', 'src', 'cli', 'create-organization.ts'), ...args],
    {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: `pglite:${dataDir}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

async function waitFor(api: SpawnedApi, pattern: RegExp, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!pattern.test(api.output())) {
    if (Date.now() > until) throw new Error(`no ${pattern} in:\n${api.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stop(api: SpawnedApi) {
  api.child.kill('SIGTERM');
  await api.exited;
}

once('the first organization', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('start says how to begin; bad values create nothing; org:create prints a working admin token', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'threadwatch-first-org-'));
    dirs.push(dir);
    const env = { DATABASE_URL: `pglite:${dir}`, DEMO_DATA: 'off', PORT: '0' };

    const empty = spawnApi(env);
    await apiUrl(empty);
    await waitFor(empty, /No organization yet/);
    expect(empty.output()).toContain('pnpm run org:create --name');
    await stop(empty);

    const bad = await createOrganization(dir, [
      '--name',
      'Acme',
      '--currency',
      'dollars',
      '--timezone',
      'Mars/Base',
      '--admin-name',
      'Jane Doe',
      '--admin-email',
      'jane-at-acme',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.output).toContain('--currency: Must be a known ISO 4217 currency code');
    expect(bad.output).toContain('--timezone: Not a known time zone');
    expect(bad.output).toContain('--admin-email: Must be an e-mail address');
    expect(bad.output).not.toContain('tw_');

    const missing = await createOrganization(dir, ['--name', 'Acme']);
    expect(missing.code).toBe(2);
    expect(missing.output).toContain('Missing --currency, --timezone, --admin-name, --admin-email.');

    const values = [
      '--name=Acme',
      '--currency=usd',
      '--timezone=America/New_York',
      '--admin-name=Jane Doe',
      '--admin-email=jane@acme.example',
      '--idempotency-key=acme-setup-0001',
    ];
    const good = await createOrganization(dir, values);
    expect(good.code).toBe(0);
    // The refused attempts left no organization behind: the name's slug is still free.
    expect(good.output).toContain('slug acme, USD, America/New_York');
    const first = /^\s+(tw_\S+)$/m.exec(good.output)?.[1];
    expect(first).toBeDefined();
    // Run again with the same key (the output was lost): the same organization, a new token.
    const again = await createOrganization(dir, values);
    expect(again.code).toBe(0);
    expect(again.output).toContain('was already created under this key (slug acme)');
    const token = /^\s+(tw_\S+)$/m.exec(again.output)?.[1];
    expect(token).toBeDefined();
    expect(token).not.toBe(first);
    // The same key with other values changes nothing.
    const other = await createOrganization(dir, [...values.slice(0, 5), '--name=Other', values[5] as string]);
    expect(other.code).toBe(2);
    expect(other.output).toContain(
      '--idempotency-key: This idempotency key was already used for a different organization.',
    );
    expect(other.output).not.toContain('tw_');

    const started = spawnApi(env);
    const url = await apiUrl(started);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ viewer { role member { name status } organization { name currency } } }' }),
      });
      const revoked = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${first}` },
        body: JSON.stringify({ query: '{ viewer { role } }' }),
      });
      expect(revoked.status).toBe(401);
      expect(await response.json()).toEqual({
        data: {
          viewer: {
            role: 'ADMIN',
            member: { name: 'Jane Doe', status: 'ACTIVE' },
            organization: { name: 'Acme', currency: 'USD' },
          },
        },
        extensions: expect.anything(),
      });
      // An organization exists now: no hint.
      expect(started.output()).not.toContain('No organization yet');
    } finally {
      await stop(started);
    }
  }, 120_000);
});

// /readyz answers: bounded by its own timeout when the database does not answer, one probe at a time,
// and degraded dependencies reported while the process stays ready.
import { describe, expect, it } from 'vitest';
import { type Readiness, readinessProbe } from '../src/http/readiness.ts';
import { createLogger } from '../src/logger.ts';

const lines: string[] = [];
const logger = createLogger('warn', (line) => lines.push(line));
const never = () => new Promise<string[]>(() => {});

describe('readinessProbe', () => {
  it.each<[string, Readiness | null, number, Record<string, unknown>]>([
    ['no database to ask', null, 200, { status: 'ready' }],
    ['migrations applied', { pendingMigrations: async () => [] }, 200, { status: 'ready', database: 'ok' }],
    [
      'a migration pending',
      { pendingMigrations: async () => ['20270101_x'] },
      503,
      { status: 'not ready', database: 'ok', pendingMigrations: ['20270101_x'] },
    ],
    [
      'the database refuses',
      {
        pendingMigrations: async () => {
          throw new Error('connect ECONNREFUSED');
        },
      },
      503,
      { status: 'not ready', database: 'unreachable' },
    ],
    ['the database never answers', { pendingMigrations: never }, 503, { status: 'not ready', database: 'unreachable' }],
    [
      'Redis away: still ready, and says so',
      { pendingMigrations: async () => [], degraded: () => ['redis'] },
      200,
      { status: 'ready', degraded: ['redis'] },
    ],
    [
      'Redis and the database away',
      { pendingMigrations: never, degraded: () => ['redis'] },
      503,
      { status: 'not ready', database: 'unreachable', degraded: ['redis'] },
    ],
  ])('%s → %i', async (_name, readiness, status, body) => {
    const answer = await readinessProbe(readiness, logger, 50)();
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject(body);
    if (!readiness?.degraded) expect(answer.body).not.toHaveProperty('degraded');
  });

  it('shares one database probe among the checks that arrive while it runs', async () => {
    let asked = 0;
    let answer: (pending: string[]) => void = () => {};
    const probe = readinessProbe(
      {
        pendingMigrations: () => {
          asked += 1;
          return new Promise<string[]>((resolve) => {
            answer = resolve;
          });
        },
      },
      logger,
      1_000,
    );
    const checks = [probe(), probe(), probe()];
    answer([]);
    expect((await Promise.all(checks)).map((check) => check.status)).toEqual([200, 200, 200]);
    expect(asked).toBe(1);
    await probe();
    expect(asked).toBe(2);
  });
});

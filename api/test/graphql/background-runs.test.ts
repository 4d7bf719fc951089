// Claims of background runs on a real database: processes claiming at the same moment never get the
// same run, a live lease is never taken over, an expired one (a process that died) is, and a process
// whose lease was taken over cannot commit another batch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization } from '../../../test/support/api.ts';
import { freshDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { claimRun, commitProgress, createRun, finishRun, LeaseLostError } from '../../src/services/background-runs.ts';

let db: TestDatabase;
let organizationId: string;

beforeAll(async () => {
  db = await freshDatabase();
  organizationId = (await createOrganization(db.prisma, 'claims')).id;
});

afterAll(async () => {
  await db?.close();
});

const queue = (count: number) =>
  Promise.all(
    Array.from({ length: count }, (_, i) =>
      createRun(db.prisma, { organizationId, kind: 'HEALTH_RECOMPUTE', input: { n: i } }),
    ),
  );

describe('claims', () => {
  it('processes claiming at the same moment each get a different run, and none is claimed twice', async () => {
    await queue(8);
    const claims = await Promise.all(
      Array.from({ length: 12 }, (_, i) => claimRun(db.prisma, `process-${i}`, { kinds: ['HEALTH_RECOMPUTE'] })),
    );
    const claimed = claims.filter((run) => run !== null);
    expect(claimed).toHaveLength(8);
    expect(new Set(claimed.map((run) => run?.id)).size).toBe(8);
    // Every lease is live: nothing is left to claim.
    expect(await claimRun(db.prisma, 'late-process')).toBeNull();
    for (const run of claimed)
      if (run?.leaseOwner) await finishRun(db.prisma, run.id, run.leaseOwner, { status: 'SUCCEEDED' });
  });

  it('an expired lease (its process died) is claimed by another; the first can no longer commit', async () => {
    const [queued] = await queue(1);
    const run = { id: queued?.run.id ?? '' };
    const dead = await claimRun(db.prisma, 'dead-process', { runId: run.id, leaseMs: -1_000 });
    expect(dead?.leaseOwner).toBe('dead-process');
    const taken = await claimRun(db.prisma, 'live-process', { runId: run.id });
    expect(taken).toMatchObject({ id: run.id, leaseOwner: 'live-process', attempts: 2 });
    await expect(commitProgress(db.prisma, run.id, 'dead-process', { done: 1 })).rejects.toBeInstanceOf(LeaseLostError);
    await commitProgress(db.prisma, run.id, 'live-process', { done: 1, problems: [{ row: 2 }] });
    expect(await finishRun(db.prisma, run.id, 'dead-process', { status: 'FAILED', error: 'late' })).toBe(false);
    expect(await finishRun(db.prisma, run.id, 'live-process', { status: 'SUCCEEDED' })).toBe(true);
    const finished = await db.prisma.backgroundRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(finished).toMatchObject({ status: 'SUCCEEDED', done: 1, problemCount: 1, error: null, leaseOwner: null });
  });
});

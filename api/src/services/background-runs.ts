// Background runs: long work (a CSV import, recomputing an organization's health) done outside the
// request that asked for it. A run is a row: claimed by one process at a time under a lease that the
// process renews while it works, its progress written in the same transaction as each batch of work
// (so a resumed run skips exactly what was committed), and finished as SUCCEEDED or FAILED. A process
// that stops gracefully releases its runs; one that dies lets the lease expire, and another process (or
// the same one after a restart) claims the run and resumes it.
import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type BackgroundRun, type BackgroundRunKind, Prisma, type PrismaClient } from '@threadwatch/db/client';
import { ConflictError } from '../errors.ts';
import { uniqueViolation } from './prisma-errors.ts';

type Db = PrismaClient | Prisma.TransactionClient;

/**
 * Lets timers and I/O run. The embedded database answers through promises alone, so a run that goes
 * from batch to batch would otherwise keep this process from serving requests until it ends.
 */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** What a run's work sees of the process running it. */
export interface RunControl {
  owner: string;
  /** True once the process is stopping: end after the current batch, returning 'stopped'. */
  stopping(): boolean;
  /** Tells listeners a batch was committed (the run's row holds the figures). */
  progressed(run: { id: string; done: number; total: number | null }): void;
}

/** How long a claim lasts without being renewed; a process renews it several times a lease. */
export const RUN_LEASE_MS = 60_000;
/** At most this many problems (an import's rejected rows) are kept per run; problemCount counts all. */
export const RUN_PROBLEMS_KEPT = 1000;

/** This process's name on the leases it holds. */
export const processOwner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/** The lease was taken over (it expired while this process was stalled): stop, commit nothing more. */
export class LeaseLostError extends Error {
  override name = 'LeaseLostError';
  constructor(runId: string) {
    super(`Run ${runId} is no longer held by this process.`);
  }
}

export function payloadHash(payload: unknown): string {
  return createHash('sha256').update(JSON.stringify(payload)).digest('hex');
}

export interface NewRun {
  organizationId: string;
  kind: BackgroundRunKind;
  memberId?: string | null;
  idempotencyKey?: string | null;
  /** What identifies the request for idempotency (hashed); the same key with another payload conflicts. */
  payload?: unknown;
  input: Prisma.InputJsonValue;
  content?: string | null;
  total?: number | null;
}

/**
 * Creates a run, or answers the existing one when the same idempotency key was used before with the
 * same payload (`created: false`). The same key with another payload is a ConflictError.
 */
export async function createRun(db: Db, run: NewRun): Promise<{ run: BackgroundRun; created: boolean }> {
  const hash = run.payload === undefined ? null : payloadHash(run.payload);
  const existing = async () => {
    if (!run.idempotencyKey) return null;
    const found = await db.backgroundRun.findUnique({
      where: {
        organizationId_kind_idempotencyKey: {
          organizationId: run.organizationId,
          kind: run.kind,
          idempotencyKey: run.idempotencyKey,
        },
      },
    });
    if (found && found.payloadHash !== hash) {
      throw new ConflictError(
        'This idempotency key was used for another request: send the same request again, or use a new key.',
      );
    }
    return found;
  };
  const before = await existing();
  if (before) return { run: before, created: false };
  try {
    const created = await db.backgroundRun.create({
      data: {
        organizationId: run.organizationId,
        kind: run.kind,
        memberId: run.memberId ?? null,
        idempotencyKey: run.idempotencyKey ?? null,
        payloadHash: hash,
        input: run.input,
        content: run.content ?? null,
        total: run.total ?? null,
      },
    });
    return { run: created, created: true };
  } catch (error) {
    // The same key sent twice at the same moment: the other request created it.
    if (!uniqueViolation(error)) throw error;
    const after = await existing();
    if (!after) throw error;
    return { run: after, created: false };
  }
}

/**
 * Claims a run for `owner`: the given one, or the oldest unfinished one whose lease is free (runs of
 * organizations that have none running come first, so one organization's queue cannot hold up
 * another's). Rows another process is claiming at the same moment are skipped, not waited for.
 */
export async function claimRun(
  prisma: PrismaClient,
  owner: string,
  options: { runId?: string; kinds?: readonly BackgroundRunKind[]; leaseMs?: number; now?: Date } = {},
): Promise<BackgroundRun | null> {
  const now = options.now ?? new Date();
  const expires = new Date(now.getTime() + (options.leaseMs ?? RUN_LEASE_MS));
  const at = now.toISOString();
  // A run whose work lives outside the database (a file the command line streams) is resumed only by
  // the command run again: it is claimed by id, never by a worker.
  const only = options.runId
    ? Prisma.sql`AND r."id" = ${options.runId}::uuid`
    : Prisma.sql`AND COALESCE(r."input"->>'external', 'false') <> 'true'`;
  const kinds = options.kinds?.length
    ? Prisma.sql`AND r."kind"::text IN (${Prisma.join(options.kinds)})`
    : Prisma.empty;
  const claimed = await prisma.$queryRaw<Array<{ id: string }>>`
    UPDATE "BackgroundRun" AS c SET
      "status" = 'RUNNING',
      "leaseOwner" = ${owner},
      "leaseExpiresAt" = (${expires.toISOString()}::timestamptz AT TIME ZONE 'UTC'),
      "startedAt" = COALESCE(c."startedAt", (${at}::timestamptz AT TIME ZONE 'UTC')),
      "attempts" = c."attempts" + 1,
      "updatedAt" = (${at}::timestamptz AT TIME ZONE 'UTC')
    WHERE c."id" = (
      SELECT r."id" FROM "BackgroundRun" AS r
      WHERE r."status" IN ('QUEUED', 'RUNNING')
        AND (r."leaseExpiresAt" IS NULL OR r."leaseExpiresAt" < (${at}::timestamptz AT TIME ZONE 'UTC'))
        ${only} ${kinds}
      ORDER BY EXISTS (
        SELECT 1 FROM "BackgroundRun" AS o
        WHERE o."organizationId" = r."organizationId" AND o."status" = 'RUNNING'
          AND o."leaseExpiresAt" >= (${at}::timestamptz AT TIME ZONE 'UTC')
      ), r."createdAt", r."id"
      LIMIT 1
      FOR UPDATE SKIP LOCKED
    )
    RETURNING c."id"`;
  const [row] = claimed;
  return row ? prisma.backgroundRun.findUnique({ where: { id: row.id } }) : null;
}

export interface RunProgress {
  done?: number;
  total?: number | null;
  cursor?: string | null;
  progress?: Prisma.InputJsonValue;
  /** Problems found by this batch, appended (up to RUN_PROBLEMS_KEPT kept). */
  problems?: readonly unknown[];
}

/**
 * Records progress and renews the lease; call it inside the transaction of the batch it describes, so
 * the two commit together. Throws LeaseLostError (rolling the batch back) when the run is no longer
 * this owner's.
 */
export async function commitProgress(
  db: Db,
  runId: string,
  owner: string,
  patch: RunProgress,
  now = new Date(),
): Promise<void> {
  const held = await db.backgroundRun.findFirst({
    where: { id: runId, leaseOwner: owner, status: 'RUNNING' },
    select: { problems: true, problemCount: true },
  });
  if (!held) throw new LeaseLostError(runId);
  const kept = held.problems as unknown[];
  const added = patch.problems ?? [];
  const problems =
    added.length && kept.length < RUN_PROBLEMS_KEPT
      ? [...kept, ...added.slice(0, RUN_PROBLEMS_KEPT - kept.length)]
      : undefined;
  const updated = await db.backgroundRun.updateMany({
    where: { id: runId, leaseOwner: owner, status: 'RUNNING' },
    data: {
      ...(patch.done !== undefined ? { done: patch.done } : {}),
      ...(patch.total !== undefined ? { total: patch.total } : {}),
      ...(patch.cursor !== undefined ? { cursor: patch.cursor } : {}),
      ...(patch.progress !== undefined ? { progress: patch.progress } : {}),
      ...(problems ? { problems: problems as Prisma.InputJsonValue } : {}),
      ...(added.length ? { problemCount: held.problemCount + added.length } : {}),
      leaseExpiresAt: new Date(now.getTime() + RUN_LEASE_MS),
    },
  });
  if (updated.count === 0) throw new LeaseLostError(runId);
}

/** Extends the lease while a long batch works; false when the run is no longer this owner's. */
export async function renewLease(prisma: PrismaClient, runId: string, owner: string, now = new Date()) {
  const updated = await prisma.backgroundRun.updateMany({
    where: { id: runId, leaseOwner: owner, status: 'RUNNING' },
    data: { leaseExpiresAt: new Date(now.getTime() + RUN_LEASE_MS) },
  });
  return updated.count > 0;
}

/** Ends a run this owner holds: SUCCEEDED, or FAILED with the reason. */
export async function finishRun(
  db: Db,
  runId: string,
  owner: string,
  outcome: { status: 'SUCCEEDED' } | { status: 'FAILED'; error: string },
  now = new Date(),
): Promise<boolean> {
  const updated = await db.backgroundRun.updateMany({
    where: { id: runId, leaseOwner: owner, status: 'RUNNING' },
    data: {
      status: outcome.status,
      error: outcome.status === 'FAILED' ? outcome.error.slice(0, 2000) : null,
      finishedAt: now,
      leaseOwner: null,
      leaseExpiresAt: null,
      // A finished run is never resumed: its file (people's names and addresses) is not kept.
      content: null,
    },
  });
  return updated.count > 0;
}

/** Lets go of a run without finishing it (a process stopping): any process may resume it at once. */
export async function releaseRun(prisma: PrismaClient, runId: string, owner: string): Promise<void> {
  await prisma.backgroundRun.updateMany({
    where: { id: runId, leaseOwner: owner, status: 'RUNNING' },
    data: { leaseOwner: null, leaseExpiresAt: null },
  });
}

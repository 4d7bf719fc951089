// Runs background work in this process: a run is started here right after the request that created
// it (so a small import is done before the request answers), and a worker claims whatever else is
// waiting (runs another process left behind when it stopped or died, runs created at start-up).
import type { BackgroundRun, BackgroundRunKind, PrismaClient } from '@threadwatch/db/client';
import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import {
  claimRun,
  finishRun,
  LeaseLostError,
  processOwner,
  RUN_LEASE_MS,
  type RunControl,
  releaseRun,
  renewLease,
} from '../services/background-runs.ts';
import { processHealthRecompute } from '../services/health-recompute.ts';
import { processImportRun } from '../services/import-runs.ts';

export type RunHandler = (prisma: PrismaClient, run: BackgroundRun, control: RunControl) => Promise<'done' | 'stopped'>;

const handlers: Record<BackgroundRunKind, RunHandler> = {
  IMPORT: (prisma, run, control) => processImportRun(prisma, run, control),
  HEALTH_RECOMPUTE: processHealthRecompute,
};

/** Attempts after an unexpected failure (a lost connection) before the run is marked FAILED. */
const MAX_ATTEMPTS = 3;
const RETRY_AFTER_MS = 15_000;

export type ProgressListener = (run: { id: string; done: number; total: number | null }) => void;

export class BackgroundRunner {
  private readonly active = new Map<string, Promise<void>>();
  private readonly listeners = new Set<ProgressListener>();
  private stopped = false;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly logger: Logger | null = null,
    readonly owner = processOwner,
  ) {}

  get busy(): number {
    return this.active.size;
  }

  onProgress(listener: ProgressListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Claims the run and works on it in this process; resolves when it ends here (finished, released or
   * taken by another process). Nothing happens when another process holds it or it is finished.
   */
  start(runId: string, handler?: RunHandler): Promise<void> {
    const current = this.active.get(runId);
    if (current) return current;
    if (this.stopped) return Promise.resolve();
    return this.track(runId, claimRun(this.prisma, this.owner, { runId }), handler);
  }

  /**
   * Claims the next waiting run (of any organization, fairly) and works on it: answers the run's id and
   * the end of the work here, or null when none waits.
   */
  async next(kinds?: readonly BackgroundRunKind[]): Promise<{ runId: string; done: Promise<void> } | null> {
    if (this.stopped) return null;
    const run = await claimRun(this.prisma, this.owner, { kinds });
    if (!run) return null;
    return { runId: run.id, done: this.track(run.id, Promise.resolve(run)) };
  }

  private track(runId: string, claim: Promise<BackgroundRun | null>, handler?: RunHandler): Promise<void> {
    const work = claim
      .then((run) => (run ? this.work(run, handler ?? handlers[run.kind]) : undefined))
      .catch((error: unknown) => this.logger?.error('background run failed', { runId, error: String(error) }))
      .finally(() => this.active.delete(runId));
    this.active.set(runId, work);
    return work;
  }

  private async work(run: BackgroundRun, handler: RunHandler): Promise<void> {
    const heartbeat = setInterval(() => {
      renewLease(this.prisma, run.id, this.owner).catch(() => {});
    }, RUN_LEASE_MS / 4);
    heartbeat.unref();
    const control: RunControl = {
      owner: this.owner,
      stopping: () => this.stopped,
      progressed: (progress) => {
        for (const listener of this.listeners) listener(progress);
      },
    };
    try {
      const result = await handler(this.prisma, run, control);
      if (result === 'stopped') await releaseRun(this.prisma, run.id, this.owner);
      else await finishRun(this.prisma, run.id, this.owner, { status: 'SUCCEEDED' });
    } catch (error) {
      if (error instanceof LeaseLostError) {
        this.logger?.warn('background run taken over by another process', { runId: run.id });
        return;
      }
      const expected = error instanceof AppError;
      if (!expected && run.attempts < MAX_ATTEMPTS && !this.stopped) {
        this.logger?.warn('background run interrupted; retrying later', { runId: run.id, error: String(error) });
        await this.prisma.backgroundRun
          .updateMany({
            where: { id: run.id, leaseOwner: this.owner },
            data: { leaseOwner: null, leaseExpiresAt: new Date(Date.now() + RETRY_AFTER_MS) },
          })
          .catch(() => {});
        return;
      }
      if (!expected) this.logger?.error('background run failed', { runId: run.id, error: String(error) });
      await finishRun(this.prisma, run.id, this.owner, {
        status: 'FAILED',
        error: expected ? error.message : 'The run stopped on an unexpected error; what it committed is kept.',
      }).catch(() => {});
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Stops taking runs; the ones in progress end after their current batch and are released. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.active.values());
  }
}

const runners = new WeakMap<PrismaClient, BackgroundRunner>();

/** This process's runner for a database (one per client). */
export function runnerFor(prisma: PrismaClient, logger: Logger | null = null): BackgroundRunner {
  let runner = runners.get(prisma);
  if (!runner) {
    runner = new BackgroundRunner(prisma, logger);
    runners.set(prisma, runner);
  }
  return runner;
}

/**
 * Starts a run in this process for the request that created it. Work of one batch is awaited, so the
 * answer shows it done; longer work goes on in the background and the answer shows it queued (the
 * embedded database serves one transaction at a time, so waiting on it would hold the answer back).
 * Never throws for the run's own failure (the run records it).
 */
export async function startRun(prisma: PrismaClient, runId: string, awaitIt: boolean): Promise<void> {
  const work = runnerFor(prisma).start(runId);
  if (awaitIt) await work;
}

/**
 * Claims waiting runs every `everyMs` (and when woken), up to `concurrency` at a time in this process.
 * A restarted process resumes what it or another process left unfinished.
 */
export function startRunWorker(
  prisma: PrismaClient,
  logger: Logger,
  options: { everyMs?: number; concurrency?: number } = {},
) {
  const runner = runnerFor(prisma, logger);
  const concurrency = options.concurrency ?? 2;
  let polling: Promise<void> | null = null;
  const poll = () => {
    if (polling) return;
    polling = (async () => {
      while (runner.busy < concurrency && (await runner.next())) {}
    })()
      .catch((error: unknown) => logger.error('claiming background runs failed', { error: String(error) }))
      .finally(() => {
        polling = null;
      });
  };
  const timer = setInterval(poll, options.everyMs ?? 5_000);
  timer.unref();
  poll();
  return {
    wake: poll,
    stop: async () => {
      clearInterval(timer);
      await polling;
      await runner.stop();
    },
  };
}

// What /readyz answers. The database probe is bounded by a timeout of its own, so a database that
// stops answering makes the process "not ready" within two seconds instead of leaving the load
// balancer's check unanswered; probes that arrive while one is running share it, so a partition does
// not pile them up on the pool. Dependencies the process can run without (Redis: budgets fall back to
// this process's memory) are reported as degraded, and the process stays ready: taking every process
// out of the balancer because Redis is away would turn a degradation into an outage.
import type { Logger } from '../logger.ts';

export interface Readiness {
  /** Migrations the database has not applied; throws when the database cannot be asked. */
  pendingMigrations(): Promise<string[]>;
  /** Names of optional dependencies currently out of use (e.g. "redis"). */
  degraded?(): string[];
}

export interface ReadinessAnswer {
  status: 200 | 503;
  body: Record<string, unknown>;
}

/** Longest /readyz waits for the database before it answers "unreachable". */
export const READINESS_TIMEOUT_MS = 1_500;

export function readinessProbe(
  readiness: Readiness | null,
  logger: Logger,
  timeoutMs = READINESS_TIMEOUT_MS,
): () => Promise<ReadinessAnswer> {
  let running: Promise<string[]> | null = null;
  const pendingMigrations = () => {
    running ??= (readiness ? readiness.pendingMigrations() : Promise.resolve([])).finally(() => {
      running = null;
    });
    return running;
  };

  return async () => {
    const degraded = readiness?.degraded?.() ?? [];
    const extra = degraded.length ? { degraded } : {};
    let timer: NodeJS.Timeout | undefined;
    try {
      const pending = await Promise.race([
        pendingMigrations(),
        new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => reject(new Error(`the database did not answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      if (pending.length)
        return { status: 503, body: { status: 'not ready', database: 'ok', pendingMigrations: pending, ...extra } };
      return { status: 200, body: { status: 'ready', database: 'ok', migrations: 'applied', ...extra } };
    } catch (error) {
      logger.warn('readiness check failed', { error: error instanceof Error ? error.message : String(error) });
      return { status: 503, body: { status: 'not ready', database: 'unreachable', ...extra } };
    } finally {
      clearTimeout(timer);
    }
  };
}

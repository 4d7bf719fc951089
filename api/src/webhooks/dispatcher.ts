// Sends the webhook outbox. Every API process runs one dispatcher; they share the work through the
// database: a delivery is claimed by one atomic UPDATE … FOR UPDATE SKIP LOCKED that sets a lease
// (claims.ts), so no two processes send it at once, and a delivery whose process died
// mid-send is claimed again once its lease expires. This module runs the claiming: polling, waking,
// concurrency, backing off while the database is away. Sending one delivery and recording its
// attempt is delivery.ts.
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@threadwatch/db/client';
import { Counter, type Registry } from 'prom-client';
import { type BreakerPolicy, DEFAULT_BREAKER_POLICY } from '../domain/webhook-breaker.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../domain/webhook-retry.ts';
import type { Logger } from '../logger.ts';
import { onDeliveriesEnqueued } from '../services/webhook-events.ts';
import { type Claimed, type ClaimLimits, claimDueDeliveries, DEFAULT_CLAIM_LIMITS } from './claims.ts';
import { sendDelivery } from './delivery.ts';
import { type Resolve, systemResolve } from './sender.ts';

export interface DispatcherOptions {
  /** How often to look for due deliveries. */
  pollIntervalMs?: number;
  /** After this process wrote deliveries, look again this soon (the writing transaction commits meanwhile). */
  wakeDelayMs?: number;
  /** A receiver that has not answered within this is a failed attempt ("timeout"). */
  timeoutMs?: number;
  /** Deliveries in flight at once in this process. */
  concurrency?: number;
  /** How long a claim lasts; must exceed timeoutMs. Another process may retry a delivery after it. */
  leaseMs?: number;
  retry?: RetryPolicy;
  /** For tests: the source of jitter. */
  random?: () => number;
  /** Names this process in the lease column. */
  workerId?: string;
  /** Send to loopback and private addresses (default true; production turns it off unless told otherwise). */
  allowPrivateAddresses?: boolean;
  /** Resolves receivers' host names (default: the system resolver); every address is checked before connecting. */
  resolve?: Resolve;
  /** Deliveries in flight at once per endpoint and per organization, over all processes. */
  claimLimits?: Partial<ClaimLimits>;
  /** When an endpoint is paused, and when it is probed again. */
  breaker?: BreakerPolicy;
  /** Where to count attempts and pauses (the API's /metrics registry). */
  registry?: Registry;
}

export interface Dispatcher {
  /** Look for due deliveries now. */
  wake(): void;
  /** Stops claiming, and waits for the deliveries in flight to finish. */
  stop(): Promise<void>;
}

export function startWebhookDispatcher(
  prisma: PrismaClient,
  logger: Logger,
  options: DispatcherOptions = {},
): Dispatcher {
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const wakeDelayMs = options.wakeDelayMs ?? 50;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const allowPrivateAddresses = options.allowPrivateAddresses ?? true;
  const resolve = options.resolve ?? systemResolve;
  const claimLimits = { ...DEFAULT_CLAIM_LIMITS, ...options.claimLimits };
  const breaker = options.breaker ?? DEFAULT_BREAKER_POLICY;
  const registers = options.registry ? [options.registry] : [];
  const attempts = new Counter({
    name: 'threadwatch_webhook_attempts_total',
    help: 'Webhook delivery attempts by the state they left the delivery in.',
    labelNames: ['status'],
    registers,
  });
  const pauses = new Counter({
    name: 'threadwatch_webhook_endpoint_pauses_total',
    help: 'Webhook endpoints paused by their circuit breaker.',
    registers,
  });
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const leaseMs = Math.max(options.leaseMs ?? timeoutMs + 30_000, timeoutMs + 1_000);
  const retry = options.retry ?? DEFAULT_RETRY_POLICY;
  const random = options.random ?? Math.random;
  const workerId = options.workerId ?? `dispatcher-${randomUUID()}`;

  let stopped = false;
  let claiming = false;
  // While the database is away, claims back off (up to 10 s) and one failure is logged, not one a poll.
  let claimFailures = 0;
  let pausedUntil = 0;
  let again = false;
  const inFlight = new Set<Promise<void>>();
  let pollTimer: NodeJS.Timeout | null = null;
  let wakeTimer: NodeJS.Timeout | null = null;

  const send = (claimed: Claimed) => {
    const task = sendDelivery(prisma, claimed, workerId, {
      timeoutMs,
      retry,
      random,
      allowPrivateAddresses,
      resolve,
      breaker,
    })
      .then(({ status, paused }) => {
        attempts.inc({ status });
        if (status === 'FAILED') logger.warn('webhook delivery failed for good', { delivery: claimed.id });
        if (paused) {
          pauses.inc();
          logger.warn('webhook endpoint paused', {
            endpoint: paused.id,
            organizationId: paused.organizationId,
            consecutiveFailures: paused.consecutiveFailures,
            reason: paused.pausedReason,
            nextProbeAt: paused.nextProbeAt?.toISOString(),
          });
        }
      })
      .catch((error: unknown) => logger.error('webhook delivery could not be recorded', { error: String(error) }))
      .finally(() => {
        inFlight.delete(task);
        tick();
      });
    inFlight.add(task);
  };

  /** Claims as many due deliveries as there are free slots, until none are due. */
  function tick(): void {
    if (stopped) return;
    if (claiming) {
      again = true;
      return;
    }
    const free = concurrency - inFlight.size;
    if (free <= 0 || Date.now() < pausedUntil) return;
    claiming = true;
    again = false;
    claimDueDeliveries(prisma, workerId, free, leaseMs, new Date(), claimLimits)
      .then((claimed) => {
        if (claimFailures > 0) logger.info('webhook claims resumed', { failedClaims: claimFailures });
        claimFailures = 0;
        for (const row of claimed) send(row);
        if (claimed.length === free) again = true;
      })
      .catch((error: unknown) => {
        claimFailures += 1;
        pausedUntil = Date.now() + Math.min(pollIntervalMs * 2 ** claimFailures, 10_000);
        if (claimFailures === 1) logger.error('webhook claim failed; retrying with backoff', { error: String(error) });
      })
      .finally(() => {
        claiming = false;
        if (again) tick();
      });
  }

  const schedulePoll = () => {
    pollTimer = setTimeout(() => {
      tick();
      if (!stopped) schedulePoll();
    }, pollIntervalMs);
    pollTimer.unref();
  };

  const wake = () => {
    if (stopped || wakeTimer) return;
    wakeTimer = setTimeout(() => {
      wakeTimer = null;
      tick();
    }, wakeDelayMs);
    wakeTimer.unref();
  };
  const unsubscribe = onDeliveriesEnqueued(wake);

  schedulePoll();
  tick();

  return {
    wake,
    async stop() {
      stopped = true;
      unsubscribe();
      if (pollTimer) clearTimeout(pollTimer);
      if (wakeTimer) clearTimeout(wakeTimer);
      while (claiming || inFlight.size > 0) {
        if (inFlight.size > 0) await Promise.allSettled([...inFlight]);
        else await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
  };
}

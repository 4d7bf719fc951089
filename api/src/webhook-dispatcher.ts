// Sends the webhook outbox. Every API process runs one dispatcher; they share the work through the
// database: a delivery is claimed by one atomic UPDATE … FOR UPDATE SKIP LOCKED that sets a lease,
// so no two processes send it at once, and a delivery whose process died mid-send is claimed again
// once its lease expires. Results are recorded per attempt; failures are retried with backoff.
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@threadwatch/db/client';
import { Counter, type Registry } from 'prom-client';
import { webhookBody } from './domain/webhook-bodies.ts';
import { type BreakerPolicy, type BreakerState, DEFAULT_BREAKER_POLICY } from './domain/webhook-breaker.ts';
import { eventName, notificationType, type StoredEvent } from './domain/webhook-payloads.ts';
import { DEFAULT_RETRY_POLICY, isDelivered, nextAttemptDelay, type RetryPolicy } from './domain/webhook-retry.ts';
import { activeSecrets, SIGNATURE_HEADER, signatureHeader } from './domain/webhook-signing.ts';
import { encodeId } from './global-id.ts';
import type { Logger } from './logger.ts';
import { endpointPausedEventData, enqueueEvent, onDeliveriesEnqueued } from './services/webhook-events.ts';
import {
  type Claimed,
  type ClaimLimits,
  claimDueDeliveries,
  DEFAULT_CLAIM_LIMITS,
  recordBreaker,
} from './webhook-claims.ts';
import { type AttemptResult, postWebhook, type Resolve, systemResolve } from './webhook-sender.ts';

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

const USER_AGENT = 'Threadwatch-Webhooks/1.0';

/** Sends one claimed delivery and records the attempt and the delivery's new state. */
export async function sendDelivery(
  prisma: PrismaClient,
  claimed: Claimed,
  workerId: string,
  options: {
    timeoutMs: number;
    retry: RetryPolicy;
    random: () => number;
    allowPrivateAddresses: boolean;
    resolve: Resolve;
    breaker: BreakerPolicy;
  },
): Promise<{ status: 'SUCCEEDED' | 'PENDING' | 'FAILED' | 'LOST'; paused: PausedEndpoint | null }> {
  const delivery = await prisma.webhookDelivery.findUnique({
    where: { id: claimed.id },
    include: { event: true, endpoint: true },
  });
  if (!delivery) return { status: 'LOST', paused: null };
  const { endpoint } = delivery;
  const now = new Date();
  let result: AttemptResult;
  if (!endpoint.active) {
    result = { statusCode: null, error: 'endpoint disabled', durationMs: 0, startedAt: now };
  } else {
    // The notification in the event log; its global id keeps the WebhookEvent type name receivers know.
    const notification = delivery.event;
    const event = {
      id: encodeId('WebhookEvent', notification.id),
      type: notificationType(notification),
      occurredAt: notification.occurredAt,
      data: notification.notificationPayload,
    } as unknown as StoredEvent;
    const body = webhookBody(event, endpoint.format);
    const timestamp = Math.floor(now.getTime() / 1000);
    result = await postWebhook(
      endpoint.url,
      body,
      {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        'threadwatch-event': eventName(event.type),
        'threadwatch-event-id': event.id,
        'threadwatch-delivery': encodeId('WebhookDelivery', delivery.id),
        [SIGNATURE_HEADER.toLowerCase()]: signatureHeader(activeSecrets(endpoint, now), timestamp, body),
      },
      { timeoutMs: options.timeoutMs, allowPrivateAddresses: options.allowPrivateAddresses, resolve: options.resolve },
    );
  }
  const delivered = result.statusCode !== null && isDelivered(result.statusCode);
  const delay =
    delivered || !endpoint.active ? null : nextAttemptDelay(claimed.attemptCount, options.retry, options.random());
  const status = delivered ? 'SUCCEEDED' : delay === null ? 'FAILED' : 'PENDING';
  const finishedAt = new Date();
  // One transaction: the attempt, the delivery's new state, the endpoint's breaker (its row locked
  // first, so a pause is visible before the delivery is claimable again) and, when this attempt
  // paused the endpoint, the event that tells the organization.
  const { updatedCount, paused } = await prisma.$transaction(async (tx) => {
    const breaker = endpoint.active
      ? await recordBreaker(tx, endpoint.id, { delivered, error: result.error }, options.breaker, finishedAt)
      : null;
    await tx.webhookAttempt.create({
      data: {
        deliveryId: delivery.id,
        number: claimed.attemptCount,
        startedAt: result.startedAt,
        durationMs: result.durationMs,
        statusCode: result.statusCode,
        error: result.error,
        succeeded: delivered,
      },
    });
    // Only while the lease is ours: if it expired and another process claimed the delivery, its result counts.
    const updated = await tx.webhookDelivery.updateMany({
      where: { id: delivery.id, lockedBy: workerId, attemptCount: claimed.attemptCount, status: 'DELIVERING' },
      data: {
        status,
        lockedBy: null,
        leaseExpiresAt: null,
        nextAttemptAt: delay === null ? finishedAt : new Date(finishedAt.getTime() + delay),
        lastStatusCode: result.statusCode,
        lastError: result.error,
        lastDurationMs: result.durationMs,
        lastAttemptAt: result.startedAt,
        ...(delivered ? { deliveredAt: finishedAt } : {}),
      },
    });
    const pausedEndpoint = breaker
      ? { id: endpoint.id, organizationId: endpoint.organizationId, description: endpoint.description, ...breaker }
      : null;
    if (pausedEndpoint) {
      await enqueueEvent(
        tx,
        endpoint.organizationId,
        'WEBHOOK_ENDPOINT_PAUSED',
        () => endpointPausedEventData(pausedEndpoint),
        { exceptEndpointId: endpoint.id },
      );
    }
    return { updatedCount: updated.count, paused: pausedEndpoint };
  });
  return { status: updatedCount === 0 ? 'LOST' : status, paused };
}

interface PausedEndpoint extends BreakerState {
  id: string;
  organizationId: string;
  description: string | null;
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

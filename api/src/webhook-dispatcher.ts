// Sends the webhook outbox. Every API process runs one dispatcher; they share the work through the
// database: a delivery is claimed by one atomic UPDATE … FOR UPDATE SKIP LOCKED that sets a lease,
// so no two processes send it at once, and a delivery whose process died mid-send is claimed again
// once its lease expires. Results are recorded per attempt; failures are retried with backoff.
import { randomUUID } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import type { PrismaClient } from '@threadwatch/db/client';
import {
  activeSecrets,
  DEFAULT_RETRY_POLICY,
  eventName,
  isDelivered,
  isPrivateAddress,
  nextAttemptDelay,
  type RetryPolicy,
  SIGNATURE_HEADER,
  type StoredEvent,
  signatureHeader,
  webhookBody,
} from './domain/webhooks.ts';
import { encodeId } from './global-id.ts';
import type { Logger } from './logger.ts';
import { onDeliveriesEnqueued } from './services/webhook-events.ts';

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
}

export interface Dispatcher {
  /** Look for due deliveries now. */
  wake(): void;
  /** Stops claiming, and waits for the deliveries in flight to finish. */
  stop(): Promise<void>;
}

interface Claimed {
  id: string;
  attemptCount: number;
}

const USER_AGENT = 'Threadwatch-Webhooks/1.0';
const ERROR_EXCERPT = 300;

/** Claims up to `limit` due deliveries for this worker; the lease makes them invisible to others until it expires. */
export async function claimDueDeliveries(
  prisma: PrismaClient,
  workerId: string,
  limit: number,
  leaseMs: number,
  now = new Date(),
): Promise<Claimed[]> {
  const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
  return prisma.$queryRaw<Claimed[]>`
    UPDATE "WebhookDelivery" AS d
    SET "status" = 'DELIVERING',
        "attemptCount" = d."attemptCount" + 1,
        "lockedBy" = ${workerId},
        "leaseExpiresAt" = ${leaseUntil}::timestamp,
        "nextAttemptAt" = ${leaseUntil}::timestamp
    WHERE d."id" IN (
      SELECT "id" FROM "WebhookDelivery"
      WHERE "status" IN ('PENDING', 'DELIVERING') AND "nextAttemptAt" <= ${now.toISOString()}::timestamp
      ORDER BY "nextAttemptAt"
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING d."id", d."attemptCount"`;
}

interface AttemptResult {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  startedAt: Date;
}

/** Why a receiver's host may not be reached, or null when it may. */
async function addressProblem(url: string): Promise<string | null> {
  const host = new URL(url).hostname;
  try {
    const addresses = await lookup(host.replace(/^\[|\]$/g, ''), { all: true });
    const blocked = addresses.find((entry) => isPrivateAddress(entry.address));
    return blocked
      ? `refused: ${host} is a private or loopback address (${blocked.address}); set WEBHOOK_ALLOW_PRIVATE_ADDRESSES=on to allow it`
      : null;
  } catch (error) {
    return `network error: cannot resolve ${host} (${error instanceof Error ? error.message : String(error)})`;
  }
}

async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
  allowPrivateAddresses: boolean,
): Promise<AttemptResult> {
  const startedAt = new Date();
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const signal = AbortSignal.timeout(timeoutMs);
  if (!allowPrivateAddresses) {
    const problem = await addressProblem(url);
    if (problem) return { statusCode: null, error: problem.slice(0, ERROR_EXCERPT), durationMs: elapsed(), startedAt };
  }
  try {
    const response = await fetch(url, { method: 'POST', body, headers, redirect: 'manual', signal });
    if (isDelivered(response.status)) {
      await response.body?.cancel();
      return { statusCode: response.status, error: null, durationMs: elapsed(), startedAt };
    }
    const excerpt = (await readStart(response, 4 * ERROR_EXCERPT)).replace(/\s+/g, ' ').trim().slice(0, ERROR_EXCERPT);
    return {
      statusCode: response.status,
      error: `HTTP ${response.status}${excerpt ? `: ${excerpt}` : ''}`,
      durationMs: elapsed(),
      startedAt,
    };
  } catch (error) {
    const timedOut = signal.aborted;
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : null;
    const message = timedOut
      ? `timeout: no answer within ${timeoutMs} ms`
      : `network error: ${cause ?? (error instanceof Error ? error.message : String(error))}`;
    return { statusCode: null, error: message.slice(0, ERROR_EXCERPT), durationMs: elapsed(), startedAt };
  }
}

/** The first bytes of an answer's body, without reading a large or endless one to its end. */
async function readStart(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < maxBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // What arrived before the failure is enough for the log.
  } finally {
    await reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, maxBytes);
}

/** Sends one claimed delivery and records the attempt and the delivery's new state. */
export async function sendDelivery(
  prisma: PrismaClient,
  claimed: Claimed,
  workerId: string,
  options: { timeoutMs: number; retry: RetryPolicy; random: () => number; allowPrivateAddresses: boolean },
): Promise<'SUCCEEDED' | 'PENDING' | 'FAILED' | 'LOST'> {
  const delivery = await prisma.webhookDelivery.findUnique({
    where: { id: claimed.id },
    include: { event: true, endpoint: true },
  });
  if (!delivery) return 'LOST';
  const { endpoint } = delivery;
  const now = new Date();
  let result: AttemptResult;
  if (!endpoint.active) {
    result = { statusCode: null, error: 'endpoint disabled', durationMs: 0, startedAt: now };
  } else {
    const event = {
      id: encodeId('WebhookEvent', delivery.event.id),
      type: delivery.event.type,
      occurredAt: delivery.event.occurredAt,
      data: delivery.event.payload,
    } as unknown as StoredEvent;
    const body = webhookBody(event, endpoint.format);
    const timestamp = Math.floor(now.getTime() / 1000);
    result = await post(
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
      options.timeoutMs,
      options.allowPrivateAddresses,
    );
  }
  const delivered = result.statusCode !== null && isDelivered(result.statusCode);
  const delay =
    delivered || !endpoint.active ? null : nextAttemptDelay(claimed.attemptCount, options.retry, options.random());
  const status = delivered ? 'SUCCEEDED' : delay === null ? 'FAILED' : 'PENDING';
  const finishedAt = new Date();
  const [, updated] = await prisma.$transaction([
    prisma.webhookAttempt.create({
      data: {
        deliveryId: delivery.id,
        number: claimed.attemptCount,
        startedAt: result.startedAt,
        durationMs: result.durationMs,
        statusCode: result.statusCode,
        error: result.error,
        succeeded: delivered,
      },
    }),
    // Only while the lease is ours: if it expired and another process claimed the delivery, its result counts.
    prisma.webhookDelivery.updateMany({
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
    }),
  ]);
  return updated.count === 0 ? 'LOST' : status;
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
    const task = sendDelivery(prisma, claimed, workerId, { timeoutMs, retry, random, allowPrivateAddresses })
      .then((status) => {
        if (status === 'FAILED') logger.warn('webhook delivery failed for good', { delivery: claimed.id });
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
    claimDueDeliveries(prisma, workerId, free, leaseMs)
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

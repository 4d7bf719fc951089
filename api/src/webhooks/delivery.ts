// One webhook delivery, once claimed (see claims.ts): its body rendered and signed for the
// endpoint, sent (sender.ts), and the attempt recorded with the delivery's new state, the
// endpoint's circuit breaker and, when the endpoint just paused, the event that tells the organization.
import type { PrismaClient } from '@threadwatch/db/client';
import { webhookBody } from '../domain/webhook-bodies.ts';
import type { BreakerPolicy, BreakerState } from '../domain/webhook-breaker.ts';
import { eventName, notificationType, type StoredEvent } from '../domain/webhook-payloads.ts';
import { isDelivered, nextAttemptDelay, type RetryPolicy } from '../domain/webhook-retry.ts';
import { activeSecrets, SIGNATURE_HEADER, signatureHeader, standardWebhookHeaders } from '../domain/webhook-signing.ts';
import { encodeId } from '../global-id.ts';
import { endpointPausedEventData, enqueueEvent } from '../services/webhook-events.ts';
import { type Claimed, recordBreaker } from './claims.ts';
import { type AttemptResult, postWebhook, type Resolve } from './sender.ts';

export interface DeliveryOptions {
  timeoutMs: number;
  retry: RetryPolicy;
  random: () => number;
  allowPrivateAddresses: boolean;
  resolve: Resolve;
  breaker: BreakerPolicy;
}

export interface PausedEndpoint extends BreakerState {
  id: string;
  organizationId: string;
  description: string | null;
}

const USER_AGENT = 'Threadwatch-Webhooks/1.0';

/** Sends one claimed delivery and records the attempt and the delivery's new state. */
export async function sendDelivery(
  prisma: PrismaClient,
  claimed: Claimed,
  workerId: string,
  options: DeliveryOptions,
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
    const secrets = activeSecrets(endpoint, now);
    result = await postWebhook(
      endpoint.url,
      body,
      {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        'threadwatch-event': eventName(event.type),
        'threadwatch-event-id': event.id,
        'threadwatch-delivery': encodeId('WebhookDelivery', delivery.id),
        [SIGNATURE_HEADER.toLowerCase()]: signatureHeader(secrets, timestamp, body),
        // The message id stays the same on every retry and redelivery: receivers deduplicate by it.
        ...(endpoint.format === 'STANDARD' ? standardWebhookHeaders(secrets, event.id, timestamp, body) : {}),
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

// Writes webhook events into the outbox inside the caller's transaction: the event and one delivery
// per subscribed endpoint commit or roll back with the change that caused them, so nothing is lost
// when a process dies and nothing is sent for a change that did not happen.
import type { Account, DepartureCase, JobChangeFlag, Prisma, Stakeholder } from '@threadwatch/db/client';
import {
  type BreakerState,
  type CaseEventData,
  type EndpointPausedEventData,
  type EventDataByType,
  type FlagEventData,
  scrubPerson,
  type WebhookEventType,
} from '../domain/webhooks.ts';
import { encodeId } from '../global-id.ts';

type Tx = Prisma.TransactionClient;

const listeners = new Set<() => void>();

/** Called (in this process) whenever deliveries were written, so a dispatcher can look sooner than its next poll. */
export function onDeliveriesEnqueued(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Tells this process's dispatcher that deliveries were written. */
export function notifyDeliveriesEnqueued(): void {
  for (const listener of listeners) listener();
}

/**
 * Records an event for every active endpoint of the organization subscribed to its type. The data
 * is built only when someone subscribes, so writes cost one indexed read when nobody listens.
 * An endpoint scoped to an owner receives only events whose owner is that member: the owner of
 * `accountId` (read only when such an endpoint exists), or `ownerId` when given; events about no
 * account (and the organization-wide digest) go to unscoped endpoints only.
 * Returns the number of deliveries written.
 */
export async function enqueueEvent<T extends WebhookEventType>(
  tx: Tx,
  organizationId: string,
  type: T,
  build: () => Promise<EventDataByType[T]> | EventDataByType[T],
  options: {
    stakeholderId?: string | null;
    occurredAt?: Date;
    exceptEndpointId?: string;
    /** The account the event is about: its owner's scoped endpoints receive it too. */
    accountId?: string | null;
    /** The member the event is for, when it is about no single account (a weekly digest). */
    ownerId?: string | null;
  } = {},
): Promise<number> {
  const subscribed = await tx.webhookEndpoint.findMany({
    where: {
      organizationId,
      active: true,
      events: { has: type },
      ...(options.exceptEndpointId ? { id: { not: options.exceptEndpointId } } : {}),
    },
    select: { id: true, ownerId: true },
  });
  let owner = options.ownerId ?? null;
  if (!owner && options.accountId && subscribed.some((endpoint) => endpoint.ownerId)) {
    const account = await tx.account.findFirst({
      where: { id: options.accountId, organizationId },
      select: { ownerId: true },
    });
    owner = account?.ownerId ?? null;
  }
  const endpoints = subscribed.filter((endpoint) => endpoint.ownerId === null || endpoint.ownerId === owner);
  if (endpoints.length === 0) return 0;
  const data = await build();
  const occurredAt = options.occurredAt ?? new Date();
  const event = await tx.webhookEvent.create({
    data: {
      organizationId,
      type,
      payload: data as unknown as Prisma.InputJsonValue,
      stakeholderId: options.stakeholderId ?? null,
      occurredAt,
    },
    select: { id: true },
  });
  await tx.webhookDelivery.createMany({
    data: endpoints.map((endpoint) => ({
      organizationId,
      endpointId: endpoint.id,
      eventId: event.id,
      nextAttemptAt: occurredAt,
    })),
  });
  notifyDeliveriesEnqueued();
  return endpoints.length;
}

const accountRef = (account: Pick<Account, 'id' | 'name'>) => ({
  id: encodeId('Account', account.id),
  name: account.name,
});
const personRef = (person: Pick<Stakeholder, 'id' | 'fullName'> | null) =>
  person ? { id: encodeId('Stakeholder', person.id), name: person.fullName } : null;

export function flagEventData(
  flag: Pick<JobChangeFlag, 'id' | 'kind' | 'status' | 'matchedBy' | 'observedAt'>,
  account: Pick<Account, 'id' | 'name'>,
  person: Pick<Stakeholder, 'id' | 'fullName'>,
): FlagEventData {
  return {
    flag: {
      id: encodeId('JobChangeFlag', flag.id),
      kind: flag.kind,
      status: flag.status,
      matchedBy: flag.matchedBy,
      observedAt: flag.observedAt.toISOString(),
    },
    account: accountRef(account),
    stakeholder: personRef(person),
  };
}

export function caseEventData(
  departureCase: DepartureCase,
  account: Pick<Account, 'id' | 'name'>,
  person: Pick<Stakeholder, 'id' | 'fullName'> | null,
): CaseEventData {
  return {
    departureCase: {
      id: encodeId('DepartureCase', departureCase.id),
      cause: departureCase.cause,
      learned: departureCase.learned,
      destination: departureCase.destination,
      destinationCompany: departureCase.destinationCompany,
      arrAtRiskMinor: Number(departureCase.arrAtRiskMinor),
      coverageAtOpen: departureCase.coverageAtOpen,
      openedAt: departureCase.openedAt.toISOString(),
      closedAt: departureCase.closedAt?.toISOString() ?? null,
      outcome: departureCase.outcome,
    },
    account: accountRef(account),
    stakeholder: personRef(person),
  };
}

/** Erasure: every recorded event naming the person (sent or not) keeps only what it says about the account. */
export async function scrubErasedPerson(tx: Tx, organizationId: string, stakeholderId: string): Promise<number> {
  const events = await tx.webhookEvent.findMany({
    where: { organizationId, stakeholderId },
    select: { id: true, payload: true },
  });
  for (const event of events) {
    await tx.webhookEvent.update({
      where: { id: event.id },
      data: {
        stakeholderId: null,
        payload: scrubPerson(event.payload as Record<string, unknown>) as Prisma.InputJsonValue,
      },
    });
  }
  return events.length;
}

export function endpointPausedEventData(
  endpoint: BreakerState & { id: string; description: string | null },
): EndpointPausedEventData {
  return {
    endpoint: { id: encodeId('WebhookEndpoint', endpoint.id), description: endpoint.description },
    pausedAt: (endpoint.pausedAt ?? new Date()).toISOString(),
    reason: endpoint.pausedReason ?? 'failed',
    consecutiveFailures: endpoint.consecutiveFailures,
    nextProbeAt: (endpoint.nextProbeAt ?? new Date()).toISOString(),
  };
}

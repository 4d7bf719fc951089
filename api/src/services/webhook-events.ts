// Writes webhook events into the outbox inside the caller's transaction: the event (a NOTIFICATION in
// the event log, services/events.ts) and one delivery per subscribed endpoint commit or roll back with
// the change that caused them, so nothing is lost when a process dies and nothing is sent for a change
// that did not happen.
import type { Account, DepartureCase, JobChangeFlag, Prisma, Stakeholder } from '@threadwatch/db/client';
import {
  type BulkCause,
  type BulkTally,
  bandLines,
  bulkHeadline,
  isQuiet,
  type MoveTally,
  moveLine,
} from '../domain/bulk-changes.ts';
import { publicId } from '../domain/public-ids.ts';
import type { BreakerState } from '../domain/webhook-breaker.ts';
import type {
  BulkSummaryEventData,
  CaseEventData,
  EndpointPausedEventData,
  EventDataByType,
  FlagEventData,
  WebhookEventType,
} from '../domain/webhook-payloads.ts';
import { recordNotification } from './events.ts';

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
  return writeEvent(
    tx,
    organizationId,
    type,
    data,
    endpoints.map((endpoint) => endpoint.id),
    options,
  );
}

/** One notification in the event log and a delivery of it to each of the endpoints. */
async function writeEvent<T extends WebhookEventType>(
  tx: Tx,
  organizationId: string,
  type: T,
  data: EventDataByType[T],
  endpointIds: readonly string[],
  options: { stakeholderId?: string | null; occurredAt?: Date },
): Promise<number> {
  const occurredAt = options.occurredAt ?? new Date();
  const eventId = await recordNotification(tx, {
    organizationId,
    type,
    data,
    stakeholderId: options.stakeholderId ?? null,
    occurredAt,
  });
  await tx.webhookDelivery.createMany({
    data: endpointIds.map((endpointId) => ({
      organizationId,
      endpointId,
      eventId,
      nextAttemptAt: occurredAt,
    })),
  });
  notifyDeliveriesEnqueued();
  return endpointIds.length;
}

/** What caused a bulk change, by ids (names are read when the summary is written). */
export type BulkCauseInput =
  | { kind: 'SETTINGS_CHANGED'; keys: string[]; memberId: string | null }
  | { kind: 'RULES_CHANGED'; rulesVersion: number }
  | { kind: 'IMPORT'; fileName: string; importKind: string; memberId: string | null }
  | { kind: 'HANDOVER'; fromId: string; toId: string; memberId: string | null };

/** The event types whose per-account events a bulk change's summary replaces: subscribing to any receives it. */
export const BULK_SUMMARY_SUBSCRIPTIONS: WebhookEventType[] = [
  'RISK_BANDS_CHANGED',
  'RISK_BAND_CHANGED',
  'COVERAGE_GAP_OPENED',
];

/**
 * Sends a bulk change's summary, in the caller's transaction: the organization-wide one to the
 * unscoped endpoints subscribed to RISK_BANDS_CHANGED, RISK_BAND_CHANGED or COVERAGE_GAP_OPENED, and
 * to each owner's scoped endpoints the summary of that owner's accounts alone. Nothing is sent for a
 * change that moved no band and opened no gap (for an owner: none of theirs). Returns the deliveries
 * written.
 */
export async function enqueueBulkSummary(
  tx: Tx,
  organizationId: string,
  cause: BulkCauseInput,
  tally: BulkTally,
  occurredAt = new Date(),
): Promise<number> {
  if (isQuiet(tally.all)) return 0;
  const subscribed = await tx.webhookEndpoint.findMany({
    where: { organizationId, active: true, events: { hasSome: BULK_SUMMARY_SUBSCRIPTIONS } },
    select: { id: true, ownerId: true },
  });
  const audiences = new Map<string | null, string[]>();
  for (const endpoint of subscribed) {
    const owner = endpoint.ownerId;
    const tallyFor = owner === null ? tally.all : tally.byOwner[owner];
    if (!tallyFor || isQuiet(tallyFor)) continue;
    audiences.set(owner, [...(audiences.get(owner) ?? []), endpoint.id]);
  }
  if (audiences.size === 0) return 0;
  const organization = await tx.organization.findUniqueOrThrow({
    where: { id: organizationId },
    select: { currency: true },
  });
  const memberIds = new Set<string>();
  for (const owner of audiences.keys()) if (owner) memberIds.add(owner);
  if ('memberId' in cause && cause.memberId) memberIds.add(cause.memberId);
  if (cause.kind === 'HANDOVER') {
    memberIds.add(cause.fromId);
    memberIds.add(cause.toId);
  }
  const members = await tx.member.findMany({
    where: { organizationId, id: { in: [...memberIds] } },
    select: { id: true, name: true },
  });
  const names = new Map(members.map((member) => [member.id, member.name]));
  const member = (id: string | null | undefined) => {
    const name = id ? names.get(id) : undefined;
    return id && name !== undefined ? { id: publicId('Member', id), name } : null;
  };
  const resolved: BulkCause =
    cause.kind === 'SETTINGS_CHANGED'
      ? { kind: cause.kind, keys: cause.keys, member: member(cause.memberId) }
      : cause.kind === 'RULES_CHANGED'
        ? cause
        : cause.kind === 'IMPORT'
          ? { kind: cause.kind, fileName: cause.fileName, importKind: cause.importKind, member: member(cause.memberId) }
          : { kind: cause.kind, from: member(cause.fromId), to: member(cause.toId), member: member(cause.memberId) };
  let written = 0;
  for (const [owner, endpointIds] of audiences) {
    const tallyFor = owner === null ? tally.all : (tally.byOwner[owner] as MoveTally);
    const data = bulkSummaryEventData(resolved, member(owner), tallyFor, organization.currency);
    written += await writeEvent(tx, organizationId, 'RISK_BANDS_CHANGED', data, endpointIds, { occurredAt });
  }
  return written;
}

export function bulkSummaryEventData(
  cause: BulkCause,
  owner: { id: string; name: string } | null,
  tally: MoveTally,
  currency: string,
): BulkSummaryEventData {
  return {
    cause,
    owner,
    currency,
    accountsChanged: tally.accountsChanged,
    accountsMoved: tally.accountsMoved,
    rose: tally.rose,
    fell: tally.fell,
    arrRoseMinor: tally.arrRoseMinor,
    bands: (['RED', 'AMBER', 'YELLOW', 'GREEN'] as const).map((band) => ({ band, ...tally.bands[band] })),
    accountsWithNewGaps: tally.accountsWithNewGaps,
    gapsOpened: tally.gapsOpened,
    accounts: tally.top.map((move) => ({
      account: { id: publicId('Account', move.accountId), name: move.name },
      arrMinor: move.arrMinor,
      bandFrom: move.bandFrom,
      bandTo: move.bandTo,
      score: move.score,
      gapsOpened: move.gapsOpened,
    })),
    headline: bulkHeadline(cause, tally, currency),
    bandLines: bandLines(tally),
    lines: tally.top.map((move) => moveLine(move, currency)),
  };
}

const accountRef = (account: Pick<Account, 'id' | 'name'>) => ({
  id: publicId('Account', account.id),
  name: account.name,
});
const personRef = (person: Pick<Stakeholder, 'id' | 'fullName'> | null) =>
  person ? { id: publicId('Stakeholder', person.id), name: person.fullName } : null;

export function flagEventData(
  flag: Pick<JobChangeFlag, 'id' | 'kind' | 'status' | 'matchedBy' | 'observedAt'>,
  account: Pick<Account, 'id' | 'name'>,
  person: Pick<Stakeholder, 'id' | 'fullName'>,
): FlagEventData {
  return {
    flag: {
      id: publicId('JobChangeFlag', flag.id),
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
      id: publicId('DepartureCase', departureCase.id),
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

export function endpointPausedEventData(
  endpoint: BreakerState & { id: string; description: string | null },
): EndpointPausedEventData {
  return {
    endpoint: { id: publicId('WebhookEndpoint', endpoint.id), description: endpoint.description },
    pausedAt: (endpoint.pausedAt ?? new Date()).toISOString(),
    reason: endpoint.pausedReason ?? 'failed',
    consecutiveFailures: endpoint.consecutiveFailures,
    nextProbeAt: (endpoint.nextProbeAt ?? new Date()).toISOString(),
  };
}

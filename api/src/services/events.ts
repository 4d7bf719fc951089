// The event log: every change a user cares about is written here, in the transaction of the change,
// through recordChange alone, and so is every notification issued (a webhook event: recordNotification,
// the same insert). Timelines, the change feed and digests read the changes, the webhook outbox the
// notifications; risk history points are written beside them when an account's stored risk moves.
import { Prisma, type WebhookEventType } from '@threadwatch/db/client';
import {
  type ChangeKind,
  type ChangeOnlyKind,
  type ChangePayload,
  changeImportance,
  diffFactors,
  type FactorPoints,
  NOTIFICATION_KIND,
  type RiskMoveCause,
  type RiskState,
  riskMoved,
} from '../domain/changes.ts';
import { timeOrderedId } from '../domain/time-ordered-id.ts';
import { scrubPerson } from '../domain/webhook-payloads.ts';
import { currentTrace } from '../observability/trace.ts';

type Tx = Prisma.TransactionClient;

/** Who made a change: a member, an import run by a member, or the system (time passing). */
export type Actor = { kind: 'MEMBER' | 'IMPORT'; memberId: string } | { kind: 'SYSTEM' };

export const systemActor: Actor = { kind: 'SYSTEM' };
export const memberActor = (memberId: string): Actor => ({ kind: 'MEMBER', memberId });

export interface NewEvent {
  organizationId: string;
  /** Notifications are written by recordNotification, with their data. */
  kind: ChangeOnlyKind;
  actor: Actor;
  accountId?: string | null;
  subject?: { type: string; id: string } | null;
  /** The stakeholder the payload names, so erasure can scrub it. */
  stakeholderId?: string | null;
  payload?: ChangePayload;
  occurredAt?: Date;
}

/**
 * Appends one change to the log, inside the caller's transaction. A change made while answering an
 * HTTP request carries that request's id and client address (background work has neither).
 */
export function recordChange(tx: Tx, event: NewEvent): Promise<void> {
  return recordChanges(tx, [event]);
}

/** Appends changes to the log in one statement, in the order given (their `seq` follows it). */
export async function recordChanges(tx: Tx, events: readonly NewEvent[]): Promise<void> {
  await insertEvents(
    tx,
    events.map((event) => ({ id: timeOrderedId(), event, notification: null })),
  );
}

/** A notification to write: a webhook event's type and the data its receivers are sent. */
export interface NewNotification {
  organizationId: string;
  type: WebhookEventType;
  data: unknown;
  /** The stakeholder the data names, so erasure can scrub it. */
  stakeholderId?: string | null;
  occurredAt?: Date;
}

/**
 * Appends a notification issued (a webhook event) to the log, inside the caller's transaction, and
 * returns its id: the event id receivers see. It names no account, so deleting an account keeps the
 * deliveries already made of it; the system issues it.
 */
export async function recordNotification(tx: Tx, notification: NewNotification): Promise<string> {
  const id = timeOrderedId();
  await insertEvents(tx, [
    {
      id,
      event: {
        organizationId: notification.organizationId,
        kind: NOTIFICATION_KIND,
        actor: systemActor,
        stakeholderId: notification.stakeholderId ?? null,
        ...(notification.occurredAt ? { occurredAt: notification.occurredAt } : {}),
      },
      notification: { type: notification.type, data: notification.data },
    },
  ]);
  return id;
}

interface EventRow {
  id: string;
  event: Omit<NewEvent, 'kind'> & { kind: ChangeKind };
  notification: { type: WebhookEventType; data: unknown } | null;
}

/**
 * The one insert into the log, of its rows in the order given. Plain SQL without RETURNING: it is on
 * every write path, and the model's create costs a round of query planning in the client and reads
 * the whole row back. Ids are time-ordered (timeOrderedId), so the log's id indexes grow at their
 * right edge.
 */
async function insertEvents(tx: Tx, rows: readonly EventRow[]): Promise<void> {
  if (rows.length === 0) return;
  const trace = currentTrace();
  const now = new Date();
  const values = rows.map(({ id, event, notification }) => {
    const payload = event.payload ?? {};
    return Prisma.sql`(${id}::uuid, ${event.organizationId}::uuid, ${event.kind}::"ChangeKind",
      ${event.actor.kind}::"ActorKind", ${event.actor.kind === 'SYSTEM' ? null : event.actor.memberId}::uuid,
      ${event.accountId ?? null}::uuid, ${event.subject?.type ?? null}, ${event.subject?.id ?? null}::uuid,
      ${event.stakeholderId ?? null}::uuid, ${JSON.stringify(payload)}::jsonb, ${changeImportance(event.kind, payload)},
      ${event.occurredAt ?? now}, ${trace?.requestId ?? null}, ${trace?.clientAddress ?? null},
      ${notification?.type ?? null}::"WebhookEventType",
      ${notification ? (JSON.stringify(notification.data) ?? 'null') : null}::jsonb)`;
  });
  await tx.$executeRaw`
    INSERT INTO "Event" ("id", "organizationId", "kind", "actorKind", "actorId", "accountId", "subjectType",
      "subjectId", "stakeholderId", "payload", "importance", "occurredAt", "requestId", "clientAddress",
      "notificationType", "notificationPayload")
    VALUES ${Prisma.join(values)}`;
}

/**
 * Erasure: every logged change naming the person keeps what it says about the account, not who; so
 * does every notification naming them, sent or not (its data is scrubbed as domain/webhook-payloads.ts says).
 */
export async function scrubPersonFromEvents(tx: Tx, organizationId: string, stakeholderId: string): Promise<number> {
  const events = await tx.event.findMany({
    where: { organizationId, stakeholderId },
    select: { id: true, payload: true, subjectId: true, notificationPayload: true },
  });
  for (const event of events) {
    const payload = { ...(event.payload as Record<string, unknown>) };
    if ('person' in payload) payload.person = null;
    await tx.event.update({
      where: { id: event.id },
      data: {
        stakeholderId: null,
        payload: payload as Prisma.InputJsonValue,
        ...(event.subjectId === stakeholderId ? { subjectId: null } : {}),
        ...(event.notificationPayload !== null
          ? {
              notificationPayload: scrubPerson(
                event.notificationPayload as Record<string, unknown>,
              ) as Prisma.InputJsonValue,
            }
          : {}),
      },
    });
  }
  return events.length;
}

// ---------------------------------------------------------------------------------------------
// Risk history

export interface StoredRisk extends RiskState {
  factors: FactorPoints[];
}

/** Keeps only what a history point needs of each factor: its key, points and (when known) fraction. */
export function factorPoints(factors: unknown): FactorPoints[] {
  if (!Array.isArray(factors)) return [];
  return factors.flatMap((factor) => {
    if (!factor || typeof factor !== 'object' || !('key' in factor) || !('points' in factor)) return [];
    const fraction = 'fraction' in factor ? Number(factor.fraction) : Number.NaN;
    return [
      {
        key: String(factor.key),
        points: Number(factor.points),
        ...(Number.isFinite(fraction) ? { fraction: Math.min(1, Math.max(0, fraction)) } : {}),
      },
    ];
  });
}

/**
 * After an account's risk was recomputed: when its score, band or zone moved, a history point and a
 * RISK_MOVED change are written, attributed to whoever caused it (the system when only time passed).
 * Time-driven drift (the refresher) keeps at most one point a day per account: a later drift the same
 * UTC day updates that day's point. An account's first assessment writes its first point and no change
 * (nothing to compare with).
 */
export async function recordRiskMove(tx: Tx, move: RiskMove): Promise<void> {
  const change = await writeRiskPoint(tx, move);
  if (change) await recordChange(tx, change);
}

/** An account's risk recomputed: what it was (null at its first assessment) and what it is now. */
export interface RiskMove {
  organizationId: string;
  accountId: string;
  before: StoredRisk | null;
  after: StoredRisk;
  now: Date;
  /** Time passing alone (the refresher): at most one point a day, the system's doing. */
  drift: boolean;
  /** Who caused the move: the member (or import) whose write changed an input; drift is the system's. */
  actor?: Actor;
  /** The bulk change that made the move, if one did (settings, risk rules, an import, a handover). */
  cause?: RiskMoveCause | null;
}

/**
 * recordRiskMove's history point alone: writes it and returns the RISK_MOVED change for the caller to
 * log (with the other changes of its transaction), or null when there is none to log.
 */
export async function writeRiskPoint(tx: Tx, move: RiskMove): Promise<NewEvent | null> {
  const { organizationId, accountId, before, after, now, drift, actor = systemActor, cause = null } = move;
  if (before && !riskMoved(before, after)) return null;
  const point = {
    score: after.score,
    band: after.band,
    zone: after.zone,
    factors: after.factors as unknown as Prisma.InputJsonValue,
  };
  const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const sameDay = drift
    ? await tx.riskPoint.findFirst({
        where: { organizationId, accountId, cause: 'DRIFT', at: { gte: dayStart } },
        select: { id: true },
      })
    : null;
  if (sameDay) await tx.riskPoint.update({ where: { id: sameDay.id }, data: { ...point, at: now } });
  else
    await tx.riskPoint.create({
      data: { organizationId, accountId, at: now, cause: drift ? 'DRIFT' : 'CHANGE', ...point },
    });
  if (!before) return null;
  return {
    organizationId,
    kind: 'RISK_MOVED',
    actor: drift ? systemActor : actor,
    accountId,
    subject: { type: 'Account', id: accountId },
    occurredAt: now,
    payload: {
      from: { score: before.score, band: before.band, zone: before.zone },
      to: { score: after.score, band: after.band, zone: after.zone },
      factors: diffFactors(before.factors, after.factors),
      ...(cause ? { bulkCause: cause } : {}),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Shapes of the common changes, so each write path records its change in one line.

interface PersonRow {
  id: string;
  fullName: string;
  accountId: string;
}

/** A change about one stakeholder (the person is named in the payload, scrubbed on erasure). */
export function personChange(
  organizationId: string,
  kind: ChangeOnlyKind,
  actor: Actor,
  person: PersonRow,
  payload: ChangePayload = {},
  occurredAt?: Date,
): NewEvent {
  return {
    organizationId,
    kind,
    actor,
    accountId: person.accountId,
    subject: { type: 'Stakeholder', id: person.id },
    stakeholderId: person.id,
    payload: { person: person.fullName, ...payload },
    ...(occurredAt ? { occurredAt } : {}),
  };
}

/** A change about a flag on a person. */
export function flagChange(
  organizationId: string,
  kind: 'FLAG_RAISED' | 'FLAG_CONFIRMED' | 'FLAG_REJECTED',
  actor: Actor,
  flag: { id: string; kind: string },
  person: PersonRow,
  occurredAt?: Date,
): NewEvent {
  return {
    ...personChange(organizationId, kind, actor, person, { flagKind: flag.kind }, occurredAt),
    subject: { type: 'JobChangeFlag', id: flag.id },
  };
}

/** A change about a departure case (named after its person while they are not erased). */
export function caseChange(
  organizationId: string,
  kind: 'CASE_OPENED' | 'CASE_STEP_DONE' | 'CASE_CLOSED',
  actor: Actor,
  departureCase: { id: string; accountId: string; stakeholderId: string | null },
  payload: ChangePayload,
  occurredAt?: Date,
): NewEvent {
  return {
    organizationId,
    kind,
    actor,
    accountId: departureCase.accountId,
    subject: { type: 'DepartureCase', id: departureCase.id },
    stakeholderId: departureCase.stakeholderId,
    payload,
    ...(occurredAt ? { occurredAt } : {}),
  };
}

/** A change about the account itself (signals, events, owner). */
export function accountChange(
  organizationId: string,
  kind: ChangeOnlyKind,
  actor: Actor,
  accountId: string,
  payload: ChangePayload = {},
  occurredAt?: Date,
): NewEvent {
  return {
    organizationId,
    kind,
    actor,
    accountId,
    subject: { type: 'Account', id: accountId },
    payload,
    ...(occurredAt ? { occurredAt } : {}),
  };
}

/** When an account's owner changed: records who it went from and to (by name, as they were then). */
export async function recordOwnerChange(
  tx: Tx,
  organizationId: string,
  actor: Actor,
  accountId: string,
  fromId: string | null,
  toId: string | null | undefined,
): Promise<void> {
  if (toId === undefined || toId === fromId) return;
  const [fromOwner, toOwner] = await memberNames(tx, organizationId, fromId, toId);
  await recordChange(tx, accountChange(organizationId, 'OWNER_CHANGED', actor, accountId, { fromOwner, toOwner }));
}

async function memberNames(
  tx: Tx,
  organizationId: string,
  ...ids: Array<string | null>
): Promise<Array<string | null>> {
  const wanted = ids.filter((id): id is string => id !== null);
  const rows = await tx.member.findMany({
    where: { organizationId, id: { in: wanted } },
    select: { id: true, name: true },
  });
  const names = new Map(rows.map((member) => [member.id, member.name]));
  return ids.map((id) => (id ? (names.get(id) ?? null) : null));
}

/** A handover is one summary change, not one per account it moved. */
export async function recordHandover(
  tx: Tx,
  organizationId: string,
  actor: Actor,
  fromId: string,
  toId: string,
  accounts: number,
  occurredAt: Date,
): Promise<{ fromOwner: string | null; toOwner: string | null }> {
  const [fromOwner, toOwner] = await memberNames(tx, organizationId, fromId, toId);
  await recordChange(tx, {
    organizationId,
    kind: 'HANDOVER',
    actor,
    payload: { fromOwner, toOwner, accounts },
    occurredAt,
  });
  return { fromOwner: fromOwner ?? null, toOwner: toOwner ?? null };
}

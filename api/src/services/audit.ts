// Reads and upkeep of the audit trail: its rows for admins (GraphQL and CSV), and retention, which
// deletes audit rows older than each organization's setting, in batches, in the background.
import type { ChangeKind, Prisma, PrismaClient } from '@threadwatch/db/client';
import { AUDIT_KINDS, type AuditKind, type AuditRow, auditKindsOf } from '../domain/audit.ts';
import { loggedChangeSentence } from '../domain/changes.ts';
import { parseSettings } from '../domain/settings.ts';
import { checkRange } from './changes.ts';

export interface AuditFilter {
  kinds?: ChangeKind[] | null;
  actorIds?: string[] | null;
  subjects?: Array<{ typename: string; id: string }> | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An organization's audit rows in [since, until) (at most 366 days), filtered. */
export function auditWhere(
  organizationId: string,
  since: Date,
  until: Date,
  filter?: AuditFilter | null,
): Prisma.EventWhereInput {
  checkRange(since, until);
  // A subject id that is not a row id matches nothing (rather than failing the query).
  const subjects = filter?.subjects?.filter((subject) => UUID.test(subject.id));
  return {
    organizationId,
    occurredAt: { gte: since, lt: until },
    kind: { in: auditKindsOf(filter?.kinds) },
    ...(filter?.actorIds?.length ? { actorId: { in: filter.actorIds } } : {}),
    ...(filter?.subjects?.length
      ? {
          OR: subjects?.length
            ? subjects.map((subject) => ({ subjectType: subject.typename, subjectId: subject.id }))
            : [{ id: { in: [] } }],
        }
      : {}),
  };
}

/** Newest first; ties in the order written. */
export const AUDIT_ORDER: Prisma.EventOrderByWithRelationInput[] = [{ occurredAt: 'desc' }, { seq: 'desc' }];

const rowSelect = {
  id: true,
  kind: true,
  payload: true,
  occurredAt: true,
  actorKind: true,
  requestId: true,
  clientAddress: true,
  subjectType: true,
  subjectId: true,
  account: { select: { name: true } },
  actor: { select: { name: true, email: true } },
} satisfies Prisma.EventSelect;

/**
 * Every audit row of the range, newest first, a page at a time (for the CSV export, which writes each
 * page as it comes instead of holding a year of rows in memory).
 */
export async function* auditRows(
  prisma: PrismaClient,
  organizationId: string,
  since: Date,
  until: Date,
  pageSize = 1_000,
): AsyncGenerator<AuditRow[]> {
  const organization = await prisma.organization.findUniqueOrThrow({
    where: { id: organizationId },
    select: { currency: true },
  });
  const where = auditWhere(organizationId, since, until);
  let cursor: string | null = null;
  for (;;) {
    const page: Array<Prisma.EventGetPayload<{ select: typeof rowSelect }>> = await prisma.event.findMany({
      where,
      orderBy: AUDIT_ORDER,
      select: rowSelect,
      take: pageSize,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    if (page.length === 0) return;
    yield page.map((event) => ({
      occurredAt: event.occurredAt,
      kind: event.kind as AuditKind,
      sentence: loggedChangeSentence(event, organization.currency),
      actorKind: event.actorKind,
      actorName: event.actor?.name ?? null,
      actorEmail: event.actor?.email ?? null,
      requestId: event.requestId,
      clientAddress: event.clientAddress,
      subjectType: event.subjectType,
      subjectId: event.subjectId,
    }));
    if (page.length < pageSize) return;
    cursor = page[page.length - 1]?.id ?? null;
  }
}

const DAY_MS = 86_400_000;
export const RETENTION_BATCH_SIZE = 500;

/**
 * Retention: deletes audit rows older than each organization's `auditRetentionDays`, a batch at a
 * time (short transactions, no long lock on the log). Only audit kinds: the rest of the event log is
 * the product's history and stays. Safe to run in several processes at once. Returns rows deleted.
 */
export async function pruneAuditTrail(
  prisma: PrismaClient,
  now = new Date(),
  batchSize = RETENTION_BATCH_SIZE,
): Promise<number> {
  const organizations = await prisma.organization.findMany({ select: { id: true, settings: true } });
  let deleted = 0;
  for (const organization of organizations) {
    const cutoff = new Date(now.getTime() - parseSettings(organization.settings).auditRetentionDays * DAY_MS);
    for (;;) {
      const batch = await prisma.event.findMany({
        where: { organizationId: organization.id, kind: { in: [...AUDIT_KINDS] }, occurredAt: { lt: cutoff } },
        select: { id: true },
        orderBy: { occurredAt: 'asc' },
        take: batchSize,
      });
      if (batch.length === 0) break;
      const result = await prisma.event.deleteMany({
        where: { organizationId: organization.id, id: { in: batch.map((event) => event.id) } },
      });
      deleted += result.count;
      if (batch.length < batchSize) break;
    }
  }
  return deleted;
}

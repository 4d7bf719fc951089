// One flag per sighting: a job change flagged again for the same person and kind while an earlier
// flag is still pending is recorded as another sighting of that flag (its evidence list grows),
// not as a second flag to review. A retried request, flag or sighting, replays by its key.
import type { FlagSighting, JobChangeFlag, Prisma, Stakeholder } from '@threadwatch/db/client';
import { assertSameRequest } from '../domain/idempotency.ts';
import { type NewFlag, storeFlag } from './job-change-flags.ts';

type Db = Prisma.TransactionClient;

export interface RecordedFlag {
  flag: JobChangeFlag;
  /** True when this call replayed an earlier one with the same key. */
  replayed: boolean;
  /** True when the observation was added to a pending flag as another sighting. */
  sighting: boolean;
}

/**
 * The earlier request with this idempotency key, as a flag or as a sighting of one; null when the
 * key is new. A key reused for a different request is a conflict.
 */
export async function replayByKey(
  db: Db,
  organizationId: string,
  idempotencyKey: string,
  hash: string,
): Promise<RecordedFlag | null> {
  const byKey = { organizationId_idempotencyKey: { organizationId, idempotencyKey } };
  const flag = await db.jobChangeFlag.findUnique({ where: byKey });
  const sighting = flag ? null : await db.flagSighting.findUnique({ where: byKey, include: { flag: true } });
  const earlier = flag ?? sighting;
  if (!earlier) return null;
  assertSameRequest(earlier.requestHash, hash, 'flag');
  return { flag: flag ?? (sighting as FlagSighting & { flag: JobChangeFlag }).flag, replayed: true, sighting: !flag };
}

/**
 * Inside the caller's transaction: a new flag, or another sighting of the person's pending flag of
 * the same kind. Flags about one person are taken one at a time (a lock on the person's row), so two
 * reps flagging the same change at the same moment make one flag with two sightings; the key is
 * checked again under the lock, so a retry racing its original replays it.
 */
export async function recordFlagOrSighting(
  tx: Db,
  organizationId: string,
  stakeholder: { id: string; fullName: string; status: Stakeholder['status']; accountId: string },
  data: NewFlag & { idempotencyKey: string; requestHash: string },
): Promise<RecordedFlag & { touchedAccountId: string | null }> {
  await tx.$queryRaw`SELECT 1 FROM "Stakeholder" WHERE "id" = ${stakeholder.id}::uuid FOR NO KEY UPDATE`;
  const replay = await replayByKey(tx, organizationId, data.idempotencyKey, data.requestHash);
  if (replay) return { ...replay, touchedAccountId: null };

  const pending = await tx.jobChangeFlag.findFirst({
    where: { organizationId, stakeholderId: stakeholder.id, kind: data.kind, status: 'PENDING' },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  if (!pending) {
    const { flag, touchedAccountId } = await storeFlag(tx, organizationId, stakeholder, data);
    return { flag, replayed: false, sighting: false, touchedAccountId };
  }
  await tx.flagSighting.create({
    data: {
      organizationId,
      flagId: pending.id,
      observedName: data.observedName ?? null,
      observedTitle: data.observedTitle ?? null,
      observedCompany: data.observedCompany ?? null,
      observedCompanyUrl: data.observedCompanyUrl ?? null,
      pageUrl: data.pageUrl ?? null,
      observedAt: data.observedAt,
      flaggedById: data.flaggedById,
      idempotencyKey: data.idempotencyKey,
      requestHash: data.requestHash,
    },
  });
  return { flag: pending, replayed: false, sighting: true, touchedAccountId: null };
}

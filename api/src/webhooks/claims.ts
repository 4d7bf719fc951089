// Which due deliveries a dispatcher takes, and the endpoint circuit breaker. Claiming is fair: due
// deliveries are taken round-robin across organizations (each organization's first, then each
// one's second, …) and, inside an organization, across its endpoints; an endpoint never has more
// than `endpointConcurrency` deliveries in flight, nor an organization more than
// `organizationConcurrency` (counted over every process, by live leases). So an organization whose
// receivers never answer holds at most its share of the slots, and the others' deliveries are
// claimed at the next round. A paused endpoint gets nothing but one probe once its cool-down ends.
import type { Prisma, PrismaClient } from '@threadwatch/db/client';
import { type BreakerPolicy, type BreakerState, breakerAfterAttempt } from '../domain/webhook-breaker.ts';

export interface Claimed {
  id: string;
  attemptCount: number;
}

export interface ClaimLimits {
  /** Deliveries of one endpoint in flight at once, over all processes. */
  endpointConcurrency: number;
  /** Deliveries of one organization in flight at once, over all processes. */
  organizationConcurrency: number;
}

export const DEFAULT_CLAIM_LIMITS: ClaimLimits = { endpointConcurrency: 2, organizationConcurrency: 4 };

/** Claims up to `limit` due deliveries for this worker, fairly; the lease makes them invisible to others until it expires. */
export async function claimDueDeliveries(
  prisma: PrismaClient,
  workerId: string,
  limit: number,
  leaseMs: number,
  now = new Date(),
  limits: ClaimLimits = DEFAULT_CLAIM_LIMITS,
): Promise<Claimed[]> {
  const at = now.toISOString();
  const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
  const perEndpoint = Math.max(1, limits.endpointConcurrency);
  const perOrganization = Math.max(1, limits.organizationConcurrency);
  return prisma.$queryRaw<Claimed[]>`
    WITH in_flight AS (
      SELECT "organizationId", "endpointId", count(*)::int AS n
      FROM "WebhookDelivery"
      WHERE "status" = 'DELIVERING' AND "leaseExpiresAt" > ${at}::timestamp
      GROUP BY "organizationId", "endpointId"
    ),
    organization_room AS (
      SELECT "organizationId", ${perOrganization}::int - sum(n)::int AS room FROM in_flight GROUP BY "organizationId"
    ),
    due AS (
      SELECT d."id", d."organizationId", d."nextAttemptAt",
        row_number() OVER (PARTITION BY d."endpointId" ORDER BY d."nextAttemptAt", d."id") AS endpoint_rank,
        (CASE
          WHEN NOT e."active" OR e."pausedAt" IS NULL THEN ${perEndpoint}::int
          WHEN e."nextProbeAt" <= ${at}::timestamp THEN 1
          ELSE 0
        END) - COALESCE(f.n, 0) AS endpoint_room
      FROM "WebhookDelivery" d
      JOIN "WebhookEndpoint" e ON e."id" = d."endpointId"
      LEFT JOIN in_flight f ON f."endpointId" = d."endpointId"
      WHERE d."status" IN ('PENDING', 'DELIVERING') AND d."nextAttemptAt" <= ${at}::timestamp
    ),
    fair AS (
      SELECT due."id", due."nextAttemptAt",
        row_number() OVER (
          PARTITION BY due."organizationId" ORDER BY due.endpoint_rank, due."nextAttemptAt", due."id"
        ) AS organization_rank,
        COALESCE(o.room, ${perOrganization}::int) AS organization_room
      FROM due
      LEFT JOIN organization_room o ON o."organizationId" = due."organizationId"
      WHERE due.endpoint_rank <= due.endpoint_room
    ),
    picked AS (
      SELECT "id" FROM fair
      WHERE organization_rank <= organization_room
      ORDER BY organization_rank, "nextAttemptAt", "id"
      LIMIT ${limit}
    ),
    locked AS (
      SELECT "id" FROM "WebhookDelivery"
      WHERE "id" IN (SELECT "id" FROM picked)
        AND "status" IN ('PENDING', 'DELIVERING') AND "nextAttemptAt" <= ${at}::timestamp
      FOR UPDATE SKIP LOCKED
    )
    UPDATE "WebhookDelivery" AS d
    SET "status" = 'DELIVERING',
        "attemptCount" = d."attemptCount" + 1,
        "lockedBy" = ${workerId},
        "leaseExpiresAt" = ${leaseUntil}::timestamp,
        "nextAttemptAt" = ${leaseUntil}::timestamp
    WHERE d."id" IN (SELECT "id" FROM locked)
    RETURNING d."id", d."attemptCount"`;
}

/**
 * Records an attempt's outcome in its endpoint's breaker, in the caller's transaction and under a
 * row lock so attempts finishing together all count. Returns the breaker when this attempt paused
 * the endpoint, otherwise null.
 */
export async function recordBreaker(
  tx: Prisma.TransactionClient,
  endpointId: string,
  attempt: { delivered: boolean; error: string | null },
  policy: BreakerPolicy,
  now = new Date(),
): Promise<BreakerState | null> {
  const [state] = await tx.$queryRaw<BreakerState[]>`
    SELECT "consecutiveFailures", "pausedAt", "pausedReason", "nextProbeAt"
    FROM "WebhookEndpoint" WHERE "id" = ${endpointId}::uuid FOR UPDATE`;
  if (!state) return null;
  const { paused, ...fields } = breakerAfterAttempt(state, attempt, policy, now);
  const unchanged =
    fields.consecutiveFailures === state.consecutiveFailures &&
    fields.pausedAt === state.pausedAt &&
    fields.nextProbeAt === state.nextProbeAt;
  if (!unchanged) await tx.webhookEndpoint.update({ where: { id: endpointId }, data: fields });
  return paused ? fields : null;
}

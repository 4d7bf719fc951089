// Our own people leaving: which accounts hang on one member, and handing them over.
import type { Prisma } from '@threadwatch/db/client';
import { type Context, forgetTokens } from '../context.ts';
import { emptyBulkTally } from '../domain/bulk-changes.ts';
import { ValidationError } from '../errors.ts';
import { addSteps, playbookFor } from './departure-cases.ts';
import { caseChange, memberActor, recordChange, recordHandover } from './events.ts';
import { refreshAccountHealth } from './health.ts';
import { requireActiveMember } from './scope.ts';
import { caseEventData, enqueueBulkSummary, enqueueEvent } from './webhook-events.ts';

/** Accounts whose only live threads run through this member (from the stored coverage), by ARR. */
export async function soleThreadAccounts(ctx: Context, memberId: string) {
  await requireActiveMember(ctx, memberId);
  return ctx.prisma.account.findMany({
    where: {
      organizationId: ctx.viewer.organizationId,
      lifecycle: { not: 'CHURNED' },
      coverage: { path: ['liveMemberIds'], equals: [memberId] },
    },
    orderBy: [{ arrMinor: 'desc' }, { id: 'asc' }],
  });
}

export interface Handover {
  fromMemberId: string;
  toMemberId: string;
  /** Also mark the member as gone: their tokens stop working and their threads stop counting. */
  deactivate: boolean;
}

/**
 * Moves every account the member owns, and every account that hangs on their threads alone, to
 * another member. When the member leaves, each account that hung on them gets an "our account
 * manager left" case with its playbook.
 */
export async function handOverAccounts(
  ctx: Context,
  handover: Handover,
  now = new Date(),
  options: {
    /** Runs first inside the handover's transaction (checks and records of a caller); throwing undoes it all. */
    inTransaction?: (tx: Prisma.TransactionClient) => Promise<void>;
  } = {},
) {
  const organizationId = ctx.viewer.organizationId;
  if (handover.fromMemberId === handover.toMemberId) {
    throw ValidationError.at(['input', 'toMemberId'], 'Choose a different member to hand over to.');
  }
  await requireActiveMember(ctx, handover.toMemberId);
  const dependent = await soleThreadAccounts(ctx, handover.fromMemberId);
  const result = await ctx.prisma.$transaction(
    async (tx) => {
      await options.inTransaction?.(tx);
      const owned = await tx.account.findMany({
        where: { organizationId, ownerId: handover.fromMemberId },
        select: { id: true },
      });
      const ids = [...new Set([...owned.map((row) => row.id), ...dependent.map((row) => row.id)])];
      await tx.account.updateMany({
        where: { organizationId, id: { in: ids } },
        data: { ownerId: handover.toMemberId },
      });
      const owners = await recordHandover(
        tx,
        organizationId,
        memberActor(ctx.viewer.memberId),
        handover.fromMemberId,
        handover.toMemberId,
        ids.length,
        now,
      );
      let casesOpened = 0;
      if (handover.deactivate) {
        await tx.member.update({ where: { id: handover.fromMemberId }, data: { deactivatedAt: now } });
        await tx.apiToken.updateMany({
          where: { memberId: handover.fromMemberId, revokedAt: null },
          data: { revokedAt: now },
        });
        for (const account of dependent) {
          const playbook = await playbookFor(tx, organizationId, 'OUR_REP_LEFT', account.segment);
          const created = await tx.departureCase.create({
            data: {
              organizationId,
              accountId: account.id,
              cause: 'OUR_REP_LEFT',
              learned: 'BEFORE_DEPARTURE',
              coverageAtOpen: account.coveragePercent,
              destination: 'UNKNOWN',
              arrAtRiskMinor: account.arrMinor,
              openedAt: now,
              playbookName: playbook.name,
            },
          });
          await addSteps(tx, organizationId, created.id, { ownerId: handover.toMemberId }, playbook.steps, now, 0);
          await recordChange(
            tx,
            caseChange(
              organizationId,
              'CASE_OPENED',
              memberActor(ctx.viewer.memberId),
              created,
              { cause: 'OUR_REP_LEFT', arrAtRiskMinor: Number(created.arrAtRiskMinor) },
              now,
            ),
          );
          await enqueueEvent(tx, organizationId, 'DEPARTURE_CASE_OPENED', () => caseEventData(created, account, null), {
            occurredAt: now,
            accountId: account.id,
          });
          casesOpened++;
        }
        // Threads through a departed member no longer count anywhere.
        const touched = await tx.relationship.findMany({
          where: { organizationId, memberId: handover.fromMemberId },
          select: { stakeholder: { select: { accountId: true } } },
        });
        ids.push(...touched.map((row) => row.stakeholder.accountId));
      }
      // One summary of the bands the handover moved, not one alert per account.
      const bulk = { tally: emptyBulkTally(), cause: { kind: 'HANDOVER' as const, ...owners } };
      await refreshAccountHealth(tx, organizationId, ids, { actor: memberActor(ctx.viewer.memberId), now, bulk });
      await enqueueBulkSummary(
        tx,
        organizationId,
        {
          kind: 'HANDOVER',
          fromId: handover.fromMemberId,
          toId: handover.toMemberId,
          memberId: ctx.viewer.memberId,
        },
        bulk.tally,
        now,
      );
      const accounts = await tx.account.findMany({
        where: { organizationId, id: { in: [...new Set(ids)] } },
        orderBy: { arrMinor: 'desc' },
      });
      return { accounts, casesOpened };
    },
    { timeout: 60_000 },
  );
  // The departed member's tokens stop working at once in this process.
  if (handover.deactivate) forgetTokens({ memberId: handover.fromMemberId });
  return result;
}

// Account change events and measured signals: inputs of the turnover risk.

import type { Context } from '../context.ts';
import type { EventKind, SignalKind } from '../domain/account-signals.ts';
import { accountChange, memberActor, recordChange } from './events.ts';
import { refreshAccountHealth } from './health.ts';
import { requireAccount } from './scope.ts';

export async function recordEvent(
  ctx: Context,
  input: { accountId: string; kind: EventKind; occurredOn: Date; note?: string | null },
) {
  await requireAccount(ctx, input.accountId);
  const organizationId = ctx.viewer.organizationId;
  return ctx.prisma.$transaction(async (tx) => {
    const event = await tx.accountEvent.create({
      data: {
        organizationId,
        accountId: input.accountId,
        kind: input.kind,
        occurredOn: input.occurredOn,
        note: input.note ?? null,
        recordedById: ctx.viewer.memberId,
      },
    });
    await recordChange(
      tx,
      accountChange(organizationId, 'ACCOUNT_EVENT_RECORDED', memberActor(ctx.viewer.memberId), input.accountId, {
        eventKind: input.kind,
      }),
    );
    await refreshAccountHealth(tx, organizationId, [input.accountId], { actor: memberActor(ctx.viewer.memberId) });
    return event;
  });
}

export async function recordSignal(
  ctx: Context,
  input: { accountId: string; kind: SignalKind; value: number; observedAt: Date; note?: string | null },
) {
  await requireAccount(ctx, input.accountId);
  const organizationId = ctx.viewer.organizationId;
  return ctx.prisma.$transaction(async (tx) => {
    const signal = await tx.accountSignal.create({
      data: {
        organizationId,
        accountId: input.accountId,
        kind: input.kind,
        value: input.value,
        observedAt: input.observedAt,
        note: input.note ?? null,
      },
    });
    await recordChange(
      tx,
      accountChange(organizationId, 'SIGNAL_RECORDED', memberActor(ctx.viewer.memberId), input.accountId, {
        signalKind: input.kind,
        value: input.value,
      }),
    );
    await refreshAccountHealth(tx, organizationId, [input.accountId], { actor: memberActor(ctx.viewer.memberId) });
    return signal;
  });
}

// Recording, correcting and deleting account outcomes (rules in domain/outcomes.ts).
import type { AccountOutcome, AccountOutcomeKind, Prisma } from '@threadwatch/db/client';
import type { Context } from '../context.ts';
import { churnEndsLifecycle, outcomeDayProblem, utcDay } from '../domain/outcomes.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import { memberActor } from './events.ts';
import { refreshAccountHealth } from './health.ts';
import { uniqueViolation } from './prisma-errors.ts';
import { requireAccount } from './scope.ts';

export interface RecordOutcomeInput {
  accountId: string;
  kind: AccountOutcomeKind;
  occurredOn: Date;
  /** Defaults to the account's ARR. */
  arrMinor?: bigint | null;
  note?: string | null;
}

export interface CorrectOutcomeInput {
  kind?: AccountOutcomeKind | null;
  occurredOn?: Date | null;
  arrMinor?: bigint | null;
  /** null clears the note; absent leaves it. */
  note?: string | null;
}

function checkDay(occurredOn: Date, path: string[]) {
  const problem = outcomeDayProblem(occurredOn, new Date());
  if (problem) throw ValidationError.at(path, problem);
}

function conflict(existing: { id: string }): ConflictError {
  return new ConflictError(
    'The account already has an outcome of this kind on this day, with another ARR or note: correct that one instead.',
    { typename: 'AccountOutcome', id: existing.id },
  );
}

/**
 * Holds the account's row until the transaction ends, so outcomes of one account are written one at a
 * time: a churn then sees a renewal recorded at the same moment.
 */
async function lockAccount(tx: Prisma.TransactionClient, organizationId: string, accountId: string) {
  await tx.$queryRaw`SELECT 1 FROM "Account" WHERE "organizationId" = ${organizationId}::uuid AND "id" = ${accountId}::uuid FOR NO KEY UPDATE`;
}

/** Marks the account CHURNED after a churn on `occurredOn`, unless it renewed or expanded later. */
async function applyChurn(ctx: Context, tx: Prisma.TransactionClient, accountId: string, occurredOn: Date) {
  const organizationId = ctx.viewer.organizationId;
  const account = await tx.account.findUniqueOrThrow({
    where: { organizationId_id: { organizationId, id: accountId } },
    select: { lifecycle: true, outcomes: { select: { kind: true, occurredOn: true } } },
  });
  if (account.lifecycle === 'CHURNED' || !churnEndsLifecycle(occurredOn, account.outcomes)) return;
  await tx.account.update({
    where: { organizationId_id: { organizationId, id: accountId } },
    data: { lifecycle: 'CHURNED' },
  });
  await refreshAccountHealth(tx, organizationId, [accountId], { actor: memberActor(ctx.viewer.memberId) });
}

export async function recordOutcome(ctx: Context, input: RecordOutcomeInput): Promise<AccountOutcome> {
  checkDay(input.occurredOn, ['input', 'occurredOn']);
  const account = await requireAccount(ctx, input.accountId);
  const organizationId = ctx.viewer.organizationId;
  const occurredOn = utcDay(input.occurredOn);
  const arrMinor = input.arrMinor ?? account.arrMinor;
  const note = input.note ?? null;
  const key = { organizationId, accountId: input.accountId, kind: input.kind, occurredOn };
  const same = (existing: AccountOutcome) =>
    // What was not sent (the ARR defaults to the account's, which may have changed since) is not compared.
    (input.arrMinor == null || existing.arrMinor === arrMinor) && (input.note === undefined || existing.note === note);
  const held = async () => {
    const existing = await ctx.prisma.accountOutcome.findUnique({
      where: { organizationId_accountId_kind_occurredOn: key },
    });
    if (!existing) return null;
    if (same(existing)) return existing;
    throw conflict(existing);
  };
  const retried = await held();
  if (retried) return retried;
  try {
    return await ctx.prisma.$transaction(async (tx) => {
      await lockAccount(tx, organizationId, input.accountId);
      const outcome = await tx.accountOutcome.create({
        data: { ...key, arrMinor, note, recordedById: ctx.viewer.memberId },
      });
      if (outcome.kind === 'CHURNED') await applyChurn(ctx, tx, input.accountId, occurredOn);
      return outcome;
    });
  } catch (error) {
    // The same outcome recorded at the same moment by another request: answer that one.
    if (!uniqueViolation(error)) throw error;
    const existing = await held();
    if (existing) return existing;
    throw error;
  }
}

async function requireOutcome(ctx: Context, id: string): Promise<AccountOutcome> {
  const outcome = await ctx.prisma.accountOutcome.findUnique({
    where: { organizationId_id: { organizationId: ctx.viewer.organizationId, id } },
  });
  if (!outcome) throw new NotFoundError('AccountOutcome');
  return outcome;
}

export async function correctOutcome(ctx: Context, id: string, input: CorrectOutcomeInput): Promise<AccountOutcome> {
  if (input.occurredOn) checkDay(input.occurredOn, ['input', 'occurredOn']);
  const current = await requireOutcome(ctx, id);
  const organizationId = ctx.viewer.organizationId;
  const data = {
    kind: input.kind ?? current.kind,
    occurredOn: input.occurredOn ? utcDay(input.occurredOn) : current.occurredOn,
    arrMinor: input.arrMinor ?? current.arrMinor,
    note: input.note === undefined ? current.note : input.note,
  };
  const unchanged =
    data.kind === current.kind &&
    data.occurredOn.getTime() === current.occurredOn.getTime() &&
    data.arrMinor === current.arrMinor &&
    data.note === current.note;
  if (unchanged) return current;
  try {
    return await ctx.prisma.$transaction(async (tx) => {
      await lockAccount(tx, organizationId, current.accountId);
      const { count } = await tx.accountOutcome.updateMany({ where: { organizationId, id }, data });
      if (count === 0) throw new NotFoundError('AccountOutcome');
      if (data.kind === 'CHURNED') await applyChurn(ctx, tx, current.accountId, data.occurredOn);
      return tx.accountOutcome.findUniqueOrThrow({ where: { id } });
    });
  } catch (error) {
    if (!uniqueViolation(error)) throw error;
    const other = await ctx.prisma.accountOutcome.findUnique({
      where: {
        organizationId_accountId_kind_occurredOn: {
          organizationId,
          accountId: current.accountId,
          kind: data.kind,
          occurredOn: data.occurredOn,
        },
      },
      select: { id: true },
    });
    throw other ? conflict(other) : error;
  }
}

/** Deletes the outcome; its id. The account's lifecycle stays as it is. */
export async function deleteOutcome(ctx: Context, id: string): Promise<string> {
  const { count } = await ctx.prisma.accountOutcome.deleteMany({
    where: { organizationId: ctx.viewer.organizationId, id },
  });
  if (count === 0) throw new NotFoundError('AccountOutcome');
  return id;
}

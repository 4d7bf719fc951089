// Departure cases and their recovery plans.
import type { Account, CaseCause, JobChangeKind, Prisma, Stakeholder } from '@threadwatch/db/client';
import type { Context } from '../context.ts';
import { caseCause, learnedWhen } from '../domain/departures.ts';
import {
  type Cause,
  defaultPlaybook,
  type Origin,
  type Playbook,
  type PlaybookStep,
  parsePlaybook,
} from '../domain/playbooks.ts';
import type { Role } from '../domain/settings.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import { caseChange, memberActor, recordChange, systemActor } from './events.ts';
import { refreshAccountHealth } from './health.ts';
import { caseEventData, enqueueEvent } from './webhook-events.ts';

type Tx = Prisma.TransactionClient;
const DAY_MS = 86_400_000;

/** The organization's version of a playbook, or the shipped default. */
export async function playbookFor(
  db: Tx,
  organizationId: string,
  cause: Cause,
  segment: Account['segment'],
): Promise<Playbook> {
  const stored = await db.playbookTemplate.findFirst({
    where: { organizationId, cause, OR: [{ segment }, { segment: null }] },
    orderBy: { segment: { sort: 'asc', nulls: 'last' } },
  });
  return (
    (stored && parsePlaybook({ name: stored.name, ...(stored.steps as object) })) ?? defaultPlaybook(cause, segment)
  );
}

async function managerOf(db: Tx, organizationId: string): Promise<string | null> {
  const manager = await db.member.findFirst({
    where: { organizationId, deactivatedAt: null, role: { in: ['MANAGER', 'ADMIN'] } },
    orderBy: [{ role: 'desc' }, { createdAt: 'asc' }],
    select: { id: true },
  });
  return manager?.id ?? null;
}

/** Adds playbook steps to a case: owners by the step's role, due dates counted from `from`. */
export async function addSteps(
  db: Tx,
  organizationId: string,
  caseId: string,
  account: Pick<Account, 'ownerId'>,
  steps: PlaybookStep[],
  from: Date,
  startAt: number,
): Promise<void> {
  const manager = steps.some((item) => item.ownerRole === 'MANAGER') ? await managerOf(db, organizationId) : null;
  await db.caseStep.createMany({
    data: steps.map((item, index) => ({
      organizationId,
      caseId,
      position: startAt + index,
      phase: item.phase,
      title: item.title,
      ownerId: item.ownerRole === 'MANAGER' ? (manager ?? account.ownerId) : account.ownerId,
      dueOn: new Date(from.getTime() + item.dueInDays * DAY_MS),
    })),
  });
}

export interface CaseOpening {
  organizationId: string;
  account: Account;
  person: Stakeholder;
  flagKind: JobChangeKind;
  destination: 'INTERNAL' | 'EXTERNAL' | 'UNKNOWN';
  destinationCompany: string | null;
  destinationAccountId: string | null;
  requiredRoles: readonly Role[];
  now: Date;
}

/**
 * Opens the case for a key person's departure, or completes the open one: a "leaving soon" that is
 * later confirmed as "left" is one departure and one case. The database allows one open case per person.
 */
export async function openOrUpdateCase(db: Tx, opening: CaseOpening) {
  const { organizationId, account, person, now } = opening;
  const open = await db.departureCase.findUnique({
    where: { organizationId_openFor: { organizationId, openFor: person.id } },
  });
  if (open) {
    return db.departureCase.update({
      where: { id: open.id },
      data: {
        ...(opening.destination !== 'UNKNOWN' ? { destination: opening.destination } : {}),
        ...(opening.destinationCompany ? { destinationCompany: opening.destinationCompany } : {}),
        ...(opening.destinationAccountId ? { destinationAccountId: opening.destinationAccountId } : {}),
      },
    });
  }
  const cause: CaseCause = caseCause(person);
  const playbook = await playbookFor(db, organizationId, cause, account.segment);
  const created = await db.departureCase.create({
    data: {
      organizationId,
      accountId: account.id,
      stakeholderId: person.id,
      openFor: person.id,
      cause,
      learned: learnedWhen(opening.flagKind),
      coverageAtOpen: account.coveragePercent,
      destination: opening.destination,
      destinationCompany: opening.destinationCompany,
      destinationAccountId: opening.destinationAccountId,
      arrAtRiskMinor: account.arrMinor,
      openedAt: now,
      playbookName: playbook.name,
    },
  });
  await addSteps(db, organizationId, created.id, account, playbook.steps, now, 0);
  await recordChange(
    db,
    caseChange(
      organizationId,
      'CASE_OPENED',
      systemActor,
      created,
      { person: person.fullName, cause, arrAtRiskMinor: Number(created.arrAtRiskMinor) },
      now,
    ),
  );
  await enqueueEvent(db, organizationId, 'DEPARTURE_CASE_OPENED', () => caseEventData(created, account, person), {
    stakeholderId: person.id,
    occurredAt: now,
  });
  return created;
}

async function requireCase(db: Tx, organizationId: string, id: string) {
  const found = await db.departureCase.findUnique({
    where: { organizationId_id: { organizationId, id } },
    include: { account: true },
  });
  if (!found) throw new NotFoundError('Departure case');
  return found;
}

export interface CaseChanges {
  roleDisposition?: 'REPLACED' | 'MERGED' | 'ELIMINATED' | 'UNKNOWN' | null;
  replacementId?: string | null;
  replacementOrigin?: Origin | null;
  destination?: 'INTERNAL' | 'EXTERNAL' | 'UNKNOWN' | null;
  destinationCompany?: string | null;
  arrAtRiskMinor?: bigint | null;
}

export async function updateCase(ctx: Context, id: string, changes: CaseChanges, now = new Date()) {
  const organizationId = ctx.viewer.organizationId;
  return ctx.prisma.$transaction(async (tx) => {
    const current = await requireCase(tx, organizationId, id);
    if (current.closedAt) throw new ConflictError('This case is closed.');
    if (changes.replacementId) {
      const replacement = await tx.stakeholder.findUnique({
        where: { organizationId_id: { organizationId, id: changes.replacementId } },
        select: { id: true, accountId: true },
      });
      if (!replacement) throw new NotFoundError('Stakeholder');
      if (replacement.accountId !== current.accountId) {
        throw ValidationError.at(
          ['input', 'replacementId'],
          'The replacement must be a stakeholder of the same account.',
        );
      }
      if (replacement.id === current.stakeholderId) {
        throw ValidationError.at(['input', 'replacementId'], 'The departing person cannot replace themselves.');
      }
    }
    const origin = changes.replacementOrigin ?? current.replacementOrigin;
    const updated = await tx.departureCase.update({
      where: { id },
      data: {
        ...(changes.roleDisposition ? { roleDisposition: changes.roleDisposition } : {}),
        ...(changes.replacementId !== undefined ? { replacementId: changes.replacementId } : {}),
        ...(changes.replacementOrigin ? { replacementOrigin: changes.replacementOrigin } : {}),
        ...(changes.replacementId && !changes.roleDisposition ? { roleDisposition: 'REPLACED' as const } : {}),
        ...(changes.destination ? { destination: changes.destination } : {}),
        ...(changes.destinationCompany !== undefined ? { destinationCompany: changes.destinationCompany } : {}),
        ...(changes.arrAtRiskMinor != null ? { arrAtRiskMinor: changes.arrAtRiskMinor } : {}),
      },
    });
    // The replacement's origin chooses the onboarding: added once, when the origin is first known.
    if (origin && !current.replacementOrigin) {
      const playbook = await playbookFor(tx, organizationId, current.cause as Cause, current.account.segment);
      const count = await tx.caseStep.count({ where: { caseId: id } });
      await addSteps(tx, organizationId, id, current.account, playbook.onboarding[origin], now, count);
    }
    await refreshAccountHealth(tx, organizationId, [current.accountId], now);
    return updated;
  });
}

export async function closeCase(ctx: Context, id: string, outcome: 'SAVED' | 'CHURNED', now = new Date()) {
  const organizationId = ctx.viewer.organizationId;
  return ctx.prisma.$transaction(async (tx) => {
    const current = await requireCase(tx, organizationId, id);
    if (current.closedAt) {
      if (current.outcome === outcome) return current;
      throw new ConflictError(`This case was already closed as ${current.outcome?.toLowerCase()}.`);
    }
    const closed = await tx.departureCase.update({ where: { id }, data: { closedAt: now, outcome, openFor: null } });
    await recordChange(
      tx,
      caseChange(organizationId, 'CASE_CLOSED', memberActor(ctx.viewer.memberId), closed, { outcome }, now),
    );
    await enqueueEvent(
      tx,
      organizationId,
      'DEPARTURE_CASE_CLOSED',
      async () => {
        const person = closed.stakeholderId
          ? await tx.stakeholder.findUnique({
              where: { id: closed.stakeholderId },
              select: { id: true, fullName: true },
            })
          : null;
        return caseEventData(closed, current.account, person);
      },
      { stakeholderId: closed.stakeholderId, occurredAt: now },
    );
    await refreshAccountHealth(tx, organizationId, [current.accountId], now);
    return closed;
  });
}

export interface StepChanges {
  done?: boolean | null;
  ownerId?: string | null;
  dueOn?: Date | null;
}

export async function updateStep(ctx: Context, id: string, changes: StepChanges, now = new Date()) {
  const organizationId = ctx.viewer.organizationId;
  return ctx.prisma.$transaction(async (tx) => {
    const step = await tx.caseStep.findUnique({
      where: { organizationId_id: { organizationId, id } },
      include: { case: true },
    });
    if (!step) throw new NotFoundError('Plan step');
    if (step.case.closedAt) throw new ConflictError('This case is closed.');
    if (changes.ownerId) {
      const owner = await tx.member.findUnique({
        where: { organizationId_id: { organizationId, id: changes.ownerId } },
      });
      if (!owner || owner.deactivatedAt) throw new NotFoundError('Member');
    }
    const updated = await tx.caseStep.update({
      where: { id },
      data: {
        ...(changes.done != null ? { doneAt: changes.done ? (step.doneAt ?? now) : null } : {}),
        ...(changes.ownerId !== undefined ? { ownerId: changes.ownerId } : {}),
        ...(changes.dueOn !== undefined ? { dueOn: changes.dueOn } : {}),
      },
    });
    if (changes.done && !step.doneAt)
      await recordChange(
        tx,
        caseChange(
          organizationId,
          'CASE_STEP_DONE',
          memberActor(ctx.viewer.memberId),
          step.case,
          { step: step.title },
          now,
        ),
      );
    if (changes.done != null) await refreshAccountHealth(tx, organizationId, [step.case.accountId], now);
    return updated;
  });
}

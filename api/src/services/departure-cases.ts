// Departure cases and their recovery plans.
import type { Account, CaseCause, JobChangeKind, Prisma, Stakeholder } from '@threadwatch/db/client';
import type { Context } from '../context.ts';
import { caseCause, departureDateProblem, learnedWhen, riskStart, startOfUtcDay } from '../domain/departure-cases.ts';
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
import { saveReasonsOf } from './case-outlook.ts';
import { type Actor, caseChange, memberActor, recordChange } from './events.ts';
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
  onboarding = false,
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
      assigneeRole: item.ownerRole,
      onboarding,
      dueOn: new Date(from.getTime() + item.dueInDays * DAY_MS),
    })),
  });
}

/**
 * Erasure: the person's cases stay (they are the account's history) without anything about the
 * person: who left or replaced them, while open, and where they went (api/src/domain/personal-data.ts).
 */
export async function scrubErasedPersonFromCases(db: Tx, organizationId: string, stakeholderId: string) {
  await db.departureCase.updateMany({
    where: { organizationId, OR: [{ stakeholderId }, { openFor: stakeholderId }] },
    data: { stakeholderId: null, openFor: null, destinationCompany: null, destinationAccountId: null },
  });
  await db.departureCase.updateMany({
    where: { organizationId, replacementId: stakeholderId },
    data: { replacementId: null },
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
  /** When the change took effect (the confirmation's effective date). */
  effectiveOn: Date;
  now: Date;
  /** Who caused the opening (the member who confirmed the flag). */
  actor: Actor;
}

/** The first day the person worked at the account, from their employment history; null when unknown. */
async function startedAtAccount(db: Tx, organizationId: string, stakeholderId: string, accountId: string) {
  const first = await db.employment.findFirst({
    where: { organizationId, stakeholderId, accountId, startedOn: { not: null } },
    orderBy: { startedOn: 'asc' },
    select: { startedOn: true },
  });
  return first?.startedOn ?? null;
}

/** Refuses a departure date in the future (for a departure already happened) or before the person's start. */
async function checkDepartureDate(
  db: Tx,
  organizationId: string,
  at: { stakeholderId: string | null; accountId: string; learned: 'BEFORE_DEPARTURE' | 'AFTER_DEPARTURE' },
  departedOn: Date,
  now: Date,
  path: string[],
): Promise<void> {
  const started = at.stakeholderId ? await startedAtAccount(db, organizationId, at.stakeholderId, at.accountId) : null;
  const problem = departureDateProblem(departedOn, now, started, at.learned);
  if (problem) throw ValidationError.at(path, problem);
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
  // A "leaving soon" has no departure date yet; a confirmed departure dates the case.
  const departedOn = opening.flagKind === 'LEAVING_SOON' ? null : startOfUtcDay(opening.effectiveOn);
  if (departedOn) {
    const at = { stakeholderId: person.id, accountId: account.id, learned: 'AFTER_DEPARTURE' as const };
    await checkDepartureDate(db, organizationId, at, departedOn, now, ['input', 'effectiveOn']);
  }
  if (open) {
    return db.departureCase.update({
      where: { id: open.id },
      data: {
        ...(departedOn ? { departedOn } : {}),
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
      learnedOn: startOfUtcDay(now),
      departedOn,
      playbookName: playbook.name,
    },
  });
  // The playbook's offsets count from the start of the case: the departure, or when we learned of it if earlier.
  await addSteps(db, organizationId, created.id, account, playbook.steps, riskStart(created), 0);
  await recordChange(
    db,
    caseChange(
      organizationId,
      'CASE_OPENED',
      opening.actor,
      created,
      { person: person.fullName, cause, arrAtRiskMinor: Number(created.arrAtRiskMinor) },
      now,
    ),
  );
  await enqueueEvent(db, organizationId, 'DEPARTURE_CASE_OPENED', () => caseEventData(created, account, person), {
    stakeholderId: person.id,
    occurredAt: now,
    accountId: account.id,
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
  departedOn?: Date | null;
  learnedOn?: Date | null;
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
    if (changes.departedOn) {
      await checkDepartureDate(tx, organizationId, current, changes.departedOn, now, ['input', 'departedOn']);
    }
    if (changes.learnedOn && changes.learnedOn > startOfUtcDay(now)) {
      throw ValidationError.at(['input', 'learnedOn'], 'The day we learned of the departure cannot be in the future.');
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
        ...(changes.departedOn ? { departedOn: changes.departedOn } : {}),
        ...(changes.learnedOn ? { learnedOn: changes.learnedOn } : {}),
      },
    });
    // The replacement's origin chooses the onboarding: added once, when the origin is first known.
    if (origin && !current.replacementOrigin) {
      const playbook = await playbookFor(tx, organizationId, current.cause as Cause, current.account.segment);
      const count = await tx.caseStep.count({ where: { caseId: id } });
      await addSteps(tx, organizationId, id, current.account, playbook.onboarding[origin], now, count, true);
    }
    await refreshAccountHealth(tx, organizationId, [current.accountId], {
      actor: memberActor(ctx.viewer.memberId),
      now,
    });
    return updated;
  });
}

export interface Closing {
  /** Why the case closed as it did; required for SAVED when no replacement is recorded. */
  note?: string | null;
  /** For CHURNED: mark the account churned too (its ARR stays on record as the ARR lost). */
  markAccountChurned?: boolean | null;
}

export async function closeCase(
  ctx: Context,
  id: string,
  outcome: 'SAVED' | 'CHURNED',
  closing: Closing = {},
  now = new Date(),
) {
  const organizationId = ctx.viewer.organizationId;
  const note = closing.note?.trim() || null;
  return ctx.prisma.$transaction(async (tx) => {
    const current = await requireCase(tx, organizationId, id);
    if (current.closedAt) {
      if (current.outcome === outcome) return current;
      throw new ConflictError(`This case was already closed as ${current.outcome?.toLowerCase()}.`);
    }
    if (outcome === 'SAVED' && !current.replacementId && !note) {
      throw ValidationError.at(['note'], 'Record the replacement first, or say why the account is saved.');
    }
    if (outcome === 'SAVED' && closing.markAccountChurned) {
      throw ValidationError.at(['markAccountChurned'], 'A saved case does not churn its account.');
    }
    const saveReasons = outcome === 'SAVED' ? await saveReasonsOf(tx, organizationId, id, now) : [];
    // Claim the close: of two opposite closes at the same moment, the second finds it closed.
    const claimed = await tx.departureCase.updateMany({
      where: { id, closedAt: null },
      data: { closedAt: now, outcome, openFor: null, closeNote: note, saveReasons },
    });
    if (claimed.count === 0) {
      const winner = await requireCase(tx, organizationId, id);
      if (winner.outcome === outcome) return winner;
      throw new ConflictError(`This case was already closed as ${winner.outcome?.toLowerCase()}.`);
    }
    const closed = await tx.departureCase.findUniqueOrThrow({ where: { id } });
    if (outcome === 'CHURNED' && closing.markAccountChurned) {
      await tx.account.update({ where: { id: current.accountId }, data: { lifecycle: 'CHURNED' } });
    }
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
      { stakeholderId: closed.stakeholderId, occurredAt: now, accountId: current.accountId },
    );
    await refreshAccountHealth(tx, organizationId, [current.accountId], {
      actor: memberActor(ctx.viewer.memberId),
      now,
    });
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
    if (changes.done != null)
      await refreshAccountHealth(tx, organizationId, [step.case.accountId], {
        actor: memberActor(ctx.viewer.memberId),
        now,
      });
    return updated;
  });
}

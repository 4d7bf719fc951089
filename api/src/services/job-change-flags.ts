// Job-change flags: recorded idempotently with their evidence, then confirmed or rejected. A
// confirmation changes the stakeholder, their employment history and, for key people, opens or
// completes a departure case; every step keeps the account's health current in the same transaction.
import type { JobChangeFlag, JobChangeKind, Prisma, Stakeholder } from '@threadwatch/db/client';
import type { Context } from '../context.ts';
import { isKeyPerson } from '../domain/departure-cases.ts';
import { requestHash } from '../domain/idempotency.ts';
import { confirmedEffect, pendingStatus, type Review, reviewDecision } from '../domain/job-change-flags.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import { openOrUpdateCase } from './departure-cases.ts';
import { flagChange, memberActor, personChange, recordChange } from './events.ts';
import { type RecordedFlag, recordFlagOrSighting, replayByKey } from './flag-sightings.ts';
import { organizationSettings, refreshAccountHealth } from './health.ts';
import { uniqueViolation } from './prisma-errors.ts';
import { enqueueEvent, flagEventData } from './webhook-events.ts';

export interface FlagInput {
  idempotencyKey: string;
  kind: JobChangeKind;
  stakeholderId?: string | null;
  profileUrl?: string | null;
  /** With observedName: find the person by name among this account's stakeholders. */
  accountId?: string | null;
  observedName?: string | null;
  observedTitle?: string | null;
  observedCompany?: string | null;
  observedCompanyUrl?: string | null;
  pageUrl?: string | null;
  observedAt: Date;
}

export type FlagResult = RecordedFlag;

async function resolveStakeholder(ctx: Context, input: FlagInput) {
  const organizationId = ctx.viewer.organizationId;
  if (input.profileUrl) {
    const byUrl = await ctx.prisma.stakeholder.findUnique({
      where: { organizationId_profileUrl: { organizationId, profileUrl: input.profileUrl } },
    });
    if (byUrl && (!input.stakeholderId || input.stakeholderId === byUrl.id))
      return { stakeholder: byUrl, matchedBy: 'PROFILE_URL' as const };
  }
  if (input.stakeholderId) {
    const linked = await ctx.prisma.stakeholder.findUnique({
      where: { organizationId_id: { organizationId, id: input.stakeholderId } },
    });
    if (!linked) throw new NotFoundError('Stakeholder');
    return { stakeholder: linked, matchedBy: 'MANUAL_LINK' as const };
  }
  if (input.accountId && input.observedName) {
    const named = await ctx.prisma.stakeholder.findMany({
      where: {
        organizationId,
        accountId: input.accountId,
        fullName: { equals: input.observedName, mode: 'insensitive' },
      },
      take: 2,
    });
    if (named.length === 1 && named[0]) return { stakeholder: named[0], matchedBy: 'NAME_AND_COMPANY' as const };
    if (named.length > 1)
      throw new ConflictError('Several stakeholders at this account have this name: link one by id.');
    throw new NotFoundError('Stakeholder');
  }
  if (input.profileUrl) throw new NotFoundError('Stakeholder');
  throw new ValidationError([
    { path: ['input'], message: 'Give the stakeholder, their profile URL, or their name with the account.' },
  ]);
}

/** Flag kinds that say the person is leaving the account: while pending, an unconfirmed departure. */
function isDepartureKind(kind: JobChangeKind): boolean {
  return kind === 'LEFT_COMPANY' || kind === 'LEAVING_SOON';
}

export type NewFlag = Omit<Prisma.JobChangeFlagUncheckedCreateInput, 'organizationId' | 'stakeholderId'> & {
  kind: JobChangeKind;
};

/**
 * Stores a new flag inside the caller's transaction and applies what a pending flag already implies
 * (leaving soon: a suspected departure). Returns the account whose health the caller must refresh, if any.
 */
export async function storeFlag(
  tx: Prisma.TransactionClient,
  organizationId: string,
  stakeholder: { id: string; fullName: string; status: Stakeholder['status']; accountId: string },
  data: NewFlag,
): Promise<{ flag: JobChangeFlag; touchedAccountId: string | null }> {
  const flag = await tx.jobChangeFlag.create({ data: { ...data, organizationId, stakeholderId: stakeholder.id } });
  await recordChange(
    tx,
    flagChange(
      organizationId,
      'FLAG_RAISED',
      { kind: data.source === 'IMPORT' ? 'IMPORT' : 'MEMBER', memberId: data.flaggedById },
      flag,
      stakeholder,
    ),
  );
  await enqueueEvent(
    tx,
    organizationId,
    'FLAG_CREATED',
    async () => {
      const account = await tx.account.findUniqueOrThrow({
        where: { id: stakeholder.accountId },
        select: { id: true, name: true },
      });
      return flagEventData(flag, account, stakeholder);
    },
    { stakeholderId: stakeholder.id, accountId: stakeholder.accountId },
  );
  const status = pendingStatus(data.kind, stakeholder.status);
  // A pending departure flag is an input of the turnover risk (an unconfirmed departure) on its own.
  const departureFlag = flag.status === 'PENDING' && isDepartureKind(data.kind);
  if (status === stakeholder.status) return { flag, touchedAccountId: departureFlag ? stakeholder.accountId : null };
  await tx.stakeholder.update({ where: { id: stakeholder.id }, data: { status } });
  return { flag, touchedAccountId: stakeholder.accountId };
}

export async function flagJobChange(ctx: Context, input: FlagInput): Promise<FlagResult> {
  const organizationId = ctx.viewer.organizationId;
  const hash = requestHash(input);
  const earlier = await replayByKey(ctx.prisma, organizationId, input.idempotencyKey, hash);
  if (earlier) return earlier;

  const { stakeholder, matchedBy } = await resolveStakeholder(ctx, input);
  try {
    return await ctx.prisma.$transaction(async (tx) => {
      const { touchedAccountId, ...recorded } = await recordFlagOrSighting(tx, organizationId, stakeholder, {
        kind: input.kind,
        matchedBy,
        observedName: input.observedName ?? null,
        observedTitle: input.observedTitle ?? null,
        observedCompany: input.observedCompany ?? null,
        observedCompanyUrl: input.observedCompanyUrl ?? null,
        pageUrl: input.pageUrl ?? null,
        observedAt: input.observedAt,
        flaggedById: ctx.viewer.memberId,
        idempotencyKey: input.idempotencyKey,
        requestHash: hash,
      });
      if (touchedAccountId)
        await refreshAccountHealth(tx, organizationId, [touchedAccountId], { actor: memberActor(ctx.viewer.memberId) });
      return recorded;
    });
  } catch (error) {
    // A concurrent request with the same key won the race: answer as its replay.
    if (!uniqueViolation(error)) throw error;
    const winner = await replayByKey(ctx.prisma, organizationId, input.idempotencyKey, hash);
    if (!winner) throw error;
    return winner;
  }
}

async function requireFlag(db: Prisma.TransactionClient, organizationId: string, id: string) {
  const flag = await db.jobChangeFlag.findUnique({
    where: { organizationId_id: { organizationId, id } },
    include: { stakeholder: { include: { account: true } } },
  });
  if (!flag) throw new NotFoundError('Job-change flag');
  return flag;
}

const conflicts: Record<Review, string> = {
  CONFIRM: 'This flag was rejected; flag the change again if it is real.',
  REJECT: 'This flag was already confirmed.',
};

/**
 * Takes the person's review turn and answers the flag as that turn finds it. One review per person
 * at a time, in any API process: a concurrent confirmation or rejection of this flag, or of another
 * flag about the same person, waits on the person's row, then reads the flag and the person as the
 * first review left them. The opposite review of a reviewed flag is a conflict; the same one again
 * answers the flag unchanged (status not PENDING); a pending flag is returned for the caller to claim.
 */
async function reviewTurn(tx: Prisma.TransactionClient, organizationId: string, id: string, review: Review) {
  const found = await requireFlag(tx, organizationId, id);
  await tx.$queryRaw`SELECT 1 FROM "Stakeholder" WHERE "id" = ${found.stakeholderId}::uuid FOR NO KEY UPDATE`;
  const flag = await requireFlag(tx, organizationId, id);
  if (reviewDecision(flag.status, review) === 'conflict') throw new ConflictError(conflicts[review]);
  return flag;
}

/**
 * Records the review on a pending flag, only if it is still pending: should anything have reviewed it
 * since the turn was taken, the review is refused and its transaction changes nothing.
 */
async function claim(
  tx: Prisma.TransactionClient,
  flag: { id: string },
  data: Prisma.JobChangeFlagUncheckedUpdateManyInput,
): Promise<void> {
  const claimed = await tx.jobChangeFlag.updateMany({ where: { id: flag.id, status: 'PENDING' }, data });
  if (claimed.count === 0) throw new ConflictError('This flag was reviewed at the same moment; read it again.');
}

export interface Confirmation {
  /** Where the person went, when the page did not say or said it wrongly. */
  destinationCompany?: string | null;
  destinationCompanyUrl?: string | null;
  newTitle?: string | null;
  /** When the change took effect; the observation time by default. */
  effectiveOn?: Date | null;
}

export async function confirmJobChange(ctx: Context, id: string, confirmation: Confirmation, now = new Date()) {
  const organizationId = ctx.viewer.organizationId;
  const settings = await organizationSettings(ctx.prisma, organizationId);
  return ctx.prisma.$transaction(
    async (tx) => {
      const flag = await reviewTurn(tx, organizationId, id, 'CONFIRM');
      if (flag.status !== 'PENDING') return flag;
      await claim(tx, flag, { status: 'CONFIRMED', reviewedById: ctx.viewer.memberId, reviewedAt: now });

      const person = flag.stakeholder;
      const account = person.account;
      await recordChange(
        tx,
        flagChange(organizationId, 'FLAG_CONFIRMED', memberActor(ctx.viewer.memberId), flag, person, now),
      );
      await enqueueEvent(
        tx,
        organizationId,
        'FLAG_CONFIRMED',
        () => flagEventData({ ...flag, status: 'CONFIRMED' }, account, person),
        { stakeholderId: person.id, occurredAt: now, accountId: account.id },
      );
      const effect = confirmedEffect(flag.kind);
      const on = confirmation.effectiveOn ?? flag.observedAt;
      const companyName = confirmation.destinationCompany ?? flag.observedCompany;
      const companyUrl = confirmation.destinationCompanyUrl ?? flag.observedCompanyUrl;
      const title = confirmation.newTitle ?? flag.observedTitle;
      const destinationAccount =
        effect.opensPosition === 'destination' && companyUrl
          ? await tx.account.findUnique({
              where: { organizationId_companyUrl: { organizationId, companyUrl } },
              select: { id: true },
            })
          : null;

      if (effect.closesPosition) {
        await tx.employment.updateMany({
          where: { organizationId, stakeholderId: person.id, endedOn: null, accountId: account.id },
          data: { endedOn: on },
        });
      }
      // Several flags may report the same move: the new position is opened once.
      const alreadyThere =
        effect.opensPosition === 'destination' && companyName
          ? await tx.employment.count({
              where: {
                organizationId,
                stakeholderId: person.id,
                endedOn: null,
                companyName: { equals: companyName, mode: 'insensitive' },
              },
            })
          : 0;
      if (effect.opensPosition === 'destination' && companyName && alreadyThere === 0) {
        await tx.employment.create({
          data: {
            organizationId,
            stakeholderId: person.id,
            companyName,
            companyUrl: companyUrl ?? null,
            accountId: destinationAccount?.id ?? null,
            title: title ?? null,
            startedOn: on,
            source: 'FLAG',
          },
        });
      }
      if (effect.opensPosition === 'same-account') {
        await tx.employment.create({
          data: {
            organizationId,
            stakeholderId: person.id,
            companyName: account.name,
            companyUrl: account.companyUrl,
            accountId: account.id,
            title: title ?? person.title,
            startedOn: on,
            source: 'FLAG',
          },
        });
      }
      const required = settings.requiredRoles[account.tier];
      const wasKey = isKeyPerson(person, required);
      await tx.stakeholder.update({
        where: { id: person.id },
        data: {
          // A confirmed departure stays one: a later "leaving soon" about the person does not undo it.
          status: person.status === 'DEPARTED' && effect.status === 'SUSPECTED_DEPARTURE' ? 'DEPARTED' : effect.status,
          ...(effect.opensPosition === 'same-account' && title ? { title } : {}),
          ...(effect.vacatesRoles && effect.status !== 'DEPARTED' ? { buyingRoles: [], isMainContact: false } : {}),
        },
      });
      if (effect.status === 'DEPARTED' && person.status !== 'DEPARTED')
        await recordChange(
          tx,
          personChange(organizationId, 'STAKEHOLDER_DEPARTED', memberActor(ctx.viewer.memberId), person, {}, now),
        );
      if (effect.isDeparture && wasKey) {
        await openOrUpdateCase(tx, {
          organizationId,
          account,
          person,
          flagKind: flag.kind,
          destination: effect.destination,
          destinationCompany: effect.destination === 'EXTERNAL' ? (companyName ?? null) : null,
          destinationAccountId: destinationAccount?.id ?? null,
          requiredRoles: required,
          effectiveOn: on,
          now,
          actor: memberActor(ctx.viewer.memberId),
        });
      }
      await refreshAccountHealth(
        tx,
        organizationId,
        [account.id, ...(destinationAccount ? [destinationAccount.id] : [])],
        { actor: memberActor(ctx.viewer.memberId), now, settings },
      );
      return requireFlag(tx, organizationId, id);
    },
    { timeout: 20_000 },
  );
}

export async function rejectJobChange(ctx: Context, id: string, note: string | null, now = new Date()) {
  const organizationId = ctx.viewer.organizationId;
  return ctx.prisma.$transaction(async (tx) => {
    const flag = await reviewTurn(tx, organizationId, id, 'REJECT');
    if (flag.status !== 'PENDING') return flag;
    await claim(tx, flag, {
      status: 'REJECTED',
      reviewedById: ctx.viewer.memberId,
      reviewedAt: now,
      reviewNote: note,
    });
    await recordChange(
      tx,
      flagChange(organizationId, 'FLAG_REJECTED', memberActor(ctx.viewer.memberId), flag, flag.stakeholder, now),
    );
    // A rejected "leaving soon" lifts the suspicion unless another sign still stands.
    if (flag.kind === 'LEAVING_SOON' && flag.stakeholder.status === 'SUSPECTED_DEPARTURE') {
      const otherSigns = await tx.jobChangeFlag.count({
        where: {
          organizationId,
          stakeholderId: flag.stakeholderId,
          kind: 'LEAVING_SOON',
          status: { in: ['PENDING', 'CONFIRMED'] },
          NOT: { id },
        },
      });
      const openCase = await tx.departureCase.count({ where: { organizationId, openFor: flag.stakeholderId } });
      if (otherSigns === 0 && openCase === 0) {
        await tx.stakeholder.update({ where: { id: flag.stakeholderId }, data: { status: 'ACTIVE' } });
      }
    }
    // The flag no longer waits for review: its unconfirmed departure leaves the risk.
    if (isDepartureKind(flag.kind)) {
      await refreshAccountHealth(tx, organizationId, [flag.stakeholder.accountId], {
        actor: memberActor(ctx.viewer.memberId),
        now,
      });
    }
    return requireFlag(tx, organizationId, id);
  });
}

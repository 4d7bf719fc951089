// Adding, changing and erasing stakeholders. Employment history is appended, never overwritten.
import type {
  BuyingRole,
  Level,
  Prisma,
  Seniority,
  Sentiment,
  Stakeholder,
  StakeholderStatus,
} from '@threadwatch/db/client';
import type { Context } from '../context.ts';
import { assertSameRequest, requestHash } from '../domain/idempotency.ts';
import { ConflictError } from '../errors.ts';
import { scrubErasedPersonFromCases } from './departure-cases.ts';
import { refuseErasedIdentifiers, tombstoneHash } from './erasure-tombstones.ts';
import { memberActor, personChange, recordChange, scrubPersonFromEvents } from './events.ts';
import { refreshAccountHealth } from './health.ts';
import { uniqueViolation } from './prisma-errors.ts';
import { requireAccount, requireStakeholder } from './scope.ts';

export interface StakeholderFields {
  fullName?: string | null;
  title?: string | null;
  department?: string | null;
  seniority?: Seniority | null;
  buyingRoles?: BuyingRole[] | null;
  isMainContact?: boolean | null;
  influence?: Level | null;
  sentiment?: Sentiment | null;
  profileUrl?: string | null;
  email?: string | null;
  crmId?: string | null;
  creationKey?: string | null;
  creationRequestHash?: string | null;
  lastEngagedAt?: Date | null;
  status?: StakeholderStatus | null;
}

export interface NewStakeholder extends StakeholderFields {
  accountId: string;
  fullName: string;
  startedOn?: Date | null;
  /** The person was erased before; adding them again must be deliberate. */
  allowErasedPerson?: boolean | null;
}

function changes(fields: StakeholderFields): Prisma.StakeholderUncheckedUpdateInput {
  const data: Prisma.StakeholderUncheckedUpdateInput = {};
  if (fields.fullName != null) data.fullName = fields.fullName;
  if (fields.title !== undefined) data.title = fields.title;
  if (fields.department !== undefined) data.department = fields.department;
  if (fields.seniority !== undefined) data.seniority = fields.seniority;
  if (fields.buyingRoles != null) data.buyingRoles = [...new Set(fields.buyingRoles)];
  if (fields.isMainContact != null) data.isMainContact = fields.isMainContact;
  if (fields.influence != null) data.influence = fields.influence;
  if (fields.sentiment != null) data.sentiment = fields.sentiment;
  if (fields.profileUrl !== undefined) data.profileUrl = fields.profileUrl;
  if (fields.email !== undefined) data.email = fields.email;
  if (fields.crmId !== undefined) data.crmId = fields.crmId;
  if (fields.creationKey) data.creationKey = fields.creationKey;
  if (fields.creationRequestHash) data.creationRequestHash = fields.creationRequestHash;
  if (fields.lastEngagedAt !== undefined) data.lastEngagedAt = fields.lastEngagedAt;
  if (fields.status != null) data.status = fields.status;
  return data;
}

async function duplicateOf(ctx: Context, fields: StakeholderFields, exceptId?: string): Promise<ConflictError> {
  const organizationId = ctx.viewer.organizationId;
  const or: Prisma.StakeholderWhereInput[] = [];
  if (fields.profileUrl) or.push({ profileUrl: fields.profileUrl });
  if (fields.email) or.push({ email: fields.email });
  if (fields.crmId) or.push({ crmId: fields.crmId });
  const existing = or.length
    ? await ctx.prisma.stakeholder.findFirst({
        where: { organizationId, OR: or, ...(exceptId ? { NOT: { id: exceptId } } : {}) },
        select: { id: true, fullName: true, profileUrl: true, email: true },
      })
    : null;
  if (!existing) return new ConflictError('This stakeholder collides with an existing one.');
  const what =
    fields.profileUrl && existing.profileUrl === fields.profileUrl
      ? 'profile URL'
      : fields.email && existing.email === fields.email
        ? 'e-mail address'
        : 'CRM id';
  return new ConflictError(`A stakeholder with this ${what} is already tracked (${existing.fullName}).`, {
    typename: 'Stakeholder',
    id: existing.id,
  });
}

export async function createStakeholder(ctx: Context, input: NewStakeholder) {
  const account = await requireAccount(ctx, input.accountId);
  if (!input.allowErasedPerson) await refuseErasedIdentifiers(ctx.prisma, ctx.viewer.organizationId, input);
  const organizationId = ctx.viewer.organizationId;
  try {
    return await ctx.prisma.$transaction(async (tx) => {
      const stakeholder = await tx.stakeholder.create({
        data: {
          ...(changes(input) as Prisma.StakeholderUncheckedCreateInput),
          fullName: input.fullName,
          organizationId,
          accountId: account.id,
        },
      });
      await tx.employment.create({
        data: {
          organizationId,
          stakeholderId: stakeholder.id,
          companyName: account.name,
          companyUrl: account.companyUrl,
          accountId: account.id,
          title: input.title ?? null,
          startedOn: input.startedOn ?? null,
          source: 'MANUAL',
        },
      });
      await recordChange(
        tx,
        personChange(organizationId, 'STAKEHOLDER_ADDED', memberActor(ctx.viewer.memberId), stakeholder),
      );
      await refreshAccountHealth(tx, organizationId, [account.id], { actor: memberActor(ctx.viewer.memberId) });
      return stakeholder;
    });
  } catch (error) {
    if (!uniqueViolation(error)) throw error;
    throw await duplicateOf(ctx, input);
  }
}

export async function updateStakeholder(ctx: Context, id: string, fields: StakeholderFields, now = new Date()) {
  const current = await requireStakeholder(ctx, id);
  const organizationId = ctx.viewer.organizationId;
  // Only identifiers that change are checked: a person re-added deliberately keeps their own.
  await refuseErasedIdentifiers(ctx.prisma, organizationId, {
    profileUrl: fields.profileUrl !== current.profileUrl ? fields.profileUrl : null,
    email: fields.email !== current.email ? fields.email : null,
  });
  const titleChanged = fields.title !== undefined && fields.title !== current.title;
  try {
    return await ctx.prisma.$transaction(async (tx) => {
      if (titleChanged) {
        // A new title at the same company is a new position: close the current one, open the next.
        const open = await tx.employment.findFirst({
          where: { organizationId, stakeholderId: id, endedOn: null, accountId: current.accountId },
          orderBy: { createdAt: 'desc' },
        });
        if (open) {
          await tx.employment.update({ where: { id: open.id }, data: { endedOn: now } });
          await tx.employment.create({
            data: {
              organizationId,
              stakeholderId: id,
              companyName: open.companyName,
              companyUrl: open.companyUrl,
              accountId: open.accountId,
              title: fields.title ?? null,
              startedOn: now,
              source: 'MANUAL',
            },
          });
        }
      }
      const updated = await tx.stakeholder.update({
        where: { organizationId_id: { organizationId, id } },
        data: changes(fields),
      });
      await recordChange(
        tx,
        personChange(
          organizationId,
          updated.status === 'DEPARTED' && current.status !== 'DEPARTED'
            ? 'STAKEHOLDER_DEPARTED'
            : 'STAKEHOLDER_CHANGED',
          memberActor(ctx.viewer.memberId),
          updated,
          {
            fields: Object.keys(fields)
              .filter((key) => fields[key as keyof StakeholderFields] !== undefined)
              .sort(),
          },
          now,
        ),
      );
      await refreshAccountHealth(tx, organizationId, [updated.accountId], { actor: memberActor(ctx.viewer.memberId) });
      return updated;
    });
  } catch (error) {
    if (!uniqueViolation(error)) throw error;
    throw await duplicateOf(ctx, fields, id);
  }
}

/**
 * Removes a stakeholder's personal data for good: the row, its employment history and its threads.
 * A tombstone of keyed hashes remains, so the same person is not re-added without meaning to.
 */
export async function eraseStakeholder(ctx: Context, id: string) {
  const stakeholder = await requireStakeholder(ctx, id);
  const organizationId = ctx.viewer.organizationId;
  await ctx.prisma.$transaction(async (tx) => {
    await tx.erasureTombstone.create({
      data: {
        organizationId,
        profileUrlHash: stakeholder.profileUrl ? tombstoneHash(organizationId, stakeholder.profileUrl) : null,
        emailHash: stakeholder.email ? tombstoneHash(organizationId, stakeholder.email) : null,
        erasedById: ctx.viewer.memberId,
      },
    });
    // Flags (with the page evidence), positions and threads go with the person (api/src/domain/personal-data.ts);
    // cases keep no personal data, not even the erased id.
    await scrubErasedPersonFromCases(tx, organizationId, id);
    // Logged changes and notifications (webhook events, sent or not) copied the person's name: they
    // keep only what concerns the account.
    await scrubPersonFromEvents(tx, organizationId, id);
    await recordChange(tx, {
      organizationId,
      kind: 'STAKEHOLDER_ERASED',
      actor: memberActor(ctx.viewer.memberId),
      accountId: stakeholder.accountId,
    });
    await tx.stakeholder.delete({ where: { organizationId_id: { organizationId, id } } });
    await refreshAccountHealth(tx, organizationId, [stakeholder.accountId], {
      actor: memberActor(ctx.viewer.memberId),
    });
  });
  return { erasedId: id, accountId: stakeholder.accountId };
}

export interface PastEmployment {
  stakeholderId: string;
  companyName: string;
  companyUrl?: string | null;
  title?: string | null;
  startedOn?: Date | null;
  endedOn?: Date | null;
}

/** Appends a position to a stakeholder's history. */
export async function addEmployment(ctx: Context, input: PastEmployment) {
  await requireStakeholder(ctx, input.stakeholderId);
  const organizationId = ctx.viewer.organizationId;
  const account = input.companyUrl
    ? await ctx.prisma.account.findUnique({
        where: { organizationId_companyUrl: { organizationId, companyUrl: input.companyUrl } },
        select: { id: true },
      })
    : null;
  return ctx.prisma.employment.create({
    data: {
      organizationId,
      stakeholderId: input.stakeholderId,
      companyName: input.companyName,
      companyUrl: input.companyUrl ?? null,
      accountId: account?.id ?? null,
      title: input.title ?? null,
      startedOn: input.startedOn ?? null,
      endedOn: input.endedOn ?? null,
      source: 'MANUAL',
    },
  });
}

export interface PageAddition extends NewStakeholder {
  /** The client's key: a retried add returns the person it added. */
  idempotencyKey?: string | null;
  /** Add even though a person of the same name is already tracked at the account. */
  notADuplicate?: boolean | null;
}

export type PageAdditionResult =
  | { kind: 'added'; stakeholder: Awaited<ReturnType<typeof createStakeholder>>; replayed: boolean }
  | {
      kind: 'duplicates';
      candidates: Array<{ id: string; fullName: string; accountId: string; profileUrl: string | null }>;
    };

/**
 * A person seen on a company page, added as a stakeholder in one step. Possible duplicates (the same
 * profile URL anywhere, or the same name at the account) are offered for linking instead.
 */
export async function addFromPage(ctx: Context, input: PageAddition): Promise<PageAdditionResult> {
  const organizationId = ctx.viewer.organizationId;
  // What the request says about the person; the duplicate override is how to add them, not what is added.
  const { notADuplicate: _override, ...person } = input;
  const hash = input.idempotencyKey ? requestHash(person) : null;
  const replay = (earlier: Stakeholder): PageAdditionResult => {
    if (hash !== null) assertSameRequest(earlier.creationRequestHash, hash, 'person');
    return { kind: 'added', stakeholder: earlier, replayed: true };
  };
  const addedUnderKey = () =>
    input.idempotencyKey
      ? ctx.prisma.stakeholder.findUnique({
          where: { organizationId_creationKey: { organizationId, creationKey: input.idempotencyKey } },
        })
      : null;
  const earlier = await addedUnderKey();
  if (earlier) return replay(earlier);
  const candidates = await ctx.prisma.stakeholder.findMany({
    where: {
      organizationId,
      OR: [
        ...(input.profileUrl ? [{ profileUrl: input.profileUrl }] : []),
        { accountId: input.accountId, fullName: { equals: input.fullName, mode: 'insensitive' as const } },
      ],
    },
    select: { id: true, fullName: true, accountId: true, profileUrl: true },
    take: 10,
  });
  const sameProfile = candidates.some((candidate) => input.profileUrl && candidate.profileUrl === input.profileUrl);
  if (candidates.length > 0 && (sameProfile || !input.notADuplicate)) {
    // The duplicate may be this very request, added by a concurrent copy since the first look.
    const added = await addedUnderKey();
    return added ? replay(added) : { kind: 'duplicates', candidates };
  }
  try {
    const stakeholder = await createStakeholder(ctx, {
      ...input,
      creationKey: input.idempotencyKey ?? null,
      creationRequestHash: hash,
    });
    return { kind: 'added', stakeholder, replayed: false };
  } catch (error) {
    // A concurrent request with the same key added a person first: a retry is its replay, another person a conflict.
    if (!(error instanceof ConflictError)) throw error;
    const winner = await addedUnderKey();
    if (!winner) throw error;
    return replay(winner);
  }
}

// Administering our own team: invitations and their one-time codes, roles, deactivation (through the
// handover, so no account is left without an owner) and reactivation. Every change is written to
// the event log in its transaction. Changes that could remove the last active admin lock the
// organization's row first, so two of them never both pass the check.
import type { MemberRole, Prisma, PrismaClient } from '@threadwatch/db/client';
import { type Context, forgetTokens } from '../context.ts';
import type { TokenLifetime } from '../domain/api-tokens.ts';
import {
  DEFAULT_INVITATION_EXPIRY_DAYS,
  hashInvitationCode,
  invitationExpiry,
  invitationMessages,
  invitationProblem,
  issueInvitationCode,
  lastAdminRefusal,
  type MemberChange,
  memberStatus,
} from '../domain/members.ts';
import { ConflictError, InvitationError, LastAdminError, NotFoundError } from '../errors.ts';
import { issueMemberToken, tokenExpiryFor } from './api-tokens.ts';
import { type Actor, memberActor, recordChange } from './events.ts';
import { handOverAccounts } from './team.ts';

type Tx = Prisma.TransactionClient;

/** Logs one administration change about a member, with their name and role as they were. */
export function recordMemberChange(
  tx: Prisma.TransactionClient,
  organizationId: string,
  kind:
    | 'MEMBER_ADDED'
    | 'MEMBER_INVITED'
    | 'MEMBER_JOINED'
    | 'MEMBER_ROLE_CHANGED'
    | 'MEMBER_DEACTIVATED'
    | 'MEMBER_REACTIVATED',
  actor: Actor,
  member: { id: string; name: string; role: MemberRole },
  now: Date,
  toRole?: MemberRole,
) {
  return recordChange(tx, {
    organizationId,
    kind,
    actor,
    subject: { type: 'Member', id: member.id },
    payload: toRole
      ? { member: member.name, fromRole: member.role, toRole }
      : { member: member.name, role: member.role },
    occurredAt: now,
  });
}

/** Locks the organization's row for the rest of the transaction: administration changes take turns. */
async function lockOrganization(tx: Tx, organizationId: string): Promise<void> {
  await tx.$queryRaw`SELECT "id" FROM "Organization" WHERE "id" = ${organizationId}::uuid FOR UPDATE`;
}

/** Refuses, with nothing changed, a change that would leave no active admin. Call with the organization locked. */
async function guardLastAdmin(tx: Tx, organizationId: string, change: MemberChange): Promise<void> {
  const team = await tx.member.findMany({
    where: { organizationId },
    select: { id: true, role: true, deactivatedAt: true, joinedAt: true },
  });
  const refusal = lastAdminRefusal(
    team.map((member) => ({ id: member.id, role: member.role, status: memberStatus(member) })),
    change,
  );
  if (refusal) throw new LastAdminError(refusal);
}

async function findMember(tx: Tx | PrismaClient, organizationId: string, id: string) {
  const member = await tx.member.findUnique({ where: { organizationId_id: { organizationId, id } } });
  if (!member) throw new NotFoundError('Member');
  return member;
}

export interface Invite {
  name: string;
  email: string;
  role: MemberRole;
}

/**
 * Invites a member: an INVITED member and a one-time code, returned once. Inviting the e-mail of a
 * member who is still INVITED issues a new code and retires the old ones; any other existing
 * member is a conflict.
 */
export async function inviteMember(ctx: Context, input: Invite, now = new Date()) {
  const organizationId = ctx.viewer.organizationId;
  const days = ctx.invitationExpiryDays ?? DEFAULT_INVITATION_EXPIRY_DAYS;
  const issued = issueInvitationCode();
  return ctx.prisma.$transaction(async (tx) => {
    await lockOrganization(tx, organizationId);
    let member = await tx.member.findUnique({
      where: { organizationId_email: { organizationId, email: input.email } },
    });
    if (member && memberStatus(member) !== 'INVITED') {
      throw new ConflictError(
        memberStatus(member) === 'DEACTIVATED'
          ? 'A deactivated member has this e-mail: reactivate them (reactivateMember) instead.'
          : 'A member with this e-mail already exists.',
        { typename: 'Member', id: member.id },
      );
    }
    if (member) {
      await tx.invitation.updateMany({
        where: { organizationId, memberId: member.id, usedAt: null, revokedAt: null },
        data: { revokedAt: now },
      });
      member = await tx.member.update({ where: { id: member.id }, data: { name: input.name, role: input.role } });
    } else {
      member = await tx.member.create({
        data: { organizationId, name: input.name, email: input.email, role: input.role, joinedAt: null },
      });
    }
    const invitation = await tx.invitation.create({
      data: {
        organizationId,
        memberId: member.id,
        codeHash: issued.hash,
        expiresAt: invitationExpiry(now, days),
        createdById: ctx.viewer.memberId,
        createdAt: now,
      },
    });
    await recordMemberChange(tx, organizationId, 'MEMBER_INVITED', memberActor(ctx.viewer.memberId), member, now);
    return { member, code: issued.code, expiresAt: invitation.expiresAt };
  });
}

/**
 * The invitee exchanges their code for a token of their own. The code is claimed with one
 * conditional update: of two exchanges at the same moment exactly one wins; a used, expired or
 * unknown code changes nothing.
 */
export async function acceptInvitation(
  prisma: PrismaClient,
  code: string,
  tokenName: string,
  lifetime?: TokenLifetime,
  now = new Date(),
) {
  const codeHash = hashInvitationCode(code);
  return prisma.$transaction(async (tx) => {
    // One statement claims the code: a second exchange waits for the first's row lock, then finds
    // the code used and claims nothing (PostgreSQL re-checks the condition on the updated row).
    const claimed = await tx.$queryRaw<Array<{ id: string }>>`
      UPDATE "Invitation" SET "usedAt" = ${now}
      WHERE "codeHash" = ${codeHash} AND "usedAt" IS NULL AND "revokedAt" IS NULL AND "expiresAt" > ${now}
      RETURNING "id"`;
    const invitation = await tx.invitation.findUnique({ where: { codeHash }, include: { member: true } });
    if (claimed.length === 0 || !invitation || invitation.member.deactivatedAt) {
      // Claimed by this call but not usable (its member was deactivated): the rollback releases it.
      const problem =
        invitationProblem(invitation && claimed.length ? { ...invitation, usedAt: null } : invitation, now) ?? 'USED';
      throw new InvitationError(problem, invitationMessages[problem]);
    }
    const member = await tx.member.update({
      where: { id: invitation.memberId },
      data: { joinedAt: invitation.member.joinedAt ?? now },
    });
    const { token, secret } = await issueMemberToken(
      tx,
      {
        organizationId: invitation.organizationId,
        memberId: member.id,
        name: tokenName,
        expiresAt: tokenExpiryFor({ tokenLifetime: lifetime }, now),
      },
      memberActor(member.id),
    );
    await recordMemberChange(tx, invitation.organizationId, 'MEMBER_JOINED', memberActor(member.id), member, now);
    return { member, token, secret };
  });
}

export async function changeMemberRole(ctx: Context, memberId: string, toRole: MemberRole, now = new Date()) {
  const organizationId = ctx.viewer.organizationId;
  const changed = await ctx.prisma.$transaction(async (tx) => {
    await lockOrganization(tx, organizationId);
    const member = await findMember(tx, organizationId, memberId);
    if (member.role === toRole) return member;
    await guardLastAdmin(tx, organizationId, { memberId, toRole });
    const updated = await tx.member.update({ where: { id: member.id }, data: { role: toRole } });
    await recordMemberChange(
      tx,
      organizationId,
      'MEMBER_ROLE_CHANGED',
      memberActor(ctx.viewer.memberId),
      member,
      now,
      toRole,
    );
    return updated;
  });
  // Tokens trusted by this process carry the old role: the new one applies from the next request.
  forgetTokens({ memberId });
  return changed;
}

/**
 * Deactivates a member through the handover: their accounts go to `handOverToMemberId`, their tokens
 * and open invitations stop working. Deactivating a member who already is changes nothing.
 */
export async function deactivateMember(
  ctx: Context,
  input: { memberId: string; handOverToMemberId: string },
  now = new Date(),
) {
  const organizationId = ctx.viewer.organizationId;
  const member = await findMember(ctx.prisma, organizationId, input.memberId);
  if (member.deactivatedAt) return { member, accounts: [], casesOpened: 0 };
  const handover = await handOverAccounts(
    ctx,
    { fromMemberId: input.memberId, toMemberId: input.handOverToMemberId, deactivate: true },
    now,
    {
      inTransaction: async (tx) => {
        await lockOrganization(tx, organizationId);
        const current = await findMember(tx, organizationId, input.memberId);
        if (current.deactivatedAt) throw new NotFoundError('Member');
        await guardLastAdmin(tx, organizationId, { memberId: input.memberId, deactivate: true });
        await tx.invitation.updateMany({
          where: { organizationId, memberId: input.memberId, usedAt: null, revokedAt: null },
          data: { revokedAt: now },
        });
        await recordMemberChange(
          tx,
          organizationId,
          'MEMBER_DEACTIVATED',
          memberActor(ctx.viewer.memberId),
          current,
          now,
        );
      },
    },
  );
  const after = await findMember(ctx.prisma, organizationId, input.memberId);
  return { member: after, ...handover };
}

/**
 * Brings a deactivated member back. Their old tokens stay revoked: an admin creates a new one for
 * them (createApiToken with memberId), or, if they never joined, invites them again.
 */
export async function reactivateMember(ctx: Context, memberId: string, now = new Date()) {
  const organizationId = ctx.viewer.organizationId;
  return ctx.prisma.$transaction(async (tx) => {
    await lockOrganization(tx, organizationId);
    const member = await findMember(tx, organizationId, memberId);
    if (!member.deactivatedAt) return member;
    const updated = await tx.member.update({ where: { id: member.id }, data: { deactivatedAt: null } });
    await recordMemberChange(tx, organizationId, 'MEMBER_REACTIVATED', memberActor(ctx.viewer.memberId), member, now);
    return updated;
  });
}

// Threads between our members and stakeholders.
import type { RelationshipStrength } from '@threadwatch/db/client';
import type { Context } from '../context.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { memberActor, personChange, recordChange } from './events.ts';
import { refreshAccountHealth } from './health.ts';
import { uniqueViolation } from './prisma-errors.ts';
import { requireActiveMember, requireStakeholder } from './scope.ts';

export interface NewRelationship {
  memberId: string;
  stakeholderId: string;
  strength: RelationshipStrength;
  lastTouchAt?: Date | null;
}

export async function createRelationship(ctx: Context, input: NewRelationship) {
  const member = await requireActiveMember(ctx, input.memberId);
  const stakeholder = await requireStakeholder(ctx, input.stakeholderId);
  const organizationId = ctx.viewer.organizationId;
  try {
    return await ctx.prisma.$transaction(async (tx) => {
      const created = await tx.relationship.create({
        data: {
          organizationId,
          memberId: input.memberId,
          stakeholderId: input.stakeholderId,
          strength: input.strength,
          lastTouchAt: input.lastTouchAt ?? null,
        },
      });
      await recordChange(
        tx,
        personChange(organizationId, 'THREAD_CREATED', memberActor(ctx.viewer.memberId), stakeholder, {
          member: member.name,
          strength: created.strength,
        }),
      );
      await refreshAccountHealth(tx, organizationId, [stakeholder.accountId], {
        actor: memberActor(ctx.viewer.memberId),
      });
      return created;
    });
  } catch (error) {
    if (!uniqueViolation(error)) throw error;
    const existing = await ctx.prisma.relationship.findUnique({
      where: {
        organizationId_memberId_stakeholderId: {
          organizationId,
          memberId: input.memberId,
          stakeholderId: input.stakeholderId,
        },
      },
      select: { id: true },
    });
    throw new ConflictError(
      'This member already has a thread to this stakeholder: update it instead.',
      existing ? { typename: 'Relationship', id: existing.id } : null,
    );
  }
}

export async function updateRelationship(
  ctx: Context,
  id: string,
  fields: { strength?: RelationshipStrength | null; lastTouchAt?: Date | null },
) {
  const organizationId = ctx.viewer.organizationId;
  const existing = await ctx.prisma.relationship.findUnique({
    where: { organizationId_id: { organizationId, id } },
    select: {
      id: true,
      member: { select: { name: true } },
      stakeholder: { select: { id: true, fullName: true, accountId: true } },
    },
  });
  if (!existing) throw new NotFoundError('Relationship');
  return ctx.prisma.$transaction(async (tx) => {
    const updated = await tx.relationship.update({
      where: { organizationId_id: { organizationId, id } },
      data: {
        ...(fields.strength != null ? { strength: fields.strength } : {}),
        ...(fields.lastTouchAt !== undefined ? { lastTouchAt: fields.lastTouchAt } : {}),
      },
    });
    await recordChange(
      tx,
      personChange(organizationId, 'THREAD_CHANGED', memberActor(ctx.viewer.memberId), existing.stakeholder, {
        member: existing.member.name,
        strength: updated.strength,
      }),
    );
    await refreshAccountHealth(tx, organizationId, [existing.stakeholder.accountId], {
      actor: memberActor(ctx.viewer.memberId),
    });
    return updated;
  });
}

export async function deleteRelationship(ctx: Context, id: string) {
  const organizationId = ctx.viewer.organizationId;
  const existing = await ctx.prisma.relationship.findUnique({
    where: { organizationId_id: { organizationId, id } },
    select: { stakeholder: { select: { accountId: true } } },
  });
  if (!existing) throw new NotFoundError('Relationship');
  await ctx.prisma.$transaction(async (tx) => {
    const { count } = await tx.relationship.deleteMany({ where: { organizationId, id } });
    if (count === 0) throw new NotFoundError('Relationship');
    await refreshAccountHealth(tx, organizationId, [existing.stakeholder.accountId], {
      actor: memberActor(ctx.viewer.memberId),
    });
  });
  return id;
}

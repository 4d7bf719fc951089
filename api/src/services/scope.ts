// Lookups confined to the caller's organization. A row of another organization is reported exactly
// like a missing one.
import type { Context } from '../context.ts';
import { NotFoundError } from '../errors.ts';

export async function requireAccount(ctx: Context, id: string) {
  const account = await ctx.prisma.account.findUnique({
    where: { organizationId_id: { organizationId: ctx.viewer.organizationId, id } },
  });
  if (!account) throw new NotFoundError('Account');
  return account;
}

export async function requireStakeholder(ctx: Context, id: string) {
  const stakeholder = await ctx.prisma.stakeholder.findUnique({
    where: { organizationId_id: { organizationId: ctx.viewer.organizationId, id } },
  });
  if (!stakeholder) throw new NotFoundError('Stakeholder');
  return stakeholder;
}

export async function requireActiveMember(ctx: Context, id: string) {
  const member = await ctx.prisma.member.findUnique({
    where: { organizationId_id: { organizationId: ctx.viewer.organizationId, id } },
  });
  if (!member || member.deactivatedAt) throw new NotFoundError('Member');
  return member;
}

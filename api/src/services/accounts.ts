// Creating and changing accounts.
import type { AccountLifecycle, AccountSegment, AccountTier, Advocacy, Level, Prisma } from '@threadwatch/db/client';
import type { Context } from '../context.ts';
import { ConflictError } from '../errors.ts';
import { memberActor, recordOwnerChange } from './events.ts';
import { refreshAccountHealth } from './health.ts';
import { uniqueViolation } from './prisma-errors.ts';
import { requireAccount, requireActiveMember } from './scope.ts';
import { linkLeadsToNewAccounts, lockOrganizationImports } from './warm-leads.ts';

export interface AccountFields {
  name?: string | null;
  domains?: string[] | null;
  companyUrl?: string | null;
  crmId?: string | null;
  arrMinor?: bigint | null;
  tier?: AccountTier | null;
  segment?: AccountSegment | null;
  lifecycle?: AccountLifecycle | null;
  renewalDate?: Date | null;
  ownerId?: string | null;
  growthPotential?: Level | null;
  strategicValue?: Level | null;
  marketInfluence?: Level | null;
  advocacy?: Advocacy | null;
  referenceable?: boolean | null;
  vocal?: boolean | null;
}

/** Only the fields the caller sent; `null` clears an optional field, absent leaves it as it is. */
function changes(fields: AccountFields): Prisma.AccountUncheckedUpdateInput {
  const data: Prisma.AccountUncheckedUpdateInput = {};
  if (fields.name != null) data.name = fields.name;
  if (fields.domains != null) data.domains = fields.domains;
  if (fields.companyUrl !== undefined) data.companyUrl = fields.companyUrl;
  if (fields.crmId !== undefined) data.crmId = fields.crmId;
  if (fields.arrMinor != null) data.arrMinor = fields.arrMinor;
  if (fields.tier != null) data.tier = fields.tier;
  if (fields.segment != null) data.segment = fields.segment;
  if (fields.lifecycle != null) data.lifecycle = fields.lifecycle;
  if (fields.renewalDate !== undefined) data.renewalDate = fields.renewalDate;
  if (fields.ownerId !== undefined) data.ownerId = fields.ownerId;
  if (fields.growthPotential != null) data.growthPotential = fields.growthPotential;
  if (fields.strategicValue != null) data.strategicValue = fields.strategicValue;
  if (fields.marketInfluence != null) data.marketInfluence = fields.marketInfluence;
  if (fields.advocacy != null) data.advocacy = fields.advocacy;
  if (fields.referenceable != null) data.referenceable = fields.referenceable;
  if (fields.vocal != null) data.vocal = fields.vocal;
  return data;
}

function conflictMessage(error: unknown): string | null {
  const fields = uniqueViolation(error);
  if (!fields) return null;
  if (fields.some((field) => field.includes('companyUrl'))) return 'Another account already has this company page URL.';
  if (fields.some((field) => field.includes('crmId'))) return 'Another account already has this CRM id.';
  return 'This account collides with an existing one.';
}

async function existingFor(ctx: Context, fields: AccountFields): Promise<{ typename: string; id: string } | null> {
  const organizationId = ctx.viewer.organizationId;
  const or: Prisma.AccountWhereInput[] = [];
  if (fields.companyUrl) or.push({ companyUrl: fields.companyUrl });
  if (fields.crmId) or.push({ crmId: fields.crmId });
  if (or.length === 0) return null;
  const existing = await ctx.prisma.account.findFirst({ where: { organizationId, OR: or }, select: { id: true } });
  return existing ? { typename: 'Account', id: existing.id } : null;
}

async function write<T>(ctx: Context, fields: AccountFields, run: () => Promise<T>): Promise<T> {
  if (fields.ownerId) await requireActiveMember(ctx, fields.ownerId);
  try {
    return await run();
  } catch (error) {
    const message = conflictMessage(error);
    if (!message) throw error;
    throw new ConflictError(message, await existingFor(ctx, fields));
  }
}

export function createAccount(ctx: Context, fields: AccountFields & { name: string }) {
  const organizationId = ctx.viewer.organizationId;
  return write(ctx, fields, () =>
    ctx.prisma.$transaction(async (tx) => {
      await lockOrganizationImports(tx, organizationId);
      const account = await tx.account.create({
        data: { ...(changes(fields) as Prisma.AccountUncheckedCreateInput), name: fields.name, organizationId },
      });
      await linkLeadsToNewAccounts(tx, organizationId, [account], memberActor(ctx.viewer.memberId));
      await refreshAccountHealth(tx, organizationId, [account.id], { actor: memberActor(ctx.viewer.memberId) });
      return tx.account.findUniqueOrThrow({ where: { id: account.id } });
    }),
  );
}

export async function updateAccount(ctx: Context, id: string, fields: AccountFields) {
  const current = await requireAccount(ctx, id);
  const organizationId = ctx.viewer.organizationId;
  return write(ctx, fields, () =>
    ctx.prisma.$transaction(async (tx) => {
      await tx.account.update({ where: { organizationId_id: { organizationId, id } }, data: changes(fields) });
      await recordOwnerChange(
        tx,
        organizationId,
        memberActor(ctx.viewer.memberId),
        id,
        current.ownerId,
        fields.ownerId,
      );
      await refreshAccountHealth(tx, organizationId, [id], { actor: memberActor(ctx.viewer.memberId) });
      return tx.account.findUniqueOrThrow({ where: { id } });
    }),
  );
}

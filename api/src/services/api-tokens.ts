// Issuing and revoking API tokens. The secret is returned once and only its hash is kept.
import type { PrismaClient, TokenScope } from '@threadwatch/db/client';
import { type Context, forgetTokens } from '../context.ts';
import { issueToken } from '../domain/api-tokens.ts';
import { isAllowed } from '../domain/permissions.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import { requireActiveMember } from './scope.ts';

export interface NewToken {
  name: string;
  scope?: TokenScope | null;
  expiresAt?: Date | null;
  /** Another member of the organization (admins only); the caller by default. */
  memberId?: string | null;
}

function mayManage(ctx: Context, memberId: string): boolean {
  return memberId === ctx.viewer.memberId || isAllowed(ctx.viewer.role, ctx.viewer.scope, 'manageTokens');
}

export async function createApiToken(ctx: Context, input: NewToken, now = new Date()) {
  const memberId = input.memberId ?? ctx.viewer.memberId;
  if (!mayManage(ctx, memberId)) throw new ForbiddenError('Only admins may create tokens for other members.');
  if (input.expiresAt && input.expiresAt <= now) {
    throw ValidationError.at(['input', 'expiresAt'], 'Must be in the future.');
  }
  // A token never grants more than the token that created it.
  const scope = input.scope ?? 'FULL';
  if (ctx.viewer.scope !== 'FULL' && scope !== ctx.viewer.scope && scope !== 'READ_ONLY') {
    throw new ForbiddenError('A token cannot create a token with a wider scope than its own.');
  }
  await requireActiveMember(ctx, memberId);
  return storeNewToken(ctx.prisma, {
    organizationId: ctx.viewer.organizationId,
    memberId,
    name: input.name,
    scope,
    expiresAt: input.expiresAt ?? null,
  });
}

export interface TokenRecord {
  organizationId: string;
  memberId: string;
  name: string;
  scope?: TokenScope;
  expiresAt?: Date | null;
}

/** Issues a token and stores its hash; the secret is returned once and kept nowhere. */
export async function storeNewToken(prisma: PrismaClient, record: TokenRecord) {
  const issued = issueToken();
  const token = await prisma.apiToken.create({
    data: {
      organizationId: record.organizationId,
      memberId: record.memberId,
      name: record.name,
      tokenHash: issued.hash,
      prefix: issued.prefix,
      scope: record.scope ?? 'FULL',
      expiresAt: record.expiresAt ?? null,
    },
  });
  return { token, secret: issued.secret };
}

export async function revokeApiToken(ctx: Context, id: string, now = new Date()) {
  const organizationId = ctx.viewer.organizationId;
  const token = await ctx.prisma.apiToken.findUnique({ where: { organizationId_id: { organizationId, id } } });
  if (!token || !mayManage(ctx, token.memberId)) throw new NotFoundError('API token');
  if (token.revokedAt) return token;
  const revoked = await ctx.prisma.apiToken.update({ where: { id }, data: { revokedAt: now } });
  forgetTokens({ tokenId: id });
  return revoked;
}

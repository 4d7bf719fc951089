// Issuing and revoking API tokens. The secret is returned once and only its hash is kept.
import type { Prisma, PrismaClient, TokenScope } from '@threadwatch/db/client';
import { DEFAULT_MAX_TOKENS_PER_MEMBER } from '../config.ts';
import { type Context, forgetTokens } from '../context.ts';
import { issueToken } from '../domain/api-tokens.ts';
import { mayManageTokensOf, tokenCreationRefusal } from '../domain/permissions.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';

export interface NewToken {
  name: string;
  scope?: TokenScope | null;
  expiresAt?: Date | null;
  /** Another member of the organization (admins only); the caller by default. */
  memberId?: string | null;
}

export async function createApiToken(ctx: Context, input: NewToken, now = new Date()) {
  const memberId = input.memberId ?? ctx.viewer.memberId;
  const refusal = tokenCreationRefusal(ctx.viewer, memberId);
  if (refusal) throw new ForbiddenError(refusal);
  if (input.expiresAt && input.expiresAt <= now) {
    throw ValidationError.at(['input', 'expiresAt'], 'Must be in the future.');
  }
  const organizationId = ctx.viewer.organizationId;
  const cap = ctx.maxTokensPerMember ?? DEFAULT_MAX_TOKENS_PER_MEMBER;
  return ctx.prisma.$transaction(async (tx) => {
    // The member's row is locked until the token is stored, so creations for one member take turns:
    // concurrent ones cannot all count the same live tokens and together pass the cap.
    const member = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT "id" FROM "Member"
      WHERE "organizationId" = ${organizationId}::uuid AND "id" = ${memberId}::uuid AND "deactivatedAt" IS NULL
      FOR UPDATE`;
    if (member.length === 0) throw new NotFoundError('Member');
    const live = await tx.apiToken.count({
      where: { organizationId, memberId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    });
    if (live >= cap) {
      throw new ForbiddenError(
        `A member may hold at most ${cap} live tokens; revoke one (revokeApiToken) before creating another.`,
      );
    }
    return storeNewToken(tx, {
      organizationId,
      memberId,
      name: input.name,
      scope: input.scope ?? 'FULL',
      expiresAt: input.expiresAt ?? null,
    });
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
export async function storeNewToken(prisma: PrismaClient | Prisma.TransactionClient, record: TokenRecord) {
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
  if (!token || !mayManageTokensOf(ctx.viewer, token.memberId)) throw new NotFoundError('API token');
  if (token.revokedAt) return token;
  const revoked = await ctx.prisma.apiToken.update({ where: { id }, data: { revokedAt: now } });
  forgetTokens({ tokenId: id });
  return revoked;
}

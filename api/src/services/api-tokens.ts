// Issuing and revoking API tokens. The secret is returned once and only its hash is kept; every
// creation and revocation is written to the event log (the audit trail) in the same transaction.
import type { Prisma, PrismaClient, TokenScope } from '@threadwatch/db/client';
import { DEFAULT_MAX_TOKENS_PER_MEMBER } from '../config.ts';
import { type Context, forgetTokens } from '../context.ts';
import { DEFAULT_TOKEN_LIFETIME, decideExpiry, issueToken } from '../domain/api-tokens.ts';
import { mayManageTokensOf, tokenCreationRefusal } from '../domain/permissions.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import { type Actor, memberActor, recordChange } from './events.ts';

type Tx = Prisma.TransactionClient;

export interface NewToken {
  name: string;
  scope?: TokenScope | null;
  /** When the token stops working; at most the maximum lifetime from now. */
  expiresAt?: Date | null;
  /** Or: how many days from now it stops working. Neither gives the default lifetime. */
  expiresInDays?: number | null;
  /** Another member of the organization (admins only); the caller by default. */
  memberId?: string | null;
}

export async function createApiToken(ctx: Context, input: NewToken, now = new Date()) {
  const memberId = input.memberId ?? ctx.viewer.memberId;
  const refusal = tokenCreationRefusal(ctx.viewer, memberId);
  if (refusal) throw new ForbiddenError(refusal);
  const expiry = decideExpiry(input, now, ctx.tokenLifetime ?? DEFAULT_TOKEN_LIFETIME);
  if ('issue' in expiry) throw new ValidationError([expiry.issue]);
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
      where: { organizationId, memberId, revokedAt: null, expiresAt: { gt: now } },
    });
    if (live >= cap) {
      throw new ForbiddenError(
        `A member may hold at most ${cap} live tokens; revoke one (revokeApiToken) before creating another.`,
      );
    }
    return issueMemberToken(
      tx,
      { organizationId, memberId, name: input.name, scope: input.scope ?? 'FULL', expiresAt: expiry.expiresAt },
      memberActor(ctx.viewer.memberId),
    );
  });
}

export interface TokenRecord {
  organizationId: string;
  memberId: string;
  name: string;
  scope?: TokenScope;
  /** When it stops working: every token expires (decideExpiry, or tokenExpiryFor for the default lifetime). */
  expiresAt: Date;
}

/** Issues a token and stores its hash; the secret is returned once and kept nowhere. No event is written. */
export async function storeNewToken(prisma: PrismaClient | Tx, record: TokenRecord) {
  const issued = issueToken();
  const token = await prisma.apiToken.create({
    data: {
      organizationId: record.organizationId,
      memberId: record.memberId,
      name: record.name,
      tokenHash: issued.hash,
      prefix: issued.prefix,
      scope: record.scope ?? 'FULL',
      expiresAt: record.expiresAt,
    },
  });
  return { token, secret: issued.secret };
}

/**
 * Mints a token inside the caller's transaction and records TOKEN_CREATED (member and token names,
 * never the secret or its hash). For any flow that hands a member a token (creation, an accepted
 * invitation); `expiresAt` comes from decideExpiry (or tokenExpiryFor), so every token expires.
 */
export async function issueMemberToken(tx: Tx, record: TokenRecord, actor: Actor) {
  const issued = await storeNewToken(tx, record);
  const member = await tx.member.findUniqueOrThrow({ where: { id: record.memberId }, select: { name: true } });
  await recordChange(tx, {
    organizationId: record.organizationId,
    kind: 'TOKEN_CREATED',
    actor,
    subject: { type: 'ApiToken', id: issued.token.id },
    payload: { member: member.name, token: record.name },
  });
  return issued;
}

/** The expiry of a token minted now with the default lifetime (the organization's configuration). */
export function tokenExpiryFor(ctx: Pick<Context, 'tokenLifetime'>, now = new Date()): Date {
  const decided = decideExpiry({}, now, ctx.tokenLifetime ?? DEFAULT_TOKEN_LIFETIME);
  if ('issue' in decided) throw new ValidationError([decided.issue]);
  return decided.expiresAt;
}

async function recordRevocation(tx: Tx, actor: Actor, token: { id: string; organizationId: string; name: string }) {
  const member = await tx.apiToken.findUniqueOrThrow({
    where: { id: token.id },
    select: { member: { select: { name: true } } },
  });
  await recordChange(tx, {
    organizationId: token.organizationId,
    kind: 'TOKEN_REVOKED',
    actor,
    subject: { type: 'ApiToken', id: token.id },
    payload: { member: member.member.name, token: token.name },
  });
}

/**
 * Revokes a member's live tokens of one name inside the caller's transaction, recording TOKEN_REVOKED
 * for each. Answers their ids: forget them (forgetTokens) once the transaction has committed.
 */
export async function revokeNamedTokens(
  tx: Tx,
  token: { organizationId: string; memberId: string; name: string },
  actor: Actor,
  now = new Date(),
): Promise<string[]> {
  const taken = await tx.apiToken.updateManyAndReturn({
    where: { ...token, revokedAt: null },
    data: { revokedAt: now },
    select: { id: true, organizationId: true, name: true },
  });
  for (const revoked of taken) await recordRevocation(tx, actor, revoked);
  return taken.map((revoked) => revoked.id);
}

/**
 * Revokes one token: your own, or (admins with a FULL token) anyone's; other tokens are answered as
 * not found. Revoking a revoked token changes nothing and records nothing.
 */
export async function revokeApiToken(ctx: Context, id: string, now = new Date()) {
  const organizationId = ctx.viewer.organizationId;
  const token = await ctx.prisma.apiToken.findUnique({ where: { organizationId_id: { organizationId, id } } });
  if (!token || !mayManageTokensOf(ctx.viewer, token.memberId)) throw new NotFoundError('API token');
  if (token.revokedAt) return token;
  const revoked = await ctx.prisma.$transaction(async (tx) => {
    // Only the first of concurrent revocations writes (and records) it.
    const { count } = await tx.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } });
    if (count === 1) await recordRevocation(tx, memberActor(ctx.viewer.memberId), token);
    return tx.apiToken.findUniqueOrThrow({ where: { id } });
  });
  forgetTokens({ tokenId: id });
  return revoked;
}

/**
 * Revokes every live token of a member at once (admins with a FULL token; or a member's own): one
 * TOKEN_REVOKED per token. Another member's id is answered as not found for everyone else.
 */
export async function revokeMemberTokens(ctx: Context, memberId: string, now = new Date()) {
  const organizationId = ctx.viewer.organizationId;
  if (!mayManageTokensOf(ctx.viewer, memberId)) throw new NotFoundError('Member');
  const member = await ctx.prisma.member.findUnique({
    where: { organizationId_id: { organizationId, id: memberId } },
    select: { id: true },
  });
  if (!member) throw new NotFoundError('Member');
  const revoked = await ctx.prisma.$transaction(async (tx) => {
    const live = await tx.apiToken.findMany({
      where: { organizationId, memberId, revokedAt: null },
      select: { id: true, organizationId: true, name: true },
    });
    const ids = live.map((token) => token.id);
    // Only tokens still unrevoked when written count, so concurrent revocations record each once.
    const taken = await tx.apiToken.updateManyAndReturn({
      where: { id: { in: ids }, revokedAt: null },
      data: { revokedAt: now },
      select: { id: true },
    });
    const written = new Set(taken.map((token) => token.id));
    const actor = memberActor(ctx.viewer.memberId);
    for (const token of live) if (written.has(token.id)) await recordRevocation(tx, actor, token);
    return written.size;
  });
  forgetTokens({ memberId });
  return { revokedCount: revoked, memberId };
}

// The per-request context: who is calling (from the bearer token) and the database.
import type { MemberRole, PrismaClient, TokenScope } from '@threadwatch/db/client';
import { bearerSecret, hashToken } from './domain/api-tokens.ts';
import { UnauthenticatedError } from './errors.ts';
import type { RequestTrace } from './observability/trace.ts';

export interface Viewer {
  organizationId: string;
  memberId: string;
  role: MemberRole;
  tokenId: string;
  scope: TokenScope;
}

export interface Context {
  prisma: PrismaClient;
  viewer: Viewer;
  requestId: string;
}

/** The context of a GraphQL request: the caller, and the request's trace and deadline. */
export interface RequestContext extends Context {
  trace: RequestTrace;
  /** Epoch milliseconds after which no further field is resolved. */
  deadline: number;
}

/** How often the last-used time of a token is written, at most. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** Resolves the caller of a request; throws UnauthenticatedError with a message that says what to fix. */
export async function authenticate(
  prisma: PrismaClient,
  authorization: string | undefined,
  now = new Date(),
): Promise<Viewer> {
  if (!authorization) {
    throw new UnauthenticatedError('Missing API token: send the header "Authorization: Bearer <token>".');
  }
  const secret = bearerSecret(authorization);
  if (!secret) {
    throw new UnauthenticatedError('Malformed Authorization header: expected "Bearer tw_…".');
  }
  const token = await prisma.apiToken.findUnique({
    where: { tokenHash: hashToken(secret) },
    select: {
      id: true,
      organizationId: true,
      memberId: true,
      scope: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
      member: { select: { role: true, deactivatedAt: true } },
    },
  });
  if (!token || token.revokedAt || token.member.deactivatedAt) {
    throw new UnauthenticatedError('Invalid or revoked API token.');
  }
  if (token.expiresAt && token.expiresAt <= now) {
    throw new UnauthenticatedError('API token has expired: create a new one.');
  }
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await prisma.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: now }, select: { id: true } });
  }
  return {
    organizationId: token.organizationId,
    memberId: token.memberId,
    role: token.member.role,
    tokenId: token.id,
    scope: token.scope,
  };
}

// The per-request context: who is calling (from the bearer token) and the database.
import type { MemberRole, PrismaClient, TokenScope } from '@threadwatch/db/client';
import { bearerSecret, hasExpired, hashToken, lastUseDue, type TokenLifetime } from './domain/api-tokens.ts';
import { TokenExpiredError, UnauthenticatedError } from './errors.ts';
import type { ResponseMediaType } from './http/graphql-over-http.ts';
import type { RequestTrace } from './observability/trace.ts';
import type { Principal } from './principals.ts';

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
  /** Most live tokens a member may hold (MAX_TOKENS_PER_MEMBER); the default when absent. */
  maxTokensPerMember?: number;
  /** Lifetime of new API tokens (TOKEN_LIFETIME_DAYS, TOKEN_MAX_LIFETIME_DAYS); the defaults when absent. */
  tokenLifetime?: TokenLifetime;
  /** Whether webhook endpoints may point at loopback and private addresses (refused when absent). */
  webhooks?: { allowPrivateAddresses: boolean };
  /** A caller who is not a member (the operator, an invitee); their `viewer` refuses every read. */
  principal?: Principal;
  /** Days an invitation code works (INVITATION_EXPIRY_DAYS); the default when absent. */
  invitationExpiryDays?: number;
}

/** The context of a GraphQL request: the caller, and the request's trace and deadline. */
export interface RequestContext extends Context {
  trace: RequestTrace;
  /** Epoch milliseconds after which no further field is resolved. */
  deadline: number;
  /** The media type the answer is sent as (see http/graphql-over-http.ts); null when the client accepts none. */
  responseMediaType: ResponseMediaType | null;
}

/** How often the last-used time of a token is written, at most (per token and process). */
export const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * How long a token, once found valid, is trusted without asking the database again. A revocation
 * or a member's departure made through this process takes effect at once (see forgetTokens); made
 * through another process serving the same database, within this time.
 */
export const TOKEN_TRUST_MS = 1_000;
const TRUSTED_TOKENS_MAX = 10_000;

interface TrustedToken {
  viewer: Viewer;
  expiresAt: Date | null;
  /** Until when (epoch ms) the database need not be asked. */
  trustedUntil: number;
}

/** Valid tokens seen lately, by hash. Unknown, revoked and expired tokens are never kept. */
const trustedTokens = new Map<string, TrustedToken>();

/** Forgets the tokens a revocation or a departure ends, so their next request asks the database. */
export function forgetTokens(which: { tokenId: string } | { memberId: string }): void {
  for (const [hash, entry] of trustedTokens) {
    if ('tokenId' in which ? entry.viewer.tokenId === which.tokenId : entry.viewer.memberId === which.memberId) {
      trustedTokens.delete(hash);
    }
  }
}

function trust(hash: string, entry: TrustedToken): void {
  trustedTokens.delete(hash);
  if (trustedTokens.size >= TRUSTED_TOKENS_MAX) {
    const oldest = trustedTokens.keys().next().value;
    if (oldest !== undefined) trustedTokens.delete(oldest);
  }
  trustedTokens.set(hash, entry);
}

// ---------------------------------------------------------------------------------------------
// Last used: at most once a minute per token and process, written in a batch a second after the
// request that noted it, never on the request's path.

/** How long a noted use waits before the batch that writes it. */
const LAST_USED_BATCH_MS = 1_000;
/** When this process last noted (or found written) each token's last use, by token id. */
const lastUseWritten = new Map<string, Date>();
/** Uses noted and not yet written, per database client. */
const pendingUses = new Map<PrismaClient, Map<string, Date>>();
let batchTimer: ReturnType<typeof setTimeout> | null = null;
/** Writes under way, so shutdown and tests can wait for them. */
const lastUseWrites = new Set<Promise<void>>();

function noteUse(prisma: PrismaClient, tokenId: string, stored: Date | null, now: Date): void {
  const known = lastUseWritten.get(tokenId) ?? stored;
  if (!lastUseDue(known, now, LAST_USED_RESOLUTION_MS)) {
    if (!lastUseWritten.has(tokenId) && known) lastUseWritten.set(tokenId, known);
    return;
  }
  if (lastUseWritten.size >= TRUSTED_TOKENS_MAX) lastUseWritten.clear();
  lastUseWritten.set(tokenId, now);
  let uses = pendingUses.get(prisma);
  if (!uses) {
    uses = new Map();
    pendingUses.set(prisma, uses);
  }
  uses.set(tokenId, now);
  if (!batchTimer) {
    batchTimer = setTimeout(() => {
      batchTimer = null;
      void writeUses();
    }, LAST_USED_BATCH_MS);
    batchTimer.unref();
  }
}

function writeUses(): Promise<void> {
  const batches = [...pendingUses];
  pendingUses.clear();
  const writes = batches.flatMap(([prisma, uses]) =>
    [...uses].map(([tokenId, at]) =>
      prisma.apiToken
        .updateMany({
          // Only moves forward, and not when another process wrote it within the minute.
          where: {
            id: tokenId,
            OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(at.getTime() - LAST_USED_RESOLUTION_MS) } }],
          },
          data: { lastUsedAt: at },
        })
        .then(
          () => undefined,
          // A lost last-used time never fails anything; the next use tries again.
          () => {
            lastUseWritten.delete(tokenId);
          },
        ),
    ),
  );
  const write = Promise.all(writes).then(() => undefined);
  lastUseWrites.add(write);
  void write.finally(() => lastUseWrites.delete(write));
  return write;
}

/** Writes the noted uses now and waits for every write under way (at shutdown, and in tests). */
export async function flushLastUse(): Promise<void> {
  if (batchTimer) {
    clearTimeout(batchTimer);
    batchTimer = null;
  }
  await writeUses();
  while (lastUseWrites.size > 0) await Promise.all([...lastUseWrites]);
}

// ---------------------------------------------------------------------------------------------

function findToken(prisma: PrismaClient, hash: string) {
  return prisma.apiToken.findUnique({
    where: { tokenHash: hash },
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
}

/** Lookups under way by token hash: requests arriving together with one token share one query. */
const lookupsByDatabase = new WeakMap<PrismaClient, Map<string, ReturnType<typeof findToken>>>();

function lookUpToken(prisma: PrismaClient, hash: string): ReturnType<typeof findToken> {
  const key = hash;
  let lookups = lookupsByDatabase.get(prisma);
  if (!lookups) {
    lookups = new Map();
    lookupsByDatabase.set(prisma, lookups);
  }
  const pending = lookups.get(key);
  if (pending) return pending;
  const lookup = findToken(prisma, hash);
  lookups.set(key, lookup);
  const forget = () => {
    if (lookups?.get(key) === lookup) lookups.delete(key);
  };
  lookup.then(forget, forget);
  return lookup;
}

/** Resolves the caller of a request; throws UnauthenticatedError (or TokenExpiredError) saying what to fix. */
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
  const hash = hashToken(secret);
  const trusted = trustedTokens.get(hash);
  if (trusted && trusted.trustedUntil > now.getTime()) {
    if (trusted.expiresAt && hasExpired(trusted.expiresAt, now)) {
      trustedTokens.delete(hash);
      throw new TokenExpiredError(trusted.expiresAt);
    }
    noteUse(prisma, trusted.viewer.tokenId, null, now);
    return trusted.viewer;
  }
  const token = await lookUpToken(prisma, hash);
  if (!token || token.revokedAt || token.member.deactivatedAt) {
    trustedTokens.delete(hash);
    throw new UnauthenticatedError('Invalid or revoked API token.');
  }
  if (token.expiresAt && hasExpired(token.expiresAt, now)) {
    trustedTokens.delete(hash);
    throw new TokenExpiredError(token.expiresAt);
  }
  noteUse(prisma, token.id, token.lastUsedAt, now);
  const viewer: Viewer = Object.freeze({
    organizationId: token.organizationId,
    memberId: token.memberId,
    role: token.member.role,
    tokenId: token.id,
    scope: token.scope,
  });
  trust(hash, { viewer, expiresAt: token.expiresAt, trustedUntil: now.getTime() + TOKEN_TRUST_MS });
  return viewer;
}

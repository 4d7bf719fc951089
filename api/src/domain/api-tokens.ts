// API token secrets: generated once, shown once, stored only as a SHA-256 hash.
import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = 'tw_';
const SECRET_PATTERN = /^tw_[A-Za-z0-9_-]{43}$/;

export interface IssuedToken {
  /** The bearer secret; never stored. */
  secret: string;
  hash: string;
  /** The first characters of the secret, to recognise a token in lists. */
  prefix: string;
}

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function issueToken(): IssuedToken {
  const secret = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { secret, hash: hashToken(secret), prefix: secret.slice(0, 10) };
}

/** Reads the secret from an Authorization header; null when the header is absent or not a well-formed bearer token. */
export function bearerSecret(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const secret = match?.[1];
  return secret && SECRET_PATTERN.test(secret) ? secret : null;
}

// ---------------------------------------------------------------------------------------------
// Expiry

const DAY_MS = 86_400_000;

/** How long tokens live: the lifetime a new token gets when none is asked for, and the longest allowed. */
export interface TokenLifetime {
  defaultDays: number;
  maxDays: number;
}

export const DEFAULT_TOKEN_LIFETIME: TokenLifetime = { defaultDays: 90, maxDays: 365 };

/** What a creation asks for: an instant, a number of days, or neither (the default lifetime). */
export interface ExpiryRequest {
  expiresAt?: Date | null;
  expiresInDays?: number | null;
}

export type ExpiryDecision = { expiresAt: Date } | { issue: { path: string[]; message: string } };

/**
 * When a new token expires. Every token expires: at the instant or after the days asked for, at most
 * `maxDays` from now, or after the default lifetime. A past instant, both forms at once, or a date
 * beyond the maximum is refused with the input field to fix.
 */
export function decideExpiry(request: ExpiryRequest, now: Date, lifetime: TokenLifetime): ExpiryDecision {
  const latest = new Date(now.getTime() + lifetime.maxDays * DAY_MS);
  const { expiresAt, expiresInDays } = request;
  if (expiresAt != null && expiresInDays != null) {
    return { issue: { path: ['input', 'expiresInDays'], message: 'Give expiresAt or expiresInDays, not both.' } };
  }
  if (expiresInDays != null) {
    if (!Number.isInteger(expiresInDays) || expiresInDays < 1 || expiresInDays > lifetime.maxDays) {
      return {
        issue: {
          path: ['input', 'expiresInDays'],
          message: `Must be a whole number of days from 1 to ${lifetime.maxDays}.`,
        },
      };
    }
    return { expiresAt: new Date(now.getTime() + expiresInDays * DAY_MS) };
  }
  if (expiresAt != null) {
    if (Number.isNaN(expiresAt.getTime()) || expiresAt <= now) {
      return { issue: { path: ['input', 'expiresAt'], message: 'Must be in the future.' } };
    }
    if (expiresAt > latest) {
      return {
        issue: {
          path: ['input', 'expiresAt'],
          message: `Must be at most ${lifetime.maxDays} days from now (${latest.toISOString()} at the latest).`,
        },
      };
    }
    return { expiresAt };
  }
  return { expiresAt: new Date(now.getTime() + Math.min(lifetime.defaultDays, lifetime.maxDays) * DAY_MS) };
}

/** Whether a token that expires at `expiresAt` has expired at `now` (the expiry instant itself is past). */
export function hasExpired(expiresAt: Date | null, now: Date): boolean {
  return expiresAt !== null && expiresAt <= now;
}

/**
 * Last used, without a write per request: a token's use is written when it has not been written for
 * `resolutionMs` (at most once a minute per token and process, by default).
 */
export function lastUseDue(lastWritten: Date | null, now: Date, resolutionMs: number): boolean {
  return lastWritten === null || now.getTime() - lastWritten.getTime() >= resolutionMs;
}

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

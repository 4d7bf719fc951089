// Idempotency keys: a request carries a client key; a retry with the same key and the same payload
// is the same request (answered as a replay), the same key with another payload is a conflict. The
// payload is compared by a stable hash stored with what the first request created.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ConflictError } from '../errors.ts';

/** A client's idempotency key: a UUID or anything alike. */
export const idempotencyKey = z
  .string()
  .trim()
  .min(8, 'Must be at least 8 characters (use a UUID).')
  .max(100, 'Must be at most 100 characters.')
  .regex(/^[A-Za-z0-9._:-]+$/, 'Only letters, digits and . _ : - are allowed.');

/** A stable hash of what a request says, its idempotency key left out; a field given as undefined hashes as null. */
export function requestHash<T extends { idempotencyKey?: string | null }>(input: T): string {
  const { idempotencyKey: _key, ...rest } = input as Record<string, unknown>;
  const canonical = Object.keys(rest)
    .sort()
    .map((key) => {
      const value = rest[key];
      return [key, value instanceof Date ? value.toISOString() : (value ?? null)];
    });
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/**
 * Whether a request is a retry of the one that stored `storedHash` under the same key: throws a
 * ConflictError when the payloads differ. A record stored before its request was hashed (null) is
 * taken as the same request.
 */
export function assertSameRequest(storedHash: string | null, hash: string, what: string): void {
  if (storedHash !== null && storedHash !== hash) {
    throw new ConflictError(`This idempotency key was already used for a different ${what}.`);
  }
}

// Webhook signing secrets and signatures, and how a receiver verifies them. Without I/O.
//
// Signature: `Threadwatch-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>]`, where each v1 is
// HMAC-SHA256(secret, `${t}.${body}`) in lower-case hex. During a rotation's overlap the body is
// signed with the new secret and the previous one, so a receiver holding either accepts it.
//
// Endpoints of the STANDARD format are signed as the Standard Webhooks specification says as well:
// `webhook-id`, `webhook-timestamp` (unix seconds) and `webhook-signature: v1,<base64>[ v1,<base64>]`,
// each the HMAC-SHA256 of `${id}.${timestamp}.${body}` keyed with the bytes the secret encodes after
// its `whsec_` prefix (standard base64, as the specification's libraries decode it; secrets issued
// before the STANDARD format used the URL-safe alphabet, which is still read here).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SECRET_PREFIX = 'whsec_';
export const SIGNATURE_HEADER = 'Threadwatch-Signature';

/** `whsec_` and 32 random bytes in standard base64, the form Standard Webhooks libraries decode. */
export function newSigningSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

export function signature(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The header value: one v1 per secret, the current secret first. */
export function signatureHeader(secrets: readonly string[], timestamp: number, body: string): string {
  return [`t=${timestamp}`, ...secrets.map((secret) => `v1=${signature(secret, timestamp, body)}`)].join(',');
}

/** The HMAC key of a Standard Webhooks signature: the bytes after the `whsec_` prefix, base64 (either alphabet). */
function standardKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
}

/** A Standard Webhooks signature: base64 HMAC-SHA256 of `${id}.${timestamp}.${body}`. */
export function standardSignature(secret: string, id: string, timestamp: number, body: string): string {
  return createHmac('sha256', standardKey(secret)).update(`${id}.${timestamp}.${body}`).digest('base64');
}

/** The Standard Webhooks headers: one `v1,<signature>` per secret, the current secret first, space-separated. */
export function standardWebhookHeaders(
  secrets: readonly string[],
  id: string,
  timestamp: number,
  body: string,
): { 'webhook-id': string; 'webhook-timestamp': string; 'webhook-signature': string } {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((secret) => `v1,${standardSignature(secret, id, timestamp, body)}`).join(' '),
  };
}

export interface SigningKeys {
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
}

/** The secrets that sign now: the current one, and the previous one until its overlap ends. */
export function activeSecrets(keys: SigningKeys, now: Date): string[] {
  const previousValid =
    keys.previousSecret && keys.previousSecretExpiresAt && keys.previousSecretExpiresAt.getTime() > now.getTime();
  return previousValid && keys.previousSecret ? [keys.secret, keys.previousSecret] : [keys.secret];
}

export function parseSignatureHeader(header: string): { timestamp: number; signatures: string[] } | null {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const separator = part.indexOf('=');
    if (separator < 1) return null;
    const key = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value) || timestamp !== null) return null;
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (/^[0-9a-f]{64}$/.test(value)) signatures.push(value);
    }
  }
  return timestamp === null || signatures.length === 0 ? null : { timestamp, signatures };
}

export type Verification =
  | { ok: true; timestamp: number }
  | { ok: false; reason: 'malformed' | 'timestamp-outside-tolerance' | 'no-matching-signature' };

/**
 * What a receiver does: parse the header, refuse a timestamp further than `toleranceSeconds` from
 * now (replays), and accept when any v1 matches the HMAC under the receiver's secret.
 */
export function verifySignature(
  header: string | null | undefined,
  body: string,
  secret: string,
  now: Date = new Date(),
  toleranceSeconds = 300,
): Verification {
  const parsed = header ? parseSignatureHeader(header) : null;
  if (!parsed) return { ok: false, reason: 'malformed' };
  if (Math.abs(Math.floor(now.getTime() / 1000) - parsed.timestamp) > toleranceSeconds) {
    return { ok: false, reason: 'timestamp-outside-tolerance' };
  }
  const expected = Buffer.from(signature(secret, parsed.timestamp, body), 'hex');
  const matches = parsed.signatures.some((candidate) => timingSafeEqual(Buffer.from(candidate, 'hex'), expected));
  return matches ? { ok: true, timestamp: parsed.timestamp } : { ok: false, reason: 'no-matching-signature' };
}

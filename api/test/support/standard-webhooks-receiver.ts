// A receiver that verifies a webhook as the Standard Webhooks specification tells receivers to,
// written from the specification alone (not from the sender's code): the secret after `whsec_` is
// standard base64 (a strict decoder, as the specification's libraries use: URL-safe characters are
// refused), the
// signed content is `${webhook-id}.${webhook-timestamp}.${body}`, and any `v1,<base64>` entry of the
// space-separated webhook-signature header may match.
import { createHmac, timingSafeEqual } from 'node:crypto';

type Headers = Record<string, string | string[] | undefined>;

function strictBase64(text: string): Buffer {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw new Error('not standard base64');
  return Buffer.from(text, 'base64');
}

export function verifyStandardWebhook(
  headers: Headers,
  body: string,
  secret: string,
  now: Date = new Date(),
  toleranceSeconds = 300,
): boolean {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signatures !== 'string') return false;
  if (!/^\d+$/.test(timestamp) || Math.abs(now.getTime() / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const key = strictBase64(secret.replace(/^whsec_/, ''));
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return signatures.split(' ').some((entry) => {
    const [version, signature] = entry.split(',');
    if (version !== 'v1' || !signature) return false;
    const candidate = Buffer.from(signature, 'base64');
    return candidate.length === expected.length && timingSafeEqual(candidate, expected);
  });
}

import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newSigningSecret, standardSignature, standardWebhookHeaders } from '../../src/domain/webhook-signing.ts';
import { verifyStandardWebhook } from '../support/standard-webhooks-receiver.ts';

/** The signature as the specification defines it, computed here with node:crypto alone. */
const expected = (secret: string, id: string, timestamp: number, body: string) =>
  createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64'))
    .update(`${id}.${timestamp}.${body}`)
    .digest('base64');

describe('standardSignature', () => {
  it.each([
    // The specification's published example.
    [
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      'msg_p5jXN8AQM9LWM0D4loKWxJek',
      1614265330,
      '{"test": 2432232314}',
      'g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    ],
    // A secret issued before the STANDARD format (URL-safe alphabet, no padding), still read, and a body
    // with non-ASCII text.
    [
      'whsec_q-_0AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBk',
      'V2ViaG9va0V2ZW50OjE',
      1764936000,
      '{"name":"Zoë <Müller>"}',
      null,
    ],
    ['whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'id', 0, '', null],
  ])('signs with %s as the specification says', (secret, id, timestamp, body, published) => {
    const signature = standardSignature(secret, id, timestamp, body);
    expect(signature).toBe(expected(secret, id, timestamp, body));
    if (published) expect(signature).toBe(published);
  });
});

describe('standardWebhookHeaders', () => {
  const secret = newSigningSecret();
  const previous = newSigningSecret();
  const now = new Date('2026-12-05T10:00:00.000Z');
  const timestamp = Math.floor(now.getTime() / 1000);
  const body = '{"id":"V2ViaG9va0V2ZW50OjE","type":"flag.created","data":{}}';

  it('sets the three headers, one v1 entry per active secret, the current one first', () => {
    const headers = standardWebhookHeaders([secret, previous], 'evt_1', timestamp, body);
    expect(headers['webhook-id']).toBe('evt_1');
    expect(headers['webhook-timestamp']).toBe(String(timestamp));
    expect(headers['webhook-signature']).toBe(
      `v1,${expected(secret, 'evt_1', timestamp, body)} v1,${expected(previous, 'evt_1', timestamp, body)}`,
    );
  });

  it.each([
    ['the current secret', secret, body, now, true],
    ['the previous secret during the overlap', previous, body, now, true],
    ['another secret', `whsec_${randomBytes(32).toString('base64')}`, body, now, false],
    ['a changed body', secret, `${body} `, now, false],
    ['a timestamp too old', secret, body, new Date(now.getTime() + 301_000), false],
  ])('a receiver verifying by the specification with %s', (_name, held, received, at, accepted) => {
    const headers = standardWebhookHeaders([secret, previous], 'evt_1', timestamp, body);
    expect(verifyStandardWebhook(headers, received, held, at)).toBe(accepted);
  });
});

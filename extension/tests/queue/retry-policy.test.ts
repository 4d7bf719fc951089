import { describe, expect, it } from 'vitest';
import type { ApiFailure } from '@/api/api-failure';
import { handlingFor, retryDelayMs } from '@/queue/retry-policy';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

describe('retryDelayMs', () => {
  it.each([
    { attempts: 1, delay: 30 * SECOND },
    { attempts: 2, delay: 60 * SECOND },
    { attempts: 3, delay: 2 * MINUTE },
    { attempts: 4, delay: 4 * MINUTE },
    { attempts: 5, delay: 8 * MINUTE },
    { attempts: 6, delay: 16 * MINUTE },
    { attempts: 7, delay: 30 * MINUTE },
    { attempts: 50, delay: 30 * MINUTE },
  ])('doubles from 30 s to the 30 min cap: attempt $attempts waits $delay ms without jitter', ({ attempts, delay }) => {
    expect(retryDelayMs(attempts, () => 0.5)).toBe(delay);
  });

  it.each([
    { attempts: 1, lowest: 30 * SECOND, highest: 36 * SECOND },
    { attempts: 3, lowest: 96 * SECOND, highest: 144 * SECOND },
    { attempts: 7, lowest: 24 * MINUTE, highest: 30 * MINUTE },
  ])('spreads attempt $attempts by ±20 % within [30 s, 30 min]', ({ attempts, lowest, highest }) => {
    expect(retryDelayMs(attempts, () => 0)).toBe(lowest);
    expect(retryDelayMs(attempts, () => 0.999_999)).toBe(highest);
  });
});

describe('handlingFor', () => {
  const failure = (kind: ApiFailure['kind'], extra: Partial<ApiFailure> = {}): ApiFailure => ({
    kind,
    message: `The ${kind} message.`,
    ...extra,
  });

  it.each(['unreachable', 'timeout', 'rate-limited', 'server', 'malformed-response'] as const)(
    'retries after %s',
    (kind) => {
      expect(handlingFor(failure(kind))).toEqual({ action: 'retry', reason: `The ${kind} message.` });
    },
  );

  it.each([
    { kind: 'unauthenticated', waitsFor: 'settings', reason: /^The unauthenticated message\. Save a valid token/ },
    {
      kind: 'token-expired',
      waitsFor: 'settings',
      reason: /^The token-expired message\. The flag is kept and sent once a new token is saved\.$/,
    },
    { kind: 'not-configured', waitsFor: 'settings', reason: /^Not sent yet\. / },
    { kind: 'no-permission', waitsFor: 'settings', reason: /^Not sent yet\. / },
    { kind: 'validation', waitsFor: 'retry-button', reason: /^Refused by the API: / },
    { kind: 'conflict', waitsFor: 'retry-button', reason: /^Conflict: / },
    { kind: 'forbidden', waitsFor: 'retry-button', reason: /^Not allowed: / },
    { kind: 'not-found', waitsFor: 'retry-button', reason: /^Not found: / },
    { kind: 'http', waitsFor: 'retry-button', reason: /^The http message\.$/ },
    { kind: 'graphql', waitsFor: 'retry-button', reason: /^The graphql message\.$/ },
  ] as const)('stops after $kind until $waitsFor', ({ kind, waitsFor, reason }) => {
    expect(handlingFor(failure(kind))).toEqual({ action: 'stop', waitsFor, reason: expect.stringMatching(reason) });
  });

  it('adds the validation issues its message does not already name', () => {
    const handling = handlingFor(
      failure('validation', {
        message: 'input.observedName: Must not be empty.',
        issues: [
          { path: ['input', 'observedName'], message: 'Must not be empty.' },
          { path: ['input', 'pageUrl'], message: 'Must be an http(s) URL.' },
        ],
      }),
    );
    expect(handling).toMatchObject({
      reason: 'Refused by the API: input.observedName: Must not be empty. (input.pageUrl: Must be an http(s) URL.)',
    });
  });
});

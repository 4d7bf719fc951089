/**
 * When and whether a queued flag is tried again: exponential backoff with jitter for failures that
 * pass on their own (API down, timeouts, 5xx, garbled answers), and a stop with a reason for the
 * ones that do not (the API refused the flag, or the token or permission must change first).
 */
import type { ApiFailure } from '@/api/api-failure';
import type { FailureWait } from './queue-item';

/** First retry after about 30 s, doubling up to 30 min. */
export const RETRY_BASE_MS = 30_000;
export const RETRY_CAP_MS = 30 * 60_000;
/** ± share of the delay drawn at random, so many browsers do not retry in lockstep after an outage. */
export const RETRY_JITTER = 0.2;

/**
 * The wait before the next attempt, after `attempts` failed ones (1 or more): 30 s · 2^(attempts−1)
 * capped at 30 min, then ±20 % jitter, kept within [30 s, 30 min]. `random` is in [0, 1).
 */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempts, 1) - 1, 16);
  const base = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** exponent);
  const jittered = base * (1 - RETRY_JITTER + 2 * RETRY_JITTER * random());
  return Math.round(Math.min(RETRY_CAP_MS, Math.max(RETRY_BASE_MS, jittered)));
}

export type FailureHandling =
  | { action: 'retry'; reason: string }
  | { action: 'stop'; reason: string; waitsFor: FailureWait };

function withIssues(failure: Extract<ApiFailure, { kind: 'validation' }>): string {
  const issues = failure.issues?.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];
  const details = issues.filter((issue) => !failure.message.includes(issue));
  return details.length > 0 ? `${failure.message} (${details.join('; ')})` : failure.message;
}

export function handlingFor(failure: ApiFailure): FailureHandling {
  switch (failure.kind) {
    case 'unreachable':
    case 'timeout':
    case 'rate-limited':
    case 'server':
    case 'malformed-response':
      return { action: 'retry', reason: failure.message };
    case 'unauthenticated':
      return {
        action: 'stop',
        waitsFor: 'settings',
        reason: `${failure.message} Save a valid token in settings; the flag is sent again then.`,
      };
    case 'token-expired':
      return {
        action: 'stop',
        waitsFor: 'settings',
        reason: `${failure.message} The flag is kept and sent once a new token is saved.`,
      };
    case 'not-configured':
    case 'no-permission':
      return { action: 'stop', waitsFor: 'settings', reason: `Not sent yet. ${failure.message}` };
    case 'validation':
      return { action: 'stop', waitsFor: 'retry-button', reason: `Refused by the API: ${withIssues(failure)}` };
    case 'conflict':
      return { action: 'stop', waitsFor: 'retry-button', reason: `Conflict: ${failure.message}` };
    case 'forbidden':
      return { action: 'stop', waitsFor: 'retry-button', reason: `Not allowed: ${failure.message}` };
    case 'not-found':
      return { action: 'stop', waitsFor: 'retry-button', reason: `Not found: ${failure.message}` };
    case 'http':
    case 'graphql':
      return { action: 'stop', waitsFor: 'retry-button', reason: failure.message };
  }
}

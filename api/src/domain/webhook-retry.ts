// When a failed webhook delivery is tried again, and which answers count as delivered. Without I/O.

export interface RetryPolicy {
  /** Delay before the second attempt; each later one doubles it. */
  baseDelayMs: number;
  /** No delay exceeds this. */
  maxDelayMs: number;
  /** After this many attempts a delivery is FAILED. */
  maxAttempts: number;
}

/** Waits of 30 s, 1 min, 2, 4, 8, 16, 32 min, 1 h, 1 h (each jittered down to half): ten attempts within about three hours. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 30_000, maxDelayMs: 3_600_000, maxAttempts: 10 };

/**
 * When to try again after `attempts` failed attempts, or null to give up. The delay doubles from
 * the base up to the cap, and is spread over its upper half (jitter in [0.5, 1)) so that many
 * deliveries failing together do not come back together.
 */
export function nextAttemptDelay(attempts: number, policy: RetryPolicy, random: number = Math.random()): number | null {
  if (attempts >= policy.maxAttempts) return null;
  const exponential = policy.baseDelayMs * 2 ** Math.max(0, attempts - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  const jitter = 0.5 + 0.5 * Math.min(Math.max(random, 0), 0.999_999);
  return Math.round(capped * jitter);
}

/** 2xx is delivered; anything else (including redirects, which are not followed) is retried. */
export function isDelivered(statusCode: number): boolean {
  return statusCode >= 200 && statusCode < 300;
}

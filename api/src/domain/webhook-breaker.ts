// The endpoint circuit breaker: an endpoint that keeps failing is paused and probed now and then,
// instead of receiving every delivery. Without I/O; webhooks/claims.ts keeps its state in the database.

export interface BreakerPolicy {
  /** Failed attempts in a row that pause an endpoint. */
  failureThreshold: number;
  /** A paused endpoint gets one probe delivery this long after the pause, and after each failed probe. */
  coolDownMs: number;
}

export const DEFAULT_BREAKER_POLICY: BreakerPolicy = { failureThreshold: 10, coolDownMs: 15 * 60_000 };

export interface BreakerState {
  consecutiveFailures: number;
  pausedAt: Date | null;
  pausedReason: string | null;
  nextProbeAt: Date | null;
}

/**
 * The endpoint's breaker after an attempt: a delivered attempt closes it; a failure counts, pauses
 * the endpoint at the threshold, and a failure while paused (a probe) waits another cool-down.
 * `paused` says whether this attempt is the one that paused it.
 */
export function breakerAfterAttempt(
  state: BreakerState,
  attempt: { delivered: boolean; error: string | null },
  policy: BreakerPolicy,
  now: Date,
): BreakerState & { paused: boolean } {
  if (attempt.delivered) {
    return { consecutiveFailures: 0, pausedAt: null, pausedReason: null, nextProbeAt: null, paused: false };
  }
  const consecutiveFailures = state.consecutiveFailures + 1;
  const nextProbeAt = new Date(now.getTime() + policy.coolDownMs);
  if (state.pausedAt) return { ...state, consecutiveFailures, nextProbeAt, paused: false };
  if (consecutiveFailures < policy.failureThreshold) return { ...state, consecutiveFailures, paused: false };
  return { consecutiveFailures, pausedAt: now, pausedReason: attempt.error ?? 'failed', nextProbeAt, paused: true };
}

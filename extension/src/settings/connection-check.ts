/**
 * The outcome of the last connection test, kept in storage so the popup can show it when it opens,
 * and the sentence that explains it.
 */
import type { ApiFailure } from '@/api/api-failure';
import type { ConnectionInfo } from '@/api/service';

export type ConnectionCheck =
  | ({ state: 'connected'; checkedAt: number } & ConnectionInfo)
  | { state: 'failed'; checkedAt: number; kind: ApiFailure['kind']; message: string; expiresAt?: string };

export function connectionCheckFrom(
  result: { ok: true; value: ConnectionInfo } | { ok: false; failure: ApiFailure },
  checkedAt: number,
): ConnectionCheck {
  return result.ok
    ? { state: 'connected', checkedAt, ...result.value }
    : {
        state: 'failed',
        checkedAt,
        kind: result.failure.kind,
        message: result.failure.message,
        ...(result.failure.kind === 'token-expired' && result.failure.expiresAt
          ? { expiresAt: result.failure.expiresAt }
          : {}),
      };
}

/** One sentence for the popup, e.g. "Connected as Dana Rep (Acme Software)." */
export function describeConnectionCheck(check: ConnectionCheck): string {
  if (check.state === 'failed') return check.message;
  const who = `Connected as ${check.memberName} (${check.organizationName}).`;
  return check.tokenScope === 'READ_ONLY'
    ? `${who} This token is read-only: flags will be refused. Create a token with scope FLAGGING.`
    : who;
}

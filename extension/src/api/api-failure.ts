/**
 * What can go wrong when the extension talks to the Threadwatch API, as plain data.
 *
 * Failures cross extension messaging (background → popup / content scripts) and are stored with
 * queued flags, so they are serializable objects with a stable `kind` and a sentence for people,
 * never raw strings or Error instances. Nothing throws them: every layer returns a `ServiceResult`.
 */

export type ApiFailureKind =
  /** No API URL or token saved yet. */
  | 'not-configured'
  /** The user has not granted the host permission for the API origin. */
  | 'no-permission'
  /** The request never got an HTTP answer (DNS, refused connection, offline, blocked). */
  | 'unreachable'
  /** No complete answer within the client's timeout. */
  | 'timeout'
  /** HTTP 401 or `extensions.code` UNAUTHENTICATED: the token is missing, wrong or revoked. */
  | 'unauthenticated'
  /** `extensions.code` TOKEN_EXPIRED: the token was valid but its expiry date has passed (see `expiresAt`). */
  | 'token-expired'
  /** HTTP 403, FORBIDDEN, or a ForbiddenError result. */
  | 'forbidden'
  /** The API refused the input (ValidationError result, BAD_USER_INPUT, GraphQL validation). */
  | 'validation'
  /** A ConflictError result (e.g. the idempotency key was used for another payload). */
  | 'conflict'
  /** A NotFoundError result. */
  | 'not-found'
  /** HTTP 429. */
  | 'rate-limited'
  /** HTTP 5xx or INTERNAL_SERVER_ERROR. */
  | 'server'
  /** Another HTTP status (404 for a wrong URL, a redirect, …). */
  | 'http'
  /** A GraphQL error with a code this extension does not know. */
  | 'graphql'
  /** The answer is not JSON, or not shaped like a GraphQL response for this operation. */
  | 'malformed-response';

export interface ApiFailureIssue {
  path: string[];
  message: string;
}

interface FailureBase<K extends ApiFailureKind> {
  kind: K;
  /** A sentence that can be shown to the user as is. */
  message: string;
  /** HTTP status, when there was an HTTP answer. */
  status?: number;
  /** `extensions.code` or the typed error's `code`, when the API gave one. */
  code?: string;
}

/**
 * One failure, made once where the API answers (client.ts, operation-call.ts, connection.ts) and
 * carried unchanged from there: in a `ServiceResult`, in the background's answer to a runtime
 * message (`RuntimeError` with code `api`), and in a failed queue item. What the user reads about
 * it is derived where it is shown, from its kind.
 */
/** The kinds whose failures carry nothing beyond the common fields. */
export type PlainFailureKind = Exclude<ApiFailureKind, 'validation' | 'conflict' | 'token-expired'>;

export type ApiFailure =
  | FailureBase<PlainFailureKind>
  | (FailureBase<'validation'> & {
      /** Per-field problems. */
      issues?: ApiFailureIssue[];
    })
  | (FailureBase<'conflict'> & {
      /** The record the input collides with, when the API names it. */
      existingId?: string;
    })
  | (FailureBase<'token-expired'> & {
      /** When the token expired (ISO 8601), as the API says. */
      expiresAt?: string;
    });

export type ServiceResult<T> = { ok: true; value: T } | { ok: false; failure: ApiFailure };

export function succeed<T>(value: T): ServiceResult<T> {
  return { ok: true, value };
}

export function failWith<T>(failure: ApiFailure): ServiceResult<T> {
  return { ok: false, failure };
}

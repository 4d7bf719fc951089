/**
 * What can go wrong when the extension talks to the Threadwatch API, as plain data.
 *
 * Failures cross extension messaging (background → popup / content scripts) and are stored with
 * queued flags, so they are serializable objects with a stable `kind` and a sentence for people,
 * never raw strings or Error instances. `ApiError` carries one through a `throw` inside the
 * background; everything outside it sees `ApiFailure`.
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

export interface ApiFailure {
  kind: ApiFailureKind;
  /** A sentence that can be shown to the user as is. */
  message: string;
  /** HTTP status, when there was an HTTP answer. */
  status?: number;
  /** `extensions.code` or the typed error's `code`, when the API gave one. */
  code?: string;
  /** Per-field problems of a validation failure. */
  issues?: ApiFailureIssue[];
  /** The record a conflict collides with, when the API names it. */
  existingId?: string;
  /** When an expired token expired (ISO 8601), as the API says. */
  expiresAt?: string;
}

/** The one exception type of the API layer; `failure` says what happened. */
export class ApiError extends Error {
  override name = 'ApiError';

  constructor(readonly failure: ApiFailure) {
    super(failure.message);
  }
}

export type ServiceResult<T> = { ok: true; value: T } | { ok: false; failure: ApiFailure };

export function succeed<T>(value: T): ServiceResult<T> {
  return { ok: true, value };
}

export function failWith<T>(failure: ApiFailure): ServiceResult<T> {
  return { ok: false, failure };
}

// Expected failures of the API, as plain classes with a stable code. The GraphQL layer exposes them
// as typed results (mutations) or as errors with `extensions.code` (queries); anything else is
// unexpected, logged, and masked.

export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'TOKEN_EXPIRED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'VALIDATION'
  | 'CONFLICT'
  | 'INVITATION_INVALID'
  | 'LAST_ADMIN'
  | 'DATABASE_UNAVAILABLE';

export abstract class AppError extends Error {
  abstract readonly code: ErrorCode;
}

export class UnauthenticatedError extends AppError {
  readonly code = 'UNAUTHENTICATED';
  override name = 'UnauthenticatedError';
}

/**
 * The API token was valid but its expiry date has passed: the member needs a new one. Distinct from
 * UNAUTHENTICATED (unknown, revoked or malformed), so clients can say what to do. Answered with 401.
 */
export class TokenExpiredError extends AppError {
  readonly code = 'TOKEN_EXPIRED';
  override name = 'TokenExpiredError';
  constructor(readonly expiresAt: Date) {
    super(`API token expired on ${expiresAt.toISOString()}: create a new one (createApiToken, or ask an admin).`);
  }
}

export class ForbiddenError extends AppError {
  readonly code = 'FORBIDDEN';
  override name = 'ForbiddenError';
}

export class NotFoundError extends AppError {
  readonly code = 'NOT_FOUND';
  override name = 'NotFoundError';
  constructor(readonly entity: string) {
    super(`${entity} not found.`);
  }
}

export interface ValidationIssue {
  /** Path of the offending input, e.g. ['input', 'profileUrl']. */
  path: string[];
  message: string;
}

export class ValidationError extends AppError {
  readonly code = 'VALIDATION';
  override name = 'ValidationError';
  constructor(readonly issues: ValidationIssue[]) {
    super(
      issues
        .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
        .join('; '),
    );
  }

  static at(path: string[], message: string): ValidationError {
    return new ValidationError([{ path, message }]);
  }
}

export class ConflictError extends AppError {
  readonly code = 'CONFLICT';
  override name = 'ConflictError';
  constructor(
    message: string,
    /** The existing record the input collides with (its type and raw id), when the caller may see it. */
    readonly existing: { typename: string; id: string } | null = null,
  ) {
    super(message);
  }
}

/** An invitation code that is unknown, already used or expired; nothing was changed. */
export class InvitationError extends AppError {
  readonly code = 'INVITATION_INVALID';
  override name = 'InvitationError';
  constructor(
    readonly reason: 'UNKNOWN' | 'USED' | 'EXPIRED',
    message: string,
  ) {
    super(message);
  }
}

/** A role change or deactivation that would leave the organization without an active admin; nothing was changed. */
export class LastAdminError extends AppError {
  readonly code = 'LAST_ADMIN';
  override name = 'LastAdminError';
}

/**
 * The database could not be reached or did not answer in time. Nothing the request asked for can be
 * trusted to have happened or not; the client may retry later. Answered with HTTP 503.
 */
export class DatabaseUnavailableError extends AppError {
  readonly code = 'DATABASE_UNAVAILABLE';
  override name = 'DatabaseUnavailableError';
  constructor() {
    super('The database is not answering; retry in a few seconds.');
  }
}

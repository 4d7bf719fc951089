// Error masking: every GraphQL error as clients see it. Expected failures (AppError, input the
// libraries refused, parse and validation errors) keep their message and get a stable code; anything
// else is logged and answered as "Unexpected error.". A database that cannot be reached becomes
// DATABASE_UNAVAILABLE wherever it surfaces.
import { unwrapResolverError } from '@apollo/server/errors';
import { isConnectionFailure } from '@threadwatch/db/database';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { AppError, DatabaseUnavailableError, ValidationError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { currentTrace } from '../observability/trace.ts';
import { withoutSchemaHints } from '../schema-hints.ts';

const LIMIT_CODES = new Set(['QUERY_TOO_DEEP', 'TOO_MANY_ALIASES', 'QUERY_TOO_COSTLY', 'THROTTLED', 'TIMEOUT']);
// graphql-js words it 'more that N tokens'; either way it becomes a limit error of ours.
const TOO_MANY_TOKENS = /^Syntax Error: Document contains more tha[nt] (\d+) tokens/;

/** Recognises GraphQLError and its subclasses by shape: graphql may be loaded twice (ESM and CommonJS). */
function isGraphQLError(error: unknown): error is GraphQLError {
  return error instanceof Error && 'extensions' in error && 'locations' in error && 'path' in error;
}

/** An error as clients see it: a message, where it happened, and a stable code. */
function clientError(
  formatted: GraphQLFormattedError,
  message: string,
  extensions: Record<string, unknown>,
): GraphQLFormattedError {
  return { message, ...(formatted.path ? { path: formatted.path } : {}), extensions };
}

function toFormattedError(formatted: GraphQLFormattedError, error: unknown, logger: Logger): GraphQLFormattedError {
  const original = asDatabaseUnavailable(unwrapResolverError(error));
  if (original instanceof AppError) {
    return clientError(formatted, original.message, {
      code: original.code,
      ...(original instanceof ValidationError ? { issues: original.issues } : {}),
    });
  }
  // Input the library itself refused (page sizes, cursors): the message is written for clients.
  if (original instanceof Error && original.name === 'PothosValidationError') {
    return clientError(formatted, original.message, { code: 'BAD_USER_INPUT' });
  }
  // Parse, validation and variable failures, and errors Apollo raises itself, are GraphQLErrors.
  // Safe to show unless they wrap an unexpected error, such as a database failure while authenticating.
  if (isGraphQLError(original)) {
    const cause = original.originalError;
    if (!cause || isGraphQLError(cause) || cause instanceof AppError) {
      const { locations: _locations, ...rest } = formatted;
      const extensions = { ...rest.extensions };
      delete extensions.stacktrace;
      if (cause instanceof AppError && extensions.code === 'INTERNAL_SERVER_ERROR') extensions.code = 'BAD_USER_INPUT';
      // Request-level refusals graphql-js and Apollo raise without a code of their own (too many
      // variable errors, an operation kind the schema lacks, persisted-query mistakes).
      if (!cause && !formatted.path && extensions.code === 'INTERNAL_SERVER_ERROR')
        extensions.code = /variables/.test(formatted.message) ? 'BAD_USER_INPUT' : 'BAD_REQUEST';
      // A limit refused during validation keeps its own code rather than the generic validation one.
      if (isGraphQLError(cause) && typeof cause.extensions.code === 'string' && LIMIT_CODES.has(cause.extensions.code))
        Object.assign(extensions, cause.extensions);
      delete extensions.http;
      const tokens = TOO_MANY_TOKENS.exec(formatted.message);
      if (tokens) {
        return {
          message: `Query has more than ${tokens[1]} tokens, the limit; send a smaller document.`,
          extensions: { code: 'TOO_MANY_TOKENS', limit: Number(tokens[1]) },
        };
      }
      return { ...rest, extensions };
    }
  }
  const cause = isGraphQLError(original) ? (original.originalError ?? original) : original;
  logger.error('unexpected error', {
    error: cause instanceof Error ? cause.message : String(cause),
    stack: cause instanceof Error ? cause.stack : undefined,
    path: formatted.path,
  });
  return clientError(formatted, 'Unexpected error.', { code: 'INTERNAL_SERVER_ERROR' });
}

/**
 * The one place where a database that is unreachable or not answering, in whatever form the driver or
 * Prisma reports it (also wrapped in a GraphQLError), becomes DatabaseUnavailableError.
 */
export function asDatabaseUnavailable(error: unknown): unknown {
  const cause = isGraphQLError(error) ? (error.originalError ?? error) : error;
  return isConnectionFailure(cause) ? new DatabaseUnavailableError() : error;
}

/**
 * Apollo's formatError: the masked error, without schema hints unless introspection is on, its code
 * noted on the request's trace (for the access log and metrics).
 */
export function maskErrors(logger: Logger, introspection: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const shown = toFormattedError(formatted, error, logger);
    const answer = introspection ? shown : { ...shown, message: withoutSchemaHints(shown.message) };
    const code = answer.extensions?.code;
    if (typeof code === 'string') currentTrace()?.errorCodes.push(code);
    return answer;
  };
}

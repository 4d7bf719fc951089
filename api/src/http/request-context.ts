// The context of a GraphQL request: its caller (authenticated by token, or the operator or an
// invitee by their secret), its trace, deadline and the answer's media type, and what every request
// carries from the configuration (built once). A caller who cannot be authenticated gets a GraphQL
// error with its HTTP status (401, or 503 while the database is away).
import type { IncomingMessage } from 'node:http';
import type { PrismaClient } from '@threadwatch/db/client';
import { GraphQLError } from 'graphql';
import { authenticate, type RequestContext } from '../context.ts';
import type { TokenLifetime } from '../domain/api-tokens.ts';
import { AppError, DatabaseUnavailableError, TokenExpiredError, UnauthenticatedError } from '../errors.ts';
import { currentTrace, newTrace } from '../observability/trace.ts';
import { noViewer, requestPrincipal } from '../principals.ts';
import { asDatabaseUnavailable } from './error-masking.ts';
import { responseMediaType } from './graphql-over-http.ts';

export interface RequestContextOptions {
  prisma: PrismaClient;
  requestTimeoutMs: number;
  operatorToken?: string | null;
  maxTokensPerMember?: number;
  invitationExpiryDays?: number;
  tokenLifetime?: TokenLifetime;
  webhookAllowPrivateAddresses?: boolean;
}

/** The operation name a client sent, for the trace of a request refused before GraphQL parsed it. */
function claimedOperationName(body: unknown): string | null {
  const name = (body as { operationName?: unknown } | undefined)?.operationName;
  return typeof name === 'string' ? name.slice(0, 64) : null;
}

/** Builds the context of each GraphQL request from the request and its parsed body. */
export function requestContextFor(
  options: RequestContextOptions,
): (req: IncomingMessage, body: unknown) => Promise<RequestContext> {
  const { prisma, requestTimeoutMs } = options;
  // What every request's context carries from the configuration, built once.
  const configured = {
    prisma,
    ...(options.maxTokensPerMember ? { maxTokensPerMember: options.maxTokensPerMember } : {}),
    ...(options.invitationExpiryDays ? { invitationExpiryDays: options.invitationExpiryDays } : {}),
    ...(options.tokenLifetime ? { tokenLifetime: options.tokenLifetime } : {}),
    webhooks: { allowPrivateAddresses: options.webhookAllowPrivateAddresses ?? false },
  };
  return async (req, body) => {
    const trace = currentTrace() ?? newTrace(undefined);
    trace.operationName = claimedOperationName(body);
    try {
      // Node keeps the first of several Authorization headers; a proxy may keep another.
      if ((req.headersDistinct.authorization?.length ?? 0) > 1)
        throw new UnauthenticatedError('Send one Authorization header, not several.');
      const shared = {
        ...configured,
        trace,
        deadline: Date.now() + requestTimeoutMs,
        responseMediaType: responseMediaType(req.headers.accept),
      };
      // The operator, or an invitee with their code: no member, so no viewer (see principals.ts).
      const principal = requestPrincipal(req.headers.authorization, options.operatorToken ?? null);
      if (principal) return { ...shared, principal, viewer: noViewer(principal) };
      const viewer = await authenticate(prisma, req.headers.authorization);
      trace.organizationId = viewer.organizationId;
      trace.tokenId = viewer.tokenId;
      return { ...shared, viewer };
    } catch (error) {
      const known = asDatabaseUnavailable(error);
      if (known instanceof AppError) {
        const status = known instanceof DatabaseUnavailableError ? 503 : 401;
        const expiry = known instanceof TokenExpiredError ? { expiresAt: known.expiresAt.toISOString() } : {};
        throw new GraphQLError(known.message, { extensions: { code: known.code, ...expiry, http: { status } } });
      }
      throw error;
    }
  };
}

// The HTTP server: Apollo on Express (the usual JSON POST on a plain handler, see graphql-http.ts),
// authentication per request, operation limits and budgets, error masking, one JSON log line per
// request, metrics, health and readiness.
import { isUtf8 } from 'node:buffer';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import { ApolloServer } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import type { PrismaClient } from '@threadwatch/db/client';
import { isConnectionFailure, type PoolStats } from '@threadwatch/db/database';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { AUDIT_EXPORT_PATH, auditLogExport } from './audit-export.ts';
import { DEFAULT_QUERY_LIMITS, type QueryLimits, type RateLimit } from './config.ts';
import { authenticate, flushLastUse, type RequestContext } from './context.ts';
import { cors } from './cors.ts';
import type { TokenLifetime } from './domain/api-tokens.ts';
import {
  AppError,
  DatabaseUnavailableError,
  TokenExpiredError,
  UnauthenticatedError,
  ValidationError,
} from './errors.ts';
import { graphqlHttpHandler, isPlainGraphQLPost, sendString } from './graphql-http.ts';
import { mediaTypeStatusPlugin, responseMediaType } from './graphql-over-http.ts';
import { Admission, DEFAULT_MAX_REQUESTS_IN_FLIGHT, OVERLOADED } from './limits/admission.ts';
import { budgetHealth } from './limits/budget-fallback.ts';
import { DocumentCache } from './limits/document-cache.ts';
import { limitsPlugin } from './limits/plugin.ts';
import { aliasLimit, depthLimit } from './limits/query-limits.ts';
import type { BudgetStore } from './limits/rate-limit.ts';
import type { Logger } from './logger.ts';
import { clientAddress } from './observability/client-address.ts';
import { createMetrics, type Metrics } from './observability/metrics.ts';
import { currentTrace, newTrace, type RequestTrace, runWithTrace } from './observability/trace.ts';
import { noViewer, requestPrincipal } from './principals.ts';
import { type Readiness, readinessProbe } from './readiness.ts';
import { EXPORT_PATHS, turnoverReportExport } from './report-export.ts';
import { schema } from './schema/index.ts';
import { withoutSchemaHints } from './schema-hints.ts';

export interface ServerOptions {
  prisma: PrismaClient;
  logger: Logger;
  /** Largest accepted request body, in bytes (default 256 KiB). */
  bodyLimitBytes?: number;
  /** Web origins allowed to call the API besides the browser extension. */
  corsOrigins?: readonly string[];
  /** Schema introspection, and schema hints in error messages; off in production. */
  introspection?: boolean;
  queryLimits?: QueryLimits;
  /** Per-member budget and where it is kept; none by default (the configured API always has one). */
  budget?: { limit: RateLimit; store: BudgetStore } | null;
  /** Most live tokens a member may hold (default 10). */
  maxTokensPerMember?: number;
  /** Lifetime of new API tokens (default 90 days, at most 365). */
  tokenLifetime?: TokenLifetime;
  /** Longest an operation may run, in milliseconds (default 10 s). */
  requestTimeoutMs?: number;
  /** How long stopping waits for in-flight requests, in milliseconds (default 10 s). */
  shutdownGraceMs?: number;
  /** Most GraphQL requests in flight at once, more are shed (default 100; 0: no limit). */
  maxRequestsInFlight?: number;
  /** Readiness: database reachable and migrations applied; dependencies running degraded. */
  readiness?: Readiness;
  /** The database pool, for metrics. */
  poolStats?: () => PoolStats | null;
  databaseKind?: string;
  /** Bearer token /metrics requires; none leaves it open. */
  metricsToken?: string | null;
  /** Webhook endpoints may point at loopback and private addresses (default: refused). */
  webhookAllowPrivateAddresses?: boolean;
  /** Proxies of ours in front of the API, whose X-Forwarded-For entries are believed (default 0: none). */
  trustedProxyHops?: number;
  /** Bearer token of the hosting operator (createOrganization); none refuses every operator call. */
  operatorToken?: string | null;
  /** Days an invitation code works (default 7). */
  invitationExpiryDays?: number;
}

export interface RunningServer {
  url: string;
  httpServer: Server;
  metrics: Metrics;
  admission: Admission;
  /** Answer /readyz with 503 from now on, so load balancers stop sending new requests. */
  markDraining(): void;
  /** Stops accepting connections, finishes in-flight requests (up to the grace period), then resolves. */
  stop(): Promise<void>;
}

const UNAVAILABLE: DatabaseUnavailableError['code'] = 'DATABASE_UNAVAILABLE';
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
function asDatabaseUnavailable(error: unknown): unknown {
  const cause = isGraphQLError(error) ? (error.originalError ?? error) : error;
  return isConnectionFailure(cause) ? new DatabaseUnavailableError() : error;
}

/** Answers malformed HTTP (bad JSON, oversized bodies, wrong encodings) in the same shape as GraphQL errors. */
const httpErrors: ErrorRequestHandler = (error, _req, res, _next) => refuse(res, error);

/** The answer to a request refused by the HTTP layer (see httpErrors), for Express and graphql-http.ts alike. */
function refuse(res: ServerResponse, error: { status?: unknown; type?: unknown; limit?: unknown } | null) {
  const status = typeof error?.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
  const message =
    error?.type === 'encoding.invalid'
      ? 'Request body is not valid UTF-8.'
      : error?.type === 'entity.too.large'
        ? `Request body is too large: the limit is ${Math.round(Number(error.limit) / 1024)} kB. ` +
          'Import larger CSV files with the command line, pnpm run import.'
        : error?.type === 'entity.parse.failed'
          ? 'Request body is not valid JSON.'
          : error?.type === 'encoding.unsupported' || error?.type === 'charset.unsupported'
            ? 'Request body encoding is not supported; send UTF-8 JSON.'
            : status < 500
              ? 'Bad request.'
              : 'Unexpected error.';
  const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR';
  currentTrace()?.errorCodes.push(code);
  if (res.headersSent) return;
  // As Express's res.json sends it.
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  sendString(res, JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/** A JSON body must be UTF-8 as sent: invalid bytes would otherwise be replaced silently. */
function requireUtf8(_req: unknown, _res: unknown, body: Buffer, encoding: string) {
  if (/^utf-?8$/i.test(encoding) && !isUtf8(body))
    throw Object.assign(new Error('Request body is not valid UTF-8.'), { status: 400, type: 'encoding.invalid' });
}

/** GraphQL over HTTP is GET and POST (OPTIONS is answered by CORS); anything else gets a typed 405. */
const onlyGetAndPost: RequestHandler = (req, res, next) => {
  if (req.method === 'GET' || req.method === 'POST') {
    next();
    return;
  }
  currentTrace()?.errorCodes.push('BAD_REQUEST');
  res
    .status(405)
    .setHeader('allow', 'GET, POST')
    .json({
      errors: [
        { message: 'Send GraphQL requests with POST (or GET for queries).', extensions: { code: 'BAD_REQUEST' } },
      ],
    });
};

/**
 * Requests Node refuses before any handler sees them (headers too large, e.g. a huge GET query
 * string; malformed HTTP) are answered in the same JSON shape, then the connection is closed.
 */
function answerClientErrors(server: Server) {
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const message =
      status === 431
        ? 'Request headers are too large; send the query in a POST body.'
        : status === 408
          ? 'The request took too long to arrive.'
          : 'Malformed HTTP request.';
    const body = JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
}

/** Starts a request's trace, answers with its id, and logs and counts the request once it is answered. */
function traceRequest(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  logger: Logger,
  metrics: Metrics,
  trustedProxyHops: number,
): RequestTrace {
  const address = clientAddress(req.socket.remoteAddress, req.headersDistinct['x-forwarded-for'], trustedProxyHops);
  const trace = newTrace(req.headers['x-request-id'], address);
  const method = req.method ?? '';
  res.setHeader('x-request-id', trace.requestId);
  res.once('finish', () => record(trace, method, path, res.statusCode, logger, metrics));
  return trace;
}

/** The Express side of traceRequest: the rest of the request runs with its trace. */
function observe(logger: Logger, metrics: Metrics, trustedProxyHops: number): RequestHandler {
  return (req, res, next) => {
    const trace = traceRequest(req, res, req.path, logger, metrics, trustedProxyHops);
    runWithTrace(trace, next);
  };
}

function record(trace: RequestTrace, method: string, path: string, status: number, logger: Logger, metrics: Metrics) {
  const seconds = (performance.now() - trace.startedAt) / 1000;
  metrics.countHttp(status);
  // The kind is known once the operation resolved: after authentication, parsing and validation.
  const operation = metrics.operationLabel(trace.operationName, trace.operationKind !== null);
  const failed = status >= 400 || trace.errorCodes.length > 0;
  if (path === '/graphql' && method !== 'OPTIONS') {
    metrics.observeRequest(operation, trace.operationKind ?? 'unknown', seconds, failed ? 'error' : 'ok');
    for (const code of trace.errorCodes) metrics.countError(code);
    if (trace.cost !== null) metrics.countCost(operation, trace.cost);
  }
  const fields = {
    requestId: trace.requestId,
    method,
    path,
    status,
    durationMs: Math.round(seconds * 10_000) / 10,
    operation: trace.operationName,
    kind: trace.operationKind,
    cost: trace.cost,
    organizationId: trace.organizationId,
    tokenId: trace.tokenId,
    ...(trace.errorCodes.length ? { errors: trace.errorCodes } : {}),
  };
  // A shed request is a refusal like a spent budget, not a failure of ours.
  if (status >= 500 && !trace.errorCodes.includes(OVERLOADED)) logger.error('request', fields);
  else if (path === '/graphql') logger.info('request', fields);
  else logger.debug('request', fields);
}

/** The operation name a client sent, for the trace of a request refused before GraphQL parsed it. */
function claimedOperationName(body: unknown): string | null {
  const name = (body as { operationName?: unknown } | undefined)?.operationName;
  return typeof name === 'string' ? name.slice(0, 64) : null;
}

export async function startServer(options: ServerOptions & { port: number; host: string }): Promise<RunningServer> {
  const { prisma, logger } = options;
  const queryLimits = options.queryLimits ?? DEFAULT_QUERY_LIMITS;
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const admission = new Admission(options.maxRequestsInFlight ?? DEFAULT_MAX_REQUESTS_IN_FLIGHT, () =>
    metrics.countShed(),
  );
  const metrics: Metrics = createMetrics(
    options.poolStats ?? (() => null),
    options.databaseKind ?? 'unknown',
    () => budgetHealth(options.budget?.store),
    () => admission.inFlight,
  );
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const httpServer = createHttpServer();
  answerClientErrors(httpServer);
  // Slow or stalled clients must not hold sockets for long.
  httpServer.headersTimeout = 15_000;
  httpServer.requestTimeout = Math.max(requestTimeoutMs + 5_000, 15_000);
  // Idle keep-alive connections stay open longer than load balancers keep theirs (60 s is common),
  // so the server never closes one just as a client or balancer sends on it (a reset request).
  httpServer.keepAliveTimeout = 65_000;
  let draining = false;

  const introspection = options.introspection ?? process.env.NODE_ENV !== 'production';
  const apollo = new ApolloServer<RequestContext>({
    schema,
    introspection,
    includeStacktraceInErrorResponses: false,
    // main.ts owns the signals: it drains, stops the background work and closes the database in order.
    stopOnTerminationSignals: false,
    parseOptions: { maxTokens: queryLimits.maxTokens },
    validationRules: [depthLimit(queryLimits.maxDepth), aliasLimit(queryLimits.maxAliases)],
    documentStore: new DocumentCache(2_000, (result) => metrics.countDocumentCache(result)),
    formatError: (formatted, error) => {
      const shown = toFormattedError(formatted, error, logger);
      const answer = introspection ? shown : { ...shown, message: withoutSchemaHints(shown.message) };
      const code = answer.extensions?.code;
      if (typeof code === 'string') currentTrace()?.errorCodes.push(code);
      return answer;
    },
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: options.shutdownGraceMs ?? 10_000 }),
      // Answers are never cacheable (the header is set below), so the per-field cache hints Apollo
      // computes by default are skipped: they cost about a fifth of a large query's CPU time.
      ApolloServerPluginCacheControlDisabled(),
      limitsPlugin({ queryLimits, budget: options.budget ?? null }),
      mediaTypeStatusPlugin(),
      {
        async requestDidStart() {
          return {
            async didResolveOperation({ operation, operationName, contextValue }) {
              contextValue.trace.operationName = operationName ?? null;
              contextValue.trace.operationKind = operation?.operation ?? null;
            },
            // A request the database could not serve is the service's failure, not the client's.
            async willSendResponse({ response }) {
              const { body } = response;
              if (body.kind === 'single' && body.singleResult.errors?.some((e) => e.extensions?.code === UNAVAILABLE))
                response.http.status = 503;
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  // What every request's context carries from the configuration, built once.
  const configured = {
    prisma,
    ...(options.maxTokensPerMember ? { maxTokensPerMember: options.maxTokensPerMember } : {}),
    ...(options.invitationExpiryDays ? { invitationExpiryDays: options.invitationExpiryDays } : {}),
    ...(options.tokenLifetime ? { tokenLifetime: options.tokenLifetime } : {}),
    webhooks: { allowPrivateAddresses: options.webhookAllowPrivateAddresses ?? false },
  };
  /** The context of a GraphQL request: its caller (authenticated), trace, deadline and answer's media type. */
  const requestContext = async (req: IncomingMessage, body: unknown): Promise<RequestContext> => {
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

  const trustedProxyHops = options.trustedProxyHops ?? 0;
  const bodyLimitBytes = options.bodyLimitBytes ?? 256 * 1024;
  const corsOrigins = options.corsOrigins ?? [];
  // The common GraphQL request (a JSON POST) is served without Express; every other request by Express.
  const graphqlPost = graphqlHttpHandler({
    apollo,
    bodyLimitBytes,
    corsOrigins,
    startTrace: (req, res, path) => traceRequest(req, res, path, logger, metrics, trustedProxyHops),
    context: requestContext,
    refuse: (res, error) => refuse(res, error as Parameters<typeof refuse>[1]),
    admit: (req, res) => admission.admit(req, res),
  });
  httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (isPlainGraphQLPost(req)) graphqlPost(req, res);
    else app(req, res);
  });

  app.use(observe(logger, metrics, trustedProxyHops));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  const probe = readinessProbe(options.readiness ?? null, logger);
  app.get('/readyz', async (_req, res) => {
    if (draining) {
      res.status(503).json({ status: 'draining' });
      return;
    }
    const { status, body } = await probe();
    res.status(status).json(body);
  });
  app.get('/metrics', async (req, res) => {
    if (options.metricsToken && req.headers.authorization !== `Bearer ${options.metricsToken}`) {
      res
        .status(401)
        .json({ errors: [{ message: 'Metrics need their bearer token.', extensions: { code: 'UNAUTHENTICATED' } }] });
      return;
    }
    res.setHeader('content-type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });
  app.get(EXPORT_PATHS, cors(corsOrigins), turnoverReportExport(prisma));
  app.get(AUDIT_EXPORT_PATH, cors(corsOrigins), auditLogExport(prisma));
  app.use(
    '/graphql',
    cors(corsOrigins),
    onlyGetAndPost,
    (req, res, next) => {
      res.setHeader('cache-control', 'no-store');
      if (admission.admit(req, res)) next();
    },
    express.json({ limit: bodyLimitBytes, verify: requireUtf8 }),
    expressMiddleware(apollo, { context: ({ req }) => requestContext(req, req.body) }),
  );
  app.use(httpErrors);

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host, () => resolve());
  });
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}/graphql`,
    httpServer,
    metrics,
    admission,
    markDraining: () => {
      draining = true;
    },
    stop: async () => {
      draining = true;
      await apollo.stop();
      await flushLastUse();
    },
  };
}

// The HTTP server: wires Apollo on Express (the usual JSON POST on a plain handler, see
// http/graphql-http.ts) with its parts: the request context and authentication (http/request-context.ts),
// operation limits and budgets (limits/), error masking (http/error-masking.ts), refusals of malformed
// HTTP (http/refusals.ts), the access log and metrics (observability/), probes (http/probes.ts).
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import type { PrismaClient } from '@threadwatch/db/client';
import type { PoolStats } from '@threadwatch/db/database';
import express from 'express';
import { DEFAULT_QUERY_LIMITS, type QueryLimits, type RateLimit } from './config.ts';
import { flushLastUse, type RequestContext } from './context.ts';
import type { TokenLifetime } from './domain/api-tokens.ts';
import type { DatabaseUnavailableError } from './errors.ts';
import { AUDIT_EXPORT_PATH, auditLogExport } from './http/audit-export.ts';
import { cors } from './http/cors.ts';
import { maskErrors } from './http/error-masking.ts';
import { graphqlHttpHandler, isPlainGraphQLPost } from './http/graphql-http.ts';
import { mediaTypeStatusPlugin } from './http/graphql-over-http.ts';
import { healthz, metricsEndpoint, readyz } from './http/probes.ts';
import type { Readiness } from './http/readiness.ts';
import { answerClientErrors, httpErrors, onlyGetAndPost, refuse, requireUtf8 } from './http/refusals.ts';
import { EXPORT_PATHS, turnoverReportExport } from './http/report-export.ts';
import { requestContextFor } from './http/request-context.ts';
import { Admission, DEFAULT_MAX_REQUESTS_IN_FLIGHT } from './limits/admission.ts';
import { budgetHealth } from './limits/budget-fallback.ts';
import { DocumentCache } from './limits/document-cache.ts';
import { limitsPlugin } from './limits/plugin.ts';
import { aliasLimit, depthLimit } from './limits/query-limits.ts';
import type { BudgetStore } from './limits/rate-limit.ts';
import type { Logger } from './logger.ts';
import { observe, traceRequest } from './observability/access-log.ts';
import { createMetrics, type Metrics } from './observability/metrics.ts';
import { schema } from './schema/index.ts';

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
    formatError: maskErrors(logger, introspection),
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

  /** The context of a GraphQL request: its caller (authenticated), trace, deadline and answer's media type. */
  const requestContext = requestContextFor({ ...options, requestTimeoutMs });

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
  app.get('/healthz', healthz);
  app.get(
    '/readyz',
    readyz(options.readiness ?? null, logger, () => draining),
  );
  app.get('/metrics', metricsEndpoint(metrics, options.metricsToken));
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

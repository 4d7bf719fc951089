// The HTTP server: Apollo on Express, authentication per request, and error masking.
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import type { PrismaClient } from '@threadwatch/db/client';
import express, { type ErrorRequestHandler } from 'express';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { authenticate, type Context } from './context.ts';
import { cors } from './cors.ts';
import { AppError, ValidationError } from './errors.ts';
import type { Logger } from './logger.ts';
import { schema } from './schema/index.ts';

export interface ServerOptions {
  prisma: PrismaClient;
  logger: Logger;
  /** Largest accepted request body. */
  bodyLimit?: string;
  /** Web origins allowed to call the API besides the browser extension. */
  corsOrigins?: readonly string[];
  introspection?: boolean;
}

export interface RunningServer {
  url: string;
  httpServer: Server;
  stop(): Promise<void>;
}

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
  const original = unwrapResolverError(error);
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

/** Answers malformed HTTP (bad JSON, oversized bodies) in the same shape as GraphQL errors. */
const httpErrors: ErrorRequestHandler = (error, _req, res, _next) => {
  const status = typeof error?.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
  const message =
    error?.type === 'entity.too.large'
      ? `Request body is too large: the limit is ${Math.round(Number(error.limit) / 1024)} kB. ` +
        'Import larger CSV files with the command line, pnpm import.'
      : error?.type === 'entity.parse.failed'
        ? 'Request body is not valid JSON.'
        : status < 500
          ? 'Bad request.'
          : 'Unexpected error.';
  const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR';
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
};

export async function startServer(options: ServerOptions & { port: number; host: string }): Promise<RunningServer> {
  const { prisma, logger } = options;
  const app = express();
  app.disable('x-powered-by');
  const httpServer = createHttpServer(app);

  const apollo = new ApolloServer<Context>({
    schema,
    introspection: options.introspection ?? process.env.NODE_ENV !== 'production',
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => toFormattedError(formatted, error, logger),
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer })],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use(
    '/graphql',
    cors(options.corsOrigins ?? []),
    express.json({ limit: options.bodyLimit ?? '256kb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const requestId = (req.headers['x-request-id'] as string | undefined)?.slice(0, 64) || randomUUID();
        try {
          const viewer = await authenticate(prisma, req.headers.authorization);
          return { prisma, viewer, requestId };
        } catch (error) {
          if (error instanceof AppError) {
            throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
          }
          throw error;
        }
      },
    }),
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
    stop: () => apollo.stop(),
  };
}

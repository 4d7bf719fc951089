// Starts the API: configuration, database (migrated), demo data on the embedded database, HTTP.
import { type Database, databaseTimeouts, openDatabase } from '@threadwatch/db/database';
import { describeConfig } from './config/redaction.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { demoToken, ensureDemoData, liveTokenExpiry } from './demo/demo.ts';
import { budgetHealth, FallbackBudgetStore, redisBudgetStore } from './limits/budget-fallback.ts';
import { type BudgetStore, MemoryBudgetStore } from './limits/rate-limit.ts';
import { SharedBudgetStore } from './limits/shared-budget.ts';
import { createLogger, type Logger } from './logger.ts';
import { startServer } from './server.ts';
import { queueStaleRecomputes } from './services/health-recompute.ts';
import { hasNoOrganization } from './services/organizations.ts';
import { startWebhookDispatcher } from './webhooks/dispatcher.ts';
import { startRunWorker } from './workers/background-runner.ts';
import { startHealthRefresher } from './workers/health-refresher.ts';

/**
 * Where per-member budgets live: Redis when configured, else the shared PostgreSQL (spent from
 * allowances in memory, see shared-budget.ts), else this process. While Redis or PostgreSQL does not
 * answer in time, this process's memory.
 */
function budgetStore(config: Config, db: Database, logger: Logger): BudgetStore {
  if (config.redisUrl) return redisBudgetStore(config.redisUrl, logger);
  if (db.kind === 'postgres') return new FallbackBudgetStore(new SharedBudgetStore(db.prisma, { logger }), logger);
  return new MemoryBudgetStore();
}

/**
 * Brings the database to the current migrations. Several processes may start at once on one
 * PostgreSQL: a current database is left alone (no schema engine, no migration lock), and a process
 * that cannot get the migration lock while another one migrates waits and checks again.
 */
async function migrate(db: Database, logger: Logger, attempts = 5): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    if ((await db.pendingMigrations()).length === 0) return [];
    try {
      return await db.migrate();
    } catch (error) {
      const locked = error instanceof Error && /advisory lock/i.test(error.message);
      if (!locked || attempt >= attempts) throw error;
      logger.warn('another process holds the migration lock; checking again', { attempt });
    }
  }
}

function progressBar(label: string) {
  return (done: number, total: number) => {
    const percent = Math.floor((done / Math.max(total, 1)) * 100);
    process.stderr.write(`\r${label} ${percent}%${done >= total ? '\n' : ''}`);
  };
}

async function main(config: Config) {
  const logger = createLogger(config.logLevel);
  logger.info('configuration', describeConfig(config));
  const db = await openDatabase(config.database, {
    poolSize: config.databasePoolSize,
    ...databaseTimeouts(config.requestTimeoutMs),
  });
  const applied = await migrate(db, logger);
  if (applied.length) logger.info('migrations applied', { migrations: applied });

  let token: string | null = null;
  let tokenExpiresAt: Date | null = null;
  if (config.demoData) {
    if (await ensureDemoData(db.prisma, progressBar('Seeding demo data'))) logger.info('demo data seeded');
    if (config.database.kind === 'pglite' && config.database.dataDir) {
      token = await demoToken(db.prisma, config.database.dataDir, config.tokenLifetime);
      tokenExpiresAt = await liveTokenExpiry(db.prisma, token);
    }
  }

  const budget = config.rateLimit ? { limit: config.rateLimit, store: budgetStore(config, db, logger) } : null;
  // Stopping finishes requests in flight, then closes the background work and the connections
  // within what is left of the grace period.
  const closingMs = Math.min(2_000, Math.floor(config.shutdownGraceMs / 5));
  const server = await startServer({
    prisma: db.prisma,
    logger,
    port: config.port,
    host: config.host,
    corsOrigins: config.corsOrigins,
    introspection: config.environment !== 'production',
    bodyLimitBytes: config.bodyLimitBytes,
    queryLimits: config.queryLimits,
    budget,
    maxTokensPerMember: config.maxTokensPerMember,
    tokenLifetime: config.tokenLifetime,
    requestTimeoutMs: config.requestTimeoutMs,
    shutdownGraceMs: config.shutdownGraceMs - closingMs,
    maxRequestsInFlight: config.maxRequestsInFlight,
    readiness: {
      pendingMigrations: () => db.pendingMigrations(),
      degraded: () => (budget && budgetHealth(budget.store)?.degraded ? [budget.store.kind] : []),
    },
    poolStats: () => db.poolStats(),
    databaseKind: db.kind,
    metricsToken: config.metricsToken,
    webhookAllowPrivateAddresses: config.webhookAllowPrivateAddresses,
    trustedProxyHops: config.trustedProxyHops,
    operatorToken: config.operatorToken,
    invitationExpiryDays: config.invitationExpiryDays,
  });
  // Health stored under older risk rules or settings (a release that changed the rules) is recomputed
  // in the background; the worker also resumes runs a stopped process left unfinished.
  const recomputes = await queueStaleRecomputes(db.prisma);
  if (recomputes.length) logger.info('health recompute queued', { organizations: recomputes.length });
  const runs = startRunWorker(db.prisma, logger);
  const refresher = startHealthRefresher(db.prisma, logger);
  const dispatcher = startWebhookDispatcher(db.prisma, logger, {
    allowPrivateAddresses: config.webhookAllowPrivateAddresses,
    registry: server.metrics.registry,
  });
  const where =
    config.database.kind === 'postgres' ? 'PostgreSQL' : `embedded PGlite (${config.database.dataDir ?? 'in memory'})`;
  console.log(`\nThreadwatch API on ${where}\n  GraphQL: ${server.url}`);
  if (!config.demoData && (await hasNoOrganization(db.prisma))) {
    console.log(`
No organization yet. Create the first one and its admin (prints the admin's token once):
  pnpm run org:create --name "Acme" --currency USD --timezone Europe/Berlin \\
    --admin-name "Jane Doe" --admin-email jane@acme.example
${config.database.kind === 'pglite' ? '(Stop this server first: the embedded database serves one process.)\n' : ''}`);
  }
  if (token) {
    const until = tokenExpiresAt
      ? ` (expires ${tokenExpiresAt.toISOString().slice(0, 10)}; then a start prints a new one)`
      : '';
    console.log(`  Demo token: ${token}${until}\n\nTry it:\n  curl -s ${server.url} \\
    -H 'content-type: application/json' \\
    -H 'authorization: Bearer ${token}' \\
    -d '{"query":"{ viewer { member { name role } organization { name } } accounts(first: 3, orderBy: {field: ARR, direction: DESC}) { totalCount nodes { name tier arrMinor } } }"}'\n`);
  }

  // Stop taking work, let in-flight requests finish, then let go of the database: all within
  // SHUTDOWN_GRACE_MS. What still hangs then (a database or Redis that stopped answering) is abandoned.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal, graceMs: config.shutdownGraceMs });
    setTimeout(() => {
      logger.warn('shutdown grace period over; exiting with work abandoned', { graceMs: config.shutdownGraceMs });
      process.exit(1);
    }, config.shutdownGraceMs);
    server.markDraining();
    refresher.stop();
    await server.stop();
    await runs.stop();
    await dispatcher.stop();
    await budget?.store.close?.();
    await db.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

try {
  await main(loadConfig());
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`Configuration error: ${error.message}`);
    process.exit(2);
  }
  throw error;
}

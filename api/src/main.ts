// Starts the API: configuration, database (migrated), demo data on the embedded database, HTTP.
import { DatabaseConfigError, openDatabase } from '@threadwatch/db/database';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { demoToken, ensureDemoData } from './demo.ts';
import { startHealthRefresher } from './health-refresher.ts';
import { createLogger } from './logger.ts';
import { startServer } from './server.ts';
import { startWebhookDispatcher } from './webhook-dispatcher.ts';

function progressBar(label: string) {
  return (done: number, total: number) => {
    const percent = Math.floor((done / Math.max(total, 1)) * 100);
    process.stderr.write(`\r${label} ${percent}%${done >= total ? '\n' : ''}`);
  };
}

async function main(config: Config) {
  const logger = createLogger(config.logLevel);
  const db = await openDatabase(config.database);
  const applied = await db.migrate();
  if (applied.length) logger.info('migrations applied', { migrations: applied });

  let token: string | null = null;
  if (config.demoData) {
    if (await ensureDemoData(db.prisma, progressBar('Seeding demo data'))) logger.info('demo data seeded');
    if (config.database.kind === 'pglite' && config.database.dataDir)
      token = await demoToken(db.prisma, config.database.dataDir);
  }

  const server = await startServer({
    prisma: db.prisma,
    logger,
    port: config.port,
    host: config.host,
    corsOrigins: config.corsOrigins,
  });
  const refresher = startHealthRefresher(db.prisma, logger);
  const dispatcher = startWebhookDispatcher(db.prisma, logger);
  const where =
    config.database.kind === 'postgres' ? 'PostgreSQL' : `embedded PGlite (${config.database.dataDir ?? 'in memory'})`;
  console.log(`\nThreadwatch API on ${where}\n  GraphQL: ${server.url}`);
  if (token) {
    console.log(`  Demo token: ${token}\n\nTry it:\n  curl -s ${server.url} \\
    -H 'content-type: application/json' \\
    -H 'authorization: Bearer ${token}' \\
    -d '{"query":"{ viewer { member { name role } organization { name } } accounts(first: 3, orderBy: {field: ARR, direction: DESC}) { totalCount nodes { name tier arrMinor } } }"}'\n`);
  }

  const shutdown = async (signal: string) => {
    logger.info('shutting down', { signal });
    refresher.stop();
    await server.stop();
    await dispatcher.stop();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

try {
  await main(loadConfig());
} catch (error) {
  if (error instanceof ConfigError || error instanceof DatabaseConfigError) {
    console.error(`Configuration error: ${error.message}`);
    process.exit(2);
  }
  throw error;
}

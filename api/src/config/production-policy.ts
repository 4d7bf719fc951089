// Production policy: settings that are fine on a laptop and unsafe in production.
import type { Config } from '../config.ts';

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]' || hostname === '::1';
}

/** Settings that are fine on a laptop and unsafe in production; each entry says what to change. */
export function productionProblems(config: Config): string[] {
  const problems: string[] = [];
  if (config.database.kind === 'pglite')
    problems.push('DATABASE_URL must point at PostgreSQL (the embedded database serves one process and no backups).');
  if (config.demoData) problems.push('DEMO_DATA must be off (it creates a demo organization with a known token).');
  if (config.logLevel === 'debug') problems.push('LOG_LEVEL=debug may log personal data; use info or higher.');
  if (!config.rateLimit) problems.push('RATE_LIMIT_POINTS_PER_MINUTE=0 switches off the per-member budget.');
  for (const origin of config.corsOrigins) {
    const url = new URL(origin);
    if (url.protocol !== 'https:' && !isLoopback(url.hostname)) problems.push(`CORS_ORIGINS: ${origin} is not https.`);
  }
  return problems;
}

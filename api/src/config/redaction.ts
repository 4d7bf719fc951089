// The configuration as it may be logged at start: secrets and credentials replaced.
import type { Config } from '../config.ts';

export function describeConfig(config: Config): Record<string, unknown> {
  const redactUrl = (value: string) => {
    try {
      const url = new URL(value);
      if (url.password) url.password = '***';
      url.search = url.search ? '?…' : '';
      return url.toString();
    } catch {
      return '***';
    }
  };
  return {
    environment: config.environment,
    port: config.port,
    host: config.host,
    database:
      config.database.kind === 'postgres'
        ? redactUrl(config.database.url)
        : `pglite:${config.database.dataDir ?? 'memory'}`,
    databasePoolSize: config.databasePoolSize,
    redis: config.redisUrl ? redactUrl(config.redisUrl) : null,
    logLevel: config.logLevel,
    demoData: config.demoData,
    corsOrigins: config.corsOrigins,
    bodyLimitBytes: config.bodyLimitBytes,
    requestTimeoutMs: config.requestTimeoutMs,
    shutdownGraceMs: config.shutdownGraceMs,
    maxRequestsInFlight: config.maxRequestsInFlight,
    queryLimits: config.queryLimits,
    rateLimit: config.rateLimit,
    maxTokensPerMember: config.maxTokensPerMember,
    tokenLifetime: config.tokenLifetime,
    metricsToken: config.metricsToken ? '***' : null,
    webhookAllowPrivateAddresses: config.webhookAllowPrivateAddresses,
    trustedProxyHops: config.trustedProxyHops,
    operatorToken: config.operatorToken ? '***' : null,
    invitationExpiryDays: config.invitationExpiryDays,
  };
}

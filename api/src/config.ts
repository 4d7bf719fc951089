// Configuration from environment variables, parsed and checked at start with messages that say what
// to fix. Every setting the API reads is listed in config/settings.ts (and in README's Configuration
// table), which also catches misspelled ones; config/production-policy.ts says what production
// refuses, config/redaction.ts what of the configuration may be logged.
import { DatabaseConfigError, type DatabaseLocation, parseDatabaseUrl } from '@threadwatch/db/database';
import { productionProblems } from './config/production-policy.ts';
import { unknownSettings } from './config/settings.ts';
import { DEFAULT_TOKEN_LIFETIME, type TokenLifetime } from './domain/api-tokens.ts';
import { DEFAULT_INVITATION_EXPIRY_DAYS } from './domain/members.ts';
import { DEFAULT_MAX_REQUESTS_IN_FLIGHT } from './limits/admission.ts';
import type { LogLevel } from './logger.ts';

export type Environment = 'development' | 'production' | 'test';

export interface QueryLimits {
  /** Deepest nesting of selections, fragments expanded. */
  maxDepth: number;
  /** Most aliased fields in one document. */
  maxAliases: number;
  /** Most lexical tokens in one document (checked while parsing). */
  maxTokens: number;
  /** Most cost points one operation may request. */
  maxCost: number;
}

export interface RateLimit {
  /** Cost points a token regains per minute (the leak rate of its bucket). */
  pointsPerMinute: number;
  /** Cost points a token may spend at once (the bucket's size). */
  burstPoints: number;
}

export interface Config {
  environment: Environment;
  port: number;
  host: string;
  database: DatabaseLocation;
  /** Connections each process keeps to PostgreSQL. */
  databasePoolSize: number;
  /** Redis for state shared between processes (rate limits); null keeps it in PostgreSQL or in-process. */
  redisUrl: string | null;
  logLevel: LogLevel;
  /** Fill an empty database with the demo organization. */
  demoData: boolean;
  /** Web origins allowed to call the API besides the browser extension (CORS_ORIGINS, comma-separated). */
  corsOrigins: string[];
  /** Largest accepted request body, in bytes. */
  bodyLimitBytes: number;
  /** Longest an operation may run before it is stopped, in milliseconds. */
  requestTimeoutMs: number;
  /** How long shutdown waits for in-flight requests, in milliseconds. */
  shutdownGraceMs: number;
  /** Most GraphQL requests a process works on at once; more are shed (503 OVERLOADED). 0: no limit. */
  maxRequestsInFlight: number;
  queryLimits: QueryLimits;
  /** Per-member budget; null when switched off (RATE_LIMIT_POINTS_PER_MINUTE=0). */
  rateLimit: RateLimit | null;
  /** Most live (unrevoked, unexpired) API tokens one member may hold. */
  maxTokensPerMember: number;
  /** Lifetime of a new API token when none is asked for, and the longest one allowed (days). */
  tokenLifetime: TokenLifetime;
  /** Bearer token required by /metrics; null leaves it open (keep it off the public network). */
  metricsToken: string | null;
  /** Webhooks may be sent to loopback and private network addresses. */
  webhookAllowPrivateAddresses: boolean;
  /**
   * How many proxies of ours stand in front of the API (TRUSTED_PROXY_HOPS); 0 = none, and the audit
   * trail's client address is the socket's peer, X-Forwarded-For ignored.
   */
  trustedProxyHops: number;
  /** Bearer token of the hosting operator (createOrganization); null: no operator calls at all. */
  operatorToken: string | null;
  /** Days an invitation code works before the invitee must be invited again. */
  invitationExpiryDays: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxDepth: 12, maxAliases: 30, maxTokens: 3000, maxCost: 25_000 };
export const DEFAULT_RATE_LIMIT: RateLimit = { pointsPerMinute: 60_000, burstPoints: 100_000 };
export const DEFAULT_MAX_TOKENS_PER_MEMBER = 10;

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];
const ENVIRONMENTS: readonly Environment[] = ['development', 'production', 'test'];

function integer(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  { min, max, unit = '' }: { min: number; max: number; unit?: string },
): number {
  const value = env[name];
  if (value === undefined || value.trim() === '') return fallback;
  const number = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number < min || number > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}${unit}, got "${value}".`);
  }
  return number;
}

function parseSwitch(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (/^(1|true|on|yes)$/i.test(value)) return true;
  if (/^(0|false|off|no)$/i.test(value)) return false;
  throw new ConfigError(`${name} must be on or off, got "${value}".`);
}

function parseOrigins(value: string | undefined): string[] {
  if (!value) return [];
  return value.split(',').map((item) => {
    const origin = item.trim();
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      throw new ConfigError(`CORS_ORIGINS: "${origin}" is not an origin such as https://dashboard.example.com.`);
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
      throw new ConfigError(`CORS_ORIGINS: "${origin}" must be an http(s) origin.`);
    if (parsed.origin !== origin)
      throw new ConfigError(`CORS_ORIGINS: write "${parsed.origin}", without a path or trailing slash.`);
    return origin;
  });
}

function parseRedisUrl(value: string | undefined): string | null {
  if (value === undefined || value.trim() === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(value.trim());
  } catch {
    throw new ConfigError('REDIS_URL is not a valid URL (expected redis://host:6379 or rediss://…).');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')
    throw new ConfigError('REDIS_URL must start with redis:// or rediss://.');
  return value.trim();
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const unknown = unknownSettings(env);
  if (unknown.length) {
    throw new ConfigError(
      unknown
        .map(({ name, suggestion }) => `unknown setting ${name}${suggestion ? ` (did you mean ${suggestion}?)` : ''}`)
        .join('; '),
    );
  }
  const environment = (env.NODE_ENV || 'development') as Environment;
  if (!ENVIRONMENTS.includes(environment))
    throw new ConfigError(`NODE_ENV must be one of ${ENVIRONMENTS.join(', ')}, got "${env.NODE_ENV}".`);
  let database: DatabaseLocation;
  try {
    database = parseDatabaseUrl(env.DATABASE_URL);
  } catch (error) {
    if (error instanceof DatabaseConfigError) throw new ConfigError(error.message);
    throw error;
  }
  const logLevel = (env.LOG_LEVEL || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel))
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}".`);
  const pointsPerMinute = integer(env, 'RATE_LIMIT_POINTS_PER_MINUTE', DEFAULT_RATE_LIMIT.pointsPerMinute, {
    min: 0,
    max: 1e12,
  });
  const queryLimits: QueryLimits = {
    maxDepth: integer(env, 'MAX_QUERY_DEPTH', DEFAULT_QUERY_LIMITS.maxDepth, { min: 2, max: 100 }),
    maxAliases: integer(env, 'MAX_QUERY_ALIASES', DEFAULT_QUERY_LIMITS.maxAliases, { min: 0, max: 10_000 }),
    maxTokens: integer(env, 'MAX_QUERY_TOKENS', DEFAULT_QUERY_LIMITS.maxTokens, { min: 100, max: 1_000_000 }),
    maxCost: integer(env, 'MAX_QUERY_COST', DEFAULT_QUERY_LIMITS.maxCost, { min: 1, max: 1e12 }),
  };
  const burstPoints = integer(
    env,
    'RATE_LIMIT_BURST_POINTS',
    Math.max(DEFAULT_RATE_LIMIT.burstPoints, queryLimits.maxCost),
    {
      min: 1,
      max: 1e12,
    },
  );
  if (pointsPerMinute > 0 && burstPoints < queryLimits.maxCost)
    throw new ConfigError(
      `RATE_LIMIT_BURST_POINTS (${burstPoints}) must be at least MAX_QUERY_COST (${queryLimits.maxCost}), or the costliest allowed query could never run.`,
    );
  const config: Config = {
    environment,
    port: integer(env, 'PORT', 4000, { min: 0, max: 65535 }),
    host: env.HOST?.trim() || '127.0.0.1',
    database,
    databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', 10, { min: 1, max: 1000 }),
    redisUrl: parseRedisUrl(env.REDIS_URL),
    logLevel,
    demoData: parseSwitch('DEMO_DATA', env.DEMO_DATA, database.kind === 'pglite' && environment !== 'production'),
    corsOrigins: parseOrigins(env.CORS_ORIGINS),
    bodyLimitBytes: integer(env, 'BODY_LIMIT_KB', 256, { min: 1, max: 100 * 1024, unit: ' (KiB)' }) * 1024,
    requestTimeoutMs: integer(env, 'REQUEST_TIMEOUT_MS', 10_000, { min: 100, max: 600_000 }),
    shutdownGraceMs: integer(env, 'SHUTDOWN_GRACE_MS', 10_000, { min: 0, max: 600_000 }),
    maxRequestsInFlight: integer(env, 'MAX_REQUESTS_IN_FLIGHT', DEFAULT_MAX_REQUESTS_IN_FLIGHT, {
      min: 0,
      max: 100_000,
      unit: ' (0: no limit)',
    }),
    queryLimits,
    rateLimit: pointsPerMinute === 0 ? null : { pointsPerMinute, burstPoints },
    maxTokensPerMember: integer(env, 'MAX_TOKENS_PER_MEMBER', DEFAULT_MAX_TOKENS_PER_MEMBER, { min: 1, max: 1000 }),
    tokenLifetime: {
      defaultDays: integer(env, 'TOKEN_LIFETIME_DAYS', DEFAULT_TOKEN_LIFETIME.defaultDays, { min: 1, max: 3650 }),
      maxDays: integer(env, 'TOKEN_MAX_LIFETIME_DAYS', DEFAULT_TOKEN_LIFETIME.maxDays, { min: 1, max: 3650 }),
    },
    metricsToken: env.METRICS_TOKEN?.trim() || null,
    webhookAllowPrivateAddresses: parseSwitch(
      'WEBHOOK_ALLOW_PRIVATE_ADDRESSES',
      env.WEBHOOK_ALLOW_PRIVATE_ADDRESSES,
      environment !== 'production',
    ),
    trustedProxyHops: integer(env, 'TRUSTED_PROXY_HOPS', 0, { min: 0, max: 10 }),
    operatorToken: env.THREADWATCH_OPERATOR_TOKEN?.trim() || null,
    invitationExpiryDays: integer(env, 'INVITATION_EXPIRY_DAYS', DEFAULT_INVITATION_EXPIRY_DAYS, { min: 1, max: 90 }),
  };
  if (config.tokenLifetime.defaultDays > config.tokenLifetime.maxDays)
    throw new ConfigError(
      `TOKEN_LIFETIME_DAYS (${config.tokenLifetime.defaultDays}) must not exceed TOKEN_MAX_LIFETIME_DAYS (${config.tokenLifetime.maxDays}).`,
    );
  if (config.metricsToken !== null && config.metricsToken.length < 16)
    throw new ConfigError('METRICS_TOKEN must be at least 16 characters.');
  if (config.operatorToken !== null && (config.operatorToken.length < 32 || /^tw(i)?_/.test(config.operatorToken)))
    throw new ConfigError(
      'THREADWATCH_OPERATOR_TOKEN must be at least 32 characters and not look like a member token (tw_…); e.g. openssl rand -hex 32.',
    );
  if (environment === 'production') {
    const problems = productionProblems(config);
    if (problems.length) throw new ConfigError(`unsafe in production (NODE_ENV=production): ${problems.join(' ')}`);
  }
  return config;
}

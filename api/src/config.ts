// Configuration from environment variables, checked at start with messages that say what to fix.
// Every setting the API reads is listed in SETTINGS (and in README's Configuration table); a variable
// that looks like one of ours but is not known stops the start, so a typo is never silently ignored.
import { DatabaseConfigError, type DatabaseLocation, parseDatabaseUrl } from '@threadwatch/db/database';
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

interface Setting {
  name: string;
  secret?: boolean;
}

/** Every variable the API reads. */
export const SETTINGS: readonly Setting[] = [
  { name: 'NODE_ENV' },
  { name: 'PORT' },
  { name: 'HOST' },
  { name: 'DATABASE_URL', secret: true },
  { name: 'DATABASE_POOL_SIZE' },
  { name: 'REDIS_URL', secret: true },
  { name: 'LOG_LEVEL' },
  { name: 'DEMO_DATA' },
  { name: 'CORS_ORIGINS' },
  { name: 'BODY_LIMIT_KB' },
  { name: 'REQUEST_TIMEOUT_MS' },
  { name: 'SHUTDOWN_GRACE_MS' },
  { name: 'MAX_REQUESTS_IN_FLIGHT' },
  { name: 'MAX_QUERY_DEPTH' },
  { name: 'MAX_QUERY_ALIASES' },
  { name: 'MAX_QUERY_TOKENS' },
  { name: 'MAX_QUERY_COST' },
  { name: 'RATE_LIMIT_POINTS_PER_MINUTE' },
  { name: 'RATE_LIMIT_BURST_POINTS' },
  { name: 'MAX_TOKENS_PER_MEMBER' },
  { name: 'TOKEN_LIFETIME_DAYS' },
  { name: 'TOKEN_MAX_LIFETIME_DAYS' },
  { name: 'METRICS_TOKEN', secret: true },
  { name: 'WEBHOOK_ALLOW_PRIVATE_ADDRESSES' },
  { name: 'TRUSTED_PROXY_HOPS' },
  { name: 'THREADWATCH_OPERATOR_TOKEN', secret: true },
  { name: 'INVITATION_EXPIRY_DAYS' },
];

/** Variables of ours that the server does not read (the import command's token), so not a mistake here. */
const READ_ELSEWHERE = new Set(['THREADWATCH_TOKEN']);

/** Prefixes that mark a variable as meant for this API; an unknown one with them is a mistake. */
const OUR_PREFIXES = [
  'THREADWATCH_',
  'DATABASE_',
  'REDIS_',
  'LOG_',
  'DEMO_',
  'CORS_',
  'BODY_',
  'REQUEST_',
  'SHUTDOWN_',
  'MAX_QUERY_',
  'RATE_LIMIT_',
  'METRICS_',
  'WEBHOOK_',
  'TRUSTED_',
  'INVITATION_',
  'TOKEN_',
];

export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxDepth: 12, maxAliases: 30, maxTokens: 3000, maxCost: 25_000 };
export const DEFAULT_RATE_LIMIT: RateLimit = { pointsPerMinute: 60_000, burstPoints: 100_000 };
export const DEFAULT_MAX_TOKENS_PER_MEMBER = 10;

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];
const ENVIRONMENTS: readonly Environment[] = ['development', 'production', 'test'];

/** Levenshtein distance, for "did you mean" on misspelled settings. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Variables that look like settings of ours (our prefixes, or one or two letters off a known name) but are not. */
export function unknownSettings(env: NodeJS.ProcessEnv): Array<{ name: string; suggestion: string | null }> {
  const known = new Set(SETTINGS.map((setting) => setting.name));
  const found: Array<{ name: string; suggestion: string | null }> = [];
  for (const name of Object.keys(env).sort()) {
    if (known.has(name) || READ_ELSEWHERE.has(name)) continue;
    const closest = SETTINGS.map((setting) => ({ name: setting.name, d: distance(name, setting.name) })).sort(
      (a, b) => a.d - b.d,
    )[0];
    const nearMiss = closest !== undefined && closest.d <= 2 && name.length >= 5;
    if (nearMiss || OUR_PREFIXES.some((prefix) => name.startsWith(prefix))) {
      found.push({ name, suggestion: closest && closest.d <= 3 ? closest.name : null });
    }
  }
  return found;
}

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

/** The configuration as it may be logged: secrets and credentials replaced. */
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

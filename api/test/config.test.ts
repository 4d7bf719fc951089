import { describe, expect, it } from 'vitest';
import { describeConfig } from '../src/config/redaction.ts';
import { unknownSettings } from '../src/config/settings.ts';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('configuration', () => {
  it('has sensible defaults for a laptop', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      environment: 'development',
      port: 4000,
      host: '127.0.0.1',
      database: { kind: 'pglite' },
      demoData: true,
      bodyLimitBytes: 256 * 1024,
      queryLimits: { maxDepth: 12, maxAliases: 30, maxTokens: 3000, maxCost: 25_000 },
      rateLimit: { pointsPerMinute: 60_000, burstPoints: 100_000 },
      maxTokensPerMember: 10,
      tokenLifetime: { defaultDays: 90, maxDays: 365 },
      redisUrl: null,
      metricsToken: null,
      maxRequestsInFlight: 100,
    });
  });

  it.each([
    [{ PORT: '70000' }, 'PORT must be a whole number from 0 to 65535, got "70000".'],
    [{ PORT: '80a' }, 'PORT must be a whole number'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of debug, info, warn, error, silent, got "loud".'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV must be one of development, production, test'],
    [{ DEMO_DATA: 'maybe' }, 'DEMO_DATA must be on or off'],
    [{ DATABASE_URL: 'mysql://localhost/x' }, 'DATABASE_URL must start with postgres://'],
    [{ REDIS_URL: 'http://localhost:6379' }, 'REDIS_URL must start with redis:// or rediss://.'],
    [{ CORS_ORIGINS: 'https://a.example.com/' }, 'write "https://a.example.com", without a path'],
    [{ CORS_ORIGINS: 'ftp://a.example.com' }, 'must be an http(s) origin'],
    [{ MAX_QUERY_DEPTH: '1' }, 'MAX_QUERY_DEPTH must be a whole number from 2 to 100'],
    [{ MAX_QUERY_COST: '-5' }, 'MAX_QUERY_COST must be a whole number'],
    [{ RATE_LIMIT_BURST_POINTS: '10' }, 'RATE_LIMIT_BURST_POINTS (10) must be at least MAX_QUERY_COST (25000)'],
    [{ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN must be at least 16 characters.'],
    [
      { MAX_REQUESTS_IN_FLIGHT: '-1' },
      'MAX_REQUESTS_IN_FLIGHT must be a whole number from 0 to 100000 (0: no limit), got "-1".',
    ],
    [{ MAX_REQUESTS_IN_FLIGHT: 'lots' }, 'MAX_REQUESTS_IN_FLIGHT must be a whole number'],
    [{ MAX_REQUESTS_IN_FLIGHT: '1e3' }, 'MAX_REQUESTS_IN_FLIGHT must be a whole number'],
    [
      { MAX_REQUESTS_IN_FLIGHTS: '5' },
      'unknown setting MAX_REQUESTS_IN_FLIGHTS (did you mean MAX_REQUESTS_IN_FLIGHT?)',
    ],
    [{ MAX_TOKENS_PER_MEMBER: '0' }, 'MAX_TOKENS_PER_MEMBER must be a whole number from 1 to 1000, got "0".'],
    [{ MAX_TOKENS_PER_MEMBER: 'many' }, 'MAX_TOKENS_PER_MEMBER must be a whole number'],
    [{ TOKEN_LIFETIME_DAYS: '0' }, 'TOKEN_LIFETIME_DAYS must be a whole number from 1 to 3650, got "0".'],
    [{ TOKEN_MAX_LIFETIME_DAYS: 'forever' }, 'TOKEN_MAX_LIFETIME_DAYS must be a whole number'],
    [
      { TOKEN_LIFETIME_DAYS: '400', TOKEN_MAX_LIFETIME_DAYS: '365' },
      'TOKEN_LIFETIME_DAYS (400) must not exceed TOKEN_MAX_LIFETIME_DAYS (365).',
    ],
    [{ TOKEN_LIFETIME: '30' }, 'unknown setting TOKEN_LIFETIME'],
    [{ DATABSE_URL: 'postgres://x' }, 'unknown setting DATABSE_URL (did you mean DATABASE_URL?)'],
    [{ LOG_LEVLE: 'info' }, 'unknown setting LOG_LEVLE (did you mean LOG_LEVEL?)'],
    [{ RATE_LIMIT_PER_SECOND: '5' }, 'unknown setting RATE_LIMIT_PER_SECOND'],
    [{ THREADWATCH_PORT: '5' }, 'unknown setting THREADWATCH_PORT'],
  ])('refuses %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('ignores variables that are not ours, and the import command’s token', () => {
    expect(
      unknownSettings({
        PATH: '/bin',
        HOME: '/root',
        HOSTNAME: 'box',
        NODE_OPTIONS: '',
        TEST_DATABASE_URL: 'x',
        THREADWATCH_TOKEN: 'tw_for_the_import_command',
      }),
    ).toEqual([]);
  });

  it.each([
    [{}, 'DATABASE_URL must point at PostgreSQL'],
    [{ DATABASE_URL: 'postgres://db/tw', DEMO_DATA: 'on' }, 'DEMO_DATA must be off'],
    [{ DATABASE_URL: 'postgres://db/tw', LOG_LEVEL: 'debug' }, 'LOG_LEVEL=debug may log personal data'],
    [{ DATABASE_URL: 'postgres://db/tw', RATE_LIMIT_POINTS_PER_MINUTE: '0' }, 'switches off the per-member budget'],
    [{ DATABASE_URL: 'postgres://db/tw', CORS_ORIGINS: 'http://dash.example.com' }, 'is not https'],
  ])('refuses unsafe production settings %o', (env, message) => {
    expect(() => loadConfig({ NODE_ENV: 'production', ...env })).toThrow(message);
    expect(() => loadConfig({ NODE_ENV: 'production', ...env })).toThrow('unsafe in production');
  });

  it.each([
    ['0', 0],
    ['2', 2],
    [' 500 ', 500],
    ['', 100],
  ])('takes MAX_REQUESTS_IN_FLIGHT=%j as %i', (value, expected) => {
    expect(loadConfig({ MAX_REQUESTS_IN_FLIGHT: value }).maxRequestsInFlight).toBe(expected);
  });

  it('accepts a safe production configuration, with demo data off by default', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://tw:hunter2-secret@db.internal:5432/threadwatch',
      CORS_ORIGINS: 'https://dash.example.com,http://localhost:5173',
      REDIS_URL: 'redis://:redis-secret@cache:6379/0',
      RATE_LIMIT_POINTS_PER_MINUTE: '30000',
    });
    expect(config.demoData).toBe(false);
    expect(config.rateLimit).toEqual({ pointsPerMinute: 30_000, burstPoints: 100_000 });
  });

  it('never shows secrets when described for the log', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://tw:hunter2-secret@db.internal:5432/threadwatch?sslpassword=x',
      REDIS_URL: 'redis://:redis-secret@cache:6379/0',
      METRICS_TOKEN: 'metrics-token-0123456789',
    });
    const described = JSON.stringify(describeConfig(config));
    for (const secret of ['hunter2-secret', 'redis-secret', 'metrics-token-0123456789', 'sslpassword'])
      expect(described).not.toContain(secret);
    expect(described).toContain('db.internal');
  });

  it('does not repeat a malformed secret in its error', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://tw:topsecret@db:notaport/x' })).toThrow(ConfigError);
    try {
      loadConfig({ DATABASE_URL: 'postgres://tw:topsecret@db:notaport/x' });
    } catch (error) {
      expect((error as Error).message).not.toContain('topsecret');
    }
  });
});

// Configuration from environment variables, checked at start with messages that say what to fix.
import { type DatabaseLocation, parseDatabaseUrl } from '@threadwatch/db/database';
import type { LogLevel } from './logger.ts';

export interface Config {
  port: number;
  host: string;
  database: DatabaseLocation;
  logLevel: LogLevel;
  /** Fill an empty embedded database with the demo organization. */
  demoData: boolean;
  /** Web origins allowed to call the API besides the browser extension (CORS_ORIGINS, comma-separated). */
  corsOrigins: string[];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return 4000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`PORT must be 0-65535, got "${value}".`);
  return port;
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
    if (parsed.origin !== origin)
      throw new ConfigError(`CORS_ORIGINS: write "${parsed.origin}", without a path or trailing slash.`);
    return origin;
  });
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const database = parseDatabaseUrl(env.DATABASE_URL);
  const logLevel = (env.LOG_LEVEL ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}.`);
  return {
    port: parsePort(env.PORT),
    host: env.HOST || '127.0.0.1',
    database,
    logLevel,
    demoData: parseSwitch('DEMO_DATA', env.DEMO_DATA, database.kind === 'pglite'),
    corsOrigins: parseOrigins(env.CORS_ORIGINS),
  };
}

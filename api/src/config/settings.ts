// Every environment variable the API reads, and the ones that look like ours but are not: a typo
// (one or two letters off a known name, or an unknown name with one of our prefixes) stops the
// start with a "did you mean" suggestion, so it is never silently ignored.

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

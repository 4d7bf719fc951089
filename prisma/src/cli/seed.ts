// Seeds the demo organization into the configured database (DATABASE_URL, or the embedded default),
// after applying pending migrations. Does nothing when the organization already exists.
// Usage: pnpm db:seed [--accounts N] [--slug S]
import { openDatabase, parseDatabaseUrl } from '../database.js';
import { DEFAULT_ACCOUNT_COUNT, DEFAULT_ORGANIZATION_SLUG, hasDemoData, seedDemo } from '../seed.js';

const MAX_ACCOUNTS = 200_000;
const USAGE = [
  'Usage: pnpm db:seed [--accounts N] [--slug S]',
  `  --accounts N  number of accounts, an integer from 1 to ${MAX_ACCOUNTS} (default ${DEFAULT_ACCOUNT_COUNT})`,
  `  --slug S      organization slug: lower-case letters, digits and - (default ${DEFAULT_ORGANIZATION_SLUG})`,
].join('\n');

interface CliArgs {
  readonly accounts: number;
  readonly slug: string;
}

class UsageError extends Error {}

function parseAccounts(value: string | undefined): number {
  if (value === undefined || !/^\d+$/.test(value))
    throw new UsageError(`--accounts needs an integer, got "${value ?? ''}".`);
  const accounts = Number(value);
  if (accounts < 1 || accounts > MAX_ACCOUNTS) {
    throw new UsageError(`--accounts must be between 1 and ${MAX_ACCOUNTS}, got ${accounts}.`);
  }
  return accounts;
}

function parseSlug(value: string | undefined): string {
  if (value === undefined || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(value)) {
    throw new UsageError(`--slug needs lower-case letters, digits and -, got "${value ?? ''}".`);
  }
  return value;
}

/** Accepts `--name value` and `--name=value`; a bare `--` (as some runners pass it) is ignored. */
function parseArgs(argv: readonly string[]): CliArgs {
  let accounts = DEFAULT_ACCOUNT_COUNT;
  let slug = DEFAULT_ORGANIZATION_SLUG;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') continue;
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg];
    const value = inline ?? argv[++i];
    if (flag === '--accounts') accounts = parseAccounts(value);
    else if (flag === '--slug') slug = parseSlug(value);
    else throw new UsageError(`Unknown argument "${arg}".`);
  }
  return { accounts, slug };
}

/** Rewrites one stderr line with the percentage, only when it changes. */
function progressPrinter(): (done: number, total: number) => void {
  let last = -1;
  return (done, total) => {
    const percent = Math.floor((done / total) * 100);
    if (percent === last) return;
    last = percent;
    process.stderr.write(`\rSeeding demo data… ${percent}%`);
  };
}

async function run(args: CliArgs): Promise<void> {
  const location = parseDatabaseUrl(process.env.DATABASE_URL);
  const db = await openDatabase(location);
  try {
    await db.migrate();
    if (await hasDemoData(db.prisma, args.slug)) {
      console.log(`Organization "${args.slug}" already seeded; nothing to do.`);
      return;
    }
    const started = performance.now();
    const result = await seedDemo(db.prisma, {
      accounts: args.accounts,
      organizationSlug: args.slug,
      onProgress: progressPrinter(),
    });
    process.stderr.write('\n');
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const where = location.kind === 'postgres' ? 'PostgreSQL' : `PGlite (${location.dataDir ?? 'in memory'})`;
    console.log(
      `${where}: seeded "${args.slug}" in ${seconds} s: ${result.memberIds.length} members, ${result.accounts} accounts, ` +
        `${result.stakeholders} stakeholders, ${result.employments} employments, ${result.relationships} relationships.`,
    );
  } finally {
    await db.close();
  }
}

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}

let args: CliArgs;
try {
  args = parseArgs(argv);
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`${error.message}\n${USAGE}`);
  process.exit(2);
}

try {
  await run(args);
} catch (error) {
  console.error(`\nSeeding failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}

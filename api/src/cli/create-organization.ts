// Creates an organization with its first admin in the configured database (DATABASE_URL, as the
// server reads it; migrated first if needed) and prints the admin's token once.
// Usage: pnpm run org:create --name "Acme" --currency USD --timezone Europe/Berlin \
//          --admin-name "Jane Doe" --admin-email jane@acme.example [--idempotency-key KEY]
import { DatabaseConfigError, openDatabase, parseDatabaseUrl } from '@threadwatch/db/database';
import { ConflictError, ValidationError } from '../errors.ts';
import { createOrganizationWithAdmin, type NewOrganizationInput } from '../services/organizations.ts';

const USAGE = `Usage: pnpm run org:create --name NAME --currency CODE --timezone ZONE --admin-name NAME --admin-email EMAIL [--idempotency-key KEY]
  --name NAME          the organization's name
  --currency CODE      ISO 4217 code of every amount (USD, EUR, …)
  --timezone ZONE      IANA time zone (Europe/Berlin, America/New_York, UTC): the weekly digest's clock
  --admin-name NAME    the first admin's name
  --admin-email EMAIL  the first admin's e-mail
  --idempotency-key KEY  optional (e.g. a UUID): run again with the same values and key, the same
                       organization is answered with a new admin token (the earlier one is revoked)
The database is the one DATABASE_URL names, as for the server (stop a server using the embedded database first).
The admin's token is printed once: store it now.`;

const FLAGS: Record<string, keyof NewOrganizationInput> = {
  '--name': 'name',
  '--currency': 'currency',
  '--timezone': 'timeZone',
  '--admin-name': 'adminName',
  '--admin-email': 'adminEmail',
  '--idempotency-key': 'idempotencyKey',
};
const OPTIONAL: ReadonlySet<string> = new Set(['--idempotency-key']);
const FLAG_OF = Object.fromEntries(Object.entries(FLAGS).map(([flag, key]) => [key, flag]));

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): NewOrganizationInput {
  const values: Partial<NewOrganizationInput> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') continue;
    if (arg === '--help' || arg === '-h') throw new UsageError('');
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg];
    const key = FLAGS[flag ?? ''];
    if (!key) throw new UsageError(`Unknown argument "${arg}".`);
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value.`);
    values[key] = value;
  }
  const missing = Object.entries(FLAGS)
    .filter(([flag, key]) => values[key] === undefined && !OPTIONAL.has(flag))
    .map(([flag]) => flag);
  if (missing.length) throw new UsageError(`Missing ${missing.join(', ')}.`);
  return values as NewOrganizationInput;
}

async function main(): Promise<number> {
  let input: NewOrganizationInput;
  try {
    input = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message) console.error(error.message);
    console.error(USAGE);
    return 2;
  }
  let location: ReturnType<typeof parseDatabaseUrl>;
  try {
    location = parseDatabaseUrl(process.env.DATABASE_URL);
  } catch (error) {
    if (error instanceof DatabaseConfigError) {
      console.error(`Configuration error: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const db = await openDatabase(location);
  try {
    if ((await db.pendingMigrations()).length) await db.migrate();
    const created = await createOrganizationWithAdmin(db.prisma, input, new Date(), []);
    if (created.replayed) {
      console.log(`Organization "${created.organization.name}" was already created under this key (slug ${created.organization.slug}): nothing new was created.
First admin: ${created.admin.name} <${created.admin.email}>
New admin token (shown once, store it now; the one printed before no longer works):
  ${created.secret}`);
      return 0;
    }
    console.log(`Organization "${created.organization.name}" created (slug ${created.organization.slug}, ${created.organization.currency}, ${created.timeZone}).
First admin: ${created.admin.name} <${created.admin.email}>
Admin token (shown once, store it now):
  ${created.secret}

Invite the team with the inviteMember mutation (see README, "Members").`);
    return 0;
  } catch (error) {
    if (error instanceof ValidationError) {
      for (const issue of error.issues)
        console.error(`${FLAG_OF[issue.path[0] ?? ''] ?? issue.path.join('.')}: ${issue.message}`);
      return 2;
    }
    if (error instanceof ConflictError) {
      console.error(`--idempotency-key: ${error.message} Nothing was changed.`);
      return 2;
    }
    throw error;
  } finally {
    await db.close();
  }
}

process.exit(await main());

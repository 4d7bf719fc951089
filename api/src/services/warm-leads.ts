// People who left one of our accounts for a company we did not track become warm leads there once
// that company becomes an account (createAccount, an import). Their open position at the company was
// recorded with its name (and page URL when known) but no account; it is linked in the transaction
// that creates the account, and so is the destination of their departure case.
//
// Matching, as elsewhere: the company page URL first (the key a confirmation links by), else the
// company name compared normalized (NFKC, case, spacing: companyNameKey). A name links only when it
// names exactly one account of the organization and the position's page URL, if any, is not another
// account's: two accounts of one name, or a page URL of a different company, leave the position
// unlinked (ambiguous) rather than guess. Only unlinked open positions are considered, so linking
// twice changes nothing. Each link is logged as LEAD_LINKED on the new account.
import { Prisma } from '@threadwatch/db/client';
import { companyNameKey } from '../domain/csv-import-matching.ts';
import { type Actor, type NewEvent, recordChanges } from './events.ts';

type Tx = Prisma.TransactionClient;

interface NewAccount {
  id: string;
  name: string;
  companyUrl: string | null;
}

/** The SQL twin of companyNameKey, to narrow the rows read (the match itself is decided in code). */
const nameKeySql = (column: Prisma.Sql) =>
  Prisma.sql`lower(btrim(regexp_replace(normalize(${column}, NFKC), '\\s+', ' ', 'g')))`;

/** Links open positions at the given new accounts' companies to them; returns how many were linked. */
/**
 * The organization's import lock, held to the end of the transaction (re-entrant). A writer that
 * creates accounts takes it before its first insert, as imports do, so the two never wait on each
 * other in opposite orders.
 */
export async function lockOrganizationImports(tx: Tx, organizationId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`threadwatch-import:${organizationId}`}))`;
}

export async function linkLeadsToNewAccounts(
  tx: Tx,
  organizationId: string,
  accounts: readonly NewAccount[],
  actor: Actor,
  now = new Date(),
): Promise<number> {
  if (accounts.length === 0) return 0;
  // One linking (or import) at a time per organization: two accounts of one name created at the same
  // moment must not both claim a position.
  await lockOrganizationImports(tx, organizationId);
  const keys = [...new Set(accounts.map((account) => companyNameKey(account.name)).filter(Boolean))];
  const urls = [...new Set(accounts.flatMap((account) => (account.companyUrl ? [account.companyUrl] : [])))];
  const positions = await tx.$queryRaw<
    Array<{ id: string; stakeholderId: string; companyName: string; companyUrl: string | null }>
  >`
    SELECT e."id"::text AS "id", e."stakeholderId"::text AS "stakeholderId", e."companyName", e."companyUrl"
    FROM "Employment" e
    WHERE e."organizationId" = ${organizationId}::uuid AND e."accountId" IS NULL AND e."endedOn" IS NULL
      AND (${nameKeySql(Prisma.sql`e."companyName"`)} IN (${Prisma.join(keys.length ? keys : [''])})
        ${urls.length ? Prisma.sql`OR e."companyUrl" IN (${Prisma.join(urls)})` : Prisma.empty})`;
  if (positions.length === 0) return 0;

  // Every account of the organization with one of these names or page URLs, the new ones included.
  const namesakes = await tx.$queryRaw<Array<{ id: string; name: string; companyUrl: string | null }>>`
    SELECT "id"::text AS "id", "name", "companyUrl" FROM "Account"
    WHERE "organizationId" = ${organizationId}::uuid
      AND (${nameKeySql(Prisma.sql`"name"`)} IN (${Prisma.join(keys.length ? keys : [''])})
        ${urls.length ? Prisma.sql`OR "companyUrl" IN (${Prisma.join(urls)})` : Prisma.empty})`;
  const newIds = new Set(accounts.map((account) => account.id));
  const byUrl = new Map(namesakes.flatMap((account) => (account.companyUrl ? [[account.companyUrl, account]] : [])));

  const links: Array<{ positionId: string; stakeholderId: string; account: NewAccount; companyName: string }> = [];
  for (const position of positions) {
    const target = destinationOf(position, namesakes, byUrl);
    if (!target || !newIds.has(target.id)) continue;
    links.push({
      positionId: position.id,
      stakeholderId: position.stakeholderId,
      account: target,
      companyName: position.companyName,
    });
  }
  if (links.length === 0) return 0;

  const people = await tx.stakeholder.findMany({
    where: { organizationId, id: { in: links.map((link) => link.stakeholderId) } },
    select: { id: true, fullName: true, account: { select: { name: true } } },
  });
  const personById = new Map(people.map((person) => [person.id, person]));
  const changes: NewEvent[] = [];
  let linked = 0;
  for (const link of links) {
    const { count } = await tx.employment.updateMany({
      where: { id: link.positionId, organizationId, accountId: null, endedOn: null },
      data: { accountId: link.account.id },
    });
    if (count === 0) continue; // Linked or ended since it was read.
    linked += 1;
    // The person's departure case names the company too: it now names the account.
    const cases = await tx.departureCase.findMany({
      where: { organizationId, stakeholderId: link.stakeholderId, destination: 'EXTERNAL', destinationAccountId: null },
      select: { id: true, destinationCompany: true },
    });
    const sameCompany = cases.filter(
      (item) => item.destinationCompany && companyNameKey(item.destinationCompany) === companyNameKey(link.companyName),
    );
    if (sameCompany.length > 0) {
      await tx.departureCase.updateMany({
        where: { id: { in: sameCompany.map((item) => item.id) }, destinationAccountId: null },
        data: { destinationAccountId: link.account.id },
      });
    }
    const person = personById.get(link.stakeholderId);
    changes.push({
      organizationId,
      kind: 'LEAD_LINKED',
      actor,
      accountId: link.account.id,
      subject: { type: 'Stakeholder', id: link.stakeholderId },
      stakeholderId: link.stakeholderId,
      occurredAt: now,
      payload: { person: person?.fullName ?? null, formerAccount: person?.account.name ?? null },
    });
  }
  await recordChanges(tx, changes);
  return linked;
}

/** The one account a position is at, or null when none or several could be. */
function destinationOf<T extends { id: string; name: string; companyUrl: string | null }>(
  position: { companyName: string; companyUrl: string | null },
  accounts: readonly T[],
  byUrl: ReadonlyMap<string, T>,
): T | null {
  if (position.companyUrl) {
    const atUrl = byUrl.get(position.companyUrl);
    if (atUrl) return atUrl;
  }
  const key = companyNameKey(position.companyName);
  const named = accounts.filter(
    (account) =>
      companyNameKey(account.name) === key &&
      // A page URL of another company: the same name, but not the same company.
      !(position.companyUrl && account.companyUrl && account.companyUrl !== position.companyUrl),
  );
  return named.length === 1 ? (named[0] ?? null) : null;
}

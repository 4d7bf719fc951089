// Stakeholder rows: match each to a known person (CRM id, profile URL, e-mail, name at the account),
// then create, update, link or — when the CRM shows them at another company — flag a suspected job
// change with the import as evidence. Employment history is appended to, never rewritten.
import { randomUUID } from 'node:crypto';
import type { Prisma } from '@threadwatch/db/client';
import {
  companyChanged,
  importFlagKey,
  type KeyHit,
  matchRecord,
  type PersonChanges,
  personChanges,
} from '../domain/csv-import-matching.ts';
import type { RowIssue, StakeholderRow } from '../domain/csv-import-rows.ts';
import { requestHash } from '../domain/idempotency.ts';
import { type Erasure, erasedIdentifiers } from './erasure-tombstones.ts';
import {
  anyOf,
  type BatchContext,
  type BatchOutcome,
  type BatchRow,
  byLowerName,
  conflicting,
  earlierRow,
  type ImportRowResult,
  indexBy,
  lower,
  outcome,
  rejected,
  remember,
} from './import-batch.ts';
import { type NewFlag, storeFlag } from './job-change-flags.ts';

type Tx = Prisma.TransactionClient;

const personSelect = {
  id: true,
  accountId: true,
  fullName: true,
  title: true,
  department: true,
  seniority: true,
  buyingRoles: true,
  isMainContact: true,
  profileUrl: true,
  email: true,
  crmId: true,
  status: true,
  account: { select: { name: true, crmId: true } },
  employments: { where: { endedOn: null }, select: { accountId: true, companyName: true } },
} satisfies Prisma.StakeholderSelect;

/** How the flag records the way the row found the person. */
const flagMatch = {
  CRM_ID: 'CRM_ID',
  PROFILE_URL: 'PROFILE_URL',
  COMPANY_URL: 'PROFILE_URL',
  EMAIL: 'EMAIL',
  NAME: 'NAME_AND_COMPANY',
} as const;

type Person = Prisma.StakeholderGetPayload<{ select: typeof personSelect }> & { label: string };
type AccountRef = { id: string; name: string; crmId: string | null; companyUrl: string | null };
type AccountLookup = { account: AccountRef } | { account: null; issue: RowIssue };

const keyNames: Record<string, string> = {
  CRM_ID: 'CRM id',
  PROFILE_URL: 'profile URL',
  EMAIL: 'e-mail address',
  NAME: 'name at the account',
};

async function loadAccounts(db: Tx, ctx: BatchContext, rows: readonly BatchRow<StakeholderRow>[]) {
  const or: Prisma.AccountWhereInput[] = anyOf(
    { crmId: rows.map((row) => row.value.accountCrmId), name: rows.map((row) => row.value.accountName) },
    ['name'],
  );
  const accounts = or.length
    ? await db.account.findMany({
        where: { organizationId: ctx.organizationId, OR: or },
        select: { id: true, name: true, crmId: true, companyUrl: true },
      })
    : [];
  const byCrmId = indexBy(accounts, (account) => account.crmId);
  const byName = byLowerName(accounts, (account) => account.name);
  return (row: BatchRow<StakeholderRow>): AccountLookup => {
    const { accountCrmId, accountName } = row.value;
    const byId = accountCrmId ? byCrmId.get(accountCrmId) : undefined;
    if (byId) return { account: byId };
    const named = accountName ? (byName.get(lower(accountName)) ?? []) : [];
    if (named.length === 1 && named[0]) return { account: named[0] };
    const column = row.headers.accountName ?? row.headers.accountCrmId ?? null;
    if (named.length > 1) {
      return {
        account: null,
        issue: { column, message: `${named.length} accounts are named "${accountName}": give the account's CRM id.` },
      };
    }
    const what =
      accountCrmId && accountName
        ? `"${accountName}" (CRM id ${accountCrmId})`
        : accountName
          ? `"${accountName}"`
          : `with CRM id ${accountCrmId}`;
    return { account: null, issue: { column, message: `No account ${what}: import the accounts first.` } };
  };
}

async function loadPeople(
  db: Tx,
  ctx: BatchContext,
  rows: readonly BatchRow<StakeholderRow>[],
  accountIds: readonly (string | null)[],
) {
  const or: Prisma.StakeholderWhereInput[] = anyOf({
    crmId: rows.map((row) => row.value.crmId),
    profileUrl: rows.map((row) => row.value.profileUrl),
    email: rows.map((row) => row.value.email),
  });
  const byKey: Person[] = or.length
    ? (
        await db.stakeholder.findMany({ where: { organizationId: ctx.organizationId, OR: or }, select: personSelect })
      ).map((person) => ({ ...person, label: person.fullName }))
    : [];
  const byCrmId = indexBy(byKey, (person) => person.crmId);
  const byUrl = indexBy(byKey, (person) => person.profileUrl);
  const byEmail = indexBy(byKey, (person) => person.email);
  // The name at the account is consulted only for rows no key matched: look those up alone.
  const unmatched = rows.flatMap((row, position) => {
    const { crmId, profileUrl, email, fullName } = row.value;
    const accountId = accountIds[position];
    const found =
      (crmId && byCrmId.has(crmId)) || (profileUrl && byUrl.has(profileUrl)) || (email && byEmail.has(email));
    return found || !accountId ? [] : [{ accountId, fullName }];
  });
  // Exact (account, name) pairs, so a common name at many accounts does not load them all.
  const pairs = unmatched.length
    ? await db.$queryRaw<Array<{ id: string }>>`
        SELECT s.id FROM "Stakeholder" AS s
        JOIN jsonb_to_recordset(${JSON.stringify(unmatched.map((item) => ({ account_id: item.accountId, name: lower(item.fullName) })))}::jsonb)
          AS p(account_id uuid, name text)
          ON s."accountId" = p.account_id AND lower(s."fullName") = p.name
        WHERE s."organizationId" = ${ctx.organizationId}::uuid`
    : [];
  const byName: Person[] = pairs.length
    ? (
        await db.stakeholder.findMany({
          where: { organizationId: ctx.organizationId, id: { in: pairs.map((pair) => pair.id) } },
          select: personSelect,
        })
      ).map((person) => ({ ...person, label: person.fullName }))
    : [];
  return {
    byCrmId,
    byUrl,
    byEmail,
    byName: byLowerName(byName, (person) => `${person.accountId}\u0000${person.fullName}`),
  };
}

interface PlannedUpdate {
  person: Person;
  changes: PersonChanges;
}

interface PlannedFlag {
  result: ImportRowResult;
  person: Person;
  flag: NewFlag;
}

function describeChanges(changes: PersonChanges): string {
  return `Changed: ${Object.keys(changes).join(', ')}.`;
}

export async function importStakeholderBatch(
  db: Tx,
  ctx: BatchContext,
  rows: readonly BatchRow<StakeholderRow>[],
): Promise<BatchOutcome> {
  const accountOf = await loadAccounts(db, ctx, rows);
  const lookups = rows.map((row) => accountOf(row));
  const people = await loadPeople(
    db,
    ctx,
    rows,
    lookups.map((lookup) => lookup.account?.id ?? null),
  );
  const erased = await erasedIdentifiers(
    db,
    ctx.organizationId,
    rows.map((row) => row.value),
  );
  const refuseErased = (row: BatchRow<StakeholderRow>, erasure: Erasure) =>
    rejected(row.rowNumber, {
      column: row.headers[erasure.column] ?? null,
      message: `This person's data was erased on ${erasure.erasedAt.toISOString().slice(0, 10)}; the import does not store it again. Add them by hand if that is deliberate.`,
    });

  const results: ImportRowResult[] = [];
  const creates: Prisma.StakeholderCreateManyInput[] = [];
  const positions: Prisma.EmploymentCreateManyInput[] = [];
  const updates: PlannedUpdate[] = [];
  const flags: PlannedFlag[] = [];
  const touched = new Set<string>();

  rows.forEach((row, index) => {
    const r = row.value;
    const lookup = lookups[index] as AccountLookup;
    const place = lookup.account?.id ?? `?${lower(r.accountName ?? r.accountCrmId ?? '')}`;
    const strongKeys = [
      r.crmId ? `crm:${r.crmId}` : null,
      r.profileUrl ? `url:${r.profileUrl}` : null,
      r.email ? `email:${r.email}` : null,
    ].filter((key): key is string => key !== null);
    const nameKey = `name:${place}:${lower(r.fullName)}`;
    const earlier = earlierRow(ctx, strongKeys.length ? strongKeys : [nameKey]);
    if (earlier !== null) {
      results.push(outcome(row.rowNumber, 'DUPLICATE', 'Stakeholder', null, `Same person as row ${earlier}: skipped.`));
      return;
    }

    const hits: KeyHit<Person>[] = [];
    if (r.crmId) hits.push({ key: 'CRM_ID', field: 'crmId', record: people.byCrmId.get(r.crmId) });
    if (r.profileUrl) hits.push({ key: 'PROFILE_URL', field: 'profileUrl', record: people.byUrl.get(r.profileUrl) });
    if (r.email) hits.push({ key: 'EMAIL', field: 'email', record: people.byEmail.get(r.email) });
    const sameName = lookup.account
      ? (people.byName.get(lower(`${lookup.account.id}\u0000${r.fullName}`)) ?? []).filter(
          (person) => !r.profileUrl || !person.profileUrl || person.profileUrl === r.profileUrl,
        )
      : [];
    const match = matchRecord(r.crmId, hits, sameName);

    if (match.kind === 'conflict') {
      results.push(conflicting(row, match));
      return;
    }
    if (match.kind === 'new') {
      if (!lookup.account) {
        results.push(rejected(row.rowNumber, lookup.issue));
        return;
      }
      const erasure = erased(r);
      if (erasure) {
        results.push(refuseErased(row, erasure));
        return;
      }
      const id = randomUUID();
      const account = lookup.account;
      creates.push({
        id,
        organizationId: ctx.organizationId,
        accountId: account.id,
        fullName: r.fullName,
        title: r.title,
        department: r.department,
        seniority: r.seniority,
        buyingRoles: r.buyingRoles ?? [],
        isMainContact: r.isMainContact ?? false,
        profileUrl: r.profileUrl,
        email: r.email,
        crmId: r.crmId,
      });
      positions.push({
        organizationId: ctx.organizationId,
        stakeholderId: id,
        companyName: account.name,
        companyUrl: account.companyUrl,
        accountId: account.id,
        title: r.title,
        source: 'IMPORT',
      });
      touched.add(account.id);
      results.push(outcome(row.rowNumber, 'CREATED', 'Stakeholder', id, `Added at ${account.name}.`));
      remember(ctx, [...strongKeys, nameKey], row.rowNumber);
      return;
    }

    const person = match.record;
    remember(ctx, [...strongKeys, nameKey], row.rowNumber);
    const moved = companyChanged(
      {
        accountId: person.accountId,
        accountName: person.account.name,
        accountCrmId: person.account.crmId,
        openAccountIds: person.employments.flatMap((position) => (position.accountId ? [position.accountId] : [])),
        openCompanyNames: person.employments.map((position) => position.companyName),
      },
      r,
      lookup.account?.id ?? null,
    );
    if (moved) {
      const observedCompany = lookup.account?.name ?? r.accountName ?? `the account with CRM id ${r.accountCrmId}`;
      const idempotencyKey = importFlagKey(person.id, observedCompany, r.title);
      const result = outcome(
        row.rowNumber,
        'FLAGGED',
        'Stakeholder',
        person.id,
        `The CRM shows ${person.fullName} at ${observedCompany}, not ${person.account.name}: flagged as a suspected job change for review; employment history unchanged.`,
      );
      results.push(result);
      if (flags.some((planned) => planned.flag.idempotencyKey === idempotencyKey)) {
        result.outcome = 'UNCHANGED';
        result.message = 'Already flagged as a suspected job change.';
        return;
      }
      const evidence = {
        idempotencyKey,
        kind: 'LEFT_COMPANY' as const,
        stakeholderId: person.id,
        observedName: r.fullName,
        observedTitle: r.title,
        observedCompany,
        observedAt: ctx.now,
      };
      flags.push({
        result,
        person,
        flag: {
          ...evidence,
          matchedBy: flagMatch[match.by],
          source: 'IMPORT',
          importFileName: ctx.fileName,
          importRowNumber: row.rowNumber,
          flaggedById: ctx.memberId,
          requestHash: requestHash(evidence),
        },
      });
      return;
    }
    if (person.status === 'DEPARTED') {
      results.push(
        outcome(
          row.rowNumber,
          'UNCHANGED',
          'Stakeholder',
          person.id,
          `${person.fullName} has left ${person.account.name}: the row is not applied.`,
        ),
      );
      return;
    }
    const changes = personChanges(person, r);
    // A tracked person's new profile URL or e-mail address may be an erased person's.
    const erasure = erased({ profileUrl: changes.profileUrl, email: changes.email });
    if (erasure) {
      results.push(refuseErased(row, erasure));
      return;
    }
    const linked = match.by !== 'CRM_ID' && changes.crmId !== undefined && person.crmId === null;
    if (Object.keys(changes).length) {
      updates.push({ person, changes });
      touched.add(person.accountId);
    }
    if (linked) {
      results.push(
        outcome(
          row.rowNumber,
          'LINKED',
          'Stakeholder',
          person.id,
          `Same person as the tracked ${person.fullName} (by ${keyNames[match.by]}): CRM id recorded. ${describeChanges(changes)}`,
        ),
      );
    } else if (Object.keys(changes).length) {
      results.push(outcome(row.rowNumber, 'UPDATED', 'Stakeholder', person.id, describeChanges(changes)));
    } else {
      results.push(outcome(row.rowNumber, 'UNCHANGED', 'Stakeholder', person.id));
    }
  });

  // A flag an earlier import already raised (pending, confirmed or rejected) is not raised again.
  if (flags.length) {
    const existing = await db.jobChangeFlag.findMany({
      where: {
        organizationId: ctx.organizationId,
        idempotencyKey: { in: flags.map((planned) => planned.flag.idempotencyKey) },
      },
      select: { idempotencyKey: true },
    });
    const known = new Set(existing.map((flag) => flag.idempotencyKey));
    for (const planned of flags.filter((item) => known.has(item.flag.idempotencyKey))) {
      planned.result.outcome = 'UNCHANGED';
      planned.result.message = 'Already flagged as a suspected job change by an earlier import.';
    }
    flags.splice(0, flags.length, ...flags.filter((item) => !known.has(item.flag.idempotencyKey)));
  }

  if (ctx.apply) {
    if (creates.length) {
      await db.stakeholder.createMany({ data: creates });
      await db.employment.createMany({ data: positions });
    }
    for (const { person, changes } of updates) {
      await db.stakeholder.update({ where: { id: person.id }, data: changes });
      if (changes.title !== undefined) await newTitle(db, ctx, person, changes.title);
    }
    for (const planned of flags) {
      const { touchedAccountId } = await storeFlag(db, ctx.organizationId, planned.person, planned.flag);
      if (touchedAccountId) touched.add(touchedAccountId);
    }
  }
  return { results, touchedAccountIds: [...touched] };
}

/** A new title at the same company is a new position: the open one closes, the next one opens. */
async function newTitle(db: Tx, ctx: BatchContext, person: Person, title: string | null) {
  const open = await db.employment.findFirst({
    where: { organizationId: ctx.organizationId, stakeholderId: person.id, endedOn: null, accountId: person.accountId },
    orderBy: { createdAt: 'desc' },
  });
  if (!open) return;
  await db.employment.update({ where: { id: open.id }, data: { endedOn: ctx.now } });
  await db.employment.create({
    data: {
      organizationId: ctx.organizationId,
      stakeholderId: person.id,
      companyName: open.companyName,
      companyUrl: open.companyUrl,
      accountId: open.accountId,
      title,
      startedOn: ctx.now,
      source: 'IMPORT',
    },
  });
}

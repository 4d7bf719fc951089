// Account rows: match each to a known account (CRM id, company page URL, name), then create, update
// or link it. Domains are added, never removed; an empty cell leaves a field as it is.
import { randomUUID } from 'node:crypto';
import type { Prisma } from '@threadwatch/db/client';
import { type KeyHit, matchRecord } from '../domain/csv-import-matching.ts';
import type { AccountRow } from '../domain/csv-import-rows.ts';
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
  rowOwner,
  unique,
} from './import-batch.ts';
import { linkLeadsToNewAccounts } from './warm-leads.ts';

type Tx = Prisma.TransactionClient;

const accountSelect = {
  id: true,
  name: true,
  crmId: true,
  companyUrl: true,
  domains: true,
  arrMinor: true,
  tier: true,
  segment: true,
  lifecycle: true,
  renewalDate: true,
  ownerId: true,
} satisfies Prisma.AccountSelect;

type KnownAccount = Prisma.AccountGetPayload<{ select: typeof accountSelect }> & { label: string };

async function loadAccounts(db: Tx, ctx: BatchContext, rows: readonly BatchRow<AccountRow>[]) {
  const or: Prisma.AccountWhereInput[] = anyOf(
    {
      crmId: rows.map((row) => row.value.crmId),
      companyUrl: rows.map((row) => row.value.companyUrl),
      name: rows.map((row) => row.value.name),
    },
    ['name'],
  );
  const accounts: KnownAccount[] = or.length
    ? (await db.account.findMany({ where: { organizationId: ctx.organizationId, OR: or }, select: accountSelect })).map(
        (account) => ({ ...account, label: account.name }),
      )
    : [];
  return {
    byCrmId: indexBy(accounts, (account) => account.crmId),
    byUrl: indexBy(accounts, (account) => account.companyUrl),
    byName: byLowerName(accounts, (account) => account.name),
  };
}

function accountChanges(
  account: KnownAccount,
  row: AccountRow,
  ownerId: string | null,
): Prisma.AccountUpdateManyMutationInput & { ownerId?: string } {
  const changes: Prisma.AccountUpdateManyMutationInput & { ownerId?: string } = {};
  if (row.name !== null && row.name !== account.name) changes.name = row.name;
  const added = row.domains.filter((domain) => !account.domains.includes(domain));
  if (added.length) changes.domains = [...account.domains, ...added];
  if (row.companyUrl !== null && row.companyUrl !== account.companyUrl) changes.companyUrl = row.companyUrl;
  if (row.crmId !== null && row.crmId !== account.crmId) changes.crmId = row.crmId;
  if (row.arrMinor !== null && row.arrMinor !== account.arrMinor) changes.arrMinor = row.arrMinor;
  if (row.tier !== null && row.tier !== account.tier) changes.tier = row.tier;
  if (row.segment !== null && row.segment !== account.segment) changes.segment = row.segment;
  if (row.lifecycle !== null && row.lifecycle !== account.lifecycle) changes.lifecycle = row.lifecycle;
  if (row.renewalDate !== null && row.renewalDate.getTime() !== account.renewalDate?.getTime())
    changes.renewalDate = row.renewalDate;
  if (ownerId !== null && ownerId !== account.ownerId) changes.ownerId = ownerId;
  return changes;
}

export async function importAccountBatch(
  db: Tx,
  ctx: BatchContext,
  rows: readonly BatchRow<AccountRow>[],
): Promise<BatchOutcome> {
  const known = await loadAccounts(db, ctx, rows);
  const results: ImportRowResult[] = [];
  const creates: Prisma.AccountCreateManyInput[] = [];
  const updates: Array<{ id: string; changes: ReturnType<typeof accountChanges> }> = [];

  for (const row of rows) {
    const r = row.value;
    const strongKeys = unique([r.crmId ? `crm:${r.crmId}` : null, r.companyUrl ? `url:${r.companyUrl}` : null]);
    const nameKey = r.name ? `name:${lower(r.name)}` : null;
    const earlier = earlierRow(ctx, strongKeys.length ? strongKeys : unique([nameKey]));
    if (earlier !== null) {
      results.push(outcome(row.rowNumber, 'DUPLICATE', 'Account', null, `Same account as row ${earlier}: skipped.`));
      continue;
    }
    let ownerId: string | null = null;
    let invited: string | null = null;
    if (r.owner) {
      const owner = await rowOwner(db, ctx, r.owner, row.headers.owner);
      if (owner.issue) {
        results.push(rejected(row.rowNumber, owner.issue));
        continue;
      }
      ownerId = owner.id;
      invited = owner.invited;
    }
    const hits: KeyHit<KnownAccount>[] = [];
    if (r.crmId) hits.push({ key: 'CRM_ID', field: 'crmId', record: known.byCrmId.get(r.crmId) });
    if (r.companyUrl) hits.push({ key: 'COMPANY_URL', field: 'companyUrl', record: known.byUrl.get(r.companyUrl) });
    const sameName = r.name
      ? (known.byName.get(lower(r.name)) ?? []).filter(
          (account) => !r.companyUrl || !account.companyUrl || account.companyUrl === r.companyUrl,
        )
      : [];
    const match = matchRecord(r.crmId, hits, sameName);
    if (match.kind === 'conflict') {
      results.push(conflicting(row, match));
      continue;
    }
    remember(ctx, unique([...strongKeys, nameKey]), row.rowNumber);
    if (match.kind === 'new') {
      if (!r.name) {
        results.push(
          rejected(row.rowNumber, {
            column: row.headers.crmId ?? null,
            message: `No account has the CRM id ${r.crmId}, and the row has no name to create it with.`,
          }),
        );
        continue;
      }
      const id = randomUUID();
      creates.push({
        id,
        organizationId: ctx.organizationId,
        name: r.name,
        domains: r.domains,
        companyUrl: r.companyUrl,
        crmId: r.crmId,
        ...(r.arrMinor !== null ? { arrMinor: r.arrMinor } : {}),
        ...(r.tier ? { tier: r.tier } : {}),
        ...(r.segment ? { segment: r.segment } : {}),
        ...(r.lifecycle ? { lifecycle: r.lifecycle } : {}),
        renewalDate: r.renewalDate,
        ownerId,
      });
      results.push(outcome(row.rowNumber, 'CREATED', 'Account', id, invited));
      continue;
    }
    const account = match.record;
    const changes = accountChanges(account, r, ownerId);
    const changed = Object.keys(changes);
    if (changed.length) updates.push({ id: account.id, changes });
    const described = [changed.length ? `Changed: ${changed.join(', ')}.` : '', invited ?? '']
      .filter(Boolean)
      .join(' ');
    if (match.by !== 'CRM_ID' && changes.crmId !== undefined && account.crmId === null) {
      results.push(
        outcome(
          row.rowNumber,
          'LINKED',
          'Account',
          account.id,
          `Same account as the tracked ${account.name}: CRM id recorded. ${described}`.trim(),
        ),
      );
    } else {
      results.push(
        outcome(row.rowNumber, changed.length ? 'UPDATED' : 'UNCHANGED', 'Account', account.id, described || null),
      );
    }
  }

  if (ctx.apply) {
    if (creates.length) {
      await db.account.createMany({ data: creates });
      await linkLeadsToNewAccounts(
        db,
        ctx.organizationId,
        creates.map((row) => ({ id: row.id as string, name: row.name, companyUrl: row.companyUrl ?? null })),
        { kind: 'IMPORT', memberId: ctx.memberId },
        ctx.now,
      );
    }
    for (const { id, changes } of updates) await db.account.update({ where: { id }, data: changes });
  }
  return {
    results,
    touchedAccountIds: [...creates.map((row) => row.id as string), ...updates.map((update) => update.id)],
  };
}

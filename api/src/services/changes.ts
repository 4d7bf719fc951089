// Reads of the event log: the change feed's filter, the weekly meeting's per-account summary, and
// an account's risk history.
import type { AccountTier, ChangeKind, Prisma, PrismaClient } from '@threadwatch/db/client';
import type { Context } from '../context.ts';
import {
  type AccountSummary,
  ADMINISTRATION_KINDS,
  accountSummarySentence,
  type ChangePayload,
  isAdministrationKind,
  rangeProblem,
  summarizeAccount,
} from '../domain/changes.ts';
import { ValidationError } from '../errors.ts';

export interface ChangeFilter {
  ownerIds?: string[] | null;
  tiers?: AccountTier[] | null;
  kinds?: ChangeKind[] | null;
  accountIds?: string[] | null;
}

/** Refuses a range that starts after it ends or spans more than 366 days (a typed VALIDATION error). */
export function checkRange(from: Date | null | undefined, to: Date | null | undefined, names = ['since', 'until']) {
  const problem = rangeProblem(from, to);
  if (problem) throw ValidationError.at([problem.field === 'from' ? names[0]! : names[1]!], problem.message);
}

/** The rows of the feed: changes of the viewer's organization in [since, until), filtered. */
export function changeWhere(
  ctx: Context,
  since: Date,
  until: Date,
  filter?: ChangeFilter | null,
): Prisma.EventWhereInput {
  return organizationChangeWhere(ctx.viewer.organizationId, since, until, filter);
}

/** The changes of an organization in [since, until), filtered. */
export function organizationChangeWhere(
  organizationId: string,
  since: Date,
  until: Date,
  filter?: ChangeFilter | null,
): Prisma.EventWhereInput {
  checkRange(since, until);
  const account: Prisma.AccountWhereInput = {};
  if (filter?.ownerIds?.length) account.ownerId = { in: filter.ownerIds };
  if (filter?.tiers?.length) account.tier = { in: filter.tiers };
  return {
    organizationId,
    occurredAt: { gte: since, lt: until },
    // Administration changes are the audit trail's, for admins: never in the feed.
    kind: filter?.kinds?.length
      ? { in: filter.kinds.filter((kind) => !isAdministrationKind(kind)) }
      : { notIn: [...ADMINISTRATION_KINDS] },
    ...(filter?.accountIds?.length ? { accountId: { in: filter.accountIds } } : {}),
    ...(Object.keys(account).length ? { account } : {}),
  };
}

export interface AccountChanges extends AccountSummary {
  accountId: string;
  name: string;
  arrMinor: bigint;
  currency: string;
  sentence: string;
  /** The most important of its changes: the order of the list. */
  importance: number;
}

/**
 * The period's changes summed up per account, most important first (then by ARR): band from → to,
 * factors gained and lost, cases opened and closed, flags and threads lost.
 */
export function accountChangesFor(
  ctx: Context,
  since: Date,
  until: Date,
  filter?: ChangeFilter | null,
): Promise<AccountChanges[]> {
  return organizationAccountChanges(ctx.prisma, ctx.viewer.organizationId, since, until, filter);
}

/** accountChangesFor, for any organization (the digest job runs without a viewer). */
export async function organizationAccountChanges(
  prisma: PrismaClient | Prisma.TransactionClient,
  organizationId: string,
  since: Date,
  until: Date,
  filter?: ChangeFilter | null,
): Promise<AccountChanges[]> {
  const where = organizationChangeWhere(organizationId, since, until, filter);
  const [organization, rows] = await Promise.all([
    prisma.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { currency: true } }),
    prisma.event.findMany({
      where: { ...where, accountId: where.accountId ?? { not: null } },
      orderBy: [{ occurredAt: 'asc' }, { seq: 'asc' }],
      select: {
        accountId: true,
        kind: true,
        payload: true,
        importance: true,
        occurredAt: true,
        account: { select: { name: true, arrMinor: true } },
      },
    }),
  ]);
  const byAccount = new Map<string, typeof rows>();
  for (const row of rows) {
    if (!row.accountId) continue;
    const list = byAccount.get(row.accountId) ?? [];
    list.push(row);
    byAccount.set(row.accountId, list);
  }
  const summaries: AccountChanges[] = [];
  for (const [accountId, list] of byAccount) {
    const account = list[0]?.account;
    if (!account) continue;
    const summary = summarizeAccount(
      list.map((row) => ({ kind: row.kind, payload: row.payload as ChangePayload, occurredAt: row.occurredAt })),
    );
    summaries.push({
      accountId,
      name: account.name,
      arrMinor: account.arrMinor,
      currency: organization.currency,
      importance: Math.max(...list.map((row) => row.importance)),
      sentence: accountSummarySentence(account.name, Number(account.arrMinor), summary, organization.currency),
      ...summary,
    });
  }
  return summaries.sort(
    (a, b) =>
      b.importance - a.importance ||
      (b.arrMinor > a.arrMinor ? 1 : b.arrMinor < a.arrMinor ? -1 : 0) ||
      a.accountId.localeCompare(b.accountId),
  );
}

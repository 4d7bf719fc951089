// What every kind of import shares: the batch it works on, the per-row outcome, and the memory of
// keys already seen in the file (so a repeated row is reported as such in a dry run and a real run alike).
import type { MemberRole, Prisma, PrismaClient } from '@threadwatch/db/client';
import type { RowIssue } from '../domain/csv-import-rows.ts';
import { email as emailRule } from '../domain/input-rules.ts';
import { recordChange } from './events.ts';
import type { VersionedSettings } from './health.ts';

export type Db = PrismaClient | Prisma.TransactionClient;

export type ImportOutcome = 'CREATED' | 'UPDATED' | 'UNCHANGED' | 'LINKED' | 'FLAGGED' | 'DUPLICATE' | 'REJECTED';

export const importOutcomes: readonly ImportOutcome[] = [
  'CREATED',
  'UPDATED',
  'UNCHANGED',
  'LINKED',
  'FLAGGED',
  'DUPLICATE',
  'REJECTED',
];

export type RecordType = 'Account' | 'Stakeholder' | 'Relationship';

export interface ImportRowResult {
  /** The row in the file, the header being row 1 (as a spreadsheet numbers it). */
  rowNumber: number;
  outcome: ImportOutcome;
  /** The header of the offending column, for rejected rows. */
  column: string | null;
  message: string | null;
  /** The record created, changed or matched (database id). */
  recordId: string | null;
  recordType: RecordType | null;
}

export interface BatchContext {
  organizationId: string;
  memberId: string;
  fileName: string;
  now: Date;
  settings: VersionedSettings;
  /** Decimals of the organization's currency (amounts are stored in minor units). */
  currencyDigits: number;
  /** Write what the batch plans (false in a dry run). */
  apply: boolean;
  /** Keys of earlier rows of the file → the row number that used them first. */
  seen: Map<string, number>;
  /** Keys the current batch added to `seen`, to forget them when its transaction fails. */
  seenLog: string[];
  members: MemberIndex;
  /** Owners the organization does not have become INVITED members with this role; null: a row problem. */
  createMissingOwners: MemberRole | null;
}

export interface BatchRow<T> {
  rowNumber: number;
  value: T;
  /** Column headers per field, to name the column of an issue found against the database. */
  headers: Partial<Record<string, string>>;
}

export interface BatchOutcome {
  results: ImportRowResult[];
  /** Accounts whose coverage and risk the batch changed. */
  touchedAccountIds: string[];
}

export function rejected(rowNumber: number, issue: RowIssue): ImportRowResult {
  return {
    rowNumber,
    outcome: 'REJECTED',
    column: issue.column,
    message: issue.message,
    recordId: null,
    recordType: null,
  };
}

export function outcome(
  rowNumber: number,
  kind: Exclude<ImportOutcome, 'REJECTED'>,
  recordType: RecordType,
  recordId: string | null,
  message: string | null = null,
): ImportRowResult {
  return { rowNumber, outcome: kind, column: null, message, recordId, recordType };
}

/**
 * The first earlier row that used one of `keys`, or null; the keys are remembered for later rows
 * when the row goes ahead (`remember`).
 */
export function earlierRow(ctx: BatchContext, keys: readonly string[]): number | null {
  for (const key of keys) {
    const row = ctx.seen.get(key);
    if (row !== undefined) return row;
  }
  return null;
}

export function remember(ctx: BatchContext, keys: readonly string[], rowNumber: number): void {
  for (const key of keys) {
    if (ctx.seen.has(key)) continue;
    ctx.seen.set(key, rowNumber);
    ctx.seenLog.push(key);
  }
}

/** A row whose keys point at different records: rejected, naming the column of the key that disagrees. */
export function conflicting<T>(row: BatchRow<T>, conflict: { field: string | null; message: string }): ImportRowResult {
  return rejected(row.rowNumber, { column: columnOf(row, conflict.field), message: conflict.message });
}

/** The header of the column a field was read from, if the file has it. */
export function columnOf<T>(row: BatchRow<T>, field: string | null): string | null {
  return field ? (row.headers[field] ?? null) : null;
}

/** The distinct values given (nulls left out), in the order first seen. */
export function unique<T>(values: ReadonlyArray<T | null>): T[] {
  return [...new Set(values.filter((value): value is T => value !== null))];
}

type InCondition = { in: string[]; mode?: 'insensitive' };

/**
 * The conditions of one lookup for a whole batch, to be joined with OR: per field, the distinct values
 * the rows give (`insensitive` fields compared without case). A field no row gives is left out, so an
 * empty list means the rows give nothing to look up.
 */
export function anyOf<F extends string>(
  values: Record<F, ReadonlyArray<string | null>>,
  insensitive: readonly NoInfer<F>[] = [],
): Array<{ [K in F]?: InCondition }> {
  const conditions: Array<{ [K in F]?: InCondition }> = [];
  for (const field of Object.keys(values) as F[]) {
    const distinct = unique(values[field]);
    if (!distinct.length) continue;
    const condition: InCondition = insensitive.includes(field)
      ? { in: distinct, mode: 'insensitive' }
      : { in: distinct };
    conditions.push({ [field]: condition } as { [K in F]?: InCondition });
  }
  return conditions;
}

/** Records by a key of theirs; records without it are left out (a later one wins a repeated key). */
export function indexBy<T>(records: readonly T[], keyOf: (record: T) => string | null): Map<string, T> {
  const map = new Map<string, T>();
  for (const record of records) {
    const key = keyOf(record);
    if (key) map.set(key, record);
  }
  return map;
}

export const lower = (value: string) => value.toLowerCase();

/** Groups records under a lower-cased name. */
export function byLowerName<T>(records: readonly T[], nameOf: (record: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const record of records) {
    const key = lower(nameOf(record));
    map.set(key, [...(map.get(key) ?? []), record]);
  }
  return map;
}

export interface MemberIndex {
  find(reference: string): { id: string; deactivated: boolean } | 'ambiguous' | null;
}

/** Our members by e-mail or name (case-insensitive), loaded once per import. */
export async function memberIndex(db: Db, organizationId: string): Promise<MemberIndex> {
  const members = await db.member.findMany({
    where: { organizationId },
    select: { id: true, email: true, name: true, deactivatedAt: true },
  });
  const byEmail = new Map(members.map((member) => [lower(member.email), member]));
  const byName = byLowerName(members, (member) => member.name);
  return {
    find(reference) {
      const key = lower(reference.trim());
      const member = byEmail.get(key) ?? (byName.get(key)?.length === 1 ? byName.get(key)?.[0] : undefined);
      if (member) return { id: member.id, deactivated: member.deactivatedAt !== null };
      return (byName.get(key)?.length ?? 0) > 1 ? 'ambiguous' : null;
    },
  };
}

export function memberIssue(
  found: ReturnType<MemberIndex['find']>,
  header: string | undefined,
  reference: string,
): RowIssue | null {
  if (found === null)
    return { column: header ?? null, message: `No member of our team has the e-mail or name "${reference}".` };
  if (found === 'ambiguous')
    return { column: header ?? null, message: `Several members are named "${reference}": give their e-mail instead.` };
  if (found.deactivated) return { column: header ?? null, message: `${reference} has left our team.` };
  return null;
}

/**
 * The owner a row names. With `createMissingOwners`, an e-mail of nobody on the team becomes an
 * INVITED member with that role (in a real run, in the batch's transaction, logged as MEMBER_INVITED
 * by the import); an admin then sends them an invitation code (inviteMember with the same e-mail).
 * Without it, or for a name that is no e-mail, an unknown owner is a row problem.
 */
export async function rowOwner(
  db: Prisma.TransactionClient,
  ctx: BatchContext,
  reference: string,
  header: string | undefined,
): Promise<{ id: string | null; issue: RowIssue | null; invited: string | null }> {
  const found = ctx.members.find(reference);
  const address = found === null && ctx.createMissingOwners ? emailRule.safeParse(reference) : null;
  if (!address?.success || !ctx.createMissingOwners) {
    const issue = memberIssue(found, header, reference);
    return { id: issue || !found || found === 'ambiguous' ? null : found.id, issue, invited: null };
  }
  const role = ctx.createMissingOwners;
  const invited = `Owner ${address.data} invited as ${role.toLowerCase()}.`;
  if (!ctx.apply) return { id: null, issue: null, invited };
  const existing = await db.member.findUnique({
    where: { organizationId_email: { organizationId: ctx.organizationId, email: address.data } },
    select: { id: true },
  });
  if (existing) return { id: existing.id, issue: null, invited: null };
  const member = await db.member.create({
    data: {
      organizationId: ctx.organizationId,
      name: address.data.split('@')[0] || address.data,
      email: address.data,
      role,
      joinedAt: null,
    },
  });
  await recordChange(db, {
    organizationId: ctx.organizationId,
    kind: 'MEMBER_INVITED',
    actor: { kind: 'IMPORT', memberId: ctx.memberId },
    subject: { type: 'Member', id: member.id },
    payload: { member: member.name, role },
    occurredAt: ctx.now,
  });
  return { id: member.id, issue: null, invited };
}

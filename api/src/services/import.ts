// CSV imports from a CRM: the file is read as a stream (never whole), in batches of rows. Each row is
// validated on its own; a dry run reports what each row would do, a real run applies each batch in
// one transaction (with the health of the accounts it touched) and reports the same. Matching is by
// keys, so importing the same file again changes nothing.
import type { Readable } from 'node:stream';
import type { MemberRole, Prisma } from '@threadwatch/db/client';
import { parse } from 'csv-parse';
import type { Context } from '../context.ts';
import { type BulkTally, emptyBulkTally, mergeBulkTallies } from '../domain/bulk-changes.ts';
import {
  type ColumnMappingEntry,
  type ImportField,
  type ImportKind,
  resolveColumns,
} from '../domain/csv-import-columns.ts';
import {
  cellsOf,
  type RowIssue,
  type RowResult,
  readAccountRow,
  readRelationshipRow,
  readStakeholderRow,
} from '../domain/csv-import-rows.ts';
import { isAllowed } from '../domain/permissions.ts';
import { ForbiddenError, ValidationError } from '../errors.ts';
import { recordChange } from './events.ts';
import { organizationSettings, refreshAccountHealth } from './health.ts';
import { importAccountBatch } from './import-accounts.ts';
import {
  type BatchContext,
  type BatchOutcome,
  type BatchRow,
  type Db,
  type ImportOutcome,
  type ImportRowResult,
  importOutcomes,
  memberIndex,
  rejected,
} from './import-batch.ts';
import { importRelationshipBatch } from './import-relationships.ts';
import { importStakeholderBatch } from './import-stakeholders.ts';
import { uniqueViolation } from './prisma-errors.ts';
import { lockOrganizationImports } from './warm-leads.ts';
import { enqueueBulkSummary } from './webhook-events.ts';

export type { ImportOutcome, ImportRowResult } from './import-batch.ts';

/** Rows per transaction. */
export const DEFAULT_BATCH_SIZE = 500;
const ANALYZE_IMPORTED = 'ANALYZE "Account", "Stakeholder", "Employment", "Relationship", "JobChangeFlag"';
/** The longest record the parser accepts; a longer one is rejected, not buffered. */
const MAX_RECORD_BYTES = 64 * 1024;

export interface ImportRequest {
  kind: ImportKind;
  /** The file's bytes or text. */
  source: Readable;
  fileName: string;
  mapping?: readonly ColumnMappingEntry[];
  dryRun?: boolean;
  /** Create unknown owner e-mails as INVITED members with this role (admins only); null: a row problem. */
  createMissingOwners?: MemberRole | null;
  batchSize?: number;
  /** Each batch's rows, in file order, once the batch is done (committed in a real run). */
  onRows?: (rows: ImportRowResult[]) => void | Promise<void>;
  /**
   * Called with each batch's rows inside the batch's transaction (a real run), so what it writes
   * (a run's progress) commits with the batch. `entriesDone` counts the file's records after the
   * header done so far, rows skipped by `resumeAfter` included.
   */
  commitBatch?: (
    db: Db,
    batch: {
      rows: ImportRowResult[];
      entriesDone: number;
      ignoredColumns: string[];
      /** The bands moved and gaps opened so far, this batch included (for the webhook summary at the end). */
      bulk: BulkTally;
    },
  ) => Promise<void>;
  /** The bands moved and gaps opened by the batches an earlier attempt committed. */
  bulkSoFar?: BulkTally;
  /** Records after the header already committed by an earlier attempt: skipped. */
  resumeAfter?: number;
  /** Asked after each batch: true ends the import there (`stopped` in the summary). */
  stopping?: () => boolean;
  now?: Date;
}

export interface ImportSummary {
  kind: ImportKind;
  fileName: string;
  dryRun: boolean;
  rowCount: number;
  counts: Record<ImportOutcome, number>;
  /** Headers the import did not use (not recognized, repeated, or mapped to ignore). */
  ignoredColumns: string[];
  /** True when `stopping` ended the import before the end of the file. */
  stopped: boolean;
}

type Reader = (cells: ReturnType<typeof cellsOf>, currencyDigits: number) => RowResult<unknown>;
type Handler = (db: Prisma.TransactionClient, ctx: BatchContext, rows: BatchRow<never>[]) => Promise<BatchOutcome>;

const kinds: Record<ImportKind, { action: 'editAccounts' | 'editStakeholders'; read: Reader; handle: Handler }> = {
  ACCOUNTS: {
    action: 'editAccounts',
    read: (cells, digits) => readAccountRow(cells, digits),
    handle: importAccountBatch as Handler,
  },
  STAKEHOLDERS: {
    action: 'editStakeholders',
    read: (cells) => readStakeholderRow(cells),
    handle: importStakeholderBatch as Handler,
  },
  RELATIONSHIPS: {
    action: 'editStakeholders',
    read: (cells) => readRelationshipRow(cells),
    handle: importRelationshipBatch as Handler,
  },
};

/** What the file's rows may change needs the same permission as changing them by hand. */
export function requireImportPermission(ctx: Context, kind: ImportKind): void {
  if (!isAllowed(ctx.viewer.role, ctx.viewer.scope, kinds[kind].action)) {
    throw new ForbiddenError(
      kind === 'ACCOUNTS'
        ? 'Your role or token scope does not allow importing accounts.'
        : 'Your role or token scope does not allow importing stakeholders and relationships.',
    );
  }
}

/** Creating members from owner e-mails is inviting them: admins only (manageMembers), on account imports. */
export function requireOwnerCreation(ctx: Context, createMissingOwners: MemberRole | null): void {
  if (createMissingOwners && !isAllowed(ctx.viewer.role, ctx.viewer.scope, 'manageMembers'))
    throw new ForbiddenError('Only admins may create members from an import (createMissingOwners).');
}

/** Decimals of an ISO 4217 currency (2 for USD, 0 for JPY). */
function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

type Entry = { rowNumber: number; record: string[] } | { rowNumber: number; issue: RowIssue };

function joinIssues(issues: RowIssue[]): RowIssue {
  const [first] = issues;
  if (issues.length === 1 && first) return first;
  return {
    column: first?.column ?? null,
    message: issues.map((issue) => (issue.column ? `${issue.column}: ${issue.message}` : issue.message)).join('; '),
  };
}

export async function importCsv(ctx: Context, request: ImportRequest): Promise<ImportSummary> {
  requireImportPermission(ctx, request.kind);
  requireOwnerCreation(ctx, request.createMissingOwners ?? null);
  const kind = kinds[request.kind];
  const organizationId = ctx.viewer.organizationId;
  const now = request.now ?? new Date();
  const batchSize = request.batchSize ?? DEFAULT_BATCH_SIZE;
  const dryRun = request.dryRun ?? false;

  const parser = request.source.pipe(
    parse({
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      max_record_size: MAX_RECORD_BYTES,
      info: true,
    }),
  );
  request.source.once('error', (error) => parser.destroy(error));
  // Records the parser could not read; `after` is how many records it had read before.
  const unreadable: Array<{ after: number; message: string }> = [];
  parser.on('skip', (error: Error & { records?: number }) => {
    unreadable.push({ after: error.records ?? 0, message: error.message });
  });

  const counts = Object.fromEntries(importOutcomes.map((name) => [name, 0])) as Record<ImportOutcome, number>;
  let headers: string[] | null = null;
  let fields: Array<ImportField | null> = [];
  let headerOf: Partial<Record<string, string>> = {};
  let ignoredColumns: string[] = [];
  let skippedSoFar = 0;
  let rowCount = 0;
  let batch: Entry[] = [];
  let batchContext: BatchContext | null = null;
  let batches = 0;
  // Records after the header met so far (read or not), and the first `skip` of them already committed.
  let entries = 0;
  const skip = request.resumeAfter ?? 0;
  const add = (entry: Entry) => {
    entries += 1;
    if (entries > skip) batch.push(entry);
  };
  let stopped = false;
  // What the import did to risk bands and coverage, summed up in one webhook event at the end.
  let bulkSoFar = request.bulkSoFar ?? emptyBulkTally();

  const prepare = async (): Promise<BatchContext> => {
    const organization = await ctx.prisma.organization.findUniqueOrThrow({
      where: { id: organizationId },
      select: { currency: true },
    });
    return {
      organizationId,
      memberId: ctx.viewer.memberId,
      fileName: request.fileName,
      now,
      settings: await organizationSettings(ctx.prisma, organizationId),
      currencyDigits: currencyDigits(organization.currency),
      apply: !dryRun,
      seen: new Map(),
      seenLog: [],
      members: await memberIndex(ctx.prisma, organizationId),
      createMissingOwners: request.createMissingOwners ?? null,
    };
  };

  const flush = async () => {
    if (batch.length === 0 || !batchContext) return;
    const context = batchContext;
    const results: ImportRowResult[] = [];
    const valid: BatchRow<unknown>[] = [];
    for (const entry of batch) {
      if ('issue' in entry) {
        results.push(rejected(entry.rowNumber, entry.issue));
        continue;
      }
      const read = kind.read(cellsOf(entry.record, fields, headers ?? []), context.currencyDigits);
      if (read.ok) valid.push({ rowNumber: entry.rowNumber, value: read.value, headers: headerOf });
      else results.push(rejected(entry.rowNumber, joinIssues(read.issues)));
    }
    const entriesDone = entries;
    const commit = request.commitBatch
      ? (db: Db, batchResults: ImportRowResult[], bulk: BulkTally) =>
          (request.commitBatch as NonNullable<ImportRequest['commitBatch']>)(db, {
            rows: [...results, ...batchResults].sort((a, b) => a.rowNumber - b.rowNumber),
            entriesDone,
            ignoredColumns,
            bulk,
          })
      : null;
    const outcome = await runBatch(ctx, context, kind.handle, valid as BatchRow<never>[], commit, bulkSoFar);
    bulkSoFar = outcome.bulk;
    batches += 1;
    // Fresh planner statistics as the tables grow (the embedded database has no autovacuum to keep
    // them), so the lookups of later batches use the indexes: after batches 1, 2, 4, 8, …
    if (context.apply && (batches & (batches - 1)) === 0) await ctx.prisma.$executeRawUnsafe(ANALYZE_IMPORTED);
    results.push(...outcome.results);
    results.sort((a, b) => a.rowNumber - b.rowNumber);
    for (const result of results) counts[result.outcome] += 1;
    rowCount += results.length;
    batch = [];
    await request.onRows?.(results);
  };

  const drainUnreadable = (before: number) => {
    while (unreadable.length && (unreadable[0]?.after ?? 0) < before) {
      const unread = unreadable.shift() as { after: number; message: string };
      add({
        rowNumber: unread.after + 1 + skippedSoFar,
        issue: { column: null, message: `The row cannot be read as CSV: ${unread.message}` },
      });
      skippedSoFar += 1;
    }
  };

  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { records: number } }>) {
    drainUnreadable(info.records);
    if (headers === null) {
      headers = record.map((header) => header.trim());
      const resolved = resolveColumns(request.kind, headers, request.mapping ?? []);
      if (!resolved.ok) {
        request.source.destroy();
        throw new ValidationError(
          resolved.problems.map((problem) => ({
            path: problem.column ? ['mapping', problem.column] : ['content'],
            message: problem.message,
          })),
        );
      }
      fields = resolved.columns.fields;
      ignoredColumns = resolved.columns.ignored;
      headerOf = Object.fromEntries(
        fields.flatMap((field, index) => (field ? [[field, headers?.[index] ?? field]] : [])),
      );
      batchContext = await prepare();
      batch = [];
      continue;
    }
    const rowNumber = info.records + skippedSoFar;
    const extra = record.slice(headers.length);
    if (record.length < headers.length || extra.some((cell) => cell.trim() !== '')) {
      add({
        rowNumber,
        issue: {
          column: null,
          message: `The row has ${record.length} fields but the header has ${headers.length}: look for a missing field or an unquoted comma.`,
        },
      });
    } else {
      add({ rowNumber, record });
    }
    if (batch.length >= batchSize) {
      await flush();
      if (request.stopping?.()) {
        stopped = true;
        request.source.destroy();
        break;
      }
    }
  }
  if (stopped) {
    return { kind: request.kind, fileName: request.fileName, dryRun, rowCount, counts, ignoredColumns, stopped };
  }
  drainUnreadable(Number.POSITIVE_INFINITY);
  if (headers === null) {
    throw ValidationError.at(['content'], 'The file is empty: expected a header row and then one row per record.');
  }
  await flush();
  if (!dryRun)
    await ctx.prisma.$transaction(async (tx) => {
      await recordChange(tx, {
        organizationId: ctx.viewer.organizationId,
        kind: 'IMPORT_FINISHED',
        actor: { kind: 'IMPORT', memberId: ctx.viewer.memberId },
        payload: {
          fileName: request.fileName,
          created: counts.CREATED,
          updated: counts.UPDATED,
          failed: counts.REJECTED,
        },
      });
      // One summary of the bands the whole import moved, not one alert per account.
      await enqueueBulkSummary(
        tx,
        ctx.viewer.organizationId,
        { kind: 'IMPORT', fileName: request.fileName, importKind: request.kind, memberId: ctx.viewer.memberId },
        bulkSoFar,
        now,
      );
    });
  return { kind: request.kind, fileName: request.fileName, dryRun, rowCount, counts, ignoredColumns, stopped };
}

/**
 * One batch: a dry run only plans; a real run plans and writes in one transaction, serialized per
 * organization (so two imports of the same file cannot both create a row), and refreshes the health
 * of the accounts it touched. A batch that collides with a concurrent write is planned again once.
 */
async function runBatch(
  ctx: Context,
  context: BatchContext,
  handle: Handler,
  rows: BatchRow<never>[],
  commit: ((db: Db, results: ImportRowResult[], bulk: BulkTally) => Promise<void>) | null,
  bulkSoFar: BulkTally,
): Promise<BatchOutcome & { bulk: BulkTally }> {
  if (!context.apply || rows.length === 0) {
    const outcome =
      rows.length === 0 ? { results: [], touchedAccountIds: [] } : await handle(ctx.prisma, context, rows);
    await commit?.(ctx.prisma, outcome.results, bulkSoFar);
    return { ...outcome, bulk: bulkSoFar };
  }
  for (let attempt = 1; ; attempt++) {
    context.seenLog.length = 0;
    try {
      return await ctx.prisma.$transaction(
        async (tx) => {
          await lockOrganizationImports(tx, context.organizationId);
          const outcome = await handle(tx, context, rows);
          // The batch's band moves are tallied for the import's one summary (not sent one per account).
          const collector = {
            tally: emptyBulkTally(),
            cause: { kind: 'IMPORT' as const, fileName: context.fileName },
          };
          await refreshAccountHealth(tx, context.organizationId, outcome.touchedAccountIds, {
            actor: { kind: 'IMPORT', memberId: context.memberId },
            now: context.now,
            settings: context.settings,
            bulk: collector,
          });
          const bulk = mergeBulkTallies(bulkSoFar, collector.tally);
          await commit?.(tx, outcome.results, bulk);
          return { ...outcome, bulk };
        },
        { timeout: 300_000, maxWait: 60_000 },
      );
    } catch (error) {
      for (const key of context.seenLog) context.seen.delete(key);
      if (attempt > 1 || !uniqueViolation(error)) throw error;
    }
  }
}

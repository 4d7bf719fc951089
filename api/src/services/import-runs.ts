// Imports as background runs. Starting one checks what can be checked at once (permission, the
// file's encoding, its header row against the mapping), stores the file's text with the run, and
// answers the run; the rows are imported batch by batch, each batch committed together with the run's
// progress (records done, counts by outcome, the rows worth a look). A run resumed after a restart
// skips the records already committed. The same file sent again under the same idempotency key is
// the same run; another file under that key is a conflict.
import { Readable } from 'node:stream';
import type { BackgroundRun, MemberRole, Prisma, PrismaClient, TokenScope } from '@threadwatch/db/client';
import { parse } from 'csv-parse/sync';
import type { Context } from '../context.ts';
import { readBulkTally } from '../domain/bulk-changes.ts';
import { type ColumnMappingEntry, type ImportKind, resolveColumns } from '../domain/csv-import-columns.ts';
import { ForbiddenError, ValidationError } from '../errors.ts';
import { commitProgress, createRun, payloadHash, type RunControl, yieldToEventLoop } from './background-runs.ts';
import { importCsv, requireImportPermission, requireOwnerCreation } from './import.ts';
import { type ImportOutcome, type ImportRowResult, importOutcomes } from './import-batch.ts';

/** Outcomes kept with the run, row by row (the others are counted): what a person should look at. */
export const NOTABLE_OUTCOMES: ReadonlySet<ImportOutcome> = new Set(['REJECTED', 'FLAGGED', 'DUPLICATE', 'LINKED']);

/**
 * Rows per transaction in a run. Smaller than a command line's batches: the embedded database serves
 * one transaction at a time, and the API's other requests wait for the batch in progress.
 */
export const IMPORT_RUN_BATCH_SIZE = 100;

export interface ImportRunInput {
  kind: ImportKind;
  fileName: string;
  mapping: readonly ColumnMappingEntry[];
  dryRun: boolean;
  /** The encoding the file's bytes were decoded from (null: sent as text). */
  encoding: string | null;
  /** Unknown owner e-mails become INVITED members with this role (admins only); absent: a row problem. */
  createMissingOwners?: MemberRole | null;
}

interface StoredInput extends ImportRunInput {
  /** The scope of the token that started it: the run acts with no more than it. */
  scope: TokenScope;
}

export interface ImportProgress {
  counts: Record<ImportOutcome, number>;
  ignoredColumns: string[];
}

export const emptyCounts = (): Record<ImportOutcome, number> =>
  Object.fromEntries(importOutcomes.map((name) => [name, 0])) as Record<ImportOutcome, number>;

export function importProgress(run: Pick<BackgroundRun, 'progress'>): ImportProgress {
  const stored = run.progress as Partial<ImportProgress>;
  return { counts: { ...emptyCounts(), ...stored.counts }, ignoredColumns: stored.ignoredColumns ?? [] };
}

export function importRunInput(run: Pick<BackgroundRun, 'input'>): StoredInput {
  return run.input as unknown as StoredInput;
}

/** Records after the header (an estimate for a file with unreadable rows), and the header checked. */
function checkFile(kind: ImportKind, text: string, mapping: readonly ColumnMappingEntry[]): number {
  const records = parse(text, {
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
  }) as string[][];
  checkHeader(kind, records[0] ?? null, mapping);
  return records.length - 1;
}

/** Throws ValidationError when the header row is missing or does not fit the kind and the mapping. */
export function checkHeader(kind: ImportKind, header: string[] | null, mapping: readonly ColumnMappingEntry[]): void {
  if (!header) {
    throw ValidationError.at(['content'], 'The file is empty: expected a header row and then one row per record.');
  }
  const resolved = resolveColumns(
    kind,
    header.map((cell) => cell.trim()),
    mapping,
  );
  if (!resolved.ok) {
    throw new ValidationError(
      resolved.problems.map((problem) => ({
        path: problem.column ? ['mapping', problem.column] : ['content'],
        message: problem.message,
      })),
    );
  }
}

/**
 * Starts an import run of a decoded file (or answers the earlier run of the same key and file).
 * Throws ValidationError for a file that cannot be imported at all, with nothing stored.
 */
export async function createImportRun(
  ctx: Context,
  input: ImportRunInput & { text: string; idempotencyKey?: string | null },
): Promise<{ run: BackgroundRun; created: boolean }> {
  requireImportPermission(ctx, input.kind);
  requireOwnerCreation(ctx, input.createMissingOwners ?? null);
  const total = checkFile(input.kind, input.text, input.mapping);
  const stored: StoredInput = {
    kind: input.kind,
    fileName: input.fileName,
    mapping: input.mapping,
    dryRun: input.dryRun,
    encoding: input.encoding,
    scope: ctx.viewer.scope,
    ...(input.createMissingOwners ? { createMissingOwners: input.createMissingOwners } : {}),
  };
  return createRun(ctx.prisma, {
    organizationId: ctx.viewer.organizationId,
    kind: 'IMPORT',
    memberId: ctx.viewer.memberId,
    idempotencyKey: input.idempotencyKey ?? null,
    payload: {
      kind: input.kind,
      fileName: input.fileName,
      mapping: input.mapping,
      dryRun: input.dryRun,
      ...(input.createMissingOwners ? { createMissingOwners: input.createMissingOwners } : {}),
      content: payloadHash(input.text),
    },
    input: stored as unknown as Prisma.InputJsonValue,
    content: input.text,
    total,
  });
}

/**
 * Starts an import run of a file the caller streams itself (the command line): nothing of the file is
 * stored, only its hash; no worker claims it, and running the command again with the same key resumes it.
 */
export async function createExternalImportRun(
  ctx: Context,
  input: ImportRunInput & { sha256: string; idempotencyKey: string },
): Promise<{ run: BackgroundRun; created: boolean }> {
  requireImportPermission(ctx, input.kind);
  requireOwnerCreation(ctx, input.createMissingOwners ?? null);
  const stored = {
    kind: input.kind,
    fileName: input.fileName,
    mapping: input.mapping,
    dryRun: input.dryRun,
    encoding: input.encoding,
    scope: ctx.viewer.scope,
    external: true,
    ...(input.createMissingOwners ? { createMissingOwners: input.createMissingOwners } : {}),
  };
  return createRun(ctx.prisma, {
    organizationId: ctx.viewer.organizationId,
    kind: 'IMPORT',
    memberId: ctx.viewer.memberId,
    idempotencyKey: input.idempotencyKey,
    payload: {
      kind: input.kind,
      fileName: input.fileName,
      mapping: input.mapping,
      dryRun: input.dryRun,
      ...(input.createMissingOwners ? { createMissingOwners: input.createMissingOwners } : {}),
      content: input.sha256,
    },
    input: stored as unknown as Prisma.InputJsonValue,
  });
}

/** The context an import run acts in: the member who started it, as they are now. */
async function runContext(prisma: PrismaClient, run: BackgroundRun, scope: TokenScope): Promise<Context> {
  const member = run.memberId
    ? await prisma.member.findFirst({
        where: { id: run.memberId, organizationId: run.organizationId },
        select: { id: true, role: true, deactivatedAt: true },
      })
    : null;
  if (!member || member.deactivatedAt) {
    throw new ForbiddenError('The member who started this import is no longer active; nothing more was imported.');
  }
  return {
    prisma,
    viewer: { organizationId: run.organizationId, memberId: member.id, role: member.role, scope, tokenId: '' },
  };
}

const notable = (rows: readonly ImportRowResult[]) => rows.filter((row) => NOTABLE_OUTCOMES.has(row.outcome));

export async function processImportRun(
  prisma: PrismaClient,
  run: BackgroundRun,
  control: RunControl,
  options: {
    /** The file's text (default: the content stored with the run). */
    source?: Readable;
    batchSize?: number;
    /** Each batch's rows once committed (the command line's report). */
    onRows?: (rows: ImportRowResult[]) => void | Promise<void>;
  } = {},
): Promise<'done' | 'stopped'> {
  const input = importRunInput(run);
  const ctx = await runContext(prisma, run, input.scope);
  const progress = importProgress(run);
  const counts = { ...progress.counts };
  let ignoredColumns = progress.ignoredColumns;
  let done = run.done;
  const summary = await importCsv(ctx, {
    kind: input.kind,
    source: options.source ?? Readable.from([run.content ?? '']),
    fileName: input.fileName,
    mapping: input.mapping,
    dryRun: input.dryRun,
    createMissingOwners: input.createMissingOwners ?? null,
    batchSize: options.batchSize ?? IMPORT_RUN_BATCH_SIZE,
    resumeAfter: Number(run.cursor ?? 0),
    stopping: control.stopping,
    // The bands moved by the batches committed before a restart, for the import's one webhook summary.
    bulkSoFar: readBulkTally((run.progress as { bulk?: unknown }).bulk),
    commitBatch: async (db, batch) => {
      const next = { ...counts };
      for (const row of batch.rows) next[row.outcome] += 1;
      await commitProgress(db, run.id, control.owner, {
        done: done + batch.rows.length,
        cursor: String(batch.entriesDone),
        progress: {
          counts: next,
          ignoredColumns: batch.ignoredColumns,
          bulk: batch.bulk,
        } as unknown as Prisma.InputJsonValue,
        problems: notable(batch.rows),
      });
      ignoredColumns = batch.ignoredColumns;
    },
    // After the batch's transaction committed (a batch retried after a collision was counted once).
    onRows: async (rows) => {
      for (const row of rows) counts[row.outcome] += 1;
      done += rows.length;
      await options.onRows?.(rows);
      control.progressed({ id: run.id, done, total: run.total });
      await yieldToEventLoop();
    },
  });
  if (summary.stopped) return 'stopped';
  await commitProgress(prisma, run.id, control.owner, {
    done,
    total: done,
    progress: {
      counts,
      ignoredColumns: summary.ignoredColumns.length ? summary.ignoredColumns : ignoredColumns,
    },
  });
  return 'done';
}

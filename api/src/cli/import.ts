// Imports a CRM export (CSV) of any size into the configured database (DATABASE_URL, as the server
// reads it), as the member an API token belongs to, with that member's permissions. The file is read
// once to find (or check) its encoding, then streamed as an import run: each batch is committed with
// the run's progress, so an interrupted import (Ctrl-C, a lost connection) says what was committed
// and the same command with the same --key goes on from there. Progress goes to stderr, the summary
// to stdout, and the row-by-row report to a file.
// Usage: pnpm run import <file.csv> --kind accounts|stakeholders|relationships [options]
import { randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import type { MemberRole } from '@threadwatch/db/client';
import { DatabaseConfigError, openDatabase, parseDatabaseUrl } from '@threadwatch/db/database';
import { authenticate, flushLastUse } from '../context.ts';
import { bearerSecret } from '../domain/api-tokens.ts';
import { type ColumnMappingEntry, type ImportKind, parseMappingSpec } from '../domain/csv-import-columns.ts';
import { AppError, ValidationError } from '../errors.ts';
import { createLogger } from '../logger.ts';
import { DEFAULT_BATCH_SIZE, type ImportRowResult, requireImportPermission } from '../services/import.ts';
import { importOutcomes } from '../services/import-batch.ts';
import { decodedFileStream, readHeaderRow, scanImportFile } from '../services/import-file.ts';
import { checkHeader, createExternalImportRun, importProgress, processImportRun } from '../services/import-runs.ts';
import { BackgroundRunner } from '../workers/background-runner.ts';

const USAGE = `Usage: pnpm run import <file.csv> --kind accounts|stakeholders|relationships [options]
  --kind K          what the file holds: accounts, stakeholders or relationships
  --dry-run         report what each row would do; change nothing
  --mapping M       columns to read differently, as "Column=field,Other column=field" (field "ignore" skips one)
  --report FILE     write every row's outcome to FILE (.csv or .json)
  --encoding E      the file's encoding (utf-8, utf-16le, windows-1252, latin1, …); default: detected
                    (a byte order mark, else UTF-8 when every byte is valid UTF-8, else windows-1252)
  --key K           name the import run: the same file with the same key resumes an interrupted run
                    (or reports the finished one) instead of starting over
  --create-missing-owners ROLE
                    accounts: an owner e-mail nobody on the team has becomes an INVITED member with
                    ROLE (ADMIN, MANAGER, CSM or REP; admins only); without it such a row is rejected
  --token T         API token of the member importing (default: THREADWATCH_TOKEN)
The database is the one DATABASE_URL names, as for the server.`;

class UsageError extends Error {}

interface CliArgs {
  file: string;
  kind: ImportKind;
  dryRun: boolean;
  mapping: ColumnMappingEntry[];
  report: { path: string; format: 'csv' | 'json' } | null;
  encoding: string | null;
  key: string | null;
  token: string;
  createMissingOwners: MemberRole | null;
}

/** pnpm runs scripts in the package's folder; paths on the command line are the caller's. */
const callerDir = process.env.INIT_CWD ?? process.cwd();

function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): CliArgs {
  let file: string | null = null;
  let kind: ImportKind | null = null;
  let dryRun = false;
  let mapping: ColumnMappingEntry[] = [];
  let report: CliArgs['report'] = null;
  let encoding: string | null = null;
  let key: string | null = null;
  let token = env.THREADWATCH_TOKEN ?? '';
  let createMissingOwners: MemberRole | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') continue;
    if (!arg.startsWith('--')) {
      if (file !== null) throw new UsageError(`One file at a time: got "${file}" and "${arg}".`);
      file = arg;
      continue;
    }
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg];
    if (flag === '--dry-run') {
      dryRun = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') throw new UsageError(`${flag} needs a value.`);
    if (flag === '--create-missing-owners') {
      const role = value.toUpperCase();
      if (role !== 'ADMIN' && role !== 'MANAGER' && role !== 'CSM' && role !== 'REP')
        throw new UsageError(`--create-missing-owners must be ADMIN, MANAGER, CSM or REP, got "${value}".`);
      createMissingOwners = role;
      continue;
    }
    if (flag === '--kind') {
      const upper = value.toUpperCase();
      if (upper !== 'ACCOUNTS' && upper !== 'STAKEHOLDERS' && upper !== 'RELATIONSHIPS')
        throw new UsageError(`--kind must be accounts, stakeholders or relationships, got "${value}".`);
      kind = upper;
    } else if (flag === '--mapping') {
      const parsed = parseMappingSpec(value);
      if (!parsed.ok) throw new UsageError(`--mapping: ${parsed.message}`);
      mapping = [...mapping, ...parsed.mapping];
    } else if (flag === '--report') {
      const extension = extname(value).toLowerCase();
      if (extension !== '.csv' && extension !== '.json')
        throw new UsageError(`--report needs a .csv or .json file, got "${value}".`);
      report = { path: resolve(callerDir, value), format: extension === '.csv' ? 'csv' : 'json' };
    } else if (flag === '--encoding') {
      encoding = value;
    } else if (flag === '--key') {
      if (value.length > 200) throw new UsageError('--key must be at most 200 characters.');
      key = value;
    } else if (flag === '--token') {
      token = value;
    } else {
      throw new UsageError(`Unknown option "${arg}".`);
    }
  }
  if (file === null) throw new UsageError('Name the CSV file to import.');
  if (kind === null) throw new UsageError('Say what the file holds with --kind.');
  if (token === '') throw new UsageError('Give an API token with --token or THREADWATCH_TOKEN.');
  if (!bearerSecret(`Bearer ${token}`)) throw new UsageError('The token is not a Threadwatch API token (tw_…).');
  return { file: resolve(callerDir, file), kind, dryRun, mapping, report, encoding, key, token, createMissingOwners };
}

/** A CSV cell; text a spreadsheet would run as a formula is prefixed with a quote. */
function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Writes the report row by row, waiting when the disk is slower than the import. */
class ReportWriter {
  private readonly out: WriteStream;
  private first = true;

  constructor(
    path: string,
    private readonly format: 'csv' | 'json',
  ) {
    this.out = createWriteStream(path);
  }

  private async write(text: string): Promise<void> {
    if (!this.out.write(text)) await new Promise<void>((done) => this.out.once('drain', () => done()));
  }

  async start(): Promise<void> {
    await this.write(this.format === 'csv' ? 'row,outcome,column,message,record_id\n' : '{"rows":[\n');
  }

  async rows(rows: ImportRowResult[]): Promise<void> {
    let text = '';
    for (const row of rows) {
      if (this.format === 'csv') {
        text += `${[row.rowNumber, row.outcome, row.column, row.message, row.recordId].map(csvCell).join(',')}\n`;
      } else {
        text += `${this.first ? '' : ',\n'}${JSON.stringify(row)}`;
        this.first = false;
      }
    }
    await this.write(text);
  }

  async finish(summary: unknown): Promise<void> {
    if (this.format === 'json') await this.write(`\n],"summary":${JSON.stringify(summary)}}\n`);
    await new Promise<void>((done, fail) => this.out.end((error?: Error | null) => (error ? fail(error) : done())));
  }
}

const number = (value: number) => value.toLocaleString('en-US');

function progressPrinter(totalBytes: number, started: number) {
  const interactive = process.stderr.isTTY === true;
  let lastPrint = 0;
  return (rows: number, bytes: number, done = false) => {
    const now = performance.now();
    if (!done && now - lastPrint < (interactive ? 250 : 5000)) return;
    lastPrint = now;
    const seconds = (now - started) / 1000;
    const percent = totalBytes > 0 ? Math.min(100, Math.floor((bytes / totalBytes) * 100)) : 100;
    const line = `${percent}% · ${number(rows)} rows · ${number(Math.round(rows / Math.max(seconds, 0.001)))} rows/s`;
    process.stderr.write(interactive ? `\r${line}${done ? '\n' : ''}` : `${line}\n`);
  };
}

async function run(args: CliArgs): Promise<void> {
  const location = parseDatabaseUrl(process.env.DATABASE_URL);
  const size = (await stat(args.file)).size;
  // Read once before anything is imported: an undecodable byte stops the import with nothing changed.
  const scanned = await scanImportFile(args.file, args.encoding);
  const db = await openDatabase(location);
  const writer = args.report ? new ReportWriter(args.report.path, args.report.format) : null;
  let summary: Record<string, unknown> | null = null;
  try {
    const viewer = await authenticate(db.prisma, `Bearer ${args.token}`);
    const ctx = { prisma: db.prisma, viewer };
    requireImportPermission(ctx, args.kind);
    checkHeader(args.kind, await readHeaderRow(args.file, scanned.encoding), args.mapping);
    const key = args.key ?? `cli-${randomUUID()}`;
    const fileName = basename(args.file);
    const { run: started } = await createExternalImportRun(ctx, {
      kind: args.kind,
      fileName,
      mapping: args.mapping,
      dryRun: args.dryRun,
      createMissingOwners: args.createMissingOwners,
      encoding: scanned.encoding,
      sha256: scanned.sha256,
      idempotencyKey: key,
    });
    const startedAt = performance.now();
    const progress = progressPrinter(size, startedAt);
    let bytes = 0;
    const rejected: ImportRowResult[] = [];
    await writer?.start();
    const runner = new BackgroundRunner(db.prisma, createLogger('warn'));
    let interrupted = false;
    const interrupt = () => {
      interrupted = true;
      process.stderr.write('\nStopping after the current batch…\n');
      void runner.stop();
    };
    process.once('SIGINT', interrupt);
    process.once('SIGTERM', interrupt);
    runner.onProgress(({ done }) => progress(done, bytes));
    if (started.status === 'QUEUED' || started.status === 'RUNNING') {
      await runner.start(started.id, (prisma, claimed, control) =>
        processImportRun(prisma, claimed, control, {
          source: decodedFileStream(args.file, scanned.encoding, (read) => {
            bytes += read;
          }),
          batchSize: DEFAULT_BATCH_SIZE,
          onRows: async (rows) => {
            for (const row of rows) if (row.outcome === 'REJECTED' && rejected.length < 10) rejected.push(row);
            await writer?.rows(rows);
          },
        }),
      );
    }
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    const run = await db.prisma.backgroundRun.findUniqueOrThrow({ where: { id: started.id } });
    const { counts, ignoredColumns } = importProgress(run);
    summary = { kind: args.kind, fileName, dryRun: args.dryRun, rowCount: run.done, counts, ignoredColumns };
    const resumeHint = `Run the same command with --key ${key} to go on from there.`;
    if (run.status === 'FAILED') {
      throw new Error(
        `${run.error ?? 'the import failed'} (${number(run.done)} rows were committed before it stopped)`,
      );
    }
    if (run.status !== 'SUCCEEDED') {
      const elsewhere = run.leaseOwner !== null && !interrupted;
      console.error(
        elsewhere
          ? `This import (--key ${key}) is running in another process; ${number(run.done)} rows committed so far.`
          : `${interrupted ? 'Interrupted' : 'Stopped'}: ${number(run.done)} rows committed (the first ${number(Number(run.cursor ?? 0))} records after the header); nothing after them. ${resumeHint}`,
      );
      process.exitCode = 1;
      return;
    }
    progress(run.done, size, true);
    const seconds = (performance.now() - startedAt) / 1000;
    const where = location.kind === 'postgres' ? 'PostgreSQL' : `PGlite (${location.dataDir ?? 'in memory'})`;
    const kept = (run.problems as unknown as ImportRowResult[]).filter((row) => row.outcome === 'REJECTED');
    const shown = rejected.length ? rejected : kept.slice(0, 10);
    const lines = [
      `${args.dryRun ? 'Dry run of' : 'Imported'} ${args.kind.toLowerCase()} from ${fileName} into ${where}${args.dryRun ? ': nothing was changed' : ''}.`,
      ...(started.status === 'SUCCEEDED' ? [`  (already imported under --key ${key}: nothing was done again)`] : []),
      ...(run.attempts > 1 ? [`  resumed: ${run.attempts} attempts`] : []),
      `  ${number(run.done)} rows in ${seconds.toFixed(1)} s (${number(Math.round(run.done / Math.max(seconds, 0.001)))} rows/s), peak memory ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
      `  encoding ${scanned.encoding}`,
      `  ${importOutcomes.map((outcome) => `${outcome.toLowerCase()} ${number(counts[outcome])}`).join(' · ')}`,
      ...(ignoredColumns.length ? [`  columns not imported: ${ignoredColumns.join(', ')}`] : []),
      ...(shown.length
        ? [
            `  ${counts.REJECTED > shown.length ? `first ${shown.length} rejected rows` : 'rejected rows'}:`,
            ...shown.map((row) => `    row ${row.rowNumber}${row.column ? `, ${row.column}` : ''}: ${row.message}`),
          ]
        : []),
      ...(args.report ? [`  report: ${args.report.path}`] : []),
    ];
    console.log(lines.join('\n'));
  } finally {
    await writer?.finish(summary);
    await flushLastUse();
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
  args = parseArgs(argv, process.env);
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`${error.message}\n\n${USAGE}`);
  process.exit(2);
}

try {
  await run(args);
} catch (error) {
  if (error instanceof ValidationError) {
    const lines = error.issues.map(
      (issue) => `  ${issue.path[0] === 'mapping' ? `--mapping "${issue.path[1]}": ` : ''}${issue.message}`,
    );
    console.error(`The file cannot be imported:\n${lines.join('\n')}`);
  } else if (error instanceof AppError || error instanceof DatabaseConfigError) {
    console.error(error.message);
  } else if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
    console.error(`No such file: ${args.file}`);
  } else {
    console.error(`Import failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exitCode = 1;
}

// Imports a CRM export (CSV) of any size into the configured database (DATABASE_URL, as the server
// reads it), as the member an API token belongs to, with that member's permissions. The file is
// streamed; progress goes to stderr, the summary to stdout, and the row-by-row report to a file.
// Usage: pnpm run import <file.csv> --kind accounts|stakeholders|relationships [options]
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { DatabaseConfigError, openDatabase, parseDatabaseUrl } from '@threadwatch/db/database';
import { authenticate } from '../context.ts';
import { bearerSecret } from '../domain/api-tokens.ts';
import { type ColumnMappingEntry, type ImportKind, parseMappingSpec } from '../domain/csv-import-columns.ts';
import { AppError, ValidationError } from '../errors.ts';
import { type ImportRowResult, type ImportSummary, importCsv } from '../services/import.ts';
import { importOutcomes } from '../services/import-batch.ts';

const USAGE = `Usage: pnpm run import <file.csv> --kind accounts|stakeholders|relationships [options]
  --kind K          what the file holds: accounts, stakeholders or relationships
  --dry-run         report what each row would do; change nothing
  --mapping M       columns to read differently, as "Column=field,Other column=field" (field "ignore" skips one)
  --report FILE     write every row's outcome to FILE (.csv or .json)
  --token T         API token of the member importing (default: THREADWATCH_TOKEN)
The database is the one DATABASE_URL names, as for the server.`;

class UsageError extends Error {}

interface CliArgs {
  file: string;
  kind: ImportKind;
  dryRun: boolean;
  mapping: ColumnMappingEntry[];
  report: { path: string; format: 'csv' | 'json' } | null;
  token: string;
}

/** pnpm runs scripts in the package's folder; paths on the command line are the caller's. */
const callerDir = process.env.INIT_CWD ?? process.cwd();

function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): CliArgs {
  let file: string | null = null;
  let kind: ImportKind | null = null;
  let dryRun = false;
  let mapping: ColumnMappingEntry[] = [];
  let report: CliArgs['report'] = null;
  let token = env.THREADWATCH_TOKEN ?? '';
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
  return { file: resolve(callerDir, file), kind, dryRun, mapping, report, token };
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

  async finish(summary: ImportSummary | null): Promise<void> {
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
  const db = await openDatabase(location);
  const writer = args.report ? new ReportWriter(args.report.path, args.report.format) : null;
  let summary: ImportSummary | null = null;
  try {
    const viewer = await authenticate(db.prisma, `Bearer ${args.token}`);
    const started = performance.now();
    const progress = progressPrinter(size, started);
    const source = createReadStream(args.file);
    let bytes = 0;
    source.on('data', (chunk) => {
      bytes += chunk.length;
    });
    let rowsDone = 0;
    const rejected: ImportRowResult[] = [];
    await writer?.start();
    summary = await importCsv(
      { prisma: db.prisma, viewer },
      {
        kind: args.kind,
        source,
        fileName: basename(args.file),
        mapping: args.mapping,
        dryRun: args.dryRun,
        onRows: async (rows) => {
          rowsDone += rows.length;
          for (const row of rows) if (row.outcome === 'REJECTED' && rejected.length < 10) rejected.push(row);
          await writer?.rows(rows);
          progress(rowsDone, bytes);
        },
      },
    );
    progress(rowsDone, size, true);
    const seconds = (performance.now() - started) / 1000;
    const where = location.kind === 'postgres' ? 'PostgreSQL' : `PGlite (${location.dataDir ?? 'in memory'})`;
    const lines = [
      `${args.dryRun ? 'Dry run of' : 'Imported'} ${args.kind.toLowerCase()} from ${basename(args.file)} into ${where}${args.dryRun ? ': nothing was changed' : ''}.`,
      `  ${number(summary.rowCount)} rows in ${seconds.toFixed(1)} s (${number(Math.round(summary.rowCount / Math.max(seconds, 0.001)))} rows/s), peak memory ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
      `  ${importOutcomes.map((outcome) => `${outcome.toLowerCase()} ${number(summary?.counts[outcome] ?? 0)}`).join(' · ')}`,
      ...(summary.ignoredColumns.length ? [`  columns not imported: ${summary.ignoredColumns.join(', ')}`] : []),
      ...(rejected.length
        ? [
            `  ${summary.counts.REJECTED > rejected.length ? `first ${rejected.length} rejected rows` : 'rejected rows'}:`,
            ...rejected.map((row) => `    row ${row.rowNumber}${row.column ? `, ${row.column}` : ''}: ${row.message}`),
          ]
        : []),
      ...(args.report ? [`  report: ${args.report.path}`] : []),
    ];
    console.log(lines.join('\n'));
  } finally {
    await writer?.finish(summary);
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

// CSV imports from a CRM through GraphQL: the file's content in the request (up to the API's 256 kB
// request limit; larger files go through the command line, `pnpm run import`), imported as a
// background run (services/import-runs.ts) that the mutation answers.

import { z } from 'zod';
import { builder, inViewerOrganization } from '../builder.ts';
import type { Context } from '../context.ts';
import { decodeCsvBytes } from '../domain/csv-encoding.ts';
import * as rules from '../domain/input-rules.ts';
import { authScopesFor } from '../domain/permissions.ts';
import { ValidationError } from '../errors.ts';
import { encodeId } from '../global-id.ts';
import type { ImportOutcome, ImportRowResult } from '../services/import.ts';
import { createImportRun, IMPORT_RUN_BATCH_SIZE, importProgress, importRunInput } from '../services/import-runs.ts';
import { startRun } from '../workers/background-runner.ts';
import { BackgroundRunStatusEnum } from './background-run.ts';
import { MemberRoleEnum } from './enums.ts';
import { mutationErrors } from './errors.ts';

/** The API's request body limit, which bounds the content of one import. */
const CONTENT_LIMIT = 256 * 1024;
const ROWS_PAGE_MAX = 1000;

const ImportKindEnum = builder.enumType('ImportKind', {
  values: {
    ACCOUNTS: { description: 'Accounts (companies).' },
    STAKEHOLDERS: { description: 'Stakeholders (contacts), with their account.' },
    RELATIONSHIPS: { description: 'Threads between our members and stakeholders.' },
  } as const,
});

const ImportOutcomeEnum = builder.enumType('ImportOutcome', {
  values: {
    CREATED: { description: 'A new record.' },
    UPDATED: { description: 'An existing record, changed.' },
    UNCHANGED: { description: 'An existing record the row already matches.' },
    LINKED: {
      description: 'An existing record found by profile URL, e-mail or name; the row’s CRM id is recorded on it.',
    },
    FLAGGED: { description: 'A known person at another company: a suspected job change, flagged for review.' },
    DUPLICATE: { description: 'The same record as an earlier row of the file: skipped.' },
    REJECTED: { description: 'Not imported; see column and message.' },
  } as const,
});

const ColumnMappingInput = builder.inputType('ColumnMappingInput', {
  fields: (t) => ({
    column: t.string({ required: true, validate: z.string().max(200, 'Must be at most 200 characters.') }),
    field: t.string({
      required: true,
      description: 'A field of the import kind (e.g. email, accountName, crmId) or "ignore".',
      validate: z.string().max(50, 'Must be at most 50 characters.'),
    }),
  }),
});

const ImportCsvInput = builder.inputType('ImportCsvInput', {
  description: 'The file as text (`content`) or as its bytes in base64 (`contentBase64`, with `encoding` or detected).',
  fields: (t) => ({
    kind: t.field({ type: ImportKindEnum, required: true }),
    content: t.string({
      description:
        'The CSV file’s text, header row first. At most 256 kB; use `pnpm run import` for larger files. ' +
        'A file that is not UTF-8 is best sent as contentBase64.',
      validate: z
        .string()
        .max(CONTENT_LIMIT, 'The file is larger than 256 kB: import it with the command line, pnpm run import.'),
    }),
    contentBase64: t.string({
      description:
        'The CSV file’s bytes in base64, for files that may not be UTF-8: the encoding is `encoding`, else detected ' +
        '(a byte order mark, else UTF-8 when valid, else Windows-1252).',
      validate: z
        .string()
        .max(
          Math.ceil(CONTENT_LIMIT / 3) * 4,
          'The file is larger than 256 kB: import it with the command line, pnpm run import.',
        ),
    }),
    encoding: t.string({
      description: 'The encoding of contentBase64, e.g. utf-8, utf-16le, windows-1252, latin1.',
      validate: z.string().max(40, 'Must be at most 40 characters.'),
    }),
    fileName: t.string({ description: 'Recorded as the evidence of job-change flags.', validate: rules.text(200) }),
    mapping: t.field({
      type: [ColumnMappingInput],
      description: 'Columns the import does not recognize by their header, or to read differently.',
      validate: z.array(z.any()).max(100, 'At most 100 mappings.'),
    }),
    dryRun: t.boolean({ description: 'Report what each row would do, and change nothing.' }),
    createMissingOwners: t.field({
      type: MemberRoleEnum,
      description:
        'Accounts: an owner e-mail nobody on the team has becomes an INVITED member with this role (admins only; ' +
        'send them an invitation code with inviteMember). Without it, an unknown owner rejects the row.',
    }),
    idempotencyKey: t.string({
      description:
        'Sending the same file again with the same key answers the same run (nothing is imported twice); another file under the same key is a ConflictError.',
      validate: rules.text(200),
    }),
  }),
});

const ImportRowRef = builder.objectRef<ImportRowResult>('ImportRow').implement({
  fields: (t) => ({
    rowNumber: t.exposeInt('rowNumber', { description: 'The row in the file; the header is row 1.' }),
    outcome: t.expose('outcome', { type: ImportOutcomeEnum }),
    column: t.exposeString('column', { nullable: true, description: 'The header of the offending column.' }),
    message: t.exposeString('message', { nullable: true }),
    recordId: t.id({
      nullable: true,
      description: 'The record created, changed or matched.',
      resolve: (row) => (row.recordId && row.recordType ? encodeId(row.recordType, row.recordId) : null),
    }),
  }),
});

const ImportCountsRef = builder.objectRef<Record<ImportOutcome, number>>('ImportCounts').implement({
  fields: (t) => ({
    created: t.exposeInt('CREATED'),
    updated: t.exposeInt('UPDATED'),
    unchanged: t.exposeInt('UNCHANGED'),
    linked: t.exposeInt('LINKED'),
    flagged: t.exposeInt('FLAGGED'),
    duplicate: t.exposeInt('DUPLICATE'),
    rejected: t.exposeInt('REJECTED'),
  }),
});

const importRunWhere = (id: string, ctx: Context) => ({ ...inViewerOrganization(id, ctx), kind: 'IMPORT' as const });

export const ImportRun = builder.prismaNode('BackgroundRun', {
  variant: 'ImportRun',
  id: { field: 'id' },
  nullable: true,
  findUnique: importRunWhere,
  authScopes: { read: true },
  description:
    'An import, run in the background: QUEUED, RUNNING (or interrupted and waiting to resume), SUCCEEDED or FAILED. ' +
    'Every batch of rows is committed with the progress shown here.',
  fields: (t) => ({
    status: t.expose('status', { type: BackgroundRunStatusEnum }),
    kind: t.field({ type: ImportKindEnum, select: { input: true }, resolve: (run) => importRunInput(run).kind }),
    fileName: t.string({ select: { input: true }, resolve: (run) => importRunInput(run).fileName }),
    dryRun: t.boolean({
      description: 'True when nothing is changed.',
      select: { input: true },
      resolve: (run) => importRunInput(run).dryRun,
    }),
    encoding: t.string({
      nullable: true,
      description: 'The encoding the file was decoded from (null: sent as text).',
      select: { input: true },
      resolve: (run) => importRunInput(run).encoding,
    }),
    rowCount: t.exposeInt('done', { description: 'Rows after the header done (committed in a real run).' }),
    rowsTotal: t.exposeInt('total', {
      nullable: true,
      description: 'Rows after the header in the file (an estimate until the run ends).',
    }),
    counts: t.field({
      type: ImportCountsRef,
      description: 'Rows done so far by outcome.',
      select: { progress: true },
      resolve: (run) => importProgress(run).counts,
    }),
    ignoredColumns: t.stringList({
      description: 'Headers not imported: not recognized (map them), repeated, or mapped to ignore.',
      select: { progress: true },
      resolve: (run) => importProgress(run).ignoredColumns,
    }),
    rows: t.field({
      type: [ImportRowRef],
      description:
        `The rows worth a look (REJECTED, FLAGGED, DUPLICATE, LINKED) in file order, filtered by outcome: the first ${ROWS_PAGE_MAX} ` +
        `are kept (see noteworthyRowCount); \`first\` at most ${ROWS_PAGE_MAX}. Created, updated and unchanged rows are counted.`,
      args: {
        outcomes: t.arg({ type: [ImportOutcomeEnum] }),
        first: t.arg.int({ defaultValue: 100 }),
        offset: t.arg.int({ defaultValue: 0 }),
      },
      select: { problems: true },
      resolve: (run, args) => {
        const first = args.first ?? 100;
        const offset = args.offset ?? 0;
        if (first < 0 || first > ROWS_PAGE_MAX || offset < 0) {
          throw ValidationError.at(['rows'], `first must be 0 to ${ROWS_PAGE_MAX} and offset at least 0.`);
        }
        const kept = run.problems as unknown as ImportRowResult[];
        const wanted = args.outcomes?.length ? new Set(args.outcomes) : null;
        const rows = wanted ? kept.filter((row) => wanted.has(row.outcome)) : kept;
        return rows.slice(offset, offset + first);
      },
    }),
    noteworthyRowCount: t.exposeInt('problemCount', {
      description: 'Rows worth a look in all, kept or not.',
    }),
    error: t.exposeString('error', {
      nullable: true,
      description: 'Why a FAILED run stopped; the rows counted before it are committed.',
    }),
    attempts: t.exposeInt('attempts', { description: 'Times a process claimed it (more than 1: resumed).' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.queryField('importRuns', (t) =>
  t.prismaField({
    type: [ImportRun],
    description: "The organization's imports, newest first.",
    authScopes: authScopesFor('importRuns'),
    args: { first: t.arg.int({ defaultValue: 20, validate: z.number().int().min(0).max(100) }) },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.backgroundRun.findMany({
        ...query,
        where: { organizationId: ctx.viewer.organizationId, kind: 'IMPORT' },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: args.first ?? 20,
      }),
  }),
);

/** A point per line of the file (its rows), charged to the token's budget like records read. */
function importRowCost(args: { input?: { content?: string | null; contentBase64?: string | null } }): number {
  const { content, contentBase64 } = args.input ?? {};
  if (typeof content === 'string') return content.split('\n').length;
  if (typeof contentBase64 === 'string')
    return Buffer.from(contentBase64, 'base64').filter((byte) => byte === 10).length + 1;
  return 0;
}

/** The file's text: `content` as sent, or `contentBase64` decoded (never with U+FFFD for bad bytes). */
function fileText(input: { content?: string | null; contentBase64?: string | null; encoding?: string | null }) {
  if ((input.content == null) === (input.contentBase64 == null)) {
    throw ValidationError.at(['input', 'content'], 'Send the file as content (text) or as contentBase64, one of them.');
  }
  if (input.content != null) {
    if (input.encoding) {
      throw ValidationError.at(['input', 'encoding'], 'encoding applies to contentBase64; content is text already.');
    }
    if (input.content.includes('\uFFFD')) {
      throw ValidationError.at(
        ['input', 'content'],
        'The text holds U+FFFD replacement characters: it was read with the wrong encoding. Send the file’s bytes as contentBase64.',
      );
    }
    return { text: input.content, encoding: null };
  }
  const base64 = (input.contentBase64 ?? '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(base64) || base64.length % 4 === 1) {
    throw ValidationError.at(['input', 'contentBase64'], 'Not valid base64.');
  }
  const decoded = decodeCsvBytes(Buffer.from(base64, 'base64'), input.encoding);
  if (!decoded.ok) throw ValidationError.at(['input', input.encoding ? 'encoding' : 'contentBase64'], decoded.message);
  return { text: decoded.text, encoding: decoded.encoding };
}

builder.mutationField('importCsv', (t) =>
  t.prismaField({
    type: ImportRun,
    description:
      'Imports accounts, stakeholders or relationships from a CRM export (Salesforce and HubSpot headers are recognized) ' +
      `as a background run: a file of up to ${IMPORT_RUN_BATCH_SIZE} rows is done when this answers, a larger one is answered queued ` +
      '(follow it with node(id:) or importRuns). ' +
      'Files up to 256 kB; larger ones with the command line, `pnpm run import`. Costs a point per row.',
    authScopes: authScopesFor('importCsv'),
    errors: { types: mutationErrors, union: { name: 'ImportCsvResult' } },
    args: { input: t.arg({ type: ImportCsvInput, required: true }) },
    extensions: { argumentCost: importRowCost },
    resolve: async (query, _root, { input }, ctx) => {
      const { text, encoding } = fileText(input);
      const { run } = await createImportRun(ctx, {
        kind: input.kind,
        text,
        encoding,
        fileName: input.fileName ?? 'import.csv',
        mapping: input.mapping ?? [],
        dryRun: input.dryRun ?? false,
        createMissingOwners: input.createMissingOwners ?? null,
        idempotencyKey: input.idempotencyKey ?? null,
      });
      if (run.status !== 'QUEUED' && run.status !== 'RUNNING') return run;
      const oneBatch = (run.total ?? 0) <= IMPORT_RUN_BATCH_SIZE;
      await startRun(ctx.prisma, run.id, oneBatch);
      return oneBatch ? ctx.prisma.backgroundRun.findUniqueOrThrow({ ...query, where: { id: run.id } }) : run;
    },
  }),
);

// CSV imports from a CRM through GraphQL: the file's content in the request (up to the API's 256 kB
// request limit; larger files go through the command line, `pnpm run import`).
import { Readable } from 'node:stream';
import { z } from 'zod';
import { builder } from '../builder.ts';
import * as rules from '../domain/input-rules.ts';
import { ValidationError } from '../errors.ts';
import { encodeId } from '../global-id.ts';
import { type ImportOutcome, type ImportRowResult, type ImportSummary, importCsv } from '../services/import.ts';
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
  fields: (t) => ({
    kind: t.field({ type: ImportKindEnum, required: true }),
    content: t.string({
      required: true,
      description:
        'The CSV file’s text (UTF-8, header row first). At most 256 kB; use `pnpm run import` for larger files.',
      validate: z
        .string()
        .max(CONTENT_LIMIT, 'The file is larger than 256 kB: import it with the command line, pnpm run import.'),
    }),
    fileName: t.string({ description: 'Recorded as the evidence of job-change flags.', validate: rules.text(200) }),
    mapping: t.field({
      type: [ColumnMappingInput],
      description: 'Columns the import does not recognize by their header, or to read differently.',
      validate: z.array(z.any()).max(100, 'At most 100 mappings.'),
    }),
    dryRun: t.boolean({ description: 'Report what each row would do, and change nothing.' }),
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

type Report = ImportSummary & { rows: ImportRowResult[] };

const ImportReportRef = builder.objectRef<Report>('ImportReport').implement({
  fields: (t) => ({
    kind: t.expose('kind', { type: ImportKindEnum }),
    fileName: t.exposeString('fileName'),
    dryRun: t.exposeBoolean('dryRun', { description: 'True when nothing was changed.' }),
    rowCount: t.exposeInt('rowCount', { description: 'Rows after the header.' }),
    counts: t.expose('counts', { type: ImportCountsRef }),
    ignoredColumns: t.exposeStringList('ignoredColumns', {
      description: 'Headers not imported: not recognized (map them), repeated, or mapped to ignore.',
    }),
    rows: t.field({
      type: [ImportRowRef],
      description: `Row outcomes in file order, filtered by outcome; \`first\` at most ${ROWS_PAGE_MAX}.`,
      args: {
        outcomes: t.arg({ type: [ImportOutcomeEnum] }),
        first: t.arg.int({ defaultValue: 100 }),
        offset: t.arg.int({ defaultValue: 0 }),
      },
      resolve: (report, args) => {
        const first = args.first ?? 100;
        const offset = args.offset ?? 0;
        if (first < 0 || first > ROWS_PAGE_MAX || offset < 0) {
          throw ValidationError.at(['rows'], `first must be 0 to ${ROWS_PAGE_MAX} and offset at least 0.`);
        }
        const wanted = args.outcomes?.length ? new Set(args.outcomes) : null;
        const rows = wanted ? report.rows.filter((row) => wanted.has(row.outcome)) : report.rows;
        return rows.slice(offset, offset + first);
      },
    }),
  }),
});

builder.mutationField('importCsv', (t) =>
  t.field({
    type: ImportReportRef,
    description:
      'Imports accounts, stakeholders or relationships from a CRM export (Salesforce and HubSpot headers are recognized). ' +
      'Files up to 256 kB; larger ones with the command line, `pnpm run import`.',
    authScopes: { editStakeholders: true, editAccounts: true },
    errors: { types: mutationErrors, union: { name: 'ImportCsvResult' } },
    args: { input: t.arg({ type: ImportCsvInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const rows: ImportRowResult[] = [];
      const summary = await importCsv(ctx, {
        kind: input.kind,
        source: Readable.from([input.content]),
        fileName: input.fileName ?? 'import.csv',
        mapping: input.mapping ?? [],
        dryRun: input.dryRun ?? false,
        onRows: (batch) => {
          rows.push(...batch);
        },
      });
      return { ...summary, rows };
    },
  }),
);

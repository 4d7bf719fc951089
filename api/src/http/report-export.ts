// The turnover report as a file: GET /reports/turnover.csv or /reports/turnover.json with
// ?from=<instant>&to=<instant>[&ownerId=<Member id>], the same bearer tokens and scopes as GraphQL
// (any token that may read). At most 366 days per export. Errors answer JSON with a code.
import type { PrismaClient } from '@threadwatch/db/client';
import type { Request, RequestHandler, Response } from 'express';
import { authenticate, type Viewer } from '../context.ts';
import { csvFile } from '../domain/csv-cells.ts';
import { type Action, isAllowed } from '../domain/permissions.ts';
import type { ReportLine, TurnoverReport } from '../domain/turnover-report.ts';
import { AppError, ForbiddenError, TokenExpiredError, UnauthenticatedError, ValidationError } from '../errors.ts';
import { decodeId } from '../global-id.ts';
import { memberActor, recordChange } from '../services/events.ts';
import { checkReportPeriod, turnoverReportFor } from '../services/report.ts';

export const EXPORT_PATHS = ['/reports/turnover.csv', '/reports/turnover.json'];
export const MAX_EXPORT_DAYS = 366;

const STATUS: Record<AppError['code'], number> = {
  UNAUTHENTICATED: 401,
  TOKEN_EXPIRED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VALIDATION: 400,
  CONFLICT: 409,
  INVITATION_INVALID: 400,
  LAST_ADMIN: 409,
  DATABASE_UNAVAILABLE: 503,
};

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export function single(value: unknown, name: string, required: boolean): string | null {
  if (value === undefined && !required) return null;
  if (typeof value !== 'string') {
    throw ValidationError.at([name], required ? 'Give it once, as text.' : 'Give it at most once, as text.');
  }
  return value;
}

export function instant(value: unknown, name: string): Date {
  const text = single(value, name, true) ?? '';
  const at = ISO_INSTANT.test(text) ? new Date(text) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime())) throw ValidationError.at([name], 'Expected an ISO 8601 instant with a time zone.');
  return at;
}

function ownerOf(value: unknown): string | null {
  const text = single(value, 'ownerId', false);
  if (text === null) return null;
  const decoded = decodeId(text);
  if (decoded.typename !== 'Member') throw ValidationError.at(['ownerId'], 'Expected a Member id.');
  return decoded.id;
}

const LINE_COLUMNS: Array<keyof ReportLine> = [
  'savedCount',
  'savedArrMinor',
  'churnedCount',
  'churnedArrMinor',
  'openCount',
  'openArrAtRiskMinor',
  'averageDaysAtRisk',
  'averagePlanCompletion',
  'expectedSavedArrMinor',
  'undecidedArrMinor',
  'highRiskArrMinor',
];

export function reportCsv(report: TurnoverReport): string {
  const rows: Array<Array<string | number | bigint | null>> = [['breakdown', 'group', 'currency', ...LINE_COLUMNS]];
  const line = (breakdown: string, group: string | null, item: ReportLine) =>
    rows.push([breakdown, group, report.currency, ...LINE_COLUMNS.map((column) => item[column])]);
  line('total', null, report.total);
  for (const item of report.byCause) line('cause', item.cause, item);
  for (const item of report.bySegment) line('segment', item.segment, item);
  for (const item of report.byOwner) line('owner', item.ownerName, item);
  return csvFile(rows);
}

function jsonValue(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? Number(value) : value;
}

export function refuse(res: Response, error: AppError): void {
  res.status(STATUS[error.code]).json({
    error: {
      code: error.code,
      message: error.message,
      ...(error instanceof ValidationError ? { issues: error.issues } : {}),
      ...(error instanceof TokenExpiredError ? { expiresAt: error.expiresAt.toISOString() } : {}),
    },
  });
}

/** The caller of an export, by the same bearer tokens as GraphQL, refused unless allowed `action`. */
export async function exportViewer(prisma: PrismaClient, req: Request, action: Action): Promise<Viewer> {
  if ((req.headersDistinct.authorization?.length ?? 0) > 1)
    throw new UnauthenticatedError('Send one Authorization header, not several.');
  const viewer = await authenticate(prisma, req.headers.authorization);
  if (!isAllowed(viewer.role, viewer.scope, action)) {
    throw new ForbiddenError('Your role or token scope does not allow this.');
  }
  return viewer;
}

export function turnoverReportExport(prisma: PrismaClient): RequestHandler {
  return async (req, res, next) => {
    res.setHeader('cache-control', 'no-store');
    try {
      const viewer = await exportViewer(prisma, req, 'read');
      const from = instant(req.query.from, 'from');
      const to = instant(req.query.to, 'to');
      const ownerId = ownerOf(req.query.ownerId);
      checkReportPeriod(from, to, MAX_EXPORT_DAYS);
      const report = await turnoverReportFor({ prisma, viewer }, { from, to, ownerId, maxDays: MAX_EXPORT_DAYS });
      const name = `turnover-report-${from.toISOString().slice(0, 10)}-${to.toISOString().slice(0, 10)}`;
      const csv = req.path.endsWith('.csv');
      // Who took the figures out of the product, and when: recorded before the file is sent.
      await prisma.$transaction((tx) =>
        recordChange(tx, {
          organizationId: viewer.organizationId,
          kind: 'REPORT_EXPORTED',
          actor: memberActor(viewer.memberId),
          payload: { format: csv ? 'CSV' : 'JSON' },
        }),
      );
      if (csv) {
        res.setHeader('content-type', 'text/csv; charset=utf-8');
        res.setHeader('content-disposition', `attachment; filename="${name}.csv"`);
        res.send(reportCsv(report));
      } else {
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.setHeader('content-disposition', `attachment; filename="${name}.json"`);
        res.send(JSON.stringify(report, jsonValue));
      }
    } catch (error) {
      if (error instanceof AppError) refuse(res, error);
      else next(error);
    }
  };
}

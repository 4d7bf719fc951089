// The audit trail as a file: GET /audit.csv?since=<instant>&until=<instant> (at most 366 days, newest
// first), for admins, with the same bearer tokens as GraphQL. Each export is itself recorded
// (AUDIT_LOG_EXPORTED) before the file is sent. Errors answer JSON with a code, as the report export.
import type { PrismaClient } from '@threadwatch/db/client';
import type { RequestHandler } from 'express';
import { auditCsvLines } from '../domain/audit.ts';
import { AppError } from '../errors.ts';
import { auditRows } from '../services/audit.ts';
import { checkRange } from '../services/changes.ts';
import { memberActor, recordChange } from '../services/events.ts';
import { exportViewer, instant, refuse } from './report-export.ts';

export const AUDIT_EXPORT_PATH = '/audit.csv';

export function auditLogExport(prisma: PrismaClient): RequestHandler {
  return async (req, res, next) => {
    res.setHeader('cache-control', 'no-store');
    try {
      const viewer = await exportViewer(prisma, req, 'viewAuditLog');
      const since = instant(req.query.since, 'since');
      const until = instant(req.query.until, 'until');
      checkRange(since, until);
      await prisma.$transaction((tx) =>
        recordChange(tx, {
          organizationId: viewer.organizationId,
          kind: 'AUDIT_LOG_EXPORTED',
          actor: memberActor(viewer.memberId),
          payload: { format: 'CSV' },
        }),
      );
      const name = `audit-log-${since.toISOString().slice(0, 10)}-${until.toISOString().slice(0, 10)}`;
      res.setHeader('content-type', 'text/csv; charset=utf-8');
      res.setHeader('content-disposition', `attachment; filename="${name}.csv"`);
      res.write(auditCsvLines([], true));
      for await (const page of auditRows(prisma, viewer.organizationId, since, until)) {
        res.write(auditCsvLines(page, false));
      }
      res.end();
    } catch (error) {
      if (res.headersSent) {
        // Part of the file is out: cut the connection so the client sees an incomplete download.
        res.destroy(error instanceof Error ? error : undefined);
        return;
      }
      if (error instanceof AppError) refuse(res, error);
      else next(error);
    }
  };
}

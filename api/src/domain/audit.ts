// The audit trail without I/O: which kinds of change it holds, and its rows as a CSV file.
// It is a view of the event log (services/events.ts): the administration kinds, which stay out of
// the weekly change feed, and the security-relevant changes the feed shows too.
import { ADMINISTRATION_KINDS, type ChangeKind } from './changes.ts';
import { csvFile } from './csv-cells.ts';

/** Every kind of change the audit trail shows, and the only kinds its retention deletes. */
export const AUDIT_KINDS = [
  ...ADMINISTRATION_KINDS,
  'SETTINGS_CHANGED',
  'STAKEHOLDER_ERASED',
  'IMPORT_FINISHED',
  'HANDOVER',
] as const satisfies readonly ChangeKind[];
export type AuditKind = (typeof AUDIT_KINDS)[number];

const auditKinds: ReadonlySet<ChangeKind> = new Set(AUDIT_KINDS);

export function isAuditKind(kind: ChangeKind): kind is AuditKind {
  return auditKinds.has(kind);
}

/** The kinds a filter asks for, kept to audit kinds; all of them when it names none. */
export function auditKindsOf(requested: readonly ChangeKind[] | null | undefined): AuditKind[] {
  if (!requested?.length) return [...AUDIT_KINDS];
  return AUDIT_KINDS.filter((kind) => requested.includes(kind));
}

export interface AuditRow {
  occurredAt: Date;
  kind: AuditKind;
  sentence: string;
  actorKind: 'MEMBER' | 'IMPORT' | 'SYSTEM';
  actorName: string | null;
  actorEmail: string | null;
  requestId: string | null;
  clientAddress: string | null;
  subjectType: string | null;
  subjectId: string | null;
}

export const AUDIT_CSV_COLUMNS = [
  'occurredAt',
  'kind',
  'sentence',
  'actorKind',
  'actorName',
  'actorEmail',
  'requestId',
  'clientAddress',
  'subjectType',
  'subjectId',
] as const satisfies ReadonlyArray<keyof AuditRow>;

/** The header line, or one row's line, of the audit CSV (cells neutralized against formulas). */
export function auditCsvLines(rows: readonly AuditRow[], header: boolean): string {
  const lines: Array<Array<string | null>> = header ? [[...AUDIT_CSV_COLUMNS]] : [];
  for (const row of rows) {
    lines.push(
      AUDIT_CSV_COLUMNS.map((column) => {
        const value = row[column];
        return value instanceof Date ? value.toISOString() : value;
      }),
    );
  }
  return lines.length ? csvFile(lines) : '';
}

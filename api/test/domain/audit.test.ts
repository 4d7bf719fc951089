import { describe, expect, it } from 'vitest';
import { AUDIT_KINDS, type AuditRow, auditCsvLines, auditKindsOf, isAuditKind } from '../../src/domain/audit.ts';
import { ADMINISTRATION_KINDS, CHANGE_KINDS } from '../../src/domain/changes.ts';
import { csvField } from '../../src/domain/csv-cells.ts';

describe('audit kinds', () => {
  it('are every administration kind and the security-relevant changes of the feed', () => {
    expect(AUDIT_KINDS).toEqual(expect.arrayContaining([...ADMINISTRATION_KINDS]));
    expect(AUDIT_KINDS.filter((kind) => !(ADMINISTRATION_KINDS as readonly string[]).includes(kind)).sort()).toEqual([
      'HANDOVER',
      'IMPORT_FINISHED',
      'SETTINGS_CHANGED',
      'STAKEHOLDER_ERASED',
    ]);
    expect(CHANGE_KINDS.filter(isAuditKind)).toHaveLength(AUDIT_KINDS.length);
  });

  it.each<[string, Parameters<typeof auditKindsOf>[0], string[]]>([
    ['none asked: all of them', null, [...AUDIT_KINDS]],
    ['an empty list: all of them', [], [...AUDIT_KINDS]],
    ['audit kinds are kept', ['TOKEN_CREATED', 'HANDOVER'], ['TOKEN_CREATED', 'HANDOVER']],
    ['feed kinds are dropped', ['FLAG_RAISED', 'TOKEN_REVOKED'], ['TOKEN_REVOKED']],
    ['only feed kinds: nothing', ['RISK_MOVED'], []],
  ])('a filter: %s', (_label, requested, expected) => {
    expect(auditKindsOf(requested).sort()).toEqual([...expected].sort());
  });
});

describe('CSV cells', () => {
  it.each<[string | number | bigint | null, string]>([
    [null, ''],
    [12, '12'],
    [12n, '12'],
    ['plain', '"plain"'],
    ['say "hi"', '"say ""hi"""'],
    ['=SUM(A1:A9)', `"'=SUM(A1:A9)"`],
    ['+1', `"'+1"`],
    ['-1', `"'-1"`],
    ['@cmd', `"'@cmd"`],
    ['\tx', `"'\tx"`],
    ['\rx', `"'\rx"`],
    ['a=b', '"a=b"'],
    ['line\nbreak', '"line\nbreak"'],
  ])('cell %# → %s', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});

describe('audit CSV', () => {
  const row: AuditRow = {
    occurredAt: new Date('2026-11-30T10:00:00Z'),
    kind: 'TOKEN_CREATED',
    sentence: 'Token "x" created for =Eve (by Ann).',
    actorKind: 'MEMBER',
    actorName: '=Ann',
    actorEmail: 'ann@example.com',
    requestId: 'r-1',
    clientAddress: '203.0.113.9',
    subjectType: 'Member',
    subjectId: null,
  };

  it('writes a header once, then a line per row, CRLF, formulas neutralized', () => {
    expect(auditCsvLines([row], true)).toBe(
      '"occurredAt","kind","sentence","actorKind","actorName","actorEmail","requestId","clientAddress","subjectType","subjectId"\r\n' +
        `"2026-11-30T10:00:00.000Z","TOKEN_CREATED","Token ""x"" created for =Eve (by Ann).","MEMBER","'=Ann","ann@example.com","r-1","203.0.113.9","Member",\r\n`,
    );
    expect(auditCsvLines([], false)).toBe('');
  });
});

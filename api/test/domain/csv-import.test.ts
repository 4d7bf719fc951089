import { describe, expect, it } from 'vitest';
import {
  type ImportField,
  type ImportKind,
  normalizeHeader,
  parseMappingSpec,
  recognizeHeader,
  resolveColumns,
} from '../../src/domain/csv-import-columns.ts';
import {
  companyChanged,
  importFlagKey,
  type KeyHit,
  type Known,
  type KnownPerson,
  matchRecord,
  type PersonPlace,
  personChanges,
} from '../../src/domain/csv-import-matching.ts';
import {
  type Cells,
  cellsOf,
  parseAmount,
  parseBoolean,
  parseBuyingRoles,
  parseDate,
  parseLifecycle,
  parseSegment,
  parseTier,
  readAccountRow,
  readRelationshipRow,
  readStakeholderRow,
  type StakeholderRow,
} from '../../src/domain/csv-import-rows.ts';

describe('headers', () => {
  it.each([
    ['Account Name', 'accountname'],
    ['  account_name ', 'accountname'],
    ['AccountName', 'accountname'],
    ['E-mail', 'email'],
    ['LinkedIn URL', 'linkedinurl'],
    ['Ｅｍａｉｌ', 'email'],
  ])('"%s" is compared as "%s"', (header, key) => {
    expect(normalizeHeader(header)).toBe(key);
  });

  it.each<[ImportKind, string, ImportField | null]>([
    // Salesforce
    ['ACCOUNTS', 'Account ID', 'crmId'],
    ['ACCOUNTS', 'Account Name', 'name'],
    ['ACCOUNTS', 'Website', 'domain'],
    ['ACCOUNTS', 'Type', 'lifecycle'],
    ['ACCOUNTS', 'Account Owner', 'owner'],
    ['STAKEHOLDERS', 'Contact ID', 'crmId'],
    ['STAKEHOLDERS', 'First Name', 'firstName'],
    ['STAKEHOLDERS', 'Last Name', 'lastName'],
    ['STAKEHOLDERS', 'Email', 'email'],
    ['STAKEHOLDERS', 'Title', 'title'],
    ['STAKEHOLDERS', 'Account Name', 'accountName'],
    ['STAKEHOLDERS', 'Account ID', 'accountCrmId'],
    ['STAKEHOLDERS', 'AccountId', 'accountCrmId'],
    ['STAKEHOLDERS', 'Contact Role', 'buyingRoles'],
    // HubSpot
    ['ACCOUNTS', 'Record ID', 'crmId'],
    ['ACCOUNTS', 'Company name', 'name'],
    ['ACCOUNTS', 'Company Domain Name', 'domain'],
    ['ACCOUNTS', 'Company owner', 'owner'],
    ['ACCOUNTS', 'LinkedIn Company Page', 'companyUrl'],
    ['STAKEHOLDERS', 'Record ID', 'crmId'],
    ['STAKEHOLDERS', 'Job Title', 'title'],
    ['STAKEHOLDERS', 'Associated Company', 'accountName'],
    ['STAKEHOLDERS', 'LinkedIn URL', 'profileUrl'],
    ['STAKEHOLDERS', 'Buying Role', 'buyingRoles'],
    // The field's own name, and what nobody recognizes
    ['STAKEHOLDERS', 'isMainContact', 'isMainContact'],
    ['RELATIONSHIPS', 'Owner Email', 'member'],
    ['RELATIONSHIPS', 'Last Activity', 'lastTouchAt'],
    ['STAKEHOLDERS', 'Mailing City', null],
    ['ACCOUNTS', 'Annual Revenue', null],
    ['STAKEHOLDERS', '', null],
  ])('%s: "%s" holds %s', (kind, header, field) => {
    expect(recognizeHeader(kind, header)).toBe(field);
  });
});

describe('resolving columns', () => {
  it.each<
    [string, ImportKind, string[], Array<{ column: string; field: string }>, Array<ImportField | null> | string[]]
  >([
    [
      'recognized headers, unknown ones ignored',
      'STAKEHOLDERS',
      ['First Name', 'Last Name', 'Account Name', 'Mailing City'],
      [],
      ['firstName', 'lastName', 'accountName', null],
    ],
    [
      'the first of two columns for one field wins',
      'STAKEHOLDERS',
      ['Full Name', 'Email', 'Email Address', 'Company'],
      [],
      ['fullName', 'email', null, 'accountName'],
    ],
    [
      'a mapping, case- and space-insensitive, overrides recognition',
      'STAKEHOLDERS',
      ['Person', 'Org', 'Email', 'Work Email'],
      [
        { column: ' person ', field: 'fullName' },
        { column: 'ORG', field: 'accountName' },
        { column: 'Email', field: 'ignore' },
        { column: 'work email', field: 'email' },
      ],
      ['fullName', 'accountName', null, 'email'],
    ],
    [
      'a column the mapping names that is missing',
      'STAKEHOLDERS',
      ['Full Name', 'Company'],
      [{ column: 'Mail', field: 'email' }],
      ['Mail: The mapping names a column the file does not have.'],
    ],
    [
      'an unknown field',
      'ACCOUNTS',
      ['Name', 'Size'],
      [{ column: 'Size', field: 'employees' }],
      [
        'Size: Unknown field "employees": use one of crmId, name, domain, companyUrl, arr, tier, segment, lifecycle, renewalDate, owner, ignore.',
      ],
    ],
    [
      'two columns mapped to one field',
      'ACCOUNTS',
      ['A', 'B'],
      [
        { column: 'A', field: 'name' },
        { column: 'B', field: 'name' },
      ],
      ['B: The mapping sends both "A" and "B" to name.'],
    ],
    [
      'no column for what a row needs',
      'RELATIONSHIPS',
      ['Strength'],
      [],
      [
        '-: No column for our member (e-mail or name): expected a header such as "Member Email", "Owner Email", or a mapping to member.',
        '-: No column for the stakeholder (CRM id, e-mail or profile URL): expected a header such as "Contact ID", "Record ID", "Email", "Contact Email", "LinkedIn URL", "LinkedIn Profile", or a mapping to stakeholderCrmId or stakeholderEmail or stakeholderProfileUrl.',
      ],
    ],
  ])('%s', (_name, kind, headers, mapping, expected) => {
    const result = resolveColumns(kind, headers, mapping);
    if (result.ok) expect(result.columns.fields).toEqual(expected);
    else expect(result.problems.map((problem) => `${problem.column ?? '-'}: ${problem.message}`)).toEqual(expected);
  });

  it.each([
    [
      'Name=fullName,Org=accountName',
      [
        { column: 'Name', field: 'fullName' },
        { column: 'Org', field: 'accountName' },
      ],
    ],
    [' A = email , ', [{ column: 'A', field: 'email' }]],
    ['Price=Qty=arr', [{ column: 'Price=Qty', field: 'arr' }]],
  ])('reads the mapping "%s"', (spec, mapping) => {
    expect(parseMappingSpec(spec)).toEqual({ ok: true, mapping });
  });

  it.each(['Name', '=email', 'Name='])('refuses the mapping "%s"', (spec) => {
    expect(parseMappingSpec(spec).ok).toBe(false);
  });
});

describe('cell values', () => {
  it.each([
    ['Champion', ['CHAMPION']],
    ['Champion; Economic Buyer', ['CHAMPION', 'ECONOMIC_BUYER']],
    ['Economic Decision Maker', ['ECONOMIC_BUYER']],
    ['Budget Holder;End User', ['ECONOMIC_BUYER', 'USER']],
    ['Technical Buyer, Evaluator', ['TECHNICAL_EVALUATOR']],
    ['Influencer', []],
    ['executive-sponsor|Decision Maker', ['EXECUTIVE_SPONSOR', 'DECISION_MAKER']],
    ['Chief Wizard', null],
  ])('buying roles "%s" → %j', (value, roles) => {
    expect(parseBuyingRoles(value)).toEqual(roles);
  });

  it.each([
    ['125000', 2, 12_500_000n],
    ['$125,000.50', 2, 12_500_050n],
    ['USD 1 200', 2, 120_000n],
    ['1200.5', 0, null],
    ['1200.0', 0, 1200n],
    ['1,234.567', 2, null],
    ['-5', 2, null],
    ['abc', 2, null],
    ['9999999999999', 2, null],
  ])('amount "%s" with %i decimals → %s', (value, digits, minor) => {
    expect(parseAmount(value, digits)).toBe(minor);
  });

  it.each([
    ['2027-03-31', '2027-03-31'],
    ['2027-03-31T10:00:00Z', '2027-03-31'],
    ['3/31/2027', '2027-03-31'],
    ['12/1/2026 9:30 AM', '2026-12-01'],
    ['31/3/2027', null],
    ['2027-02-30', null],
    ['next week', null],
  ])('date "%s" → %s', (value, iso) => {
    expect(parseDate(value)?.toISOString().slice(0, 10) ?? null).toBe(iso);
  });

  it.each([
    ['Customer - Direct', 'CUSTOMER'],
    ['customer', 'CUSTOMER'],
    ['Prospect', 'PROSPECT'],
    ['salesqualifiedlead', 'PROSPECT'],
    ['Former Customer', 'CHURNED'],
    ['Competitor', null],
  ])('lifecycle "%s" → %s', (value, lifecycle) => {
    expect(parseLifecycle(value)).toBe(lifecycle);
  });

  it.each([
    ['yes', true],
    ['X', true],
    ['TRUE', true],
    ['0', false],
    ['No', false],
    ['maybe', null],
  ])('boolean "%s" → %s', (value, result) => {
    expect(parseBoolean(value)).toBe(result);
  });

  it('tiers and segments by their words', () => {
    expect([parseTier('Strategic'), parseTier('KEY'), parseTier('gold')]).toEqual(['STRATEGIC', 'KEY', null]);
    expect([parseSegment('Mid-Market'), parseSegment('SMB'), parseSegment('huge')]).toEqual([
      'MID_MARKET',
      'SMB',
      null,
    ]);
  });
});

const stakeholderFields = [
  'crmId',
  'firstName',
  'lastName',
  'email',
  'accountName',
  'buyingRoles',
  'profileUrl',
] as const;
const stakeholderHeaders = [
  'Contact ID',
  'First Name',
  'Last Name',
  'Email',
  'Account Name',
  'Buying Role',
  'LinkedIn URL',
];
const stakeholderCells = (record: string[]): Cells<(typeof stakeholderFields)[number]> =>
  cellsOf(record, [...stakeholderFields], stakeholderHeaders);

describe('reading a row', () => {
  it('reads a good stakeholder row, normalizing e-mail and profile URL', () => {
    const result = readStakeholderRow(
      stakeholderCells([
        ' 003A ',
        'Dana',
        'Ruiz',
        'Dana@Acme.Example',
        'Acme',
        'Champion',
        'https://www.linkedin.com/in/Dana-Ruiz/?trk=x',
      ]),
    );
    expect(result).toEqual({
      ok: true,
      value: {
        crmId: '003A',
        fullName: 'Dana Ruiz',
        email: 'dana@acme.example',
        title: null,
        department: null,
        seniority: null,
        profileUrl: 'linkedin.com/in/dana-ruiz',
        buyingRoles: ['CHAMPION'],
        isMainContact: null,
        accountCrmId: null,
        accountName: 'Acme',
      },
    });
  });

  it.each<[string, string[], Array<{ column: string | null; message: string }>]>([
    [
      'a bad e-mail',
      ['1', 'Kim', 'Lee', 'kim@', 'Acme', '', ''],
      [{ column: 'Email', message: 'Must be an e-mail address such as jane@example.com. (got "kim@")' }],
    ],
    [
      'no name',
      ['1', '', '', 'kim@acme.example', 'Acme', '', ''],
      [{ column: null, message: 'The row has no name for the person.' }],
    ],
    [
      'no account',
      ['1', 'Kim', 'Lee', '', '', '', ''],
      [{ column: null, message: 'The row names no account (CRM id or name).' }],
    ],
    [
      'a company page where a profile belongs, and an unknown role',
      ['1', 'Kim', 'Lee', '', 'Acme', 'Wizard', 'linkedin.com/company/acme'],
      [
        { column: 'LinkedIn URL', message: expect.stringContaining('not a profile URL') },
        {
          column: 'Buying Role',
          message:
            'Must be buying roles such as Champion; Economic Buyer; Executive Sponsor; Decision Maker; Technical Evaluator; User (got "Wizard")',
        },
      ],
    ],
    [
      'control characters in a name',
      ['1', 'Kim\u0007', 'Lee', '', 'Acme', '', ''],
      [{ column: 'First Name', message: 'Must not contain control characters. (got "Kim\u0007 Lee")' }],
    ],
  ])('rejects %s with the column', (_name, record, issues) => {
    expect(readStakeholderRow(stakeholderCells(record))).toEqual({ ok: false, issues });
  });

  it('reads account and relationship rows', () => {
    const account = readAccountRow(
      cellsOf(
        ['A-1', 'Acme', 'https://www.acme.com/x; acme.io', '1,000', 'Key'],
        ['crmId', 'name', 'domain', 'arr', 'tier'],
        ['Id', 'Name', 'Website', 'ARR', 'Tier'],
      ),
      2,
    );
    expect(account.ok && [account.value.domains, account.value.arrMinor, account.value.tier]).toEqual([
      ['acme.com', 'acme.io'],
      100_000n,
      'KEY',
    ]);
    const thread = readRelationshipRow(
      cellsOf(
        ['rep@x.example', 'C-1', 'Strong', '2026-11-01T10:00:00Z'],
        ['member', 'stakeholderCrmId', 'strength', 'lastTouchAt'],
        ['Owner', 'Contact ID', 'Strength', 'Last Activity'],
      ),
    );
    expect(thread).toEqual({
      ok: true,
      value: {
        member: 'rep@x.example',
        stakeholderCrmId: 'C-1',
        stakeholderEmail: null,
        stakeholderProfileUrl: null,
        strength: 'STRONG',
        lastTouchAt: new Date('2026-11-01T10:00:00Z'),
      },
    });
    const badStrength = readRelationshipRow(
      cellsOf(['rep', 'C-1', 'huge'], ['member', 'stakeholderCrmId', 'strength'], ['Owner', 'Contact ID', 'Strength']),
    );
    expect(badStrength).toEqual({
      ok: false,
      issues: [{ column: 'Strength', message: 'Must be strong, medium or weak (got "huge")' }],
    });
  });
});

interface Rec extends Known {}
const rec = (id: string, crmId: string | null = null): Rec => ({ id, crmId, label: `Person ${id}` });
const hit = (key: KeyHit<Rec>['key'], record?: Rec): KeyHit<Rec> => ({ key, field: key.toLowerCase(), record });

describe('matching a row to a record', () => {
  const a = rec('a', 'C-1');
  const b = rec('b');
  it.each<[string, string | null, KeyHit<Rec>[], Rec[], string]>([
    ['nothing found: new', 'C-9', [hit('CRM_ID'), hit('EMAIL')], [], 'new'],
    ['by CRM id', 'C-1', [hit('CRM_ID', a), hit('EMAIL')], [], 'match a by CRM_ID'],
    ['by e-mail, no CRM id on either side', null, [hit('EMAIL', b)], [], 'match b by EMAIL'],
    ['by e-mail, the record has no CRM id yet', 'C-5', [hit('CRM_ID'), hit('EMAIL', b)], [], 'match b by EMAIL'],
    [
      'keys agreeing on one record',
      'C-1',
      [hit('CRM_ID', a), hit('PROFILE_URL', a), hit('EMAIL', a)],
      [],
      'match a by CRM_ID',
    ],
    [
      'keys pointing at two records',
      'C-1',
      [hit('CRM_ID', a), hit('EMAIL', b)],
      [],
      'conflict at email: The e-mail address belongs to Person b, but the CRM id to Person a: correct the row.',
    ],
    [
      'a record with another CRM id',
      'C-2',
      [hit('CRM_ID'), hit('PROFILE_URL', a)],
      [],
      'conflict at profile_url: The profile URL belongs to Person a, whose CRM id is C-1, not C-2.',
    ],
    ['by name, when no key matched', null, [hit('EMAIL')], [b], 'match b by NAME'],
    ['not by name when the namesake has another CRM id', 'C-2', [hit('CRM_ID')], [a], 'new'],
    [
      'several namesakes',
      null,
      [],
      [b, rec('c')],
      'conflict at -: 2 records have this name: add a CRM id column or another key to tell them apart.',
    ],
  ])('%s', (_name, crmId, hits, sameName, expected) => {
    const match = matchRecord(crmId, hits, sameName);
    const text =
      match.kind === 'new'
        ? 'new'
        : match.kind === 'match'
          ? `match ${match.record.id} by ${match.by}`
          : `conflict at ${match.field ?? '-'}: ${match.message}`;
    expect(text).toBe(expected);
  });
});

const person: KnownPerson = {
  fullName: 'Dana Ruiz',
  title: 'VP Operations',
  department: 'Operations',
  seniority: null,
  buyingRoles: ['CHAMPION', 'DECISION_MAKER'],
  isMainContact: true,
  profileUrl: 'linkedin.com/in/dana-ruiz',
  email: 'dana@acme.example',
  crmId: null,
};
const row = (extra: Partial<StakeholderRow>): StakeholderRow => ({
  crmId: null,
  fullName: 'Dana Ruiz',
  email: null,
  title: null,
  department: null,
  seniority: null,
  profileUrl: null,
  buyingRoles: null,
  isMainContact: null,
  accountCrmId: null,
  accountName: 'Acme',
  ...extra,
});

describe('what a row changes', () => {
  it.each<[string, Partial<StakeholderRow>, object]>([
    ['empty cells change nothing', {}, {}],
    ['the same values change nothing', { title: 'VP Operations', buyingRoles: ['DECISION_MAKER', 'CHAMPION'] }, {}],
    ['a new title', { title: 'COO' }, { title: 'COO' }],
    ['roles as a set', { buyingRoles: ['CHAMPION'] }, { buyingRoles: ['CHAMPION'] }],
    ['a CRM id to record', { crmId: 'C-1' }, { crmId: 'C-1' }],
    ['main contact no more', { isMainContact: false }, { isMainContact: false }],
    ['a corrected name', { fullName: 'Dana Ruiz-Ortega' }, { fullName: 'Dana Ruiz-Ortega' }],
  ])('%s', (_name, extra, changes) => {
    expect(personChanges(person, row(extra))).toEqual(changes);
  });
});

const place: PersonPlace = {
  accountId: 'acme',
  accountName: 'Acme Corporation',
  accountCrmId: 'A-1',
  openAccountIds: ['acme'],
  openCompanyNames: ['Acme Corporation'],
};

describe('a changed company', () => {
  it.each<[string, Partial<StakeholderRow>, string | null, Partial<PersonPlace>, boolean]>([
    ['the same account by CRM id', { accountCrmId: 'A-1' }, 'acme', {}, false],
    ['another of our accounts', { accountName: 'Globex' }, 'globex', {}, true],
    ['the same company by name, any case and spacing', { accountName: ' acme  corporation' }, null, {}, false],
    ['a company that is not ours', { accountName: 'Hooli' }, null, {}, true],
    ['an unknown CRM id and no name', { accountName: null, accountCrmId: 'Z-9' }, null, {}, true],
    ['the same CRM id though the account is not found', { accountName: null, accountCrmId: 'A-1' }, null, {}, false],
    [
      'where a confirmed move already placed them',
      { accountName: 'Globex' },
      'globex',
      { openAccountIds: ['globex'], openCompanyNames: ['Globex'] },
      false,
    ],
  ])('%s', (_name, extra, resolved, placeExtra, changed) => {
    expect(companyChanged({ ...place, ...placeExtra }, row(extra), resolved)).toBe(changed);
  });

  it('keys a flag by person, company and title, not by file or case', () => {
    const key = importFlagKey('p1', 'Globex, Inc.', 'COO');
    expect(key).toMatch(/^import:[0-9a-f]{40}$/);
    expect(importFlagKey('p1', ' globex,  inc. ', 'coo')).toBe(key);
    expect(importFlagKey('p1', 'Globex, Inc.', 'CEO')).not.toBe(key);
    expect(importFlagKey('p2', 'Globex, Inc.', 'COO')).not.toBe(key);
  });
});

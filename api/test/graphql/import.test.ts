import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrganization,
  createToken,
  startTestApi,
  type TestApi,
  type TestOrganization,
} from '../../../test/support/api.ts';
import { awaitRun } from '../../../test/support/runs.ts';

let api: TestApi;
let org: TestOrganization;
let other: TestOrganization;

const fixture = (name: string) => readFile(join(import.meta.dirname, 'fixtures', name), 'utf8');
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');

interface Counts {
  created: number;
  updated: number;
  unchanged: number;
  linked: number;
  flagged: number;
  duplicate: number;
  rejected: number;
}

interface Row {
  rowNumber: number;
  outcome: string;
  column: string | null;
  message: string | null;
  recordId: string | null;
}

interface Report {
  __typename: string;
  id: string;
  status: string;
  code?: string;
  message?: string;
  issues?: Array<{ path: string[]; message: string }>;
  dryRun: boolean;
  rowCount: number;
  ignoredColumns: string[];
  counts: Counts;
  rows: Row[];
}

const RUN_FIELDS = /* GraphQL */ `
  __typename
  ... on ImportRun {
    id
    status
    dryRun
    rowCount
    ignoredColumns
    counts { created updated unchanged linked flagged duplicate rejected }
    rows(first: 1000) { rowNumber outcome column message recordId }
  }
`;

const IMPORT = /* GraphQL */ `
  mutation Import($input: ImportCsvInput!) {
    importCsv(input: $input) {
      ${RUN_FIELDS}
      ... on Error { code message }
      ... on ValidationError { issues { path message } }
    }
  }
`;

const noCounts: Counts = { created: 0, updated: 0, unchanged: 0, linked: 0, flagged: 0, duplicate: 0, rejected: 0 };

async function runImport(
  token: string,
  kind: 'ACCOUNTS' | 'STAKEHOLDERS' | 'RELATIONSHIPS',
  content: string,
  extra: { dryRun?: boolean; fileName?: string; mapping?: Array<{ column: string; field: string }> } = {},
): Promise<Report> {
  const response = await api.gql<{ importCsv: Report }>(token, IMPORT, { input: { kind, content, ...extra } });
  expect(response.errors).toBeUndefined();
  const report = response.data?.importCsv as Report;
  // A run not finished when the mutation answered goes on in the background: poll it, as a client does.
  if (report.__typename !== 'ImportRun' || report.status === 'SUCCEEDED') return report;
  return awaitRun<Report>(api, token, report.id, RUN_FIELDS);
}

async function countsIn(organizationId: string) {
  const where = { organizationId };
  return {
    accounts: await api.prisma.account.count({ where }),
    stakeholders: await api.prisma.stakeholder.count({ where }),
    employments: await api.prisma.employment.count({ where }),
    relationships: await api.prisma.relationship.count({ where }),
    flags: await api.prisma.jobChangeFlag.count({ where }),
  };
}

beforeAll(async () => {
  api = await startTestApi();
  org = await createOrganization(api.prisma, 'northwind');
  other = await createOrganization(api.prisma, 'southwind');
});

afterAll(async () => {
  await api?.close();
});

describe('Salesforce files', () => {
  it('a dry run reports what would happen and changes nothing', async () => {
    const report = await runImport(org.csm.token, 'ACCOUNTS', await fixture('salesforce-accounts.csv'), {
      dryRun: true,
    });
    expect([report.__typename, report.status]).toEqual(['ImportRun', 'SUCCEEDED']);
    expect(report.dryRun).toBe(true);
    expect(report.rowCount).toBe(3);
    expect(report.counts).toEqual({ ...noCounts, created: 3 });
    // Created, updated and unchanged rows are counted; only rows worth a look are listed.
    expect(report.rows).toEqual([]);
    expect(report.ignoredColumns).toEqual(['Billing City']);
    expect(await countsIn(org.id)).toMatchObject({ accounts: 0 });
  });

  it('imports accounts with their owner, ARR, tier, lifecycle and renewal, and refreshes their health', async () => {
    const report = await runImport(org.csm.token, 'ACCOUNTS', await fixture('salesforce-accounts.csv'));
    expect(report.counts).toEqual({ ...noCounts, created: 3 });
    const accounts = await api.prisma.account.findMany({ where: { organizationId: org.id }, orderBy: { name: 'asc' } });
    expect(
      accounts.map((a) => [a.name, a.crmId, a.domains, a.arrMinor, a.tier, a.lifecycle, a.ownerId, a.renewalDate]),
    ).toEqual([
      [
        'Acme Corporation',
        '001A000001',
        ['acme.com'],
        12_500_000n,
        'STRATEGIC',
        'CUSTOMER',
        org.csm.id,
        new Date('2027-03-31T00:00:00Z'),
      ],
      ['Globex, Inc.', '001A000002', ['globex.com'], 0n, 'KEY', 'PROSPECT', org.csm.id, null],
      [
        'Initech',
        '001A000003',
        ['initech.com'],
        4_800_000n,
        'STANDARD',
        'CHURNED',
        null,
        new Date('2026-12-01T00:00:00Z'),
      ],
    ]);
    expect(accounts.every((account) => account.healthUpdatedAt !== null)).toBe(true);
  });

  it('imports contacts with roles, profile URL and e-mail, each with a position at the account', async () => {
    const acmeBefore = await api.prisma.account.findFirstOrThrow({
      where: { organizationId: org.id, crmId: '001A000001' },
    });
    const report = await runImport(org.rep.token, 'STAKEHOLDERS', await fixture('salesforce-contacts.csv'));
    expect(report.counts).toEqual({ ...noCounts, created: 3 });
    const people = await api.prisma.stakeholder.findMany({
      where: { organizationId: org.id },
      include: { account: true, employments: true },
      orderBy: { fullName: 'asc' },
    });
    expect(
      people.map((p) => [p.fullName, p.crmId, p.email, p.profileUrl, p.buyingRoles, p.account.name, p.title]),
    ).toEqual([
      [
        'Dana Ruiz',
        '003A000001',
        'dana.ruiz@acme.example',
        'linkedin.com/in/dana-ruiz',
        ['CHAMPION'],
        'Acme Corporation',
        'VP Operations',
      ],
      [
        'Eli Brandt',
        '003A000002',
        'eli.brandt@acme.example',
        'linkedin.com/in/eli-brandt',
        ['ECONOMIC_BUYER'],
        'Acme Corporation',
        'CFO',
      ],
      [
        'Farah Nguyen',
        '003A000003',
        'farah@globex.example',
        null,
        ['TECHNICAL_EVALUATOR'],
        'Globex, Inc.',
        'Head of IT, Platform',
      ],
    ]);
    expect(people.map((p) => p.employments.map((e) => [e.companyName, e.title, e.source, e.endedOn]))).toEqual([
      [['Acme Corporation', 'VP Operations', 'IMPORT', null]],
      [['Acme Corporation', 'CFO', 'IMPORT', null]],
      [['Globex, Inc.', 'Head of IT, Platform', 'IMPORT', null]],
    ]);
    const acme = await api.prisma.account.findFirstOrThrow({ where: { organizationId: org.id, crmId: '001A000001' } });
    expect(acme.healthUpdatedAt?.getTime()).toBeGreaterThan(acmeBefore.healthUpdatedAt?.getTime() ?? 0);
  });

  it('imports relationships and the account coverage follows', async () => {
    const acmeBefore = await api.prisma.account.findFirstOrThrow({
      where: { organizationId: org.id, crmId: '001A000001' },
    });
    const report = await runImport(org.rep.token, 'RELATIONSHIPS', await fixture('relationships.csv'));
    expect(report.counts).toEqual({ ...noCounts, created: 2 });
    const threads = await api.prisma.relationship.findMany({
      where: { organizationId: org.id },
      include: { stakeholder: true },
      orderBy: { strength: 'asc' },
    });
    expect(threads.map((t) => [t.memberId, t.stakeholder.fullName, t.strength, t.lastTouchAt])).toEqual([
      [org.csm.id, 'Dana Ruiz', 'STRONG', new Date('2026-11-01T00:00:00Z')],
      [org.rep.id, 'Eli Brandt', 'MEDIUM', new Date('2026-11-05T00:00:00Z')],
    ]);
    const acmeAfter = await api.prisma.account.findFirstOrThrow({ where: { id: acmeBefore.id } });
    expect(acmeAfter.liveThreadCount).toBe(2);
    expect(acmeAfter.liveThreadCount).toBeGreaterThan(acmeBefore.liveThreadCount);
  });

  it('re-importing the same files changes nothing', async () => {
    const before = await countsIn(org.id);
    const accountsBefore = await api.prisma.account.findMany({
      where: { organizationId: org.id },
      orderBy: { id: 'asc' },
    });
    const files = [
      ['ACCOUNTS', 'salesforce-accounts.csv', 3],
      ['STAKEHOLDERS', 'salesforce-contacts.csv', 3],
      ['RELATIONSHIPS', 'relationships.csv', 2],
    ] as const;
    for (const [kind, file, rows] of files) {
      const report = await runImport(org.csm.token, kind, await fixture(file));
      expect(report.counts, file).toEqual({ ...noCounts, unchanged: rows });
    }
    expect(await countsIn(org.id)).toEqual(before);
    const accountsAfter = await api.prisma.account.findMany({
      where: { organizationId: org.id },
      orderBy: { id: 'asc' },
    });
    expect(accountsAfter.map((a) => a.updatedAt)).toEqual(accountsBefore.map((a) => a.updatedAt));
  });
});

describe('HubSpot files', () => {
  it('imports companies and contacts by their HubSpot headers, normalizing profile URLs', async () => {
    const companies = await runImport(org.csm.token, 'ACCOUNTS', await fixture('hubspot-companies.csv'));
    expect(companies.counts).toEqual({ ...noCounts, created: 2 });
    expect(companies.ignoredColumns).toEqual(['Number of Employees']);
    const umbrella = await api.prisma.account.findFirstOrThrow({ where: { organizationId: org.id, crmId: '9001' } });
    expect([umbrella.name, umbrella.companyUrl, umbrella.ownerId, umbrella.lifecycle]).toEqual([
      'Umbrella Health',
      'linkedin.com/company/umbrella-health',
      org.manager.id,
      'CUSTOMER',
    ]);

    const contacts = await runImport(org.csm.token, 'STAKEHOLDERS', await fixture('hubspot-contacts.csv'));
    expect(contacts.counts).toEqual({ ...noCounts, created: 2 });
    expect(contacts.ignoredColumns).toEqual(['Lifecycle Stage']);
    const gwen = await api.prisma.stakeholder.findFirstOrThrow({ where: { organizationId: org.id, crmId: '51' } });
    expect([gwen.profileUrl, gwen.buyingRoles, gwen.title, gwen.accountId]).toEqual([
      'linkedin.com/in/gwen-okafor',
      ['EXECUTIVE_SPONSOR', 'ECONOMIC_BUYER'],
      'Chief Medical Officer',
      umbrella.id,
    ]);
    const again = await runImport(org.csm.token, 'STAKEHOLDERS', await fixture('hubspot-contacts.csv'));
    expect(again.counts).toEqual({ ...noCounts, unchanged: 2 });
  });
});

describe('any other CRM', () => {
  it('reads columns through a mapping, and links a known person found by e-mail to the row’s CRM id', async () => {
    const content = [
      'Person;Org;Mail;Ref',
      'Dana Ruiz;Acme Corporation;dana.ruiz@acme.example;X-1',
      'Ivo Petrov;Acme Corporation;ivo@acme.example;X-2',
    ]
      .join('\n')
      .replaceAll(';', ',');
    const mapping = [
      { column: 'person', field: 'fullName' },
      { column: 'ORG', field: 'accountName' },
      { column: 'Mail', field: 'email' },
      { column: 'Ref', field: 'ignore' },
    ];
    const report = await runImport(org.rep.token, 'STAKEHOLDERS', content, { mapping });
    expect(report.counts).toEqual({ ...noCounts, unchanged: 1, created: 1 });
    expect(report.ignoredColumns).toEqual(['Ref']);

    const linking = await runImport(
      org.rep.token,
      'STAKEHOLDERS',
      'Name,Company,Email,CRM Id\nIvo Petrov,Acme Corporation,ivo@acme.example,X-2\n',
    );
    expect(linking.counts).toEqual({ ...noCounts, linked: 1 });
    expect(linking.rows[0]?.message).toContain('e-mail address');
    const ivo = await api.prisma.stakeholder.findFirstOrThrow({
      where: { organizationId: org.id, email: 'ivo@acme.example' },
    });
    expect(ivo.crmId).toBe('X-2');
    const again = await runImport(
      org.rep.token,
      'STAKEHOLDERS',
      'Name,Company,Email,CRM Id\nIvo Petrov,Acme Corporation,ivo@acme.example,X-2\n',
    );
    expect(again.counts).toEqual({ ...noCounts, unchanged: 1 });
  });

  it('refuses a file it cannot read as a whole, and changes nothing', async () => {
    const before = await countsIn(org.id);
    const unmapped = await runImport(org.rep.token, 'STAKEHOLDERS', 'Person,Mail\nJo,jo@x.example\n');
    expect(unmapped.__typename).toBe('ValidationError');
    expect(unmapped.issues?.map((issue) => issue.message).join(' ')).toMatch(
      /No column for the person's name.*No column for the account/,
    );
    const badMapping = await runImport(org.rep.token, 'STAKEHOLDERS', 'Person,Org\nJo,Acme Corporation\n', {
      mapping: [
        { column: 'Person', field: 'fullName' },
        { column: 'Org', field: 'company' },
      ],
    });
    expect(badMapping.__typename).toBe('ValidationError');
    expect(badMapping.issues).toEqual([
      { path: ['mapping', 'Org'], message: expect.stringContaining('Unknown field "company"') },
      expect.objectContaining({ path: ['content'] }),
    ]);
    const empty = await runImport(org.rep.token, 'STAKEHOLDERS', '');
    expect(empty.__typename).toBe('ValidationError');
    expect(await countsIn(org.id)).toEqual(before);
  });
});

describe('bad rows', () => {
  it('rejects each bad row with its row and column, imports the good ones, and reports repeated rows', async () => {
    const content = [
      'Contact ID,Full Name,Email,Account Name,Buying Role,LinkedIn URL',
      'B-1,Jun Park,jun@acme.example,Acme Corporation,Champion,',
      'B-2,Kim Lee,not-an-email,Acme Corporation,,',
      'B-3,Lars Berg,lars@acme.example,Acme Corporation,Chief Wizard,',
      'B-4,Mia Roth,mia@acme.example,Nowhere Ltd,,',
      'B-5,Ned Fox,ned@acme.example,Acme Corporation',
      '"B-6,"Oli" Quote,oli@acme.example,Acme Corporation,,',
      'B-7,Pia Lund,pia@acme.example,Acme Corporation,,https://example.com/in/pia',
      'B-1,Jun Park,jun@acme.example,Acme Corporation,Champion,',
      'B-8,"Quinn, Ray",quinn@acme.example,Acme Corporation,User,',
      'B-9,"Unclosed,uma@acme.example,Acme Corporation,,',
    ].join('\r\n');
    const before = await countsIn(org.id);
    const report = await runImport(org.rep.token, 'STAKEHOLDERS', content);
    expect(report.counts).toMatchObject({ created: 2, rejected: 7, duplicate: 1 });
    expect(report.rows.map((row) => [row.rowNumber, row.outcome, row.column])).toEqual([
      [3, 'REJECTED', 'Email'],
      [4, 'REJECTED', 'Buying Role'],
      [5, 'REJECTED', 'Account Name'],
      [6, 'REJECTED', null],
      [7, 'REJECTED', null],
      [8, 'REJECTED', 'LinkedIn URL'],
      [9, 'DUPLICATE', null],
      [11, 'REJECTED', null],
    ]);
    const message = (rowNumber: number) => report.rows.find((row) => row.rowNumber === rowNumber)?.message;
    expect(message(3)).toContain('e-mail address');
    expect(message(4)).toContain('Chief Wizard');
    expect(message(5)).toContain('No account "Nowhere Ltd"');
    expect(message(6)).toContain('has 4 fields but the header has 6');
    expect(message(7)).toContain('has 5 fields but the header has 6');
    expect(message(11)).toContain('cannot be read as CSV: Quote Not Closed');
    expect(message(8)).toContain('LinkedIn');
    expect(message(9)).toBe('Same person as row 2: skipped.');
    expect(report.counts).toEqual({ ...noCounts, created: 2, rejected: 7, duplicate: 1 });
    expect(await countsIn(org.id)).toMatchObject({ stakeholders: before.stakeholders + 2 });
    const quinn = await api.prisma.stakeholder.findFirstOrThrow({ where: { organizationId: org.id, crmId: 'B-8' } });
    expect(quinn.fullName).toBe('Quinn, Ray');
  });
});

describe('job changes', () => {
  it('a known person at another company becomes one suspected job change with the import as evidence', async () => {
    const dana = await api.prisma.stakeholder.findFirstOrThrow({
      where: { organizationId: org.id, crmId: '003A000001' },
      include: { employments: true },
    });
    const content = [
      'Contact ID,First Name,Last Name,Title,Email,Account Name,Account ID',
      '003A000001,Dana,Ruiz,COO,dana.ruiz@acme.example,Globex, Inc.,001A000002',
    ].join('\n');
    const dry = await runImport(org.rep.token, 'STAKEHOLDERS', content.replace('Globex, Inc.', '"Globex, Inc."'), {
      dryRun: true,
      fileName: 'contacts-2026-11.csv',
    });
    expect(dry.counts).toEqual({ ...noCounts, flagged: 1 });
    expect(await api.prisma.jobChangeFlag.count({ where: { organizationId: org.id } })).toBe(0);

    const report = await runImport(org.rep.token, 'STAKEHOLDERS', content.replace('Globex, Inc.', '"Globex, Inc."'), {
      fileName: 'contacts-2026-11.csv',
    });
    expect(report.counts).toEqual({ ...noCounts, flagged: 1 });
    expect(report.rows[0]?.message).toContain('Globex, Inc.');
    const flags = await api.prisma.jobChangeFlag.findMany({ where: { organizationId: org.id } });
    expect(
      flags.map((f) => [
        f.stakeholderId,
        f.kind,
        f.status,
        f.source,
        f.importFileName,
        f.importRowNumber,
        f.observedCompany,
        f.observedTitle,
        f.matchedBy,
        f.flaggedById,
      ]),
    ).toEqual([
      [
        dana.id,
        'LEFT_COMPANY',
        'PENDING',
        'IMPORT',
        'contacts-2026-11.csv',
        2,
        'Globex, Inc.',
        'COO',
        'CRM_ID',
        org.rep.id,
      ],
    ]);
    const after = await api.prisma.stakeholder.findUniqueOrThrow({
      where: { id: dana.id },
      include: { employments: true },
    });
    expect(after.employments).toEqual(dana.employments);
    expect([after.accountId, after.title]).toEqual([dana.accountId, 'VP Operations']);

    const flagView = await api.gql<{
      jobChangeFlags: { nodes: Array<{ source: string; importFileName: string; importRowNumber: number }> };
    }>(org.rep.token, '{ jobChangeFlags(first: 5) { nodes { source importFileName importRowNumber } } }');
    expect(flagView.data?.jobChangeFlags.nodes).toEqual([
      { source: 'IMPORT', importFileName: 'contacts-2026-11.csv', importRowNumber: 2 },
    ]);

    const again = await runImport(
      org.rep.token,
      'STAKEHOLDERS',
      `\n${content.replace('Globex, Inc.', '"Globex, Inc."')}`,
      {
        fileName: 'contacts-renamed.csv',
      },
    );
    expect(again.counts).toEqual({ ...noCounts, unchanged: 1 });
    expect(await api.prisma.jobChangeFlag.count({ where: { organizationId: org.id } })).toBe(1);
  });
});

describe('erasure, permissions, tenancy and size', () => {
  it('does not silently re-add an erased person', async () => {
    const eli = await api.prisma.stakeholder.findFirstOrThrow({
      where: { organizationId: org.id, crmId: '003A000002' },
    });
    const erased = await api.gql<{ eraseStakeholder: { __typename: string } }>(
      org.manager.token,
      'mutation($id: ID!) { eraseStakeholder(id: $id) { __typename } }',
      { id: gid('Stakeholder', eli.id) },
    );
    expect(erased.data?.eraseStakeholder.__typename).toBe('EraseStakeholderPayload');
    const report = await runImport(org.rep.token, 'STAKEHOLDERS', await fixture('salesforce-contacts.csv'));
    const row = report.rows.find((item) => item.rowNumber === 3);
    expect(row).toMatchObject({ outcome: 'REJECTED', column: 'LinkedIn URL' });
    expect(row?.message).toContain('erased on');
    expect(await api.prisma.stakeholder.count({ where: { organizationId: org.id, crmId: '003A000002' } })).toBe(0);
  });

  it('needs the role and scope to change what the file holds', async () => {
    const accounts = await fixture('salesforce-accounts.csv');
    const asRep = await runImport(org.rep.token, 'ACCOUNTS', accounts);
    expect([asRep.__typename, asRep.code]).toEqual(['ForbiddenError', 'FORBIDDEN']);
    const readOnly = await createToken(api.prisma, org.id, org.admin.id, 'READ_ONLY');
    const asReader = await runImport(readOnly, 'STAKEHOLDERS', await fixture('salesforce-contacts.csv'), {
      dryRun: true,
    });
    expect(asReader.__typename).toBe('ForbiddenError');
  });

  it("never matches another organization's records", async () => {
    await api.prisma.account.create({ data: { organizationId: other.id, name: 'Other Co', crmId: 'OTHER-1' } });
    const before = await countsIn(other.id);
    const report = await runImport(
      org.rep.token,
      'STAKEHOLDERS',
      'Contact ID,Full Name,Account ID\nZ-1,Zoe Hart,OTHER-1\n',
    );
    expect(report.rows[0]).toMatchObject({ outcome: 'REJECTED', column: 'Account ID' });
    // Their import creates their own accounts; our members are not theirs to name as owners.
    const theirs = await runImport(other.csm.token, 'ACCOUNTS', await fixture('salesforce-accounts.csv'));
    expect(theirs.rows.map((row) => [row.rowNumber, row.outcome, row.column])).toEqual([
      [2, 'REJECTED', 'Account Owner'],
      [3, 'REJECTED', 'Account Owner'],
    ]);
    expect(theirs.counts).toMatchObject({ created: 1, rejected: 2 });
    expect(theirs.rows[0]?.message).toBe('No member of our team has the e-mail or name "CSM of northwind".');
    expect(await countsIn(other.id)).toMatchObject({ accounts: before.accounts + 1 });
    const mine = await api.prisma.account.count({ where: { organizationId: org.id, crmId: '001A000001' } });
    expect(mine).toBe(1);
  });

  it('answers a file over 256 kB with the limit and the way to import it', async () => {
    const row = 'T-0,Somebody Long-Named,somebody@acme.example,Acme Corporation\n';
    const content = `Contact ID,Full Name,Email,Account Name\n${row.repeat(Math.ceil((300 * 1024) / row.length))}`;
    const response = await api.gql(org.rep.token, IMPORT, { input: { kind: 'STAKEHOLDERS', content } });
    expect(response.status).toBe(413);
    expect(response.errors?.[0]?.message).toContain('256 kB');
    expect(response.errors?.[0]?.message).toContain('pnpm run import');
  });
});

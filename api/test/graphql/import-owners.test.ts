// An account import that names owners the team does not have: rejected rows by default; with the
// explicit createMissingOwners option (admins only), INVITED members with the role given.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, startTestApi, type TestApi, type TestOrganization } from '../../../test/support/api.ts';
import { awaitRun } from '../../../test/support/runs.ts';

let api: TestApi;
let org: TestOrganization;

beforeAll(async () => {
  api = await startTestApi();
  org = await createOrganization(api.prisma, 'owners');
});
afterAll(() => api.close());

interface Report {
  __typename: string;
  id: string;
  status: string;
  code?: string;
  counts: { created: number; rejected: number };
  /** The rows worth a look (rejected ones and the like). */
  rows: Array<{ rowNumber: number; outcome: string; message: string | null }>;
}

const RUN_FIELDS = `
  __typename
  ... on ImportRun { id status counts { created rejected } rows(first: 100) { rowNumber outcome message } }
`;
const IMPORT = `mutation Import($input: ImportCsvInput!) {
  importCsv(input: $input) { ${RUN_FIELDS} ... on Error { code message } }
}`;

async function runImport(token: string, content: string, extra: Record<string, unknown> = {}): Promise<Report> {
  const response = await api.gql<{ importCsv: Report }>(token, IMPORT, {
    input: { kind: 'ACCOUNTS', content, ...extra },
  });
  expect(response.errors).toBeUndefined();
  const report = response.data?.importCsv as Report;
  if (report.__typename !== 'ImportRun' || report.status === 'SUCCEEDED') return report;
  return awaitRun<Report>(api, token, report.id, RUN_FIELDS);
}

const file = (rows: string[]) => ['Account Name,Account Owner', ...rows].join('\n');
const team = () => api.prisma.member.findMany({ where: { organizationId: org.id }, orderBy: { email: 'asc' } });

describe('owners the team does not have', () => {
  it('are a row problem by default, and no member is created', async () => {
    const before = await team();
    const report = await runImport(org.admin.token, file(['Default Co,stranger@owners.example']));
    expect(report.rows).toEqual([
      expect.objectContaining({ outcome: 'REJECTED', message: expect.stringContaining('No member of our team') }),
    ]);
    expect(await team()).toEqual(before);
  });

  it('only admins may ask to create them: anyone else is refused with nothing changed', async () => {
    const before = await team();
    const accounts = await api.prisma.account.count({ where: { organizationId: org.id } });
    for (const role of ['manager', 'csm'] as const) {
      const report = await runImport(org[role].token, file(['Refused Co,refused@owners.example']), {
        createMissingOwners: 'REP',
      });
      expect(report).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
    }
    expect(await team()).toEqual(before);
    expect(await api.prisma.account.count({ where: { organizationId: org.id } })).toBe(accounts);
  });

  it('a dry run counts the rows and creates no one', async () => {
    const before = await team();
    const report = await runImport(org.admin.token, file(['Dry Co,dry@owners.example']), {
      createMissingOwners: 'REP',
      dryRun: true,
    });
    expect(report.counts).toEqual({ created: 1, rejected: 0 });
    expect(await team()).toEqual(before);
    expect(await api.prisma.account.count({ where: { organizationId: org.id, name: 'Dry Co' } })).toBe(0);
  });

  it('with createMissingOwners, become one INVITED member each, with the role given, logged as invited by the import', async () => {
    const report = await runImport(
      org.admin.token,
      file([
        'First Co,New.Owner@owners.example',
        'Second Co,new.owner@owners.example',
        'Third Co,Somebody Unknown',
        'Fourth Co,admin@owners.example',
      ]),
      { createMissingOwners: 'CSM' },
    );
    expect(report.counts).toEqual({ created: 3, rejected: 1 });
    expect(report.rows).toEqual([
      expect.objectContaining({
        rowNumber: 4,
        outcome: 'REJECTED',
        message: expect.stringContaining('Somebody Unknown'),
      }),
    ]);
    const created = await api.prisma.member.findMany({
      where: { organizationId: org.id, email: 'new.owner@owners.example' },
    });
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ role: 'CSM', joinedAt: null, deactivatedAt: null });
    const owned = await api.prisma.account.findMany({
      where: { organizationId: org.id, name: { in: ['First Co', 'Second Co'] } },
    });
    expect(owned.map((account) => account.ownerId)).toEqual([created[0]?.id, created[0]?.id]);
    const events = await api.prisma.event.findMany({ where: { organizationId: org.id, kind: 'MEMBER_INVITED' } });
    expect(events.map((event) => [event.actorKind, event.actorId, event.payload])).toEqual([
      ['IMPORT', org.admin.id, { member: 'new.owner', role: 'CSM' }],
    ]);
    const listed = await api.gql<{ members: Array<{ email: string; status: string }> }>(
      org.admin.token,
      '{ members { email status } }',
    );
    expect(listed.data?.members).toContainEqual({ email: 'new.owner@owners.example', status: 'INVITED' });

    // The admin then sends them a code: inviting the same e-mail issues one.
    const invited = await api.gql<{ inviteMember: { __typename: string; member: { status: string } } }>(
      org.admin.token,
      `mutation { inviteMember(input: { name: "New Owner", email: "new.owner@owners.example", role: CSM }) {
        __typename ... on InviteMemberPayload { member { status } } } }`,
    );
    expect(invited.data?.inviteMember).toEqual({ __typename: 'InviteMemberPayload', member: { status: 'INVITED' } });
  });
});

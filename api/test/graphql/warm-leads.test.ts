import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, startTestApi, type TestApi, type TestOrganization } from '../../../test/support/api.ts';
import { awaitRun } from '../../../test/support/runs.ts';

let api: TestApi;
let org: TestOrganization;
let other: TestOrganization;

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');

/** A tracked account with a main contact who is its champion, working there. */
async function contactAt(accountName: string, personName: string, organization = org) {
  const slug = `${accountName}-${personName}`.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const account = await api.prisma.account.create({
    data: { organizationId: organization.id, name: accountName, companyUrl: `linkedin.com/company/${slug}` },
  });
  const person = await api.prisma.stakeholder.create({
    data: {
      organizationId: organization.id,
      accountId: account.id,
      fullName: personName,
      buyingRoles: ['CHAMPION'],
      isMainContact: true,
      profileUrl: `linkedin.com/in/${slug}`,
    },
  });
  await api.prisma.employment.create({
    data: {
      organizationId: organization.id,
      stakeholderId: person.id,
      companyName: accountName,
      accountId: account.id,
    },
  });
  return { accountId: account.id, personId: person.id };
}

/** The person confirmed as gone to `company`, which we do not track (yet). */
async function leaves(personId: string, company: string, effectiveOn: string, organization = org) {
  const flagged = await api.gql<{ flagJobChange: { flag: { id: string } } }>(
    organization.rep.token,
    `mutation($input: FlagJobChangeInput!) { flagJobChange(input: $input) { ... on FlagPayload { flag { id } } } }`,
    {
      input: {
        idempotencyKey: randomUUID(),
        kind: 'LEFT_COMPANY',
        stakeholderId: gid('Stakeholder', personId),
        observedCompany: company,
        observedAt: new Date().toISOString(),
      },
    },
  );
  const id = flagged.data?.flagJobChange.flag.id;
  expect(id).toBeDefined();
  const confirmed = await api.gql<{ confirmJobChange: { __typename: string } }>(
    organization.manager.token,
    `mutation($input: ConfirmJobChangeInput!) { confirmJobChange(input: $input) { __typename } }`,
    { input: { id, effectiveOn } },
  );
  expect(confirmed.data?.confirmJobChange.__typename).toBe('ReviewFlagPayload');
}

async function createAccount(name: string, token = org.csm.token) {
  const response = await api.gql<{ createAccount: { __typename: string; account?: { id: string } } }>(
    token,
    `mutation($input: CreateAccountInput!) { createAccount(input: $input) { __typename ... on AccountPayload { account { id } } } }`,
    { input: { name } },
  );
  expect(response.errors).toBeUndefined();
  const id = response.data?.createAccount.account?.id as string;
  // The row id behind the global id.
  return Buffer.from(id, 'base64url').toString('utf8').split(':')[1] as string;
}

const DEPARTED = `query($first: Int, $after: String, $filter: DepartedContactFilter) {
  departedContacts(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      fullName
      departure { departedOn destinationCompany warm formerAccount { name } destinationAccount { name } }
    }
  }
}`;

interface Departed {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: Array<{
    fullName: string;
    departure: {
      departedOn: string | null;
      destinationCompany: string | null;
      warm: boolean;
      formerAccount: { name: string };
      destinationAccount: { name: string } | null;
    };
  }>;
}

async function departed(variables: Record<string, unknown> = {}, token = org.manager.token): Promise<Departed> {
  const response = await api.gql<{ departedContacts: Departed }>(token, DEPARTED, { first: 50, ...variables });
  expect(response.errors).toBeUndefined();
  return response.data!.departedContacts;
}

async function warmLeads(accountId: string) {
  const response = await api.gql<{ account: { warmLeads: Array<{ fullName: string }> } }>(
    org.manager.token,
    'query($id: ID!) { account(id: $id) { warmLeads { fullName } } }',
    { id: accountId },
  );
  return response.data?.account.warmLeads.map((person) => person.fullName);
}

let dana: { accountId: string; personId: string };

beforeAll(async () => {
  api = await startTestApi();
  org = await createOrganization(api.prisma, 'leads');
  other = await createOrganization(api.prisma, 'leads-other');
  dana = await contactAt('Acme', 'Dana Ruiz');
  await leaves(dana.personId, 'Globex  Corporation', '2026-03-10');
  const eli = await contactAt('Initrode', 'Eli Brandt');
  await leaves(eli.personId, 'Hooli', '2026-04-02');
  const fay = await contactAt('Vandelay', 'Fay Okafor');
  await leaves(fay.personId, 'Umbrella', '2026-01-20');
});
afterAll(() => api?.close());

describe('departed contacts and warm leads', () => {
  it('lists contacts who left, newest departure first, with the account left and the company they went to', async () => {
    const list = await departed();
    expect(list.totalCount).toBe(3);
    expect(list.nodes.map((node) => [node.fullName, node.departure])).toEqual([
      [
        'Eli Brandt',
        {
          departedOn: '2026-04-02',
          destinationCompany: 'Hooli',
          warm: false,
          formerAccount: { name: 'Initrode' },
          destinationAccount: null,
        },
      ],
      [
        'Dana Ruiz',
        {
          departedOn: '2026-03-10',
          destinationCompany: 'Globex  Corporation',
          warm: false,
          formerAccount: { name: 'Acme' },
          destinationAccount: null,
        },
      ],
      [
        'Fay Okafor',
        {
          departedOn: '2026-01-20',
          destinationCompany: 'Umbrella',
          warm: false,
          formerAccount: { name: 'Vandelay' },
          destinationAccount: null,
        },
      ],
    ]);
    const march = await departed({
      filter: { departed: { from: '2026-03-01T00:00:00Z', to: '2026-03-31T23:59:59Z' } },
    });
    expect(march.nodes.map((node) => node.fullName)).toEqual(['Dana Ruiz']);
    const fromAcme = await departed({ filter: { formerAccountId: gid('Account', dana.accountId) } });
    expect(fromAcme.nodes.map((node) => node.fullName)).toEqual(['Dana Ruiz']);
  });

  it('pages without skipping or repeating anyone', async () => {
    const names: string[] = [];
    let after: string | null = null;
    for (let step = 0; step < 5; step++) {
      const page = await departed({ first: 1, after });
      names.push(...page.nodes.map((node) => node.fullName));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(names).toEqual(['Eli Brandt', 'Dana Ruiz', 'Fay Okafor']);
  });

  it('links a contact to the account their company becomes, by normalized name, once, with a logged change', async () => {
    const globex = await createAccount(' GLOBEX corporation ');
    const globexId = gid('Account', globex);
    expect(await warmLeads(globexId)).toEqual(['Dana Ruiz']);
    const list = await departed({ filter: { warm: true } });
    expect(list.nodes.map((node) => [node.fullName, node.departure.destinationAccount?.name])).toEqual([
      ['Dana Ruiz', 'GLOBEX corporation'],
    ]);
    const cases = await api.prisma.departureCase.findMany({ where: { stakeholderId: dana.personId } });
    expect(cases.map((item) => item.destinationAccountId)).toEqual([globex]);
    const changes = await api.prisma.event.findMany({ where: { organizationId: org.id, kind: 'LEAD_LINKED' } });
    expect(changes.map((change) => [change.accountId, change.subjectId, change.actorKind])).toEqual([
      [globex, dana.personId, 'MEMBER'],
    ]);
    // A change to the account links nothing again.
    await api.gql(
      org.csm.token,
      'mutation($input: UpdateAccountInput!) { updateAccount(input: $input) { __typename } }',
      {
        input: { id: globexId, vocal: true },
      },
    );
    expect(await api.prisma.event.count({ where: { organizationId: org.id, kind: 'LEAD_LINKED' } })).toBe(1);
    expect((await departed({ filter: { warm: false } })).nodes.map((node) => node.fullName)).toEqual([
      'Eli Brandt',
      'Fay Okafor',
    ]);
  });

  it('links a contact when an import creates their company’s account', async () => {
    const response = await api.gql<{ importCsv: { __typename: string; id: string; status: string } }>(
      org.csm.token,
      `mutation($input: ImportCsvInput!) { importCsv(input: $input) { __typename ... on ImportRun { id status } } }`,
      { input: { kind: 'ACCOUNTS', content: 'name,arr\nhooli,1000\n' } },
    );
    expect(response.errors).toBeUndefined();
    const run = response.data!.importCsv;
    if (run.status !== 'SUCCEEDED') await awaitRun(api, org.csm.token, run.id, 'status');
    const hooli = await api.prisma.account.findFirstOrThrow({ where: { organizationId: org.id, name: 'hooli' } });
    expect(await warmLeads(gid('Account', hooli.id))).toEqual(['Eli Brandt']);
    const change = await api.prisma.event.findFirstOrThrow({ where: { kind: 'LEAD_LINKED', accountId: hooli.id } });
    expect(change.actorKind).toBe('IMPORT');
  });

  it('leaves a contact unlinked when the name names two accounts', async () => {
    await api.prisma.account.create({ data: { organizationId: org.id, name: 'Umbrella' } });
    const second = await createAccount('umbrella');
    expect(await warmLeads(gid('Account', second))).toEqual([]);
    const fay = (await departed()).nodes.find((node) => node.fullName === 'Fay Okafor');
    expect(fay?.departure).toMatchObject({ warm: false, destinationAccount: null });
  });

  it('keeps every organization to its own contacts and accounts', async () => {
    const theirs = await contactAt('Acme', 'Gus Lind', other);
    await leaves(theirs.personId, 'Soylent', '2026-02-01', other);
    const ours = await createAccount('Soylent');
    expect(await warmLeads(gid('Account', ours))).toEqual([]);
    const list = await departed({}, other.manager.token);
    expect(list.nodes.map((node) => [node.fullName, node.departure.warm])).toEqual([['Gus Lind', false]]);
    expect((await departed()).nodes.map((node) => node.fullName)).not.toContain('Gus Lind');
    const foreign = await departed({ filter: { formerAccountId: gid('Account', theirs.accountId) } });
    expect(foreign.totalCount).toBe(0);
  });
});

describe('linking by a name written with other white space', () => {
  it.each([
    ['Northwind\n', 'Northwind'],
    ['\tTailspin  Toys', 'tailspin toys'],
    ['Contoso\u00a0Ltd', 'CONTOSO LTD'],
    [' Fabrikam\r\n Inc\t', 'Fabrikam Inc'],
  ])('links a position at %j to the new account %j', async (companyName, accountName) => {
    const slug = randomUUID();
    const { accountId } = await contactAt(`Former ${slug}`, `Ada ${slug}`);
    const person = await api.prisma.stakeholder.findFirstOrThrow({ where: { accountId } });
    const position = await api.prisma.employment.create({
      data: { organizationId: org.id, stakeholderId: person.id, companyName },
    });
    const created = await createAccount(accountName);
    const after = await api.prisma.employment.findUniqueOrThrow({ where: { id: position.id } });
    expect(after.accountId).toBe(created);
    expect(await warmLeads(gid('Account', created))).toEqual([person.fullName]);
  });
});

describe('two accounts of one name created at the same moment', () => {
  it('link a departed contact at most once, to the account the case then names', async () => {
    for (let round = 0; round < 4; round++) {
      const company = `Wayne Enterprises ${round}`;
      const person = await contactAt(`Old ${round}`, `Kit Moss ${round}`);
      await leaves(person.personId, company, '2026-05-01');
      const created = await Promise.all([createAccount(company), createAccount(company)]);
      const changes = await api.prisma.event.findMany({
        where: { organizationId: org.id, kind: 'LEAD_LINKED', accountId: { in: created } },
      });
      expect(changes.length).toBeLessThanOrEqual(1);
      const position = await api.prisma.employment.findFirstOrThrow({
        where: { stakeholderId: person.personId, endedOn: null, accountId: { not: person.accountId } },
      });
      const cases = await api.prisma.departureCase.findMany({ where: { stakeholderId: person.personId } });
      expect(cases.map((item) => item.destinationAccountId)).toEqual([position.accountId]);
      expect(changes.map((change) => change.accountId)).toEqual(position.accountId ? [position.accountId] : []);
    }
  });
});

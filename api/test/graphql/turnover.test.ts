import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, startTestApi, type TestApi, type TestOrganization } from '../../../test/support/api.ts';

let api: TestApi;
let org: TestOrganization;

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');
const DAY = 86_400_000;

interface Fixture {
  accountId: string;
  mainContactId: string;
  buyerId: string;
}

/** A strategic account: a main contact who is the champion, an economic buyer, no executive sponsor. */
async function strategicAccount(
  name: string,
  arrMinor: bigint,
  segment: 'ENTERPRISE' | 'MID_MARKET' = 'MID_MARKET',
): Promise<Fixture> {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const account = await api.prisma.account.create({
    data: {
      organizationId: org.id,
      name,
      tier: 'STRATEGIC',
      segment,
      arrMinor,
      ownerId: org.csm.id,
      companyUrl: `linkedin.com/company/${slug}`,
      renewalDate: new Date(Date.now() + 300 * DAY),
    },
  });
  const person = (fullName: string, roles: Array<'CHAMPION' | 'ECONOMIC_BUYER'>, main: boolean) =>
    api.prisma.stakeholder.create({
      data: {
        organizationId: org.id,
        accountId: account.id,
        fullName,
        title: main ? 'VP Operations' : 'CFO',
        department: main ? 'Operations' : 'Finance',
        buyingRoles: roles,
        isMainContact: main,
        profileUrl: `linkedin.com/in/${slug}-${fullName.toLowerCase().replace(/\s+/g, '-')}`,
      },
    });
  const main = await person('Dana Ruiz', ['CHAMPION'], true);
  const buyer = await person('Eli Brandt', ['ECONOMIC_BUYER'], false);
  await api.prisma.employment.createMany({
    data: [
      {
        organizationId: org.id,
        stakeholderId: main.id,
        companyName: name,
        accountId: account.id,
        title: 'VP Operations',
      },
      { organizationId: org.id, stakeholderId: buyer.id, companyName: name, accountId: account.id, title: 'CFO' },
    ],
  });
  await api.prisma.relationship.createMany({
    data: [
      {
        organizationId: org.id,
        memberId: org.csm.id,
        stakeholderId: main.id,
        strength: 'STRONG',
        lastTouchAt: new Date(Date.now() - 5 * DAY),
      },
      {
        organizationId: org.id,
        memberId: org.rep.id,
        stakeholderId: buyer.id,
        strength: 'MEDIUM',
        lastTouchAt: new Date(Date.now() - 20 * DAY),
      },
    ],
  });
  // A write through the API assesses the account, as every write does.
  await api.gql(
    org.manager.token,
    'mutation($input: UpdateAccountInput!) { updateAccount(input: $input) { __typename } }',
    {
      input: { id: gid('Account', account.id), vocal: false },
    },
  );
  return {
    accountId: gid('Account', account.id),
    mainContactId: gid('Stakeholder', main.id),
    buyerId: gid('Stakeholder', buyer.id),
  };
}

const FLAG = `mutation($input: FlagJobChangeInput!) {
  flagJobChange(input: $input) {
    __typename
    ... on FlagPayload { replayed flag { id kind status matchedBy stakeholder { status } } }
    ... on Error { code message }
    ... on ValidationError { issues { path message } }
  }
}`;
const CONFIRM = `mutation($input: ConfirmJobChangeInput!) {
  confirmJobChange(input: $input) { __typename ... on ReviewFlagPayload { flag { id status } } ... on Error { code message } }
}`;
const ACCOUNT = `query($id: ID!) {
  account(id: $id) {
    name
    risk { score band zone factors { key points explanation } zoneReasons }
    coverage { requiredRoles filledRoles missingRoles coveragePercent liveThreadCount singleThreaded survivesStakeholderLoss survivesMemberLoss gaps { kind role message } }
    departureCases { id cause learned coverageAtOpen destination destinationCompany destinationAccount { name } arrAtRiskMinor planCompletion steps { id title done } stakeholder { fullName } }
    warmLeads { fullName }
  }
}`;

interface AccountView {
  risk: { score: number; band: string; factors: Array<{ key: string; points: number; explanation: string }> };
  coverage: {
    filledRoles: string[];
    missingRoles: string[];
    coveragePercent: number;
    gaps: Array<{ kind: string }>;
  } & Record<string, unknown>;
  departureCases: Array<
    {
      id: string;
      learned: string;
      planCompletion: number;
      steps: Array<{ id: string; title: string; done: boolean }>;
    } & Record<string, unknown>
  >;
  warmLeads: Array<{ fullName: string }>;
}

async function account(id: string): Promise<AccountView> {
  const response = await api.gql<{ account: AccountView }>(org.manager.token, ACCOUNT, { id });
  expect(response.errors).toBeUndefined();
  return response.data!.account;
}

async function flag(input: Record<string, unknown>, token = org.rep.token) {
  const response = await api.gql<{
    flagJobChange: Record<string, unknown> & { flag: { id: string; status: string; stakeholder: { status: string } } };
  }>(token, FLAG, {
    input: { idempotencyKey: randomUUID(), observedAt: new Date().toISOString(), ...input },
  });
  expect(response.errors).toBeUndefined();
  return response.data!.flagJobChange;
}

async function confirm(input: Record<string, unknown>) {
  const response = await api.gql<{ confirmJobChange: Record<string, unknown> }>(org.csm.token, CONFIRM, { input });
  expect(response.errors).toBeUndefined();
  return response.data!.confirmJobChange;
}

beforeAll(async () => {
  api = await startTestApi();
  org = await createOrganization(api.prisma, 'northwind');
});
afterAll(() => api.close());

describe('coverage and risk are kept on the account', () => {
  it('shows filled and missing required roles with a gap per missing role, and explains every risk point', async () => {
    const fixture = await strategicAccount('Halcyon Logistics', 50_000_000n);
    const view = await account(fixture.accountId);
    expect(view.coverage).toMatchObject({
      requiredRoles: ['CHAMPION', 'ECONOMIC_BUYER', 'EXECUTIVE_SPONSOR'],
      filledRoles: ['CHAMPION', 'ECONOMIC_BUYER'],
      missingRoles: ['EXECUTIVE_SPONSOR'],
      coveragePercent: 67,
      liveThreadCount: 2,
      singleThreaded: false,
    });
    expect(view.coverage.gaps).toContainEqual(
      expect.objectContaining({ kind: 'UNFILLED_ROLE', role: 'EXECUTIVE_SPONSOR' }),
    );
    expect(view.risk.factors.reduce((sum, factor) => sum + factor.points, 0)).toBe(view.risk.score);
    for (const factor of view.risk.factors) expect(factor.explanation.length).toBeGreaterThan(10);
  });
});

describe('job-change flags', () => {
  it('are idempotent: the same key and payload is the same flag; another payload under the key is a conflict', async () => {
    const fixture = await strategicAccount('Brightwater Health', 30_000_000n);
    const input = {
      idempotencyKey: randomUUID(),
      kind: 'LEFT_COMPANY',
      stakeholderId: fixture.buyerId,
      observedCompany: 'Elsewhere Inc',
      observedAt: '2026-11-01T10:00:00.000Z',
    };
    const first = await flag(input);
    const again = await flag(input);
    expect(first).toMatchObject({
      __typename: 'FlagPayload',
      replayed: false,
      flag: { status: 'PENDING', matchedBy: 'MANUAL_LINK' },
    });
    expect(again).toMatchObject({ __typename: 'FlagPayload', replayed: true, flag: { id: first.flag.id } });
    const other = await flag({ ...input, observedCompany: 'Somewhere Else' });
    expect(other).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    expect(await api.prisma.jobChangeFlag.count({ where: { idempotencyKey: input.idempotencyKey } })).toBe(1);
  });

  it('create one flag for concurrent duplicates', async () => {
    const fixture = await strategicAccount('Concurrent Foods', 10_000_000n);
    const input = {
      idempotencyKey: randomUUID(),
      kind: 'PROMOTION',
      stakeholderId: fixture.buyerId,
      observedTitle: 'Group CFO',
      observedAt: '2026-11-02T10:00:00.000Z',
    };
    const results = await Promise.all(Array.from({ length: 12 }, () => flag(input)));
    expect(new Set(results.map((result) => result.flag.id)).size).toBe(1);
    expect(results.filter((result) => result.replayed === false)).toHaveLength(1);
    expect(await api.prisma.jobChangeFlag.count({ where: { idempotencyKey: input.idempotencyKey } })).toBe(1);
  });

  it('match by profile URL in any variant, and refuse an untracked profile as not found', async () => {
    await strategicAccount('Alder Foods', 10_000_000n);
    const matched = await flag({
      kind: 'PROMOTION',
      profileUrl: 'https://de.linkedin.com/in/alder-foods-dana-ruiz/?trk=x',
      observedTitle: 'COO',
    });
    expect(matched).toMatchObject({ flag: { matchedBy: 'PROFILE_URL' } });
    expect(await flag({ kind: 'PROMOTION', profileUrl: 'linkedin.com/in/nobody-at-all' })).toMatchObject({
      __typename: 'NotFoundError',
    });
  });

  it.each([
    [{ kind: 'LEFT_COMPANY' }, ['input']],
    [{ kind: 'LEFT_COMPANY', profileUrl: 'javascript:alert(1)' }, ['input', 'profileUrl']],
    [{ kind: 'LEFT_COMPANY', idempotencyKey: 'short' }, ['input', 'idempotencyKey']],
    [
      { kind: 'LEFT_COMPANY', profileUrl: 'linkedin.com/in/x', pageUrl: 'data:text/html,<script>' },
      ['input', 'pageUrl'],
    ],
    [
      { kind: 'LEFT_COMPANY', profileUrl: 'linkedin.com/in/x', observedAt: '2999-01-01T00:00:00Z' },
      ['input', 'observedAt'],
    ],
  ])('reject bad input %j with a validation error at %j', async (input, path) => {
    const before = await api.prisma.jobChangeFlag.count();
    const result = await flag(input);
    expect(result.__typename).toBe('ValidationError');
    expect((result.issues as Array<{ path: string[] }>)[0]?.path).toEqual(path);
    expect(await api.prisma.jobChangeFlag.count()).toBe(before);
  });

  it('make a leaving-soon person a suspected departure at once, and a rejection lifts it but keeps the record', async () => {
    const fixture = await strategicAccount('Riverbend Hotels', 20_000_000n);
    const result = await flag({ kind: 'LEAVING_SOON', stakeholderId: fixture.buyerId });
    expect(result.flag.stakeholder.status).toBe('SUSPECTED_DEPARTURE');
    const view = await account(fixture.accountId);
    expect(view.risk.factors.map((factor) => factor.key)).toContain('suspectedDeparture');
    const rejected = await api.gql(
      org.csm.token,
      'mutation($id: ID!) { rejectJobChange(id: $id, note: "Rumour") { ... on ReviewFlagPayload { flag { status reviewNote stakeholder { status } } } } }',
      {
        id: result.flag.id,
      },
    );
    expect(rejected.data).toEqual({
      rejectJobChange: { flag: { status: 'REJECTED', reviewNote: 'Rumour', stakeholder: { status: 'ACTIVE' } } },
    });
    expect((await account(fixture.accountId)).risk.factors.map((factor) => factor.key)).not.toContain(
      'suspectedDeparture',
    );
  });

  it('cannot be confirmed by a rep', async () => {
    const fixture = await strategicAccount('Rep Check', 1_000_000n);
    const result = await flag({ kind: 'LEFT_COMPANY', stakeholderId: fixture.buyerId });
    const response = await api.gql(org.rep.token, CONFIRM, { input: { id: result.flag.id } });
    expect(response.data).toMatchObject({ confirmJobChange: { __typename: 'ForbiddenError' } });
  });
});

describe('a confirmed departure of the main contact', () => {
  let fixture: Fixture;
  let destination: Fixture;
  let view: AccountView;

  beforeAll(async () => {
    fixture = await strategicAccount('Coral Pharma', 80_000_000n);
    destination = await strategicAccount('Northern Mills', 40_000_000n);
    const before = await account(fixture.accountId);
    const result = await flag({
      kind: 'LEFT_COMPANY',
      profileUrl: 'linkedin.com/in/coral-pharma-dana-ruiz',
      observedName: 'Dana Ruiz',
      observedTitle: 'COO',
      observedCompany: 'Northern Mills',
      observedCompanyUrl: 'https://www.linkedin.com/company/northern-mills/',
      pageUrl: 'https://www.linkedin.com/in/coral-pharma-dana-ruiz/',
    });
    await confirm({ id: result.flag.id });
    // Confirming twice changes nothing more.
    await confirm({ id: result.flag.id });
    view = await account(fixture.accountId);
    expect(view.risk.score).toBeGreaterThan(before.risk.score);
  });

  it('marks the person departed and keeps the employment history: old position closed, new one opened', async () => {
    const person = await api.gql<{
      stakeholder: {
        status: string;
        employments: Array<{ companyName: string; current: boolean; account: { name: string } | null }>;
      };
    }>(
      org.rep.token,
      'query($id: ID!) { stakeholder(id: $id) { status employments { companyName current account { name } } } }',
      { id: fixture.mainContactId },
    );
    expect(person.data?.stakeholder.status).toBe('DEPARTED');
    expect(person.data?.stakeholder.employments).toEqual(
      expect.arrayContaining([
        { companyName: 'Coral Pharma', current: false, account: { name: 'Coral Pharma' } },
        { companyName: 'Northern Mills', current: true, account: { name: 'Northern Mills' } },
      ]),
    );
  });

  it('opens one case with what seed 002 asks for, and a plan from the playbook', async () => {
    expect(view.departureCases).toHaveLength(1);
    expect(view.departureCases[0]).toMatchObject({
      cause: 'MAIN_CONTACT_TURNOVER',
      learned: 'AFTER_DEPARTURE',
      coverageAtOpen: 67,
      destination: 'EXTERNAL',
      destinationCompany: 'Northern Mills',
      destinationAccount: { name: 'Northern Mills' },
      arrAtRiskMinor: 80_000_000,
      planCompletion: 0,
      stakeholder: { fullName: 'Dana Ruiz' },
    });
    expect(view.departureCases[0]?.steps.length).toBeGreaterThanOrEqual(5);
  });

  it('surfaces the person as a warm lead at the account they joined', async () => {
    expect((await account(destination.accountId)).warmLeads).toEqual([{ fullName: 'Dana Ruiz' }]);
  });

  it('raises the risk with a factor naming the person', async () => {
    const factor = view.risk.factors.find((item) => item.key === 'departedRoleHolder');
    expect(factor?.explanation).toMatch(/Dana Ruiz/);
    expect(view.coverage.missingRoles).toContain('CHAMPION');
  });

  it('adds the onboarding for the replacement’s origin, tracks plan progress and closes as saved', async () => {
    const replacement = await api.gql<{ createStakeholder: { stakeholder: { id: string } } }>(
      org.rep.token,
      'mutation($input: CreateStakeholderInput!) { createStakeholder(input: $input) { ... on StakeholderPayload { stakeholder { id } } } }',
      { input: { accountId: fixture.accountId, fullName: 'Farah Quinn', buyingRoles: ['CHAMPION'] } },
    );
    const caseId = view.departureCases[0]!.id;
    const stepsBefore = view.departureCases[0]!.steps.length;
    const updated = await api.gql<{
      updateDepartureCase: {
        departureCase: {
          roleDisposition: string;
          replacement: { fullName: string };
          steps: Array<{ id: string; title: string }>;
        };
      };
    }>(
      org.csm.token,
      `mutation($input: UpdateDepartureCaseInput!) { updateDepartureCase(input: $input) { ... on DepartureCasePayload { departureCase { roleDisposition replacement { fullName } steps { id title } } } ... on Error { message } } }`,
      {
        input: {
          id: caseId,
          replacementId: replacement.data?.createStakeholder.stakeholder.id,
          replacementOrigin: 'EXTERNAL_FROM_COMPETITOR',
        },
      },
    );
    const after = updated.data!.updateDepartureCase.departureCase;
    expect(after.roleDisposition).toBe('REPLACED');
    expect(after.replacement.fullName).toBe('Farah Quinn');
    expect(after.steps.length).toBe(stepsBefore + 3);
    expect(after.steps.some((step) => /competitor/i.test(step.title))).toBe(true);

    for (const step of after.steps.slice(0, 4)) {
      await api.gql(
        org.csm.token,
        'mutation($input: UpdateCaseStepInput!) { updateCaseStep(input: $input) { __typename } }',
        { input: { id: step.id, done: true } },
      );
    }
    const progressed = await account(fixture.accountId);
    expect(progressed.departureCases[0]?.planCompletion).toBeCloseTo(4 / after.steps.length, 5);

    const closed = await api.gql(
      org.csm.token,
      'mutation($id: ID!) { closeDepartureCase(id: $id, outcome: SAVED) { ... on DepartureCasePayload { departureCase { outcome closedAt } } } }',
      { id: caseId },
    );
    expect(closed.data).toMatchObject({ closeDepartureCase: { departureCase: { outcome: 'SAVED' } } });
    const cases = await api.gql<{ departureCases: { totalCount: number } }>(
      org.csm.token,
      `{ departureCases(filter: { open: true, accountId: "${fixture.accountId}" }) { totalCount } }`,
    );
    expect(cases.data?.departureCases.totalCount).toBe(0);
  });
});

describe('a departure learned before it happened', () => {
  it('is one case, learned before, completed when the person leaves', async () => {
    const fixture = await strategicAccount('Early Signals', 12_000_000n);
    const soon = await flag({ kind: 'LEAVING_SOON', stakeholderId: fixture.mainContactId });
    await confirm({ id: soon.flag.id });
    const left = await flag({
      kind: 'LEFT_COMPANY',
      stakeholderId: fixture.mainContactId,
      observedCompany: 'Rival Co',
    });
    await confirm({ id: left.flag.id });
    const view = await account(fixture.accountId);
    expect(view.departureCases).toHaveLength(1);
    expect(view.departureCases[0]).toMatchObject({
      learned: 'BEFORE_DEPARTURE',
      destination: 'EXTERNAL',
      destinationCompany: 'Rival Co',
    });
  });
});

describe('coverage gaps and at-risk accounts', () => {
  it('rank gap accounts by ARR at stake and filter by owner and tier', async () => {
    const response = await api.gql<{
      coverageGaps: {
        totalCount: number;
        nodes: Array<{ name: string; arrMinor: number; coverage: { gaps: unknown[] } }>;
      };
    }>(
      org.manager.token,
      `query($owner: ID) { coverageGaps(first: 5, filter: { ownerId: $owner, tiers: [STRATEGIC] }) { totalCount nodes { name arrMinor coverage { gaps { kind } } } } }`,
      { owner: gid('Member', org.csm.id) },
    );
    const nodes = response.data!.coverageGaps.nodes;
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.map((node) => node.arrMinor)).toEqual([...nodes.map((node) => node.arrMinor)].sort((a, b) => b - a));
    for (const node of nodes) expect(node.coverage.gaps.length).toBeGreaterThan(0);
    const other = await api.gql<{ coverageGaps: { totalCount: number } }>(
      org.manager.token,
      `query($owner: ID) { coverageGaps(filter: { ownerId: $owner }) { totalCount } }`,
      {
        owner: gid('Member', org.rep.id),
      },
    );
    expect(other.data?.coverageGaps.totalCount).toBe(0);
  });

  it('list the riskiest accounts first from the stored score', async () => {
    const response = await api.gql<{
      atRiskAccounts: { nodes: Array<{ name: string; risk: { score: number; band: string; zone: string | null } }> };
    }>(
      org.manager.token,
      '{ atRiskAccounts(first: 50, filter: { bands: [GREEN, YELLOW, AMBER, RED] }) { nodes { name risk { score band zone } } } }',
    );
    const scores = response.data!.atRiskAccounts.nodes.map((node) => node.risk.score);
    expect(scores.length).toBeGreaterThan(3);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const node of response.data!.atRiskAccounts.nodes) {
      expect(node.risk.zone === null).toBe(node.risk.band === 'GREEN' || node.risk.band === 'YELLOW');
    }
  });

  it('take signals and change events into the risk, and refuse out-of-range signals', async () => {
    const fixture = await strategicAccount('Signal Works', 5_000_000n);
    const bad = await api.gql(
      org.csm.token,
      'mutation($input: RecordAccountSignalInput!) { recordAccountSignal(input: $input) { __typename ... on ValidationError { issues { path } } } }',
      {
        input: { accountId: fixture.accountId, kind: 'NPS', value: 250, observedAt: new Date().toISOString() },
      },
    );
    expect(bad.data).toEqual({
      recordAccountSignal: { __typename: 'ValidationError', issues: [{ path: ['input', 'value'] }] },
    });
    await api.gql(
      org.csm.token,
      'mutation($input: RecordAccountSignalInput!) { recordAccountSignal(input: $input) { __typename } }',
      {
        input: {
          accountId: fixture.accountId,
          kind: 'RENEWAL_RESISTANCE',
          value: 1,
          observedAt: new Date().toISOString(),
        },
      },
    );
    await api.gql(
      org.csm.token,
      'mutation($input: RecordAccountEventInput!) { recordAccountEvent(input: $input) { __typename } }',
      {
        input: {
          accountId: fixture.accountId,
          kind: 'MERGER_ACQUISITION',
          occurredOn: new Date().toISOString().slice(0, 10),
        },
      },
    );
    const keys = (await account(fixture.accountId)).risk.factors.map((factor) => factor.key);
    expect(keys).toEqual(expect.arrayContaining(['renewalResistance', 'changeEvent']));
  });
});

describe('our own member leaving', () => {
  it('lists the accounts hanging on them and hands those over with a case each', async () => {
    const leaver = await api.prisma.member.create({
      data: { organizationId: org.id, name: 'Leaving Lee', email: 'lee@northwind.example', role: 'REP' },
    });
    const account = await api.prisma.account.create({
      data: { organizationId: org.id, name: 'Solo Thread Ltd', tier: 'KEY', arrMinor: 7_000_000n, ownerId: leaver.id },
    });
    const person = await api.prisma.stakeholder.create({
      data: {
        organizationId: org.id,
        accountId: account.id,
        fullName: 'Only Contact',
        buyingRoles: ['CHAMPION'],
        isMainContact: true,
      },
    });
    await api.gql(
      org.manager.token,
      'mutation($input: CreateRelationshipInput!) { createRelationship(input: $input) { __typename } }',
      {
        input: {
          memberId: gid('Member', leaver.id),
          stakeholderId: gid('Stakeholder', person.id),
          strength: 'STRONG',
          lastTouchAt: new Date().toISOString(),
        },
      },
    );
    const sole = await api.gql<{ soleThreadAccounts: Array<{ name: string }> }>(
      org.manager.token,
      'query($id: ID!) { soleThreadAccounts(memberId: $id) { name } }',
      {
        id: gid('Member', leaver.id),
      },
    );
    expect(sole.errors).toBeUndefined();
    expect(sole.data?.soleThreadAccounts.map((item) => item.name)).toEqual(['Solo Thread Ltd']);

    const handover = await api.gql<{
      handOverAccounts: { casesOpened: number; accounts: Array<{ name: string; owner: { name: string } }> };
    }>(
      org.manager.token,
      'mutation($input: HandOverAccountsInput!) { handOverAccounts(input: $input) { ... on HandOverAccountsPayload { casesOpened accounts { name owner { name } } } ... on Error { message } } }',
      { input: { fromMemberId: gid('Member', leaver.id), toMemberId: gid('Member', org.csm.id), deactivate: true } },
    );
    expect(handover.data?.handOverAccounts).toEqual({
      casesOpened: 1,
      accounts: [{ name: 'Solo Thread Ltd', owner: { name: 'CSM of northwind' } }],
    });
    const cases = await api.prisma.departureCase.findMany({ where: { accountId: account.id } });
    expect(cases.map((item) => item.cause)).toEqual(['OUR_REP_LEFT']);
  });
});

describe('people seen on a company page', () => {
  const ADD = `mutation($input: AddStakeholderFromPageInput!) {
    addStakeholderFromPage(input: $input) {
      __typename
      ... on AddStakeholderFromPagePayload { replayed stakeholder { fullName buyingRoles profileUrl } possibleDuplicates { fullName } }
      ... on Error { code message }
    }
  }`;

  it('adds a person who fills a missing role in one step, and a retry is the same add', async () => {
    const fixture = await strategicAccount('Gap Fillers', 9_000_000n);
    const input = {
      accountId: fixture.accountId,
      fullName: 'Grace Sponsor',
      title: 'CEO',
      buyingRoles: ['EXECUTIVE_SPONSOR'],
      profileUrl: 'https://www.linkedin.com/in/grace-sponsor/',
      idempotencyKey: randomUUID(),
    };
    const added = await api.gql<{ addStakeholderFromPage: Record<string, unknown> }>(org.rep.token, ADD, { input });
    expect(added.data?.addStakeholderFromPage).toMatchObject({
      replayed: false,
      stakeholder: { fullName: 'Grace Sponsor', buyingRoles: ['EXECUTIVE_SPONSOR'] },
      possibleDuplicates: [],
    });
    const retried = await api.gql<{ addStakeholderFromPage: Record<string, unknown> }>(org.rep.token, ADD, { input });
    expect(retried.data?.addStakeholderFromPage).toMatchObject({
      replayed: true,
      stakeholder: { fullName: 'Grace Sponsor' },
    });
    expect(await api.prisma.stakeholder.count({ where: { fullName: 'Grace Sponsor' } })).toBe(1);
  });

  it.each([
    ['the same name at the account', 'Dup By Name', { fullName: 'dana ruiz' }],
    [
      'the same profile URL',
      'Dup By Url',
      { fullName: 'D. Ruiz', profileUrl: 'https://www.linkedin.com/in/dup-by-url-dana-ruiz/' },
    ],
  ])('offers a possible duplicate with %s for linking instead of adding', async (_case, accountName, person) => {
    const fixture = await strategicAccount(accountName, 1_000_000n);
    const before = await api.prisma.stakeholder.count();
    const response = await api.gql<{ addStakeholderFromPage: Record<string, unknown> }>(org.rep.token, ADD, {
      input: { accountId: fixture.accountId, ...person },
    });
    expect(response.data?.addStakeholderFromPage).toMatchObject({
      stakeholder: null,
      possibleDuplicates: [{ fullName: 'Dana Ruiz' }],
    });
    expect(await api.prisma.stakeholder.count()).toBe(before);
  });

  it('adds anyway when told it is not a duplicate, and links a profile to a tracked person by hand', async () => {
    const fixture = await strategicAccount('Namesakes Inc', 1_000_000n);
    const response = await api.gql<{ addStakeholderFromPage: { stakeholder: { fullName: string } | null } }>(
      org.rep.token,
      ADD,
      {
        input: { accountId: fixture.accountId, fullName: 'Eli Brandt', notADuplicate: true },
      },
    );
    expect(response.data?.addStakeholderFromPage.stakeholder?.fullName).toBe('Eli Brandt');
    const linked = await api.gql(
      org.rep.token,
      'mutation($input: LinkProfileInput!) { linkProfileToStakeholder(input: $input) { ... on LinkProfilePayload { stakeholder { profileUrl } } } }',
      {
        input: { stakeholderId: fixture.buyerId, profileUrl: 'https://uk.linkedin.com/in/Eli-Brandt-Namesakes' },
      },
    );
    expect(linked.data).toEqual({
      linkProfileToStakeholder: { stakeholder: { profileUrl: 'https://www.linkedin.com/in/eli-brandt-namesakes/' } },
    });
  });
});

describe('concurrent confirmations', () => {
  it('apply a departure once: one case, one new position', async () => {
    const fixture = await strategicAccount('Race Condition Co', 6_000_000n);
    const flagged = await flag({
      kind: 'LEFT_COMPANY',
      stakeholderId: fixture.mainContactId,
      observedCompany: 'Next Place',
    });
    const results = await Promise.all(Array.from({ length: 6 }, () => confirm({ id: flagged.flag.id })));
    for (const result of results)
      expect(result).toMatchObject({ __typename: 'ReviewFlagPayload', flag: { status: 'CONFIRMED' } });
    const view = await account(fixture.accountId);
    expect(view.departureCases).toHaveLength(1);
    expect(await api.prisma.employment.count({ where: { companyName: 'Next Place' } })).toBe(1);
  });
});

describe('settings and playbooks', () => {
  it('reassess coverage when the required roles of a tier change', async () => {
    const fixture = await strategicAccount('Settings Test', 2_000_000n);
    const update = (roles: string[]) =>
      api.gql(
        org.admin.token,
        'mutation($input: UpdateOrganizationSettingsInput!) { updateOrganizationSettings(input: $input) { __typename ... on UpdateOrganizationSettingsPayload { settings { requiredRoles { tier roles } } } } }',
        {
          input: { requiredRoles: [{ tier: 'STRATEGIC', roles }] },
        },
      );
    const response = await update(['CHAMPION', 'ECONOMIC_BUYER']);
    expect(response.data).toMatchObject({
      updateOrganizationSettings: { __typename: 'UpdateOrganizationSettingsPayload' },
    });
    expect((await account(fixture.accountId)).coverage).toMatchObject({ missingRoles: [], coveragePercent: 100 });
    await update(['CHAMPION', 'ECONOMIC_BUYER', 'EXECUTIVE_SPONSOR']);
    expect((await account(fixture.accountId)).coverage.coveragePercent).toBe(67);
  });

  it.each([
    [{ liveWithinDays: 0 }, ['input', 'threads', 'liveWithinDays']],
    [{ riskWeights: [{ factor: 'noSuchFactor', maxPoints: 5 }] }, ['input', 'riskWeights']],
    [{ riskWeights: [{ factor: 'coverageGap', maxPoints: 500 }] }, ['input', 'riskWeights', 'coverageGap']],
  ])('refuse %j', async (input, path) => {
    const response = await api.gql<{
      updateOrganizationSettings: { __typename: string; issues: Array<{ path: string[] }> };
    }>(
      org.admin.token,
      'mutation($input: UpdateOrganizationSettingsInput!) { updateOrganizationSettings(input: $input) { __typename ... on ValidationError { issues { path } } } }',
      { input },
    );
    expect(response.data?.updateOrganizationSettings.__typename).toBe('ValidationError');
    expect(response.data?.updateOrganizationSettings.issues[0]?.path).toEqual(path);
  });

  it('use the organization’s own playbook for new cases', async () => {
    const step = {
      phase: 'Call',
      title: 'Call the new contact within a day',
      ownerRole: 'ACCOUNT_OWNER',
      dueInDays: 1,
    };
    const saved = await api.gql(
      org.admin.token,
      'mutation($input: SavePlaybookInput!) { savePlaybook(input: $input) { __typename ... on SavePlaybookPayload { playbook { name custom } } } }',
      {
        input: {
          cause: 'MAIN_CONTACT_TURNOVER',
          name: 'Our way',
          steps: [step],
          internalOnboarding: [step],
          newToFunctionOnboarding: [step],
          fromCompetitorOnboarding: [step],
        },
      },
    );
    expect(saved.data).toEqual({
      savePlaybook: { __typename: 'SavePlaybookPayload', playbook: { name: 'Our way', custom: true } },
    });
    const fixture = await strategicAccount('Own Playbook', 3_000_000n);
    const flagged = await flag({ kind: 'LEFT_COMPANY', stakeholderId: fixture.mainContactId });
    await confirm({ id: flagged.flag.id });
    const view = await account(fixture.accountId);
    expect(view.departureCases[0]?.steps.map((item) => item.title)).toEqual(['Call the new contact within a day']);
    const playbooks = await api.gql<{ playbooks: Array<{ cause: string; custom: boolean }> }>(
      org.rep.token,
      '{ playbooks { cause custom } }',
    );
    expect(playbooks.data?.playbooks).toContainEqual({ cause: 'MAIN_CONTACT_TURNOVER', custom: true });
  });
});

describe('tenancy of the workflow', () => {
  it('answers another organization’s flag and case as not found', async () => {
    const other = await createOrganization(api.prisma, 'elsewhere');
    const fixture = await strategicAccount('Private Flags', 1_000_000n);
    const flagged = await flag({ kind: 'LEFT_COMPANY', stakeholderId: fixture.buyerId });
    const confirmed = await api.gql(other.admin.token, CONFIRM, { input: { id: flagged.flag.id } });
    expect(confirmed.data).toMatchObject({ confirmJobChange: { __typename: 'NotFoundError' } });
    const listed = await api.gql<{ jobChangeFlags: { totalCount: number } }>(
      other.admin.token,
      '{ jobChangeFlags { totalCount } }',
    );
    expect(listed.data?.jobChangeFlags.totalCount).toBe(0);
    const gaps = await api.gql<{ coverageGaps: { totalCount: number }; atRiskAccounts: { totalCount: number } }>(
      other.admin.token,
      '{ coverageGaps { totalCount } atRiskAccounts { totalCount } }',
    );
    expect(gaps.data).toEqual({ coverageGaps: { totalCount: 0 }, atRiskAccounts: { totalCount: 0 } });
  });
});

describe('erasing a person with a turnover history', () => {
  it('removes their flags and evidence, and keeps the case without them', async () => {
    const fixture = await strategicAccount('Erasure Works', 2_000_000n);
    const flagged = await flag({
      kind: 'LEFT_COMPANY',
      stakeholderId: fixture.mainContactId,
      observedName: 'Dana Ruiz',
      pageUrl: 'https://www.linkedin.com/in/erasure-works-dana-ruiz/',
    });
    await confirm({ id: flagged.flag.id });
    const erased = await api.gql(org.admin.token, 'mutation($id: ID!) { eraseStakeholder(id: $id) { __typename } }', {
      id: fixture.mainContactId,
    });
    expect(erased.data).toEqual({ eraseStakeholder: { __typename: 'EraseStakeholderPayload' } });
    expect(
      await api.prisma.jobChangeFlag.count({
        where: { observedName: 'Dana Ruiz', pageUrl: { contains: 'erasure-works' } },
      }),
    ).toBe(0);
    const view = await account(fixture.accountId);
    expect(view.departureCases).toHaveLength(1);
    expect(view.departureCases[0]?.stakeholder).toBeNull();
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrganization,
  createToken,
  startTestApi,
  type TestApi,
  type TestOrganization,
} from '../../../test/support/api.ts';

// The case workflow's bad input (typed errors, nothing changed), closing a case either way, the
// owner's outlook override, and the report export over HTTP with the API's tokens and scopes.

let api: TestApi;
let org: TestOrganization;
const DAY = 86_400_000;
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');
const day = (at: number) => new Date(at).toISOString().slice(0, 10);
const STARTED = '2024-03-01';

interface Opened {
  caseId: string;
  accountId: string;
  personId: string;
  flagId: string;
}

async function flagDeparture(name: string, ownerId = org.csm.id): Promise<Omit<Opened, 'caseId'>> {
  const created = await api.gql<{ createAccount: { account: { id: string } } }>(
    org.manager.token,
    'mutation($input: CreateAccountInput!) { createAccount(input: $input) { ... on AccountPayload { account { id } } } }',
    { input: { name, tier: 'KEY', segment: 'SMB', arrMinor: 1_000_000, ownerId: gid('Member', ownerId) } },
  );
  const accountId = created.data!.createAccount.account.id;
  const person = await api.gql<{ createStakeholder: { stakeholder: { id: string } } }>(
    org.rep.token,
    'mutation($input: CreateStakeholderInput!) { createStakeholder(input: $input) { ... on StakeholderPayload { stakeholder { id } } } }',
    { input: { accountId, fullName: `Contact of ${name}`, isMainContact: true, startedOn: STARTED } },
  );
  const personId = person.data!.createStakeholder.stakeholder.id;
  const flagged = await api.gql<{ flagJobChange: { flag: { id: string } } }>(
    org.rep.token,
    'mutation($input: FlagJobChangeInput!) { flagJobChange(input: $input) { ... on FlagPayload { flag { id } } } }',
    {
      input: {
        idempotencyKey: randomUUID(),
        kind: 'LEFT_COMPANY',
        stakeholderId: personId,
        observedAt: new Date().toISOString(),
      },
    },
  );
  return { accountId, personId, flagId: flagged.data!.flagJobChange.flag.id };
}

const CONFIRM = `mutation($input: ConfirmJobChangeInput!) { confirmJobChange(input: $input) {
  __typename ... on ValidationError { issues { path message } } } }`;

async function openCase(name: string, ownerId = org.csm.id, departedDaysAgo = 10): Promise<Opened> {
  const flagged = await flagDeparture(name, ownerId);
  const confirmed = await api.gql<{ confirmJobChange: { __typename: string } }>(org.csm.token, CONFIRM, {
    input: { id: flagged.flagId, effectiveOn: day(Date.now() - departedDaysAgo * DAY) },
  });
  expect(confirmed.data?.confirmJobChange.__typename).toBe('ReviewFlagPayload');
  const cases = await api.gql<{ departureCases: { nodes: Array<{ id: string }> } }>(
    org.csm.token,
    'query($id: ID!) { departureCases(filter: { accountId: $id }) { nodes { id } } }',
    { id: flagged.accountId },
  );
  return { ...flagged, caseId: cases.data!.departureCases.nodes[0]!.id };
}

const CASE = `query($id: ID!) { node(id: $id) { ... on DepartureCase {
  departedOn learnedOn daysAtRisk closedAt outcome closeNote
  outlook { outlook computed overridden note reasons { text } }
  account { lifecycle arrMinor }
} } }`;

async function readCase(id: string) {
  const response = await api.gql<{ node: Record<string, unknown> }>(org.csm.token, CASE, { id });
  return response.data!.node;
}

beforeAll(async () => {
  api = await startTestApi();
  org = await createOrganization(api.prisma, 'cases');
}, 60_000);
afterAll(() => api.close());

describe('a departure date that cannot be', () => {
  it.each([
    ['in the future', () => day(Date.now() + 2 * DAY), 'The departure date cannot be in the future.'],
    [
      'before the person started at the account',
      () => '2024-02-29',
      'The departure date cannot be before the person started at the account.',
    ],
  ])('confirming with one %s is a typed error, and nothing changes', async (_name, effectiveOn, message) => {
    const flagged = await flagDeparture(`Bad confirm ${randomUUID().slice(0, 8)}`);
    const response = await api.gql(org.csm.token, CONFIRM, {
      input: { id: flagged.flagId, effectiveOn: effectiveOn() },
    });
    expect(response.data).toEqual({
      confirmJobChange: { __typename: 'ValidationError', issues: [{ path: ['input', 'effectiveOn'], message }] },
    });
    const after = await api.gql<{ stakeholder: { status: string }; departureCases: { totalCount: number } }>(
      org.csm.token,
      'query($p: ID!, $a: ID!) { stakeholder(id: $p) { status } departureCases(filter: { accountId: $a }) { totalCount } }',
      { p: flagged.personId, a: flagged.accountId },
    );
    expect(after.data).toEqual({ stakeholder: { status: 'ACTIVE' }, departureCases: { totalCount: 0 } });
  });

  it.each([
    ['tomorrow', () => day(Date.now() + DAY), 'The departure date cannot be in the future.'],
    [
      'the day before the start',
      () => '2024-02-29',
      'The departure date cannot be before the person started at the account.',
    ],
  ])('editing it to %s is a typed error, and nothing changes', async (_name, departedOn, message) => {
    const opened = await openCase(`Bad edit ${randomUUID().slice(0, 8)}`);
    const before = await readCase(opened.caseId);
    const response = await api.gql(
      org.csm.token,
      'mutation($input: UpdateDepartureCaseInput!) { updateDepartureCase(input: $input) { __typename ... on ValidationError { issues { path message } } } }',
      { input: { id: opened.caseId, departedOn: departedOn() } },
    );
    expect(response.data).toEqual({
      updateDepartureCase: { __typename: 'ValidationError', issues: [{ path: ['input', 'departedOn'], message }] },
    });
    expect(await readCase(opened.caseId)).toEqual(before);
  });

  it('an edit to a real earlier date moves the time at risk', async () => {
    const opened = await openCase('Good edit');
    expect(await readCase(opened.caseId)).toMatchObject({ departedOn: day(Date.now() - 10 * DAY), daysAtRisk: 10 });
    await api.gql(
      org.csm.token,
      'mutation($input: UpdateDepartureCaseInput!) { updateDepartureCase(input: $input) { __typename } }',
      { input: { id: opened.caseId, departedOn: day(Date.now() - 40 * DAY) } },
    );
    expect(await readCase(opened.caseId)).toMatchObject({ departedOn: day(Date.now() - 40 * DAY), daysAtRisk: 40 });
  });
});

const OVERRIDE = `mutation($input: SetDepartureCaseOutlookInput!) { setDepartureCaseOutlook(input: $input) {
  __typename ... on Error { message } ... on ValidationError { issues { path message } } } }`;

describe('the owner’s outlook override', () => {
  let opened: Opened;
  beforeAll(async () => {
    opened = await openCase('Override');
  });

  it.each([undefined, null, '', '   ', '\u200b'.repeat(0)])(
    'without a note (%j) is a typed error, and nothing changes',
    async (note) => {
      const response = await api.gql(org.csm.token, OVERRIDE, {
        input: { id: opened.caseId, outlook: 'HIGH_RISK', ...(note === undefined ? {} : { note }) },
      });
      expect(response.data).toEqual({
        setDepartureCaseOutlook: {
          __typename: 'ValidationError',
          message: 'input.note: Say why you override the outlook.',
          issues: [{ path: ['input', 'note'], message: 'Say why you override the outlook.' }],
        },
      });
      expect(await readCase(opened.caseId)).toMatchObject({ outlook: { overridden: false, note: null } });
    },
  );

  it('is refused to someone who neither owns the case nor manages', async () => {
    const other = await api.prisma.member.create({
      data: { organizationId: org.id, name: 'Other CSM', email: 'other@cases.example', role: 'CSM' },
    });
    const token = await createToken(api.prisma, org.id, other.id);
    const response = await api.gql(token, OVERRIDE, { input: { id: opened.caseId, outlook: 'HIGH_RISK', note: 'x' } });
    expect(response.data).toMatchObject({ setDepartureCaseOutlook: { __typename: 'ForbiddenError' } });
  });

  it('with a note replaces the outlook, keeps the computed one and shows the note; null clears it', async () => {
    const before = (await readCase(opened.caseId)).outlook as { computed: string };
    const set = await api.gql(org.csm.token, OVERRIDE, {
      input: { id: opened.caseId, outlook: 'LIKELY_SAVED', note: ' Champion <b>renewed</b> verbally ' },
    });
    expect(set.data).toEqual({ setDepartureCaseOutlook: { __typename: 'DepartureCasePayload' } });
    expect(await readCase(opened.caseId)).toMatchObject({
      outlook: {
        outlook: 'LIKELY_SAVED',
        computed: before.computed,
        overridden: true,
        note: 'Champion <b>renewed</b> verbally',
      },
    });
    await api.gql(org.csm.token, OVERRIDE, { input: { id: opened.caseId, outlook: null } });
    expect(await readCase(opened.caseId)).toMatchObject({ outlook: { outlook: before.computed, overridden: false } });
  });
});

const CLOSE = `mutation($id: ID!, $outcome: CaseOutcome!, $note: String, $churn: Boolean) {
  closeDepartureCase(id: $id, outcome: $outcome, note: $note, markAccountChurned: $churn) {
    __typename ... on ValidationError { issues { path message } } } }`;

describe('closing a case', () => {
  it('SAVED without a replacement or a reason is a typed error, and nothing changes', async () => {
    const opened = await openCase('Saved without why');
    for (const note of [undefined, '', '  ']) {
      const response = await api.gql(org.csm.token, CLOSE, { id: opened.caseId, outcome: 'SAVED', note });
      expect(response.data).toEqual({
        closeDepartureCase: {
          __typename: 'ValidationError',
          issues: [{ path: ['note'], message: 'Record the replacement first, or say why the account is saved.' }],
        },
      });
    }
    expect(await readCase(opened.caseId)).toMatchObject({ closedAt: null, outcome: null });
    const saved = await api.gql(org.csm.token, CLOSE, {
      id: opened.caseId,
      outcome: 'SAVED',
      note: 'Renewed for 2 years',
    });
    expect(saved.data).toEqual({ closeDepartureCase: { __typename: 'DepartureCasePayload' } });
    expect(await readCase(opened.caseId)).toMatchObject({
      outcome: 'SAVED',
      closeNote: 'Renewed for 2 years',
      outlook: null,
    });
  });

  it('CHURNED may mark the account churned; its ARR stays as lost ARR', async () => {
    const kept = await openCase('Churned, account kept');
    await api.gql(org.csm.token, CLOSE, { id: kept.caseId, outcome: 'CHURNED' });
    expect(await readCase(kept.caseId)).toMatchObject({ outcome: 'CHURNED', account: { lifecycle: 'CUSTOMER' } });
    const lost = await openCase('Churned, account lost');
    await api.gql(org.csm.token, CLOSE, { id: lost.caseId, outcome: 'CHURNED', churn: true });
    expect(await readCase(lost.caseId)).toMatchObject({
      outcome: 'CHURNED',
      account: { lifecycle: 'CHURNED', arrMinor: 1_000_000 },
    });
  });
});

describe('opposite closes at the same moment', () => {
  it('one wins, the other is a ConflictError, and the account follows the winner only', async () => {
    for (let round = 0; round < 3; round++) {
      const opened = await openCase(`Race ${round}`);
      const [saved, churned] = await Promise.all([
        api.gql<{ closeDepartureCase: { __typename: string } }>(org.csm.token, CLOSE, {
          id: opened.caseId,
          outcome: 'SAVED',
          note: 'Renewed',
        }),
        api.gql<{ closeDepartureCase: { __typename: string } }>(org.manager.token, CLOSE, {
          id: opened.caseId,
          outcome: 'CHURNED',
          churn: true,
        }),
      ]);
      const answers = [saved.data?.closeDepartureCase.__typename, churned.data?.closeDepartureCase.__typename];
      expect(answers.sort()).toEqual(['ConflictError', 'DepartureCasePayload']);
      const savedWon = saved.data?.closeDepartureCase.__typename === 'DepartureCasePayload';
      expect(await readCase(opened.caseId)).toMatchObject({
        outcome: savedWon ? 'SAVED' : 'CHURNED',
        account: { lifecycle: savedWon ? 'CUSTOMER' : 'CHURNED' },
      });
    }
  });
});

describe('the report export', () => {
  let exportOrg: TestOrganization;
  beforeAll(async () => {
    exportOrg = org;
    await openCase('Export', org.manager.id, 5);
    // A member name a spreadsheet would run as a formula.
    await api.prisma.member.update({ where: { id: org.manager.id }, data: { name: '=cmd|" /C calc"!A0' } });
  });

  const url = (path: string, query: Record<string, string>) => {
    const target = new URL(path, api.url);
    for (const [key, value] of Object.entries(query)) target.searchParams.set(key, value);
    return target;
  };
  const period = () => ({ from: new Date(Date.now() - 30 * DAY).toISOString(), to: new Date().toISOString() });

  it('answers the report as JSON, equal to the GraphQL report', async () => {
    const response = await fetch(url('/reports/turnover.json', period()), {
      headers: { authorization: `Bearer ${exportOrg.rep.token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { total: { openCount: number }; sentence: string; byOwner: unknown[] };
    expect(body.total.openCount).toBeGreaterThan(0);
    expect(body.sentence).toMatch(/customers? currently at risk/);
  });

  it('answers CSV with hostile names neutralized, and the owner filter applies', async () => {
    const response = await fetch(
      url('/reports/turnover.csv', { ...period(), ownerId: gid('Member', org.manager.id) }),
      {
        headers: { authorization: `Bearer ${exportOrg.rep.token}` },
      },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await response.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      '"breakdown","group","currency","savedCount","savedArrMinor","churnedCount","churnedArrMinor","openCount","openArrAtRiskMinor","averageDaysAtRisk","averagePlanCompletion","expectedSavedArrMinor","undecidedArrMinor","highRiskArrMinor"',
    );
    expect(lines[1]).toMatch(/^"total",,"USD",0,0,0,0,1,1000000,5,0,/);
    expect(lines.find((line) => line.startsWith('"owner"'))).toMatch(/^"owner","'=cmd\|"" \/C calc""!A0","USD",/);
  });

  it.each<[string, Record<string, string>, string | null, number, string]>([
    ['no token', {}, null, 401, 'UNAUTHENTICATED'],
    ['an unknown token', {}, 'tw_nope', 401, 'UNAUTHENTICATED'],
    ['a range over 366 days', { from: '2025-01-01T00:00:00Z', to: '2026-01-03T00:00:00Z' }, 'rep', 400, 'VALIDATION'],
    [
      'a period ending before it starts',
      { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' },
      'rep',
      400,
      'VALIDATION',
    ],
    [
      'a date without a time zone',
      { from: '2026-01-01T00:00:00', to: '2026-01-10T00:00:00Z' },
      'rep',
      400,
      'VALIDATION',
    ],
    ['a date that is not one', { from: '2026-13-45T00:00:00Z', to: '2026-01-10T00:00:00Z' }, 'rep', 400, 'VALIDATION'],
    ['an owner id of another type', { ownerId: gid('Account', randomUUID()) }, 'rep', 400, 'VALIDATION'],
    ['an owner id that is not an id', { ownerId: '../../etc/passwd' }, 'rep', 400, 'VALIDATION'],
  ])('refuses %s with a typed error', async (_name, query, who, status, code) => {
    const token = who === 'rep' ? org.rep.token : who;
    const response = await fetch(url('/reports/turnover.csv', { ...period(), ...query }), {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
  });

  it('refuses a repeated parameter', async () => {
    const target = url('/reports/turnover.json', period());
    target.searchParams.append('from', '2026-01-01T00:00:00Z');
    const response = await fetch(target, { headers: { authorization: `Bearer ${org.rep.token}` } });
    expect(response.status).toBe(400);
  });

  it('a read-only token may export; a token of another organization sees none of this one', async () => {
    const readOnly = await createToken(api.prisma, org.id, org.rep.id, 'READ_ONLY');
    expect(
      (await fetch(url('/reports/turnover.json', period()), { headers: { authorization: `Bearer ${readOnly}` } }))
        .status,
    ).toBe(200);
    const other = await createOrganization(api.prisma, 'cases-other');
    const response = await fetch(url('/reports/turnover.json', period()), {
      headers: { authorization: `Bearer ${other.manager.token}` },
    });
    const body = (await response.json()) as { empty: boolean; byOwner: unknown[] };
    expect(body).toMatchObject({ empty: true, byOwner: [] });
  });
});

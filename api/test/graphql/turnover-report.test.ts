import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, startTestApi, type TestApi, type TestOrganization } from '../../../test/support/api.ts';

// Seed 002's executive summary: "Last week we saved 2 customers from main contact turnover risk
// worth $43,000 … 12 customers currently at risk … worth a combined $250,000 in ARR. The average
// time at risk is 1 month and we are 60% complete with the recovery action plans."
// Built here through the API: accounts, a departed main contact each, confirmed flags, plan steps.

let api: TestApi;
let org: TestOrganization;
const DAY = 86_400_000;
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');

async function departedMainContact(name: string, arrMinor: number): Promise<string> {
  const created = await api.gql<{ createAccount: { account: { id: string } } }>(
    org.manager.token,
    'mutation($input: CreateAccountInput!) { createAccount(input: $input) { ... on AccountPayload { account { id } } } }',
    { input: { name, tier: 'KEY', segment: 'MID_MARKET', arrMinor, ownerId: gid('Member', org.csm.id) } },
  );
  const accountId = created.data!.createAccount.account.id;
  const person = await api.gql<{ createStakeholder: { stakeholder: { id: string } } }>(
    org.rep.token,
    'mutation($input: CreateStakeholderInput!) { createStakeholder(input: $input) { ... on StakeholderPayload { stakeholder { id } } } }',
    { input: { accountId, fullName: `Main Contact of ${name}`, isMainContact: true, buyingRoles: ['CHAMPION'] } },
  );
  const flagged = await api.gql<{ flagJobChange: { flag: { id: string } } }>(
    org.rep.token,
    'mutation($input: FlagJobChangeInput!) { flagJobChange(input: $input) { ... on FlagPayload { flag { id } } } }',
    {
      input: {
        idempotencyKey: randomUUID(),
        kind: 'LEFT_COMPANY',
        stakeholderId: person.data!.createStakeholder.stakeholder.id,
        observedAt: new Date().toISOString(),
      },
    },
  );
  await api.gql(
    org.csm.token,
    'mutation($input: ConfirmJobChangeInput!) { confirmJobChange(input: $input) { __typename } }',
    {
      input: { id: flagged.data!.flagJobChange.flag.id },
    },
  );
  const cases = await api.gql<{ departureCases: { nodes: Array<{ id: string; steps: Array<{ id: string }> }> } }>(
    org.csm.token,
    'query($id: ID!) { departureCases(filter: { accountId: $id }) { nodes { id steps { id } } } }',
    { id: accountId },
  );
  const found = cases.data!.departureCases.nodes[0]!;
  expect(found.steps).toHaveLength(5);
  return found.id;
}

async function markDone(caseId: string, count: number) {
  const steps = await api.gql<{ node: { steps: Array<{ id: string }> } }>(
    org.csm.token,
    'query($id: ID!) { node(id: $id) { ... on DepartureCase { steps { id } } } }',
    { id: caseId },
  );
  for (const step of steps.data!.node.steps.slice(0, count)) {
    await api.gql(
      org.csm.token,
      'mutation($input: UpdateCaseStepInput!) { updateCaseStep(input: $input) { __typename } }',
      { input: { id: step.id, done: true } },
    );
  }
}

beforeAll(async () => {
  api = await startTestApi();
  org = await createOrganization(api.prisma, 'report');
  for (const [index, arr] of [2_000_000, 2_300_000].entries()) {
    const caseId = await departedMainContact(`Saved ${index}`, arr);
    await markDone(caseId, 5);
    await api.gql(org.csm.token, 'mutation($id: ID!) { closeDepartureCase(id: $id, outcome: SAVED) { __typename } }', {
      id: caseId,
    });
  }
  // Twelve open cases: 11 × $20,000 + $30,000 = $250,000, each plan 3 of 5 steps done.
  for (let index = 0; index < 12; index++) {
    const caseId = await departedMainContact(`At Risk ${index}`, index === 11 ? 3_000_000 : 2_000_000);
    await markDone(caseId, 3);
  }
}, 120_000);
afterAll(() => api.close());

describe('turnoverReport', () => {
  it('reproduces the executive summary of seed 002', async () => {
    // The report is read one month after the cases opened: their time at risk is a month.
    const from = new Date(Date.now() - 7 * DAY).toISOString();
    const to = new Date(Date.now() + 30 * DAY).toISOString();
    const response = await api.gql<{
      turnoverReport: {
        total: Record<string, number | null>;
        byCause: Array<{ cause: string; openCount: number; savedCount: number }>;
        saveRate: number;
        summary: string;
      };
    }>(
      org.manager.token,
      `query($from: DateTime!, $to: DateTime!) {
        turnoverReport(from: $from, to: $to) {
          ... on TurnoverReport {
            total { savedCount savedArrMinor openCount openArrAtRiskMinor averageDaysAtRisk averagePlanCompletion expectedSavedArrMinor }
            byCause { cause openCount savedCount }
            saveRate
            summary
          }
        }
      }`,
      { from, to },
    );
    expect(response.errors).toBeUndefined();
    const report = response.data!.turnoverReport;
    expect(report.total).toMatchObject({
      savedCount: 2,
      savedArrMinor: 4_300_000,
      openCount: 12,
      openArrAtRiskMinor: 25_000_000,
    });
    expect(report.total.averagePlanCompletion).toBeCloseTo(0.6, 5);
    expect(report.total.averageDaysAtRisk).toBeGreaterThan(25);
    expect(report.total.averageDaysAtRisk).toBeLessThanOrEqual(30.1);
    expect(report.byCause).toEqual([{ cause: 'MAIN_CONTACT_TURNOVER', openCount: 12, savedCount: 2 }]);
    expect(report.saveRate).toBe(1);
    // Expected saved ARR: every open case at the save rate, weighted by plan progress (0.5 + 0.5 × 0.6).
    expect(report.total.expectedSavedArrMinor).toBe(20_000_000);
    expect(report.summary).toMatch(/saved 2 customers worth \$43,000/);
    expect(report.summary).toMatch(/12 customers are at risk, worth \$250,000/);
    expect(report.summary).toMatch(/60% complete/);
  });

  it('refuses a period that ends before it starts', async () => {
    const response = await api.gql(
      org.manager.token,
      '{ turnoverReport(from: "2026-02-01T00:00:00Z", to: "2026-01-01T00:00:00Z") { __typename ... on ValidationError { issues { path message } } } }',
    );
    expect(response.data).toEqual({
      turnoverReport: { __typename: 'ValidationError', issues: [{ path: ['to'], message: 'Must be after from.' }] },
    });
  });
});

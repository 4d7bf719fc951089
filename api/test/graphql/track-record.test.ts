// Account outcomes (record, correct, delete) and the risk score's track record over them, through HTTP
// with a real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, startTestApi, type TestApi, type TestOrganization } from '../../../test/support/api.ts';
import { encodeId } from '../../src/global-id.ts';

const DAY = 86_400_000;
let api: TestApi;
let org: TestOrganization;

const RECORD = `mutation($input: RecordAccountOutcomeInput!) {
  recordAccountOutcome(input: $input) {
    __typename
    ... on AccountOutcomePayload { outcome { id kind occurredOn arrMinor note } }
    ... on ConflictError { existingId message }
    ... on ValidationError { issues { path message } }
    ... on Error { code }
  }
}`;
const CORRECT = `mutation($input: CorrectAccountOutcomeInput!) {
  correctAccountOutcome(input: $input) {
    __typename
    ... on AccountOutcomePayload { outcome { id kind occurredOn arrMinor note } }
    ... on ConflictError { existingId }
    ... on Error { code }
  }
}`;
const DELETE = `mutation($id: ID!) {
  deleteAccountOutcome(id: $id) { __typename ... on DeleteAccountOutcomePayload { deletedId } ... on Error { code } }
}`;
const EVALUATE = `query($from: Date!, $to: Date!, $horizonDays: Int, $weights: [RiskWeightInput!]) {
  riskModelEvaluation(from: $from, to: $to, horizonDays: $horizonDays, weights: $weights) {
    sampleSize churned excluded horizonDays
    recorded { auc calibration { band accounts churned rate } }
    candidate { auc calibration { band accounts churned rate } }
    factorLifts { factor lift withFactor { accounts churned rate } withoutFactor { accounts churned rate } }
    candidateWeights { factor maxPoints }
  }
}`;

interface OutcomeView {
  id: string;
  kind: string;
  occurredOn: string;
  arrMinor: number;
  note: string | null;
}
type RecordResult = {
  __typename: string;
  outcome?: OutcomeView;
  existingId?: string;
  code?: string;
  issues?: Array<{ path: string[] }>;
};

const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);

async function newAccount(name: string, arrMinor = 5_000_000n) {
  return api.prisma.account.create({ data: { organizationId: org.id, name, arrMinor, lifecycle: 'CUSTOMER' } });
}

async function record(token: string, input: Record<string, unknown>): Promise<RecordResult> {
  const response = await api.gql<{ recordAccountOutcome: RecordResult }>(token, RECORD, { input });
  expect(response.errors).toBeUndefined();
  return response.data!.recordAccountOutcome;
}

beforeAll(async () => {
  api = await startTestApi();
  org = await createOrganization(api.prisma, 'track-record');
});
afterAll(() => api.close());

describe('recording outcomes', () => {
  it('records a churn once, marks the account CHURNED, and answers a retry with the same outcome', async () => {
    const account = await newAccount('Leaving Ltd');
    const accountId = encodeId('Account', account.id);
    const input = { accountId, kind: 'CHURNED', occurredOn: day(-3), note: 'Moved to a competitor' };
    const first = await record(org.csm.token, input);
    expect(first).toMatchObject({
      __typename: 'AccountOutcomePayload',
      outcome: { kind: 'CHURNED', occurredOn: day(-3), arrMinor: 5000000, note: 'Moved to a competitor' },
    });
    const again = await record(org.csm.token, input);
    expect(again.outcome?.id).toBe(first.outcome?.id);
    expect(await api.prisma.accountOutcome.count({ where: { accountId: account.id } })).toBe(1);
    const after = await api.prisma.account.findUniqueOrThrow({ where: { id: account.id } });
    expect([after.lifecycle, after.riskScore, after.riskBand]).toEqual(['CHURNED', 0, 'GREEN']);

    const other = await record(org.csm.token, { ...input, arrMinor: 1 });
    expect(other).toMatchObject({ __typename: 'ConflictError', existingId: first.outcome?.id });
  });

  it('leaves the lifecycle alone for a churn recorded before a later renewal', async () => {
    const account = await newAccount('Won Back Inc');
    const accountId = encodeId('Account', account.id);
    expect((await record(org.csm.token, { accountId, kind: 'RENEWED', occurredOn: day(-10) })).__typename).toBe(
      'AccountOutcomePayload',
    );
    expect((await record(org.csm.token, { accountId, kind: 'CHURNED', occurredOn: day(-400) })).__typename).toBe(
      'AccountOutcomePayload',
    );
    expect((await api.prisma.account.findUniqueOrThrow({ where: { id: account.id } })).lifecycle).toBe('CUSTOMER');
  });

  it('answers a retry sent without an ARR with the outcome, after the account’s ARR changed', async () => {
    const account = await newAccount('Repriced Ltd');
    const input = { accountId: encodeId('Account', account.id), kind: 'CHURNED', occurredOn: day(-2) };
    const first = await record(org.csm.token, input);
    expect(first.outcome?.arrMinor).toBe(5000000);
    await api.prisma.account.update({ where: { id: account.id }, data: { arrMinor: 7_000_000n } });
    const again = await record(org.csm.token, input);
    expect(again).toMatchObject({ __typename: 'AccountOutcomePayload', outcome: { id: first.outcome?.id } });
    // An ARR sent is still compared.
    const other = await record(org.csm.token, { ...input, arrMinor: 7_000_000 });
    expect(other).toMatchObject({ __typename: 'ConflictError', existingId: first.outcome?.id });
  });

  it('writes a churn and a later renewal recorded at the same moment one after the other', async (context) => {
    // Holding the account's row from a second connection forces the interleaving; PGlite has one.
    if (api.db.kind !== 'postgres') context.skip();
    const account = await newAccount('Racing Co');
    const accountId = encodeId('Account', account.id);
    const lockWaits = async () => {
      const [row] = await api.prisma.$queryRaw<Array<{ n: number }>>`
        SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'`;
      return row?.n ?? 0;
    };
    const until = async (done: () => Promise<boolean>) => {
      for (let tries = 0; tries < 200 && !(await done()); tries++) await new Promise((r) => setTimeout(r, 25));
    };
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let held!: () => void;
    const holding = new Promise<void>((resolve) => {
      held = resolve;
    });
    const holder = api.prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT 1 FROM "Account" WHERE "id" = ${account.id}::uuid FOR NO KEY UPDATE`;
        held();
        await released;
      },
      { timeout: 20_000 },
    );
    await holding;
    const order: string[] = [];
    const churn = record(org.csm.token, { accountId, kind: 'CHURNED', occurredOn: day(-20) }).then((result) => {
      order.push('churn');
      return result;
    });
    await until(async () => (await lockWaits()) >= 1);
    const renewal = record(org.csm.token, { accountId, kind: 'RENEWED', occurredOn: day(-1) }).then((result) => {
      order.push('renewal');
      return result;
    });
    await until(async () => order.includes('renewal') || (await lockWaits()) >= 2);
    release();
    await holder;
    const results = await Promise.all([churn, renewal]);
    expect(results.map((result) => result.__typename)).toEqual(['AccountOutcomePayload', 'AccountOutcomePayload']);
    expect(await api.prisma.accountOutcome.count({ where: { accountId: account.id } })).toBe(2);
    // Written one after the other: the churn first (it waited first), so it saw no renewal; a churn
    // written after the renewal must not have marked the account CHURNED.
    const after = await api.prisma.account.findUniqueOrThrow({ where: { id: account.id } });
    expect(after.lifecycle).toBe(order[0] === 'renewal' ? 'CUSTOMER' : 'CHURNED');
    expect(order).toEqual(['churn', 'renewal']);
  });

  it.each([
    ['a day in the future', { occurredOn: day(2) }, 'VALIDATION', ['input', 'occurredOn']],
    ['a negative ARR', { arrMinor: -5 }, 'VALIDATION', ['input', 'arrMinor']],
  ])('refuses %s and changes nothing', async (_name, change, code, path) => {
    const account = await newAccount('Refused Co');
    const result = await record(org.csm.token, {
      accountId: encodeId('Account', account.id),
      kind: 'RENEWED',
      occurredOn: day(-1),
      ...change,
    });
    expect(result.code).toBe(code);
    expect(result.issues?.[0]?.path).toEqual(path);
    expect(await api.prisma.accountOutcome.count({ where: { accountId: account.id } })).toBe(0);
  });

  it('needs editAccounts: a rep may not record one', async () => {
    const account = await newAccount('Rep Try');
    const result = await record(org.rep.token, {
      accountId: encodeId('Account', account.id),
      kind: 'RENEWED',
      occurredOn: day(-1),
    });
    expect(result.code).toBe('FORBIDDEN');
    expect(await api.prisma.accountOutcome.count({ where: { accountId: account.id } })).toBe(0);
  });

  it('corrects and deletes an outcome; a correction onto another outcome is a conflict', async () => {
    const account = await newAccount('Growing Group');
    const accountId = encodeId('Account', account.id);
    const a = (await record(org.csm.token, { accountId, kind: 'RENEWED', occurredOn: day(-30) })).outcome!;
    const b = (await record(org.csm.token, { accountId, kind: 'RENEWED', occurredOn: day(-20) })).outcome!;
    const corrected = await api.gql<{ correctAccountOutcome: RecordResult }>(org.csm.token, CORRECT, {
      input: { id: a.id, kind: 'EXPANDED', arrMinor: 6500000, note: 'Added a team' },
    });
    expect(corrected.data?.correctAccountOutcome.outcome).toMatchObject({
      kind: 'EXPANDED',
      arrMinor: 6500000,
      occurredOn: day(-30),
      note: 'Added a team',
    });
    const collision = await api.gql<{ correctAccountOutcome: RecordResult }>(org.csm.token, CORRECT, {
      input: { id: b.id, kind: 'EXPANDED', occurredOn: day(-30) },
    });
    expect(collision.data?.correctAccountOutcome).toMatchObject({ __typename: 'ConflictError', existingId: a.id });
    const unchanged = await api.prisma.accountOutcome.findUniqueOrThrow({
      where: {
        organizationId_id: { organizationId: org.id, id: Buffer.from(b.id, 'base64url').toString().split(':')[1]! },
      },
    });
    expect(unchanged.kind).toBe('RENEWED');

    const deleted = await api.gql<{ deleteAccountOutcome: { deletedId?: string; code?: string } }>(
      org.csm.token,
      DELETE,
      { id: b.id },
    );
    expect(deleted.data?.deleteAccountOutcome.deletedId).toBe(b.id);
    const again = await api.gql<{ deleteAccountOutcome: { code?: string } }>(org.csm.token, DELETE, { id: b.id });
    expect(again.data?.deleteAccountOutcome.code).toBe('NOT_FOUND');

    const listed = await api.gql<{ account: { outcomes: OutcomeView[] } }>(
      org.rep.token,
      'query($id: ID!) { account(id: $id) { outcomes { id kind } } }',
      { id: accountId },
    );
    expect(listed.data?.account.outcomes.map((outcome) => outcome.kind)).toEqual(['EXPANDED']);
  });
});

describe('riskModelEvaluation', () => {
  let evalOrg: TestOrganization;

  beforeAll(async () => {
    evalOrg = await createOrganization(api.prisma, 'track-record-eval');
    // Four judged accounts (scores 80 and 60 churned, 30 and 10 renewed) and one without history.
    const plan = [
      {
        name: 'A',
        score: 80,
        band: 'RED',
        churned: true,
        factors: [{ key: 'departedRoleHolder', points: 30, fraction: 1 }],
      },
      { name: 'B', score: 60, band: 'AMBER', churned: true, factors: [{ key: 'usageDrop', points: 10, fraction: 1 }] },
      {
        name: 'C',
        score: 30,
        band: 'YELLOW',
        churned: false,
        factors: [{ key: 'usageDrop', points: 5, fraction: 0.5 }],
      },
      // An older point without fractions: derived as points / current weight.
      { name: 'D', score: 10, band: 'GREEN', churned: false, factors: [{ key: 'departedRoleHolder', points: 30 }] },
      { name: 'E', score: null, band: null, churned: false, factors: [] },
    ] as const;
    for (const entry of plan) {
      const account = await api.prisma.account.create({ data: { organizationId: evalOrg.id, name: entry.name } });
      const occurredOn = new Date(`${day(-50)}T00:00:00Z`);
      if (entry.score !== null) {
        await api.prisma.riskPoint.create({
          data: {
            organizationId: evalOrg.id,
            accountId: account.id,
            at: new Date(occurredOn.getTime() - 100 * DAY),
            score: entry.score,
            band: entry.band,
            cause: 'CHANGE',
            factors: entry.factors as never,
          },
        });
        // A later point, inside the horizon: not the one judged.
        await api.prisma.riskPoint.create({
          data: {
            organizationId: evalOrg.id,
            accountId: account.id,
            at: new Date(occurredOn.getTime() - 10 * DAY),
            score: 100 - entry.score,
            band: 'GREEN',
            cause: 'CHANGE',
          },
        });
      }
      await api.prisma.accountOutcome.create({
        data: {
          organizationId: evalOrg.id,
          accountId: account.id,
          kind: entry.churned ? 'CHURNED' : 'RENEWED',
          occurredOn,
          arrMinor: 1_000_000n,
        },
      });
    }
  });

  type EvaluationView = {
    sampleSize: number;
    churned: number;
    excluded: number;
    recorded: { auc: number | null; calibration: Array<{ band: string; accounts: number; churned: number }> };
    candidate: { auc: number | null; calibration: Array<{ band: string; accounts: number; churned: number }> } | null;
    factorLifts: Array<{ factor: string; lift: number | null; withFactor: { accounts: number; churned: number } }>;
  };

  async function evaluate(variables: Record<string, unknown>) {
    return api.gql<{ riskModelEvaluation: EvaluationView }>(evalOrg.rep.token, EVALUATE, {
      from: day(-365),
      to: day(0),
      ...variables,
    });
  }

  it('judges the risk in force the horizon before each outcome, and counts accounts without history', async () => {
    const response = await evaluate({ horizonDays: 90 });
    expect(response.errors).toBeUndefined();
    const result = response.data!.riskModelEvaluation;
    expect([result.sampleSize, result.churned, result.excluded]).toEqual([4, 2, 1]);
    expect(result.recorded.auc).toBe(1);
    expect(result.recorded.calibration.map((row) => [row.band, row.accounts, row.churned])).toEqual([
      ['GREEN', 1, 0],
      ['YELLOW', 1, 0],
      ['AMBER', 1, 1],
      ['RED', 1, 1],
    ]);
    expect(result.candidate).toBeNull();
    const usage = result.factorLifts.find((lift) => lift.factor === 'usageDrop');
    expect(usage?.withFactor).toEqual({ accounts: 2, churned: 1, rate: 0.5 });
  });

  it('with a short horizon judges the later points instead', async () => {
    const result = (await evaluate({ horizonDays: 5 })).data!.riskModelEvaluation;
    // Later points are 100 − score: the ranking is reversed.
    expect(result.recorded.auc).toBe(0);
  });

  it('scores the same accounts under candidate weights without saving them', async () => {
    // usageDrop 0, departedRoleHolder stays 30: A 30, B 0, C 0, D 30 (derived fraction 1).
    const result = (await evaluate({ horizonDays: 90, weights: [{ factor: 'usageDrop', maxPoints: 0 }] })).data!
      .riskModelEvaluation;
    expect(result.candidate?.auc).toBe(0.5);
    expect(result.candidate?.calibration.map((row) => row.accounts)).toEqual([2, 2, 0, 0]);
    const settings = await api.prisma.organization.findUniqueOrThrow({ where: { id: evalOrg.id } });
    expect(JSON.stringify(settings.settings)).not.toContain('usageDrop');
  });

  it.each([
    ['an unknown factor', { weights: [{ factor: 'horoscope', maxPoints: 5 }] }],
    ['a weight above 100', { weights: [{ factor: 'usageDrop', maxPoints: 101 }] }],
    [
      'a factor twice',
      {
        weights: [
          { factor: 'usageDrop', maxPoints: 1 },
          { factor: 'usageDrop', maxPoints: 2 },
        ],
      },
    ],
    ['a horizon beyond two years', { horizonDays: 731 }],
    ['a period that ends before it starts', { from: day(0), to: day(-1) }],
  ])('refuses %s as a VALIDATION error', async (_name, variables) => {
    const response = await evaluate(variables);
    expect(response.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    expect(response.data).toBeNull();
  });

  it('answers an empty period with an empty sample', async () => {
    const result = (await evaluate({ from: day(-3000), to: day(-2000) })).data!.riskModelEvaluation;
    expect([result.sampleSize, result.excluded, result.recorded.auc]).toEqual([0, 0, null]);
  });
});

describe('risk history points', () => {
  it('keep each factor’s fraction beside its points', async () => {
    const created = await api.gql<{ createAccount: { account?: { id: string } } }>(
      org.csm.token,
      'mutation($input: CreateAccountInput!) { createAccount(input: $input) { ... on AccountPayload { account { id } } } }',
      { input: { name: 'Fresh Fields', tier: 'STRATEGIC' } },
    );
    const id = Buffer.from(created.data!.createAccount.account!.id, 'base64url').toString().split(':')[1]!;
    const point = await api.prisma.riskPoint.findFirstOrThrow({ where: { accountId: id } });
    const factors = point.factors as Array<{ key: string; points: number; fraction?: number }>;
    expect(factors.length).toBeGreaterThan(0);
    for (const factor of factors) {
      expect(factor.fraction).toBeGreaterThan(0);
      expect(factor.fraction).toBeLessThanOrEqual(1);
    }
    const history = await api.gql<{ account: { riskHistory: Array<{ factors: typeof factors }> } }>(
      org.rep.token,
      'query($id: ID!) { account(id: $id) { riskHistory { factors { key points fraction } } } }',
      { id: created.data!.createAccount.account!.id },
    );
    expect(history.data?.account.riskHistory.at(-1)?.factors).toEqual(factors);
  });
});

// Band cut-offs and zone thresholds as organization settings, through HTTP: read with their
// defaults, changed (and every account reassessed under them), refused with clear errors when they
// do not hold together, nothing saved then. And the risk inputs that arrive through the API: a
// pending "left company" flag counts as an unconfirmed departure until it is rejected; litigation
// and product cancellations are change events.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, startTestApi, type TestApi, type TestOrganization } from '../../../test/support/api.ts';
import { awaitRun } from '../../../test/support/runs.ts';
import { encodeId } from '../../src/global-id.ts';
import { refreshOrganizationHealth } from '../../src/services/health.ts';

let api: TestApi;
let org: TestOrganization;
let accountId: string;
let personId: string;

const SETTINGS_FIELDS = `riskBands { yellow amber red }
  riskZones { valueThreshold exceptionalValue recoverabilityThreshold significantSharePercent criticalSharePercent }`;
const READ = `{ viewer { organization { settings { ${SETTINGS_FIELDS} } } } }`;
const UPDATE = `mutation($input: UpdateOrganizationSettingsInput!) {
  updateOrganizationSettings(input: $input) {
    __typename
    ... on UpdateOrganizationSettingsPayload { settings { ${SETTINGS_FIELDS} } recompute { id } }
    ... on ValidationError { code issues { path message } }
  }
}`;
const ACCOUNT = `query($id: ID!) { node(id: $id) { ... on Account { risk { score band factors { key points explanation } } } } }`;

interface Risk {
  score: number;
  band: string;
  factors: Array<{ key: string; points: number; explanation: string }>;
}

async function risk(): Promise<Risk> {
  const answer = await api.gql<{ node: { risk: Risk } }>(org.manager.token, ACCOUNT, {
    id: encodeId('Account', accountId),
  });
  expect(answer.errors).toBeUndefined();
  return answer.data!.node.risk;
}

async function storedSettings() {
  const row = await api.prisma.organization.findUniqueOrThrow({ where: { id: org.id } });
  return { settings: row.settings, version: row.settingsVersion };
}

beforeAll(async () => {
  api = await startTestApi();
  org = await createOrganization(api.prisma, 'risk-settings');
  const account = await api.prisma.account.create({
    data: { organizationId: org.id, name: 'Quarry Labs', tier: 'KEY', lifecycle: 'CUSTOMER', arrMinor: 5_000_000n },
  });
  accountId = account.id;
  const person = await api.prisma.stakeholder.create({
    data: {
      organizationId: org.id,
      accountId,
      fullName: 'Noor Haddad',
      isMainContact: true,
      buyingRoles: ['CHAMPION'],
      profileUrl: 'linkedin.com/in/noor-haddad',
    },
  });
  personId = person.id;
  await refreshOrganizationHealth(api.prisma, org.id);
});
afterAll(async () => {
  await api.close();
});

describe('band cut-offs and zone thresholds', () => {
  it('are read with their defaults', async () => {
    const answer = await api.gql(org.manager.token, READ);
    expect(answer.data).toEqual({
      viewer: {
        organization: {
          settings: {
            riskBands: { yellow: 25, amber: 50, red: 75 },
            riskZones: {
              valueThreshold: 5,
              exceptionalValue: 9,
              recoverabilityThreshold: 2,
              significantSharePercent: 2,
              criticalSharePercent: 5,
            },
          },
        },
      },
    });
  });

  it.each<[string, Record<string, unknown>, string[], RegExp]>([
    ['red below amber', { riskBands: { red: 40 } }, ['input', 'riskBands'], /increase strictly.*25, 50, 40/],
    ['equal cut-offs', { riskBands: { yellow: 50 } }, ['input', 'riskBands'], /increase strictly/],
    ['a cut-off of 0', { riskBands: { yellow: 0 } }, ['input', 'riskBands', 'yellow'], /1|greater/i],
    ['a cut-off above 100', { riskBands: { red: 101 } }, ['input', 'riskBands', 'red'], /100|less/i],
    [
      'an exceptional value at the threshold',
      { riskZones: { exceptionalValue: 5 } },
      ['input', 'riskZones', 'exceptionalValue'],
      /above the value threshold/,
    ],
    [
      'a critical share below the significant share',
      { riskZones: { criticalSharePercent: 1.5 } },
      ['input', 'riskZones', 'criticalSharePercent'],
      /above the significant share/,
    ],
    [
      'a recoverability threshold above 5',
      { riskZones: { recoverabilityThreshold: 6 } },
      ['input', 'riskZones', 'recoverabilityThreshold'],
      /5|less/i,
    ],
  ])('refuses %s with a validation error, saving nothing', async (_label, input, path, message) => {
    const before = await storedSettings();
    const runs = await api.prisma.backgroundRun.count();
    const answer = await api.gql<{
      updateOrganizationSettings: {
        __typename: string;
        code: string;
        issues: Array<{ path: string[]; message: string }>;
      };
    }>(org.admin.token, UPDATE, { input });
    expect(answer.errors).toBeUndefined();
    const result = answer.data!.updateOrganizationSettings;
    expect(result.__typename).toBe('ValidationError');
    expect(result.code).toBe('VALIDATION');
    expect(result.issues.some((issue) => issue.path.join('.') === path.join('.') && message.test(issue.message))).toBe(
      true,
    );
    expect(await storedSettings()).toEqual(before);
    expect(await api.prisma.backgroundRun.count()).toBe(runs);
  });

  it('refuses a cut-off of the wrong type as BAD_USER_INPUT', async () => {
    const before = await storedSettings();
    const answer = await api.gql(org.admin.token, UPDATE, { input: { riskBands: { amber: 'high' } } });
    expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await storedSettings()).toEqual(before);
  });

  it('does not let a CSM change them', async () => {
    const before = await storedSettings();
    const answer = await api.gql<{ updateOrganizationSettings: { __typename: string } }>(org.csm.token, UPDATE, {
      input: { riskBands: { amber: 30 } },
    });
    expect(answer.data?.updateOrganizationSettings.__typename ?? answer.errors?.[0]?.extensions?.code).toMatch(
      /Forbidden|FORBIDDEN/,
    );
    expect(await storedSettings()).toEqual(before);
  });

  it('are changed, and every account is reassessed under them', async () => {
    const before = await risk();
    expect(before.band).toBe('YELLOW');
    const answer = await api.gql<{
      updateOrganizationSettings: { __typename: string; settings: unknown; recompute: { id: string } };
    }>(org.admin.token, UPDATE, {
      input: { riskBands: { yellow: 10, amber: before.score }, riskZones: { criticalSharePercent: 10 } },
    });
    const result = answer.data!.updateOrganizationSettings;
    expect(result.__typename).toBe('UpdateOrganizationSettingsPayload');
    expect(result.settings).toMatchObject({
      riskBands: { yellow: 10, amber: before.score, red: 75 },
      riskZones: { criticalSharePercent: 10, significantSharePercent: 2 },
    });
    await awaitRun(api, org.admin.token, result.recompute.id, '... on HealthRecomputeRun { status }');
    const after = await risk();
    expect(after.score).toBe(before.score);
    expect(after.band).toBe('AMBER');
    // Back to the defaults for the tests below.
    const reset = await api.gql<{ updateOrganizationSettings: { recompute: { id: string } } }>(
      org.admin.token,
      UPDATE,
      {
        input: { riskBands: { yellow: 25, amber: 50, red: 75 } },
      },
    );
    await awaitRun(
      api,
      org.admin.token,
      reset.data!.updateOrganizationSettings.recompute.id,
      '... on HealthRecomputeRun { status }',
    );
    expect((await risk()).band).toBe('YELLOW');
  });
});

describe('risk inputs through the API', () => {
  const FLAG = `mutation($input: FlagJobChangeInput!) {
    flagJobChange(input: $input) { __typename ... on FlagPayload { flag { id status } } ... on Error { code message } }
  }`;
  const REJECT = `mutation($id: ID!) { rejectJobChange(id: $id) { __typename } }`;
  const EVENT = `mutation($input: RecordAccountEventInput!) {
    recordAccountEvent(input: $input) { __typename ... on RecordAccountEventPayload { event { kind } } }
  }`;

  it('counts a pending "left company" flag as an unconfirmed departure until it is rejected', async () => {
    expect((await risk()).factors.map((item) => item.key)).not.toContain('unconfirmedDeparture');
    const flagged = await api.gql<{ flagJobChange: { __typename: string; flag: { id: string; status: string } } }>(
      org.rep.token,
      FLAG,
      {
        input: {
          idempotencyKey: randomUUID(),
          kind: 'LEFT_COMPANY',
          stakeholderId: encodeId('Stakeholder', personId),
          observedCompany: 'Elsewhere Inc',
          observedAt: new Date().toISOString(),
        },
      },
    );
    expect(flagged.data?.flagJobChange.__typename).toBe('FlagPayload');
    const person = await api.prisma.stakeholder.findUniqueOrThrow({ where: { id: personId } });
    expect(person.status).toBe('ACTIVE');
    const pending = await risk();
    expect(pending.factors.find((item) => item.key === 'unconfirmedDeparture')).toEqual({
      key: 'unconfirmedDeparture',
      points: 4,
      explanation: 'The main contact, Noor Haddad (Champion), was seen leaving; the flag waits for review.',
    });

    const rejected = await api.gql<{ rejectJobChange: { __typename: string } }>(org.manager.token, REJECT, {
      id: flagged.data!.flagJobChange.flag.id,
    });
    expect(rejected.data?.rejectJobChange.__typename).not.toMatch(/Error/);
    const after = await risk();
    expect(after.factors.map((item) => item.key)).not.toContain('unconfirmedDeparture');
    expect(after.score).toBe(pending.score - 4);
  });

  it.each([
    ['LITIGATION_INVESTIGATION', 'litigation or investigation'],
    ['PRODUCT_CANCELLATION', 'product cancellation'],
  ])('records %s as a change event that adds risk', async (kind, words) => {
    const before = await risk();
    const answer = await api.gql<{ recordAccountEvent: { __typename: string; event: { kind: string } } }>(
      org.csm.token,
      EVENT,
      { input: { accountId: encodeId('Account', accountId), kind, occurredOn: new Date().toISOString().slice(0, 10) } },
    );
    expect(answer.data?.recordAccountEvent).toEqual({ __typename: 'RecordAccountEventPayload', event: { kind } });
    const after = await risk();
    const change = after.factors.find((item) => item.key === 'changeEvent');
    expect(change?.explanation).toContain(words);
    expect(after.score).toBeGreaterThan(before.score);
  });
});

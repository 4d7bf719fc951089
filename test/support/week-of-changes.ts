// A week of changes made through the API only, shared by the tests that read it back (the change
// feed, the per-account summary, the weekly digest): Acme Corp (strategic, USD 400,000, owned by the
// CSM): its champion leaves, a false alarm is rejected, usage drops.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { TestApi, TestOrganization } from './api.ts';

const DAY = 86_400_000;

/** One GraphQL call that must succeed (no errors, no error-typed result); returns data[field]. */
export async function callApi<T>(
  api: TestApi,
  token: string,
  query: string,
  variables: Record<string, unknown>,
  field: string,
): Promise<T> {
  const response = await api.gql<Record<string, T & { __typename?: string }>>(token, query, variables);
  expect(response.errors).toBeUndefined();
  const data = response.data?.[field];
  expect(data?.__typename ?? 'ok', JSON.stringify(data)).not.toMatch(/Error$/);
  return data as T;
}

export const CREATE_ACCOUNT = `mutation($input: CreateAccountInput!) {
  createAccount(input: $input) { __typename ... on AccountPayload { account { id } } ... on Error { message } }
}`;
export const CREATE_STAKEHOLDER = `mutation($input: CreateStakeholderInput!) {
  createStakeholder(input: $input) { __typename ... on StakeholderPayload { stakeholder { id } } ... on Error { message } }
}`;
export const CREATE_THREAD = `mutation($input: CreateRelationshipInput!) {
  createRelationship(input: $input) { __typename ... on Error { message } }
}`;
export const FLAG = `mutation($input: FlagJobChangeInput!) {
  flagJobChange(input: $input) { __typename ... on FlagPayload { flag { id } } ... on Error { message } }
}`;
export const CONFIRM = `mutation($input: ConfirmJobChangeInput!) {
  confirmJobChange(input: $input) { __typename ... on Error { message } }
}`;
export const REJECT = `mutation($id: ID!) { rejectJobChange(id: $id) { __typename ... on Error { message } } }`;
export const SIGNAL = `mutation($input: RecordAccountSignalInput!) {
  recordAccountSignal(input: $input) { __typename ... on Error { message } }
}`;
export interface WeekOfChanges {
  accountId: string;
  danaId: string;
  eliId: string;
  since: Date;
  until: Date;
}

/** Acme Corp (strategic, USD 400,000, owned by the CSM): its champion leaves, a false alarm is rejected, usage drops. */
export async function buildWeekOfChanges(api: TestApi, org: TestOrganization, slug: string): Promise<WeekOfChanges> {
  const call = <T>(token: string, query: string, variables: Record<string, unknown>, field: string) =>
    callApi<T>(api, token, query, variables, field);
  const since = new Date(Date.now() - 1_000);
  const { account } = await call<{ account: { id: string } }>(
    org.manager.token,
    CREATE_ACCOUNT,
    {
      input: {
        name: 'Acme Corp',
        tier: 'STRATEGIC',
        arrMinor: 40_000_000,
        ownerId: Buffer.from(`Member:${org.csm.id}`).toString('base64url'),
        companyUrl: `https://www.linkedin.com/company/${slug}/`,
        renewalDate: new Date(Date.now() + 200 * DAY).toISOString().slice(0, 10),
      },
    },
    'createAccount',
  );
  const person = async (fullName: string, roles: string[], main: boolean) =>
    (
      await call<{ stakeholder: { id: string } }>(
        org.csm.token,
        CREATE_STAKEHOLDER,
        {
          input: {
            accountId: account.id,
            fullName,
            buyingRoles: roles,
            isMainContact: main,
            profileUrl: `https://www.linkedin.com/in/${slug}-${fullName.split(' ')[0]!.toLowerCase()}/`,
          },
        },
        'createStakeholder',
      )
    ).stakeholder.id;
  const dana = await person('Dana Ruiz', ['CHAMPION'], true);
  const eli = await person('Eli Brandt', ['ECONOMIC_BUYER'], false);
  for (const stakeholderId of [dana, eli]) {
    await call(
      org.csm.token,
      CREATE_THREAD,
      {
        input: {
          memberId: Buffer.from(`Member:${org.csm.id}`).toString('base64url'),
          stakeholderId,
          strength: 'STRONG',
          lastTouchAt: new Date(Date.now() - 3 * DAY).toISOString(),
        },
      },
      'createRelationship',
    );
  }
  const flag = async (stakeholderId: string, kind: string) =>
    (
      await call<{ flag: { id: string } }>(
        org.rep.token,
        FLAG,
        {
          input: {
            idempotencyKey: randomUUID(),
            stakeholderId,
            kind,
            observedAt: new Date().toISOString(),
            observedCompany: 'Globex',
          },
        },
        'flagJobChange',
      )
    ).flag.id;
  const left = await flag(dana, 'LEFT_COMPANY');
  await call(org.manager.token, CONFIRM, { input: { id: left } }, 'confirmJobChange');
  const rumour = await flag(eli, 'LEAVING_SOON');
  await call(org.manager.token, REJECT, { id: rumour }, 'rejectJobChange');
  await call(
    org.csm.token,
    SIGNAL,
    { input: { accountId: account.id, kind: 'PRODUCT_USAGE', value: -0.4, observedAt: new Date().toISOString() } },
    'recordAccountSignal',
  );
  return { accountId: account.id, danaId: dana, eliId: eli, since, until: new Date(Date.now() + 1_000) };
}

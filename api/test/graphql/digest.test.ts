// The weekly digest end to end: a week of changes made through the API only, read back word for
// word as each owner's and the organization-wide digest; the digest schedule in the settings; the
// scheduled WEEKLY_DIGEST webhook events, sent once per owner and week across concurrent runs.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, startTestApi, type TestApi, type TestOrganization } from '../../../test/support/api.ts';
import { awaitRun } from '../../../test/support/runs.ts';
import {
  buildWeekOfChanges,
  CREATE_ACCOUNT,
  callApi,
  FLAG,
  type WeekOfChanges,
} from '../../../test/support/week-of-changes.ts';
import { weekAt, zonedInstant } from '../../src/domain/digest.ts';
import { sendDueDigests } from '../../src/services/digest.ts';

let api: TestApi;
let org: TestOrganization;
let other: TestOrganization;
const slug = `digest-${randomUUID().slice(0, 8)}`;
const DAY = 86_400_000;
const memberId = (id: string) => Buffer.from(`Member:${id}`).toString('base64url');

const DIGEST = `query($ownerId: ID, $weekOf: Date) {
  digest(ownerId: $ownerId, weekOf: $weekOf) {
    owner { name } weekStart weekEnd timeZone currency text
    headline { accountsChanged bandsRose bandsFell casesOpened casesClosed flagsRaised threadsLost arrTurnedAmberOrRedMinor }
    accounts { name bandFrom bandTo sentence }
  }
}`;
const SETTINGS = `mutation($input: UpdateOrganizationSettingsInput!) {
  updateOrganizationSettings(input: $input) {
    __typename
    ... on UpdateOrganizationSettingsPayload { settings { digestSchedule { dayOfWeek hour timeZone } } }
    ... on ValidationError { issues { path message } }
  }
}`;
const CREATE_ENDPOINT = `mutation($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) {
    __typename
    ... on CreateWebhookEndpointPayload { endpoint { id owner { name } } }
    ... on ValidationError { issues { path message } }
  }
}`;
const DELIVERIES = `query($id: ID!) {
  node(id: $id) { ... on WebhookEndpoint { deliveries(first: 50) { totalCount nodes { eventName payload } } } }
}`;

const ACME_LINE =
  '- Acme Corp (USD 400,000): yellow → red, score 40 → 78; gained departed role holder, open case; 1 case opened; 2 flags raised; 1 flag confirmed.';

let monday: string;
let sunday: string;
let today: string;
let built: WeekOfChanges;

beforeAll(async () => {
  api = await startTestApi({ webhookAllowPrivateAddresses: true });
  org = await createOrganization(api.prisma, slug);
  other = await createOrganization(api.prisma, `${slug}-other`);
  built = await buildWeekOfChanges(api, org, `acme-${randomUUID().slice(0, 6)}`);
  const week = weekAt(new Date(), 'UTC');
  monday = week.firstDay;
  sunday = week.lastDay;
  today = new Date().toISOString().slice(0, 10);
});
afterAll(() => api?.close());

const digestOf = (ownerId: string | null, weekOf: string | null = today) =>
  callApi<{
    owner: { name: string } | null;
    weekStart: string;
    weekEnd: string;
    text: string;
    headline: Record<string, number>;
    accounts: Array<{ name: string; bandFrom: string; bandTo: string; sentence: string }>;
  }>(api, org.manager.token, DIGEST, { ownerId: ownerId && memberId(ownerId), weekOf }, 'digest');

describe('digest(ownerId, weekOf)', () => {
  it('reads an owner’s week back word for word', async () => {
    const digest = await digestOf(org.csm.id);
    expect(digest.owner).toEqual({ name: `CSM of ${slug}` });
    expect([digest.weekStart, digest.weekEnd]).toEqual([
      `${monday}T00:00:00.000Z`,
      new Date(Date.parse(`${monday}T00:00:00Z`) + 7 * DAY).toISOString(),
    ]);
    expect(digest.headline).toEqual({
      accountsChanged: 1,
      bandsRose: 1,
      bandsFell: 0,
      casesOpened: 1,
      casesClosed: 0,
      flagsRaised: 2,
      threadsLost: 0,
      arrTurnedAmberOrRedMinor: 40_000_000,
    });
    expect(digest.accounts).toEqual([
      { name: 'Acme Corp', bandFrom: 'YELLOW', bandTo: 'RED', sentence: ACME_LINE.slice(2) },
    ]);
    expect(digest.text).toBe(
      [
        `Weekly digest for CSM of ${slug}'s accounts, ${monday} to ${sunday} (UTC)`,
        '',
        '1 account changed: risk rose at 1, fell at 0.',
        'Cases opened 1, closed 0; flags raised 2; threads lost 0.',
        'ARR that went amber or red: USD 400,000.',
        '',
        ACME_LINE,
      ].join('\n'),
    );
  });

  it('gives the organization-wide digest without an owner, and an empty one to an owner of nothing', async () => {
    const everyone = await digestOf(null);
    expect(everyone.owner).toBeNull();
    expect(everyone.text.split('\n')).toEqual([
      `Weekly digest for all accounts of Org ${slug}, ${monday} to ${sunday} (UTC)`,
      '',
      '1 account changed: risk rose at 1, fell at 0.',
      'Cases opened 1, closed 0; flags raised 2; threads lost 0.',
      'ARR that went amber or red: USD 400,000.',
      '',
      ACME_LINE,
    ]);
    const rep = await digestOf(org.rep.id);
    expect(rep.text.split('\n').slice(2)).toEqual([
      '0 accounts changed: risk rose at 0, fell at 0.',
      'Cases opened 0, closed 0; flags raised 0; threads lost 0.',
      'ARR that went amber or red: USD 0.',
      '',
      'No changes this week.',
    ]);
    const lastMonth = await digestOf(org.csm.id, new Date(Date.now() - 30 * DAY).toISOString().slice(0, 10));
    expect(lastMonth.headline.accountsChanged).toBe(0);
  });

  it('refuses another organization’s member and a malformed week with typed errors', async () => {
    const foreign = await api.gql(org.manager.token, DIGEST, { ownerId: memberId(other.csm.id), weekOf: today });
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    for (const weekOf of ['2026-02-30', '2026-12-01T00:00:00Z', '\'; DROP TABLE "Event"; --', '']) {
      const response = await api.gql(org.manager.token, DIGEST, { weekOf });
      // A variable that is not a calendar date is refused before the query runs.
      expect(response.errors?.[0]?.extensions?.code, weekOf).toBe('BAD_USER_INPUT');
      expect(response.data ?? null).toBeNull();
    }
    const theirs = await callApi<{ text: string }>(api, other.manager.token, DIGEST, { weekOf: today }, 'digest');
    expect(theirs.text).toContain('No changes this week.');
  });
});

describe('a week a settings change re-scored', () => {
  it('counts the rises a settings change made apart from those of changes to the accounts', async () => {
    const settingsOrg = await createOrganization(api.prisma, `${slug}-settings`);
    for (const name of ['Umbrella', 'Vandelay']) {
      await callApi(api, settingsOrg.manager.token, CREATE_ACCOUNT, { input: { name } }, 'createAccount');
    }
    const changed = await callApi<{ recompute: { id: string } }>(
      api,
      settingsOrg.admin.token,
      `mutation($input: UpdateOrganizationSettingsInput!) {
        updateOrganizationSettings(input: $input) { __typename ... on UpdateOrganizationSettingsPayload { recompute { id } } }
      }`,
      { input: { riskWeights: [{ factor: 'coverageGap', maxPoints: 60 }] } },
      'updateOrganizationSettings',
    );
    await awaitRun(api, settingsOrg.admin.token, changed.recompute.id, '... on HealthRecomputeRun { status }');
    const digest = await callApi<{ text: string; headline: Record<string, number> }>(
      api,
      settingsOrg.manager.token,
      `query($weekOf: Date) {
        digest(weekOf: $weekOf) { text headline { accountsChanged bandsRose bandsFell bandsRoseBySettings bandsFellBySettings } }
      }`,
      { weekOf: today },
      'digest',
    );
    expect(digest.headline).toEqual({
      accountsChanged: 2,
      bandsRose: 2,
      bandsFell: 0,
      bandsRoseBySettings: 2,
      bandsFellBySettings: 0,
    });
    expect(digest.text.split('\n')[2]).toBe(
      '2 accounts changed: risk rose at 2, fell at 0; a change of settings or risk rules alone raised it at 2 and lowered it at 0.',
    );
    // Same ARR, same importance: in either order.
    expect(digest.text.split('\n').slice(6).sort()).toEqual(
      ['Umbrella', 'Vandelay'].map(
        (name) =>
          `- ${name} (USD 0): yellow → red, score 40 → 80; risk raised 2 bands by a change of settings or risk rules.`,
      ),
    );
  });
});

describe('the digest schedule', () => {
  it('is validated like the other settings and changes nothing when refused', async () => {
    for (const [digestSchedule, path] of [
      [{ timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
      [{ timeZone: '<script>alert(1)</script>' }, 'timeZone'],
      [{ hour: 24 }, 'hour'],
      [{ hour: -1 }, 'hour'],
    ] as const) {
      const refused = await api.gql<{ updateOrganizationSettings: { __typename: string; issues: unknown[] } }>(
        org.admin.token,
        SETTINGS,
        { input: { digestSchedule } },
      );
      expect(refused.data?.updateOrganizationSettings).toEqual({
        __typename: 'ValidationError',
        issues: [{ path: ['input', 'digestSchedule', path], message: expect.any(String) }],
      });
    }
    const stored = await api.prisma.organization.findUniqueOrThrow({
      where: { id: org.id },
      select: { settings: true },
    });
    expect(stored.settings).toEqual({});
  });

  it('sends each owner’s and the organization-wide digest once when due, across two concurrent runs', async () => {
    const saved = await callApi<{ settings: { digestSchedule: unknown } }>(
      api,
      org.admin.token,
      SETTINGS,
      { input: { digestSchedule: { dayOfWeek: 'FRIDAY', hour: 16, timeZone: 'Europe/Berlin' } } },
      'updateOrganizationSettings',
    );
    expect(saved.settings.digestSchedule).toEqual({ dayOfWeek: 'FRIDAY', hour: 16, timeZone: 'Europe/Berlin' });
    const endpoints: string[] = [];
    for (const format of ['GENERIC', 'SLACK']) {
      const created = await callApi<{ endpoint: { id: string } }>(
        api,
        org.manager.token,
        CREATE_ENDPOINT,
        { input: { url: `https://hooks.example.com/${format}`, events: ['WEEKLY_DIGEST'], format } },
        'createWebhookEndpoint',
      );
      endpoints.push(created.endpoint.id);
    }

    // Next week on Berlin's clock: before Friday 16:00 nothing is due, from then on this week is.
    const thisWeek = weekAt(new Date(), 'Europe/Berlin');
    const [y, m, d] = thisWeek.firstDay.split('-').map(Number) as [number, number, number];
    const nextFriday16 = zonedInstant(y, m, d + 11, 16, 'Europe/Berlin');
    expect(await sendDueDigests(api.prisma, new Date(nextFriday16.getTime() - 60_000))).toBe(0);

    const runs = await Promise.all([
      sendDueDigests(api.prisma, nextFriday16),
      sendDueDigests(api.prisma, nextFriday16),
    ]);
    expect(runs[0]! + runs[1]!).toBe(2);
    expect(await sendDueDigests(api.prisma, new Date(nextFriday16.getTime() + DAY))).toBe(0);
    expect(
      await api.prisma.event.count({
        where: { organizationId: org.id, kind: 'NOTIFICATION', notificationType: 'WEEKLY_DIGEST' },
      }),
    ).toBe(2);

    const bodies = [] as Array<{ totalCount: number; nodes: Array<{ eventName: string; payload: string }> }>;
    for (const id of endpoints) {
      const response = await api.gql<{
        node: { deliveries: { totalCount: number; nodes: Array<{ eventName: string; payload: string }> } };
      }>(org.manager.token, DELIVERIES, { id });
      expect(response.errors).toBeUndefined();
      bodies.push(response.data!.node.deliveries);
    }
    for (const deliveries of bodies) {
      expect(deliveries.totalCount).toBe(2);
      expect(deliveries.nodes.map((node) => node.eventName)).toEqual(['digest.weekly', 'digest.weekly']);
    }
    const payloads = bodies[0]!.nodes.map((node) => JSON.parse(node.payload));
    const owners = payloads.map((payload) => payload.owner?.name ?? null).sort();
    expect(owners).toEqual([`CSM of ${slug}`, null].sort());
    const csm = payloads.find((payload) => payload.owner)!;
    expect(csm.week).toMatchObject({
      firstDay: thisWeek.firstDay,
      lastDay: thisWeek.lastDay,
      timeZone: 'Europe/Berlin',
    });
    expect(csm.currency).toBe('USD');
    expect(csm.headline).toMatchObject({ accountsChanged: 1, bandsRose: 1, arrTurnedAmberOrRedMinor: 40_000_000 });
    expect(csm.accounts).toEqual([
      expect.objectContaining({
        arrMinor: 40_000_000,
        bandFrom: 'YELLOW',
        bandTo: 'RED',
        sentence: ACME_LINE.slice(2),
      }),
    ]);
    expect(csm.text.split('\n')[0]).toBe(
      `Weekly digest for CSM of ${slug}'s accounts, ${thisWeek.firstDay} to ${thisWeek.lastDay} (Europe/Berlin)`,
    );
    expect(csm.text.split('\n').at(-1)).toBe(ACME_LINE);
  });

  it('lets an endpoint scoped to an owner receive only that owner’s alerts and digest', async () => {
    const hook = async (ownerId: string) =>
      (
        await callApi<{ endpoint: { id: string; owner: { name: string } } }>(
          api,
          org.manager.token,
          CREATE_ENDPOINT,
          {
            input: {
              url: `https://hooks.example.com/${ownerId}`,
              events: ['WEEKLY_DIGEST', 'FLAG_CREATED'],
              ownerId: memberId(ownerId),
            },
          },
          'createWebhookEndpoint',
        )
      ).endpoint;
    const csmHook = await hook(org.csm.id);
    const repHook = await hook(org.rep.id);
    expect(csmHook.owner).toEqual({ name: `CSM of ${slug}` });

    const foreign = await api.gql<{ createWebhookEndpoint: unknown }>(org.manager.token, CREATE_ENDPOINT, {
      input: { url: 'https://hooks.example.com/x', events: ['FLAG_CREATED'], ownerId: memberId(other.csm.id) },
    });
    expect(foreign.data?.createWebhookEndpoint).toEqual({
      __typename: 'ValidationError',
      issues: [{ path: ['input', 'ownerId'], message: expect.any(String) }],
    });

    // A flag on the CSM's account, then the digests of the week after next.
    await callApi(
      api,
      org.rep.token,
      FLAG,
      {
        input: {
          idempotencyKey: randomUUID(),
          stakeholderId: built.eliId,
          kind: 'LEFT_COMPANY',
          observedAt: new Date().toISOString(),
          observedCompany: 'Initech',
        },
      },
      'flagJobChange',
    );
    const thisWeek = weekAt(new Date(), 'Europe/Berlin');
    const [y, m, d] = thisWeek.firstDay.split('-').map(Number) as [number, number, number];
    expect(await sendDueDigests(api.prisma, zonedInstant(y, m, d + 18, 16, 'Europe/Berlin'))).toBe(2);

    const received = async (id: string) => {
      const response = await api.gql<{
        node: { deliveries: { nodes: Array<{ eventName: string; payload: string }> } };
      }>(org.manager.token, DELIVERIES, { id });
      expect(response.errors).toBeUndefined();
      return response
        .data!.node.deliveries.nodes.map(
          (node) =>
            `${node.eventName}: ${JSON.parse(node.payload).owner?.name ?? JSON.parse(node.payload).account.name}`,
        )
        .sort();
    };
    expect(await received(csmHook.id)).toEqual([`digest.weekly: CSM of ${slug}`, 'flag.created: Acme Corp']);
    expect(await received(repHook.id)).toEqual([]);
  });
});

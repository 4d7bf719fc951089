// Who the event log says made a change: a consequence (a risk move, a departure case) is the doing of
// the member or import whose write set it off; the system only when time alone passed (the health
// refresher) or a release brought new risk rules. Read back through the change feed, as users see it.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, startTestApi, type TestApi, type TestOrganization } from '../../../test/support/api.ts';
import { awaitRun } from '../../../test/support/runs.ts';
import { buildWeekOfChanges, CREATE_THREAD, callApi } from '../../../test/support/week-of-changes.ts';
import { refreshOrganizationHealth } from '../../src/services/health.ts';
import { refreshStaleHealth } from '../../src/workers/health-refresher.ts';

let api: TestApi;
const DAY = 86_400_000;
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api?.close());

const FEED = `query($since: DateTime!, $until: DateTime!, $filter: ChangeFilter) {
  changes(since: $since, until: $until, filter: $filter, first: 200) {
    nodes { kind actorKind actor { name } sentence account { name } }
  }
}`;

interface ChangeRow {
  kind: string;
  actorKind: string;
  actor: { name: string } | null;
  sentence: string;
}

/** The consequences in the feed, oldest first: kind, who, and the account. */
async function consequences(org: TestOrganization, since: Date, until = new Date(Date.now() + 60 * DAY)) {
  const feed = await callApi<{ nodes: Array<ChangeRow & { account: { name: string } | null }> }>(
    api,
    org.manager.token,
    FEED,
    {
      since: since.toISOString(),
      until: until.toISOString(),
      filter: { kinds: ['RISK_MOVED', 'CASE_OPENED'] },
    },
    'changes',
  );
  return feed.nodes
    .map((change) => `${change.kind} ${change.actorKind}${change.actor ? ` ${change.actor.name}` : ''}`)
    .reverse();
}

/** The risk moves' sentences in the feed, oldest first. */
async function riskSentences(org: TestOrganization, since: Date, until = new Date(Date.now() + 60 * DAY)) {
  const feed = await callApi<{ nodes: ChangeRow[] }>(
    api,
    org.manager.token,
    FEED,
    { since: since.toISOString(), until: until.toISOString(), filter: { kinds: ['RISK_MOVED'] } },
    'changes',
  );
  return feed.nodes.map((change) => change.sentence).reverse();
}

describe('actors of consequences', () => {
  it('a week of member writes: each risk move and the opened case carry the member who caused them', async () => {
    const slug = `actors-${randomUUID().slice(0, 8)}`;
    const org = await createOrganization(api.prisma, slug);
    const week = await buildWeekOfChanges(api, org, `acme-${randomUUID().slice(0, 6)}`);
    expect(await consequences(org, week.since, week.until)).toEqual([
      // The CSM's threads move the risk.
      `RISK_MOVED MEMBER CSM of ${slug}`,
      `RISK_MOVED MEMBER CSM of ${slug}`,
      // The rep's "left company" flag, before review: an unconfirmed departure moves the risk.
      `RISK_MOVED MEMBER REP of ${slug}`,
      // The manager's confirmation opens the case and moves the risk.
      `CASE_OPENED MEMBER MANAGER of ${slug}`,
      `RISK_MOVED MEMBER MANAGER of ${slug}`,
      // The rep's "leaving soon" flag, then the manager's rejection of it.
      `RISK_MOVED MEMBER REP of ${slug}`,
      `RISK_MOVED MEMBER MANAGER of ${slug}`,
    ]);
  });

  it('an import moves the risk as IMPORT (by the member who ran it); a settings change as its member', async () => {
    const slug = `actors-bulk-${randomUUID().slice(0, 8)}`;
    const org = await createOrganization(api.prisma, slug);
    const since = new Date();
    const file = (type: string) =>
      `Account ID,Account Name,Tier,Type\n${Array.from({ length: 3 }, (_, i) => `a-${i},Imported ${i},Standard,${type}`).join('\n')}\n`;
    const IMPORT = `mutation($input: ImportCsvInput!) { importCsv(input: $input) { __typename ... on ImportRun { id } } }`;
    for (const type of ['Customer', 'Churned']) {
      const started = await callApi<{ id: string }>(
        api,
        org.admin.token,
        IMPORT,
        { input: { kind: 'ACCOUNTS', content: file(type), fileName: `${type}.csv` } },
        'importCsv',
      );
      await awaitRun(api, org.admin.token, started.id, '... on ImportRun { status }');
    }
    expect(await consequences(org, since)).toEqual(Array(3).fill(`RISK_MOVED IMPORT ADMIN of ${slug}`));
    // Each move says which import made it.
    expect((await riskSentences(org, since)).sort()).toEqual(
      Array.from(
        { length: 3 },
        (_, i) =>
          `Imported ${i}: risk yellow → green, score 40 → 0, after the import of Churned.csv by ADMIN of ${slug}.`,
      ),
    );

    // Back to customers by hand, then a settings change moves every account: the admin's doing.
    await api.prisma.account.updateMany({ where: { organizationId: org.id }, data: { lifecycle: 'CUSTOMER' } });
    await refreshOrganizationHealth(api.prisma, org.id);
    const settingsAt = new Date();
    const changed = await callApi<{ recompute: { id: string } }>(
      api,
      org.admin.token,
      `mutation($input: UpdateOrganizationSettingsInput!) {
        updateOrganizationSettings(input: $input) { __typename ... on UpdateOrganizationSettingsPayload { recompute { id } } }
      }`,
      { input: { riskWeights: [{ factor: 'coverageGap', maxPoints: 60 }] } },
      'updateOrganizationSettings',
    );
    await awaitRun(api, org.admin.token, changed.recompute.id, '... on HealthRecomputeRun { status }');
    expect(await consequences(org, settingsAt)).toEqual(Array(3).fill(`RISK_MOVED MEMBER ADMIN of ${slug}`));
    // A settings change's moves say so: the risk did not move through anything done to the accounts.
    for (const sentence of await riskSentences(org, settingsAt)) {
      expect(sentence).toMatch(/^Imported \d: risk .*, score \d+ → \d+/);
      expect(sentence.endsWith(`, after ADMIN of ${slug} changed the settings (risk weights).`)).toBe(true);
    }
  });

  it('time alone moves the risk as the system; a handover opens its cases as the member who did it', async () => {
    const slug = `actors-time-${randomUUID().slice(0, 8)}`;
    const org = await createOrganization(api.prisma, slug);
    const start = Date.now();
    const account = await api.prisma.account.create({
      data: { organizationId: org.id, name: 'Beta Ltd', tier: 'STANDARD', ownerId: org.rep.id },
    });
    const person = await api.prisma.stakeholder.create({
      data: { organizationId: org.id, accountId: account.id, fullName: 'Fay Lund', buyingRoles: ['CHAMPION'] },
    });
    // The rep's thread, touched 85 days ago: live now, stale in ten days.
    await callApi(
      api,
      org.rep.token,
      CREATE_THREAD,
      {
        input: {
          memberId: gid('Member', org.rep.id),
          stakeholderId: gid('Stakeholder', person.id),
          strength: 'STRONG',
          lastTouchAt: new Date(start - 85 * DAY).toISOString(),
        },
      },
      'createRelationship',
    );
    await refreshStaleHealth(api.prisma, new Date(start + 10 * DAY));
    const drift = await consequences(org, new Date(start - DAY));
    expect(drift.at(-1)).toBe('RISK_MOVED SYSTEM');
    expect(drift.slice(0, -1).every((line) => line === `RISK_MOVED MEMBER REP of ${slug}`)).toBe(true);

    // Refresh the thread so the handover is what moves the risk.
    await api.prisma.relationship.updateMany({ where: { organizationId: org.id }, data: { lastTouchAt: new Date() } });
    await refreshOrganizationHealth(api.prisma, org.id);
    const handoverAt = new Date();
    await callApi(
      api,
      org.admin.token,
      `mutation($input: HandOverAccountsInput!) { handOverAccounts(input: $input) { __typename } }`,
      { input: { fromMemberId: gid('Member', org.rep.id), toMemberId: gid('Member', org.csm.id), deactivate: true } },
      'handOverAccounts',
    );
    // (The drift above was dated ten days ahead: read up to now.)
    expect(await consequences(org, handoverAt, new Date(Date.now() + 1000))).toEqual([
      `CASE_OPENED MEMBER ADMIN of ${slug}`,
      `RISK_MOVED MEMBER ADMIN of ${slug}`,
    ]);
    const [handedOver] = await riskSentences(org, handoverAt, new Date(Date.now() + 1000));
    expect(handedOver).toMatch(
      new RegExp(
        `^Beta Ltd: risk .*, after the handover from REP of ${slug} to CSM of ${slug} by ADMIN of ${slug}\\.$`,
      ),
    );
  });
});

// The event log end to end: a week of changes made through the API only, read back word for word
// from the change feed and the per-account summary; risk history; erasure; date ranges; tenancy.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrganization,
  createToken,
  startTestApi,
  type TestApi,
  type TestOrganization,
} from '../../../test/support/api.ts';
import {
  buildWeekOfChanges,
  CREATE_ACCOUNT,
  CREATE_STAKEHOLDER,
  CREATE_THREAD,
  callApi,
  type WeekOfChanges,
} from '../../../test/support/week-of-changes.ts';
import { timeOfId } from '../../src/domain/time-ordered-id.ts';
import { WEBHOOK_EVENT_TYPES } from '../../src/domain/webhook-payloads.ts';
import { recordChanges, recordRiskMove } from '../../src/services/events.ts';
import { refreshStaleHealth } from '../../src/workers/health-refresher.ts';

let api: TestApi;
let org: TestOrganization;
let other: TestOrganization;
const DAY = 86_400_000;
const slug = `changes-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  api = await startTestApi();
  org = await createOrganization(api.prisma, slug);
  other = await createOrganization(api.prisma, `changes-other-${randomUUID().slice(0, 8)}`);
});
afterAll(() => api?.close());

const call = <T>(token: string, query: string, variables: Record<string, unknown>, field: string) =>
  callApi<T>(api, token, query, variables, field);
const buildWeek = (slug: string) => buildWeekOfChanges(api, org, slug);

const ERASE = `mutation($id: ID!) { eraseStakeholder(id: $id) { __typename ... on Error { message } } }`;

const FEED = `query($since: DateTime!, $until: DateTime!, $filter: ChangeFilter, $order: ChangeOrder, $first: Int, $after: String) {
  changes(since: $since, until: $until, filter: $filter, order: $order, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { kind actorKind sentence details account { name } }
  }
}`;
const MEETING = `query($since: DateTime!, $until: DateTime!, $filter: ChangeFilter) {
  accountChanges(since: $since, until: $until, filter: $filter, first: 50) {
    nodes {
      name arrMinor currency bandFrom bandTo scoreFrom scoreTo factorsGained factorsLost
      casesOpened casesClosed flagsRaised flagsConfirmed threadsLost sentence
    }
  }
}`;
const HISTORY = `query($id: ID!, $from: DateTime, $to: DateTime) {
  account(id: $id) { riskHistory(from: $from, to: $to) { score band zone cause factors { key points } } }
}`;

let week: WeekOfChanges;

describe('the event log', () => {
  beforeAll(async () => {
    // An endpoint subscribed to every webhook event: the week's writes also log the notifications
    // they issue, which no feed, summary, timeline or audit trail below may show.
    await call(
      org.manager.token,
      'mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { __typename } }',
      { input: { url: 'https://hooks.example.com/changes', events: [...WEBHOOK_EVENT_TYPES] } },
      'createWebhookEndpoint',
    );
    week = await buildWeek(`acme-${randomUUID().slice(0, 6)}`);
  });

  it('reads a week of API writes back, word for word, newest first', async () => {
    const feed = await call<{
      totalCount: number;
      nodes: Array<{ kind: string; actorKind: string; sentence: string }>;
    }>(
      org.manager.token,
      FEED,
      { since: week.since.toISOString(), until: week.until.toISOString(), first: 50 },
      'changes',
    );
    expect(feed.nodes.map((change) => change.sentence).reverse()).toEqual(EXPECTED_FEED);
    expect(feed.totalCount).toBe(EXPECTED_FEED.length);
  });

  it('sums the week up per account for the meeting, with its ARR', async () => {
    const meeting = await call<{ nodes: Array<Record<string, unknown>> }>(
      org.manager.token,
      MEETING,
      { since: week.since.toISOString(), until: week.until.toISOString() },
      'accountChanges',
    );
    expect(meeting.nodes).toEqual([EXPECTED_MEETING]);
  });

  it('puts the most important first and pages without gaps or repeats', async () => {
    const range = { since: week.since.toISOString(), until: week.until.toISOString() };
    const ranked = await call<{ nodes: Array<{ kind: string }> }>(
      org.manager.token,
      FEED,
      { ...range, order: 'IMPORTANCE', first: 3 },
      'changes',
    );
    expect(ranked.nodes.map((change) => change.kind)).toEqual(['RISK_MOVED', 'CASE_OPENED', 'STAKEHOLDER_DEPARTED']);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const result: { nodes: Array<{ sentence: string }>; pageInfo: { hasNextPage: boolean; endCursor: string } } =
        await call(org.manager.token, FEED, { ...range, first: 5, after }, 'changes');
      seen.push(...result.nodes.map((change) => change.sentence));
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    expect(seen.reverse()).toEqual(EXPECTED_FEED);
  });

  it('filters by kind, owner, tier and account', async () => {
    const range = { since: week.since.toISOString(), until: week.until.toISOString() };
    const count = async (filter: Record<string, unknown>) =>
      (await call<{ totalCount: number }>(org.manager.token, FEED, { ...range, filter }, 'changes')).totalCount;
    const memberId = (id: string) => Buffer.from(`Member:${id}`).toString('base64url');
    expect(await count({ kinds: ['RISK_MOVED'] })).toBe(6);
    expect(await count({ kinds: ['FLAG_RAISED', 'FLAG_REJECTED'] })).toBe(3);
    expect(await count({ owners: [memberId(org.csm.id)] })).toBe(EXPECTED_FEED.length);
    expect(await count({ owners: [memberId(org.manager.id)] })).toBe(0);
    expect(await count({ tiers: ['STRATEGIC'] })).toBe(EXPECTED_FEED.length);
    expect(await count({ tiers: ['KEY', 'STANDARD'] })).toBe(0);
    expect(await count({ accounts: [week.accountId] })).toBe(EXPECTED_FEED.length);
  });

  it('keeps a risk history point per change of score, band or zone', async () => {
    const response = await api.gql<{
      account: { riskHistory: Array<{ score: number; band: string; zone: string | null; cause: string }> };
    }>(org.manager.token, HISTORY, { id: week.accountId });
    expect(response.errors).toBeUndefined();
    const history = response.data!.account.riskHistory;
    expect(history.map((point) => [point.score, point.band, point.zone, point.cause])).toEqual([
      [40, 'YELLOW', null, 'CHANGE'],
      [33, 'YELLOW', null, 'CHANGE'],
      [15, 'GREEN', null, 'CHANGE'],
      [19, 'GREEN', null, 'CHANGE'],
      [78, 'RED', 'RED_ZONE', 'CHANGE'],
      [86, 'RED', 'RED_ZONE', 'CHANGE'],
      [78, 'RED', 'RED_ZONE', 'CHANGE'],
    ]);
    const empty = await api.gql<{ account: { riskHistory: unknown[] } }>(org.manager.token, HISTORY, {
      id: week.accountId,
      from: new Date(Date.now() - 30 * DAY).toISOString(),
      to: new Date(Date.now() - 20 * DAY).toISOString(),
    });
    expect(empty.data?.account.riskHistory).toEqual([]);
  });

  it.each([
    ['starts after it ends', 0, -DAY, 'since'],
    ['spans more than 366 days', -367 * DAY, 0, 'until'],
  ])('refuses a range that %s with a typed error', async (_what, sinceOffset, untilOffset, field) => {
    const now = Date.now();
    const variables = {
      since: new Date(now + sinceOffset).toISOString(),
      until: new Date(now + untilOffset).toISOString(),
    };
    for (const query of [FEED, MEETING]) {
      const response = await api.gql(org.manager.token, query, variables);
      expect(response.errors?.[0]?.extensions?.code).toBe('VALIDATION');
      expect(response.errors?.[0]?.extensions?.issues).toEqual([{ path: [field], message: expect.any(String) }]);
    }
    const history = await api.gql(org.manager.token, HISTORY, {
      id: week.accountId,
      from: variables.since,
      to: variables.until,
    });
    expect(history.errors?.[0]?.extensions?.code).toBe('VALIDATION');
  });

  // The bound left out defaults (to now, or a year before to): the error names the one that was sent.
  it.each([
    ['from alone, more than a year back', { from: '2024-01-01T00:00:00Z' }, 'from'],
    ['from alone, in the future', { from: '2099-01-01T00:00:00Z' }, 'from'],
  ])('refuses a risk history range given by %s, naming that bound', async (_what, range, field) => {
    const history = await api.gql(org.manager.token, HISTORY, { id: week.accountId, ...range });
    expect(history.errors?.[0]?.extensions?.issues).toEqual([{ path: [field], message: expect.any(String) }]);
  });

  it('filters flags, cases and stakeholders by date, and refuses bad ranges with a typed error', async () => {
    const thisWeek = { from: week.since.toISOString(), to: week.until.toISOString() };
    const lastMonth = {
      from: new Date(Date.now() - 40 * DAY).toISOString(),
      to: new Date(Date.now() - 30 * DAY).toISOString(),
    };
    const count = async (query: string, variables: Record<string, unknown>) => {
      const response = await api.gql<Record<string, { totalCount: number }>>(org.manager.token, query, variables);
      expect(response.errors).toBeUndefined();
      return Object.values(response.data!)[0]!.totalCount;
    };
    const FLAGS = `query($observed: DateRange, $created: DateRange, $status: FlagStatus) {
      jobChangeFlags(observed: $observed, created: $created, status: $status) { totalCount }
    }`;
    const CASES = `query($filter: DepartureCaseFilter) { departureCases(filter: $filter) { totalCount } }`;
    const PEOPLE = `query($filter: StakeholderFilter) { stakeholders(filter: $filter) { totalCount } }`;
    expect(await count(FLAGS, { observed: thisWeek })).toBe(2);
    expect(await count(FLAGS, { observed: thisWeek, status: 'CONFIRMED' })).toBe(1);
    expect(await count(FLAGS, { created: thisWeek, status: 'REJECTED' })).toBe(1);
    expect(await count(FLAGS, { observed: lastMonth })).toBe(0);
    expect(await count(FLAGS, { observed: { to: lastMonth.to } })).toBe(0);
    expect(await count(CASES, { filter: { opened: thisWeek } })).toBe(1);
    expect(await count(CASES, { filter: { opened: lastMonth } })).toBe(0);
    expect(await count(CASES, { filter: { closed: thisWeek } })).toBe(0);
    const account = week.accountId;
    expect(await count(PEOPLE, { filter: { accountId: account, updatedSince: thisWeek.from } })).toBe(2);
    expect(await count(PEOPLE, { filter: { accountId: account, updatedSince: thisWeek.to } })).toBe(0);
    expect(
      await count(PEOPLE, { filter: { accountId: account, statuses: ['DEPARTED'], updatedSince: thisWeek.from } }),
    ).toBe(1);

    const refused = async (query: string, variables: Record<string, unknown>, path: string[]) => {
      const response = await api.gql(org.manager.token, query, variables);
      expect(response.errors?.[0]?.extensions).toEqual({
        code: 'VALIDATION',
        issues: [{ path, message: expect.any(String) }],
      });
    };
    await refused(FLAGS, { observed: { from: thisWeek.to, to: thisWeek.from } }, ['observed', 'from']);
    await refused(FLAGS, { created: { from: '2024-01-01T00:00:00Z', to: '2025-06-01T00:00:00Z' } }, ['created', 'to']);
    await refused(CASES, { filter: { closed: { from: thisWeek.to, to: thisWeek.from } } }, [
      'filter',
      'closed',
      'from',
    ]);
    await refused(CASES, { filter: { opened: { from: '2024-01-01T00:00:00Z', to: '2025-06-01T00:00:00Z' } } }, [
      'filter',
      'opened',
      'to',
    ]);
  });

  // An instant without an offset would be read on the server's clock, and an impossible day rolls
  // over into the next month: both would silently filter another period than the one asked for.
  it.each([
    ['no offset', '2026-11-01T00:00:00'],
    ['an impossible day', '2026-02-30T00:00:00Z'],
    ['an impossible hour', '2026-11-01T25:00:00Z'],
    ['a date alone', '2026-11-01'],
  ])('refuses a date-time with %s', async (_name, value) => {
    const response = await api.gql(
      org.manager.token,
      'query($since: DateTime!) { changes(since: $since, until: "2026-12-01T00:00:00Z") { totalCount } }',
      { since: value },
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.message).toContain('2026-03-01T09:30:00Z');
    expect(response.data).toBeUndefined();
  });

  it.each([
    ['UTC', '2026-11-01T00:00:00Z', '2026-11-01T00:00:00.000Z'],
    ['an offset', '2026-11-01T01:30:00+01:30', '2026-11-01T00:00:00.000Z'],
    ['fractions and a negative offset', '2026-10-31T20:00:00.5-04:00', '2026-11-01T00:00:00.500Z'],
  ])('takes a date-time with %s', async (_name, value, instant) => {
    const response = await api.gql<{ changes: { nodes: Array<{ occurredAt: string }> } }>(
      org.manager.token,
      'query($since: DateTime!, $until: DateTime!) { changes(since: $since, until: $until) { nodes { occurredAt } } }',
      { since: value, until: new Date(new Date(instant).getTime() + 1).toISOString() },
    );
    expect(response.errors).toBeUndefined();
  });

  it('shows the timeline of the account, of a stakeholder and of a case, newest first', async () => {
    const response = await api.gql<{
      account: { timeline: { nodes: Array<{ sentence: string }> } };
      stakeholder: { timeline: { nodes: Array<{ sentence: string }> } };
      departureCases: { nodes: Array<{ timeline: { nodes: Array<{ sentence: string }> } }> };
    }>(
      org.manager.token,
      `query($account: ID!, $person: ID!) {
        account(id: $account) { timeline(first: 3) { nodes { sentence } } }
        stakeholder(id: $person) { timeline(first: 10) { nodes { sentence } } }
        departureCases(filter: { accountId: $account }) { nodes { timeline { nodes { sentence } } } }
      }`,
      { account: week.accountId, person: week.eliId },
    );
    expect(response.errors).toBeUndefined();
    const sentences = (list: { nodes: Array<{ sentence: string }> }) => list.nodes.map((node) => node.sentence);
    expect(sentences(response.data!.account.timeline)).toEqual(EXPECTED_FEED.slice(-3).reverse());
    expect(sentences(response.data!.stakeholder.timeline)).toEqual([
      `Acme Corp: flag on Eli Brandt rejected (by ${manager}).`,
      `Acme Corp: Eli Brandt flagged as leaving soon (by ${rep}).`,
      `Acme Corp: new strong thread from ${csm} to Eli Brandt (by ${csm}).`,
      `Acme Corp: Eli Brandt added as a stakeholder (by ${csm}).`,
    ]);
    expect(response.data!.departureCases.nodes.map((item) => sentences(item.timeline))).toEqual([
      [`Acme Corp: departure case opened (main contact turnover: Dana Ruiz), USD 400,000 at risk (by ${manager}).`],
    ]);
  });

  it('takes plain-text notes on an account, a person and a case, and shows them in the timelines', async () => {
    const ADD = `mutation($input: AddNoteInput!) {
      addNote(input: $input) {
        __typename
        ... on AddNotePayload { note { id body author { name } } }
        ... on ValidationError { issues { path message } }
        ... on Error { code }
      }
    }`;
    const add = (input: Record<string, unknown>, token = org.csm.token) =>
      api.gql<{ addNote: { __typename: string; note?: { body: string }; issues?: unknown[]; code?: string } }>(
        token,
        ADD,
        {
          input,
        },
      );
    const hostile = '<img src=x onerror=alert(1)>\n**not markdown** & [link](javascript:alert(1))';
    const onPerson = await add({ stakeholderId: week.danaId, body: `  ${hostile}\r\n` });
    expect(onPerson.data?.addNote).toMatchObject({ __typename: 'AddNotePayload', note: { body: hostile } });
    const cases = await api.gql<{ departureCases: { nodes: Array<{ id: string }> } }>(
      org.manager.token,
      'query($a: ID!) { departureCases(filter: { accountId: $a }) { nodes { id } } }',
      { a: week.accountId },
    );
    const caseId = cases.data!.departureCases.nodes[0]!.id;
    expect((await add({ caseId, body: 'Called the new VP; intro on Friday.' })).data?.addNote.__typename).toBe(
      'AddNotePayload',
    );
    expect((await add({ accountId: week.accountId, body: 'x'.repeat(10_000) })).data?.addNote.__typename).toBe(
      'AddNotePayload',
    );

    const before = await api.prisma.note.count();
    for (const [input, path] of [
      [{ accountId: week.accountId, body: 'x'.repeat(10_001) }, ['input', 'body']],
      [{ accountId: week.accountId, body: '   ' }, ['input', 'body']],
      [{ accountId: week.accountId, body: 'bell \u0007' }, ['input', 'body']],
      [{ accountId: week.accountId, body: 'broken \ud800' }, ['input', 'body']],
      // Nothing visible: zero-width spaces and joiners would show as a blank note.
      [{ accountId: week.accountId, body: '\u200b\u200d\u2060\n\u200b' }, ['input', 'body']],
      // Blank letters and marks with no letter to sit on show nothing either.
      [{ accountId: week.accountId, body: '\u3164\u3164' }, ['input', 'body']],
      [{ accountId: week.accountId, body: '\u2800 \u2800' }, ['input', 'body']],
      [{ accountId: week.accountId, body: '\u034f\u0301' }, ['input', 'body']],
      [{ accountId: week.accountId, body: '\u115f\u1160\uffa0' }, ['input', 'body']],
      // Bidirectional overrides and isolates reorder what follows them on screen: "pay \u202eevil" reads "pay live".
      [{ accountId: week.accountId, body: 'renewal \u202egnirps ni' }, ['input', 'body']],
      [{ accountId: week.accountId, body: 'owner \u2067Ann\u2069' }, ['input', 'body']],
      [{ body: 'no target' }, ['input']],
      [{ accountId: week.accountId, stakeholderId: week.danaId, body: 'two targets' }, ['input']],
    ] as const) {
      const refused = await add(input);
      expect(refused.data?.addNote.__typename, JSON.stringify(input).slice(0, 60)).toBe('ValidationError');
      expect(refused.data?.addNote.issues).toEqual([{ path, message: expect.any(String) }]);
    }
    expect((await add({ accountId: week.accountId, body: 'elsewhere' }, other.csm.token)).data?.addNote.code).toBe(
      'NOT_FOUND',
    );
    const readOnly = await createToken(api.prisma, org.id, org.csm.id, 'READ_ONLY');
    expect((await add({ accountId: week.accountId, body: 'read only' }, readOnly)).data?.addNote.code).toBe(
      'FORBIDDEN',
    );
    expect(await api.prisma.note.count()).toBe(before);

    const timelines = await api.gql<{
      account: { timeline: { nodes: Array<{ sentence: string; note: { body: string } | null }> } };
      stakeholder: { timeline: { nodes: Array<{ sentence: string; note: { body: string } | null }> } };
    }>(
      org.manager.token,
      `query($account: ID!, $person: ID!) {
        account(id: $account) { timeline(first: 3, kinds: [NOTE_ADDED]) { nodes { sentence note { body } } } }
        stakeholder(id: $person) { timeline(first: 1) { nodes { sentence note { body } } } }
      }`,
      { account: week.accountId, person: week.danaId },
    );
    expect(timelines.errors).toBeUndefined();
    expect(timelines.data!.account.timeline.nodes.map((node) => node.sentence)).toEqual([
      `Acme Corp: note added (by ${csm}).`,
      `Acme Corp: note added on the departure case (by ${csm}).`,
      `Acme Corp: note added on Dana Ruiz (by ${csm}).`,
    ]);
    expect(timelines.data!.stakeholder.timeline.nodes).toEqual([
      { sentence: `Acme Corp: note added on Dana Ruiz (by ${csm}).`, note: { body: hostile } },
    ]);
    // Right-to-left text, marks and emoji are text like any other.
    const rightToLeft = 'שיחה עם דנה \u200f(VP) — مكالمة 👍🏽';
    expect((await add({ accountId: week.accountId, body: rightToLeft })).data?.addNote).toMatchObject({
      note: { body: rightToLeft },
    });
  });

  it('logs the notifications the week issued, and shows them in no feed, timeline, node or audit trail', async () => {
    const eliRowId = Buffer.from(week.eliId, 'base64url').toString('utf8').split(':')[1];
    const notifications = await api.prisma.event.findMany({
      where: { organizationId: org.id, kind: 'NOTIFICATION' },
      select: { id: true, notificationType: true, stakeholderId: true, accountId: true },
    });
    expect(notifications.map((row) => row.notificationType)).toEqual(
      expect.arrayContaining(['FLAG_CREATED', 'FLAG_CONFIRMED', 'DEPARTURE_CASE_OPENED']),
    );
    // They name the person (for erasure), never an account (an account's deletion keeps them).
    expect(notifications.filter((row) => row.stakeholderId === eliRowId)).not.toEqual([]);
    expect(notifications.filter((row) => row.accountId !== null)).toEqual([]);
    const range = { since: week.since.toISOString(), until: new Date(Date.now() + 1_000).toISOString() };
    const feed = await call<{ totalCount: number; nodes: Array<{ sentence: string }> }>(
      org.manager.token,
      FEED,
      { ...range, first: 100 },
      'changes',
    );
    expect(feed.nodes.length).toBeGreaterThanOrEqual(EXPECTED_FEED.length);
    expect(feed.nodes.filter((node) => /notification/i.test(node.sentence))).toEqual([]);
    const notification = Buffer.from(`Change:${notifications[0]!.id}`).toString('base64url');
    const found = await api.gql<{ node: unknown }>(org.manager.token, 'query($id: ID!) { node(id: $id) { id } }', {
      id: notification,
    });
    expect(found.errors).toBeUndefined();
    expect(found.data!.node).toBeNull();
    const audit = await call<{ nodes: Array<{ kind: string; sentence: string }> }>(
      org.admin.token,
      `query($since: DateTime!, $until: DateTime!) {
        auditLog(since: $since, until: $until, first: 100) { nodes { kind sentence } }
      }`,
      range,
      'auditLog',
    );
    expect(audit.nodes.filter((node) => /notification/i.test(node.sentence))).toEqual([]);
  });

  it('shows another organization nothing', async () => {
    const range = { since: week.since.toISOString(), until: week.until.toISOString() };
    const feed = await call<{ totalCount: number }>(
      other.manager.token,
      FEED,
      { ...range, filter: { accounts: [week.accountId] } },
      'changes',
    );
    expect(feed.totalCount).toBe(0);
    const meeting = await call<{ nodes: unknown[] }>(other.manager.token, MEETING, range, 'accountChanges');
    expect(meeting.nodes).toEqual([]);
  });

  it('forgets an erased person in every change that named them', async () => {
    await call(org.manager.token, ERASE, { id: week.danaId }, 'eraseStakeholder');
    const feed = await call<{ nodes: Array<{ kind: string; sentence: string; details: string }> }>(
      org.manager.token,
      FEED,
      { since: week.since.toISOString(), until: new Date(Date.now() + 1_000).toISOString(), first: 100 },
      'changes',
    );
    expect(JSON.stringify(feed.nodes)).not.toContain('Dana');
    const danaRowId = Buffer.from(week.danaId, 'base64url').toString('utf8').split(':')[1];
    expect(await api.prisma.note.count({ where: { stakeholderId: danaRowId } })).toBe(0);
    expect(await api.prisma.note.count({ where: { organizationId: org.id } })).toBe(3);
    const sentences = feed.nodes.map((change) => change.sentence);
    expect(sentences).toContain('Acme Corp: an erased person departed (by ' + manager + ').');
    expect(sentences).toContain(`Acme Corp: a stakeholder's personal data was erased (by ${manager}).`);
    expect(sentences).toContain(
      `Acme Corp: departure case opened (main contact turnover), USD 400,000 at risk (by ${manager}).`,
    );
  });
});

const csm = `CSM of ${slug}`;
const rep = `REP of ${slug}`;
const manager = `MANAGER of ${slug}`;
// Oldest first. Risk moves follow the writes that caused them; the account's first assessment
// (at creation) has nothing to compare with and writes no change.
const EXPECTED_FEED = [
  `Acme Corp: Dana Ruiz added as a stakeholder (by ${csm}).`,
  `Acme Corp: Eli Brandt added as a stakeholder (by ${csm}).`,
  `Acme Corp: new strong thread from ${csm} to Dana Ruiz (by ${csm}).`,
  'Acme Corp: risk stays yellow, score 40 → 33.',
  `Acme Corp: new strong thread from ${csm} to Eli Brandt (by ${csm}).`,
  'Acme Corp: risk yellow → green, score 33 → 15.',
  `Acme Corp: Dana Ruiz flagged as left company (by ${rep}).`,
  // A pending "left company" flag is an unconfirmed departure: it moves the risk before anyone reviews it.
  'Acme Corp: risk stays green, score 15 → 19.',
  `Acme Corp: Dana Ruiz confirmed as left company (by ${manager}).`,
  `Acme Corp: Dana Ruiz departed (by ${manager}).`,
  `Acme Corp: departure case opened (main contact turnover: Dana Ruiz), USD 400,000 at risk (by ${manager}).`,
  'Acme Corp: risk green → red, score 19 → 78, now in the red zone.',
  `Acme Corp: Eli Brandt flagged as leaving soon (by ${rep}).`,
  'Acme Corp: risk stays red, score 78 → 86.',
  `Acme Corp: flag on Eli Brandt rejected (by ${manager}).`,
  'Acme Corp: risk stays red, score 86 → 78.',
  `Acme Corp: product usage recorded: -0.4 (by ${csm}).`,
];
const EXPECTED_MEETING = {
  name: 'Acme Corp',
  arrMinor: 40_000_000,
  currency: 'USD',
  bandFrom: 'YELLOW',
  bandTo: 'RED',
  scoreFrom: 40,
  scoreTo: 78,
  factorsGained: ['departedRoleHolder', 'openCase'],
  factorsLost: [],
  casesOpened: 1,
  casesClosed: 0,
  flagsRaised: 2,
  flagsConfirmed: 1,
  threadsLost: 0,
  sentence:
    'Acme Corp (USD 400,000): yellow → red, score 40 → 78; gained departed role holder, open case; 1 case opened; 2 flags raised; 1 flag confirmed.',
};

describe('time passing', () => {
  it('finds a thread gone stale and records it once, with a drift point in the risk history', async () => {
    const start = Date.now();
    const { account } = await call<{ account: { id: string } }>(
      org.manager.token,
      CREATE_ACCOUNT,
      { input: { name: 'Beta Ltd', tier: 'KEY', arrMinor: 5_000_000 } },
      'createAccount',
    );
    const { stakeholder } = await call<{ stakeholder: { id: string } }>(
      org.csm.token,
      CREATE_STAKEHOLDER,
      { input: { accountId: account.id, fullName: 'Fay Lund', buyingRoles: ['CHAMPION'], isMainContact: true } },
      'createStakeholder',
    );
    await call(
      org.csm.token,
      CREATE_THREAD,
      {
        input: {
          memberId: Buffer.from(`Member:${org.csm.id}`).toString('base64url'),
          stakeholderId: stakeholder.id,
          strength: 'STRONG',
          lastTouchAt: new Date(start - 85 * DAY).toISOString(),
        },
      },
      'createRelationship',
    );
    const stale = { since: new Date(start).toISOString(), until: new Date(start + 30 * DAY).toISOString() };
    const staleThreads = async () =>
      (
        await call<{ nodes: Array<{ sentence: string; actorKind: string }> }>(
          org.manager.token,
          FEED,
          { ...stale, filter: { kinds: ['THREAD_WENT_STALE'], accounts: [account.id] } },
          'changes',
        )
      ).nodes.map(({ sentence, actorKind }) => ({ sentence, actorKind }));
    expect(await staleThreads()).toEqual([]);

    // Ten days on, the thread's last touch is 95 days old: the hourly refresher finds it.
    await refreshStaleHealth(api.prisma, new Date(start + 10 * DAY));
    await refreshStaleHealth(api.prisma, new Date(start + 12 * DAY));
    expect(await staleThreads()).toEqual([
      { sentence: `Beta Ltd: thread from CSM of ${slug} to Fay Lund went stale.`, actorKind: 'SYSTEM' },
    ]);
    const history = await api.gql<{ account: { riskHistory: Array<{ cause: string }> } }>(org.manager.token, HISTORY, {
      id: account.id,
      to: new Date(start + 30 * DAY).toISOString(),
    });
    expect(history.data?.account.riskHistory.map((point) => point.cause)).toContain('DRIFT');
  });

  it('keeps at most one drift point a day per account', async () => {
    const { account } = await call<{ account: { id: string } }>(
      org.manager.token,
      CREATE_ACCOUNT,
      { input: { name: 'Gamma GmbH' } },
      'createAccount',
    );
    const accountId = Buffer.from(account.id, 'base64url').toString('utf8').split(':')[1]!;
    const risk = (score: number) => ({ score, band: 'GREEN' as const, zone: null, factors: [] });
    const day = Date.UTC(2031, 2, 10);
    const move = (before: number, after: number, at: number) =>
      api.prisma.$transaction((tx) =>
        recordRiskMove(tx, {
          organizationId: org.id,
          accountId,
          before: risk(before),
          after: risk(after),
          now: new Date(at),
          drift: true,
        }),
      );
    await move(0, 3, day + 8 * 3_600_000);
    await move(3, 5, day + 15 * 3_600_000);
    await move(5, 5, day + 16 * 3_600_000); // nothing moved: no point
    await move(5, 9, day + DAY + 3_600_000);
    const points = await api.prisma.riskPoint.findMany({
      where: { organizationId: org.id, accountId, cause: 'DRIFT' },
      orderBy: { at: 'asc' },
      select: { score: true, at: true },
    });
    expect(points).toEqual([
      { score: 5, at: new Date(day + 15 * 3_600_000) },
      { score: 9, at: new Date(day + DAY + 3_600_000) },
    ]);
  });
});

describe('the risk in force when a history starts', () => {
  // Epsilon Oy: its first assessment at creation (now), then a move ten days on and one a hundred
  // days on; nothing in between. Each range's history opens with the point in force at `from`.
  const base = Date.now();
  const moved = base + 10 * DAY;
  const movedAgain = base + 100 * DAY;
  let accountId: string;
  let created: Date;
  let createdScore: number;

  beforeAll(async () => {
    const { account } = await call<{ account: { id: string } }>(
      org.manager.token,
      CREATE_ACCOUNT,
      { input: { name: 'Epsilon Oy' } },
      'createAccount',
    );
    accountId = account.id;
    const rowId = Buffer.from(account.id, 'base64url').toString('utf8').split(':')[1]!;
    const first = await api.prisma.riskPoint.findFirstOrThrow({
      where: { organizationId: org.id, accountId: rowId },
      select: { score: true, band: true, zone: true, at: true },
    });
    created = first.at;
    createdScore = first.score;
    const risk = (score: number, band: 'YELLOW' | 'AMBER') => ({ score, band, zone: null, factors: [] });
    await api.prisma.$transaction((tx) =>
      recordRiskMove(tx, {
        organizationId: org.id,
        accountId: rowId,
        before: { ...first, factors: [] },
        after: risk(30, 'YELLOW'),
        now: new Date(moved),
        drift: false,
      }),
    );
    await api.prisma.$transaction((tx) =>
      recordRiskMove(tx, {
        organizationId: org.id,
        accountId: rowId,
        before: risk(30, 'YELLOW'),
        after: risk(60, 'AMBER'),
        now: new Date(movedAgain),
        drift: false,
      }),
    );
  });

  const history = async (from: number, to: number) => {
    const response = await api.gql<{ account: { riskHistory: Array<{ at: string; score: number }> } }>(
      org.manager.token,
      `query($id: ID!, $from: DateTime, $to: DateTime) { account(id: $id) { riskHistory(from: $from, to: $to) { at score } } }`,
      { id: accountId, from: new Date(from).toISOString(), to: new Date(to).toISOString() },
    );
    expect(response.errors).toBeUndefined();
    return response.data!.account.riskHistory.map((point) => [new Date(point.at).getTime(), point.score]);
  };

  it.each([
    [
      'a steady week opens with the point written long before',
      () => [moved + 30 * DAY, moved + 37 * DAY],
      () => [[moved, 30]],
    ],
    [
      'a range starting at a point lists that point once',
      () => [moved, movedAgain],
      () => [
        [moved, 30],
        [movedAgain, 60],
      ],
    ],
    [
      'a range starting exactly at the first point lists it once',
      () => [created.getTime(), moved],
      () => [
        [created.getTime(), createdScore],
        [moved, 30],
      ],
    ],
    [
      'a range starting before the first point opens with the first point in it',
      () => [base - 7 * DAY, moved + DAY],
      () => [
        [created.getTime(), createdScore],
        [moved, 30],
      ],
    ],
    ['a range ending before the first point is empty', () => [base - 30 * DAY, base - 20 * DAY], () => []],
  ])('%s', async (_what, range, expected) => {
    const [from, to] = range();
    expect(await history(from!, to!)).toEqual(expected());
  });
});

describe('writing changes', () => {
  it('writes a transaction’s changes in one insert, in the order given, with time-ordered ids', async () => {
    const { account } = await call<{ account: { id: string } }>(
      org.manager.token,
      CREATE_ACCOUNT,
      { input: { name: 'Delta AB' } },
      'createAccount',
    );
    const accountId = Buffer.from(account.id, 'base64url').toString('utf8').split(':')[1]!;
    const at = new Date(Date.UTC(2032, 4, 6, 9, 30, 15, 123));
    const before = Date.now();
    const owners = [
      ['Ann', 'Bo'],
      ['Bo', 'Cy'],
      ['Cy', null],
    ] as const;
    await api.prisma.$transaction((tx) =>
      recordChanges(
        tx,
        owners.map(([fromOwner, toOwner]) => ({
          organizationId: org.id,
          kind: 'OWNER_CHANGED' as const,
          actor: { kind: 'MEMBER' as const, memberId: org.manager.id },
          accountId,
          subject: { type: 'Account', id: accountId },
          payload: { fromOwner, toOwner },
          occurredAt: at,
        })),
      ),
    );
    const rows = await api.prisma.event.findMany({
      where: { organizationId: org.id, accountId, kind: 'OWNER_CHANGED' },
      orderBy: { seq: 'asc' },
      select: { id: true, payload: true, occurredAt: true, actorKind: true, actorId: true, subjectType: true },
    });
    expect(rows.map(({ id: _id, ...row }) => row)).toEqual(
      owners.map(([fromOwner, toOwner]) => ({
        payload: { fromOwner, toOwner },
        occurredAt: at,
        actorKind: 'MEMBER',
        actorId: org.manager.id,
        subjectType: 'Account',
      })),
    );
    const ids = rows.map((row) => row.id);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(timeOfId(id)).toBeGreaterThanOrEqual(before);
      expect(timeOfId(id)).toBeLessThanOrEqual(Date.now());
    }
  });

  it('writes nothing for no changes', async () => {
    const count = () => api.prisma.event.count({ where: { organizationId: org.id } });
    const was = await count();
    await api.prisma.$transaction((tx) => recordChanges(tx, []));
    expect(await count()).toBe(was);
  });
});

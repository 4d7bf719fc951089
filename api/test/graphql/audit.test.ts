// The audit trail end to end: changes made over HTTP (webhook endpoints, exports, settings, erasure)
// and rows other work writes (tokens, members) read back by admins through auditLog and /audit.csv,
// with the request id and client address of the request that made them; retention in batches.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, startTestApi, type TestApi, type TestOrganization } from '../../../test/support/api.ts';
import { createLogger } from '../../src/logger.ts';
import { type RunningServer, startServer } from '../../src/server.ts';
import { auditRows, pruneAuditTrail } from '../../src/services/audit.ts';
import { memberActor, recordChange, systemActor } from '../../src/services/events.ts';

let api: TestApi;
let org: TestOrganization;
let other: TestOrganization;
const DAY = 86_400_000;
/** Stored rows as text, to search for what must not be there (seq is a bigint). */
const asText = (rows: unknown) =>
  JSON.stringify(rows, (_key, value) => (typeof value === 'bigint' ? String(value) : value));
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');
const since = () => new Date(Date.now() - 30 * DAY).toISOString();
const until = () => new Date(Date.now() + DAY).toISOString();

interface Entry {
  kind: string;
  sentence: string;
  actorKind: string;
  actor: { id: string; name: string } | null;
  occurredAt: string;
  requestId: string | null;
  clientAddress: string | null;
  subjectType: string | null;
  subjectId: string | null;
}

const AUDIT = `query Audit($since: DateTime!, $until: DateTime!, $filter: AuditLogFilter, $first: Int, $after: String) {
  auditLog(since: $since, until: $until, filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { kind sentence actorKind actor { id name } occurredAt requestId clientAddress subjectType subjectId }
  }
}`;

async function audit(
  filter: Record<string, unknown> = {},
  token = org.admin.token,
  extra: Record<string, unknown> = {},
) {
  const response = await api.gql<{
    auditLog: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Entry[] };
  }>(token, AUDIT, { since: since(), until: until(), filter, ...extra });
  return response;
}

/** A GraphQL request with headers of our choosing (a request id, a forwarded-for claim). */
async function send(url: string, token: string, query: string, variables: object, headers: Record<string, string>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as { data?: Record<string, never> } };
}

const CREATE = `mutation Create($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) {
    __typename
    ... on CreateWebhookEndpointPayload { secret endpoint { id } }
    ... on Error { code message }
  }
}`;

beforeAll(async () => {
  api = await startTestApi();
  org = await createOrganization(api.prisma, 'audit');
  other = await createOrganization(api.prisma, 'audit-other');
}, 60_000);

afterAll(async () => {
  await api?.close();
});

describe('webhook endpoints in the audit trail', () => {
  let endpointId: string;
  let secret: string;
  const requestId = `req-${randomUUID()}`;

  it('records creation, the fields a change touched, a rotation and a deletion, never the secret or path', async () => {
    const created = await send(
      api.url,
      org.admin.token,
      CREATE,
      { input: { url: 'https://hooks.example.com/services/T0/B0/pathcredential', events: ['FLAG_CREATED'] } },
      { 'x-request-id': requestId },
    );
    const payload = created.body.data?.createWebhookEndpoint as unknown as {
      secret: string;
      endpoint: { id: string };
    };
    endpointId = payload.endpoint.id;
    secret = payload.secret;
    const update = await api.gql(
      org.admin.token,
      `mutation($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { __typename } }`,
      { input: { id: endpointId, active: false, events: ['FLAG_CREATED'], description: 'Team channel' } },
    );
    expect(update.errors).toBeUndefined();
    const rotate = await api.gql(
      org.admin.token,
      `mutation($id: ID!) { rotateWebhookSecret(id: $id, overlapHours: 0) { __typename } }`,
      { id: endpointId },
    );
    expect(rotate.data).toEqual({ rotateWebhookSecret: { __typename: 'RotateWebhookSecretPayload' } });
    const resume = `mutation($id: ID!) { resumeWebhookEndpoint(id: $id) { __typename } }`;
    await api.gql(org.admin.token, resume, { id: endpointId }); // not paused: nothing to record
    await api.prisma.webhookEndpoint.update({
      where: { id: Buffer.from(endpointId, 'base64url').toString().split(':')[1] },
      data: { pausedAt: new Date(), pausedReason: 'failing' },
    });
    await api.gql(org.admin.token, resume, { id: endpointId });
    const removed = await api.gql(
      org.admin.token,
      `mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { __typename } }`,
      {
        id: endpointId,
      },
    );
    expect(removed.errors).toBeUndefined();

    const response = await audit({ subjects: [endpointId] });
    expect(response.errors).toBeUndefined();
    const nodes = response.data!.auditLog.nodes;
    expect(nodes.map((entry) => entry.sentence)).toEqual([
      'Webhook endpoint Team channel deleted (by ADMIN of audit).',
      'Webhook endpoint Team channel changed (resumed) (by ADMIN of audit).',
      'Webhook endpoint Team channel secret rotated (by ADMIN of audit).',
      // events named the same list again: not a change
      'Webhook endpoint Team channel changed (description, active) (by ADMIN of audit).',
      'Webhook endpoint hooks.example.com created (by ADMIN of audit).',
    ]);
    const creation = nodes[4]!;
    expect(creation).toMatchObject({
      kind: 'WEBHOOK_ENDPOINT_CREATED',
      actorKind: 'MEMBER',
      actor: { id: gid('Member', org.admin.id) },
      requestId,
      clientAddress: '127.0.0.1',
      subjectType: 'WebhookEndpoint',
      subjectId: endpointId,
    });
    expect(nodes[0]!.requestId).not.toBe(requestId);
    const stored = asText(await api.prisma.event.findMany({ where: { organizationId: org.id } }));
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(secret.slice(-20));
    expect(stored).not.toContain('pathcredential');
  });

  it('is not in the change feed, and node(id) does not find it', async () => {
    const feed = await api.gql<{ changes: { nodes: Array<{ kind: string }> } }>(
      org.admin.token,
      'query($since: DateTime!, $until: DateTime!) { changes(since: $since, until: $until) { nodes { kind } } }',
      { since: since(), until: until() },
    );
    expect(feed.data!.changes.nodes.map((change) => change.kind)).not.toContain('WEBHOOK_ENDPOINT_CREATED');
    const row = await api.prisma.event.findFirstOrThrow({
      where: { organizationId: org.id, kind: 'WEBHOOK_ENDPOINT_CREATED' },
    });
    const node = await api.gql(org.rep.token, 'query($id: ID!) { node(id: $id) { id } }', {
      id: gid('Change', row.id),
    });
    expect(node.data).toEqual({ node: null });
  });
});

describe('client address', () => {
  const SETTINGS = `mutation Settings($input: UpdateOrganizationSettingsInput!) {
    updateOrganizationSettings(input: $input) { __typename }
  }`;

  async function lastSettingsChange() {
    return api.prisma.event.findFirstOrThrow({
      where: { organizationId: org.id, kind: 'SETTINGS_CHANGED' },
      orderBy: [{ occurredAt: 'desc' }, { seq: 'desc' }],
    });
  }

  it('is the socket peer by default: a spoofed X-Forwarded-For is ignored', async () => {
    await send(
      api.url,
      org.admin.token,
      SETTINGS,
      { input: { liveWithinDays: 80 } },
      {
        'x-forwarded-for': '198.51.100.66',
      },
    );
    expect((await lastSettingsChange()).clientAddress).toBe('127.0.0.1');
  });

  it('behind a trusted proxy, the address the proxy appended (the caller’s own claim still ignored)', async () => {
    let proxied: RunningServer | null = null;
    try {
      proxied = await startServer({
        prisma: api.prisma,
        logger: createLogger('silent'),
        trustedProxyHops: 1,
        port: 0,
        host: '127.0.0.1',
      });
      await send(
        proxied.url,
        org.admin.token,
        SETTINGS,
        { input: { liveWithinDays: 81 } },
        {
          'x-forwarded-for': '6.6.6.6, 203.0.113.5',
        },
      );
      expect((await lastSettingsChange()).clientAddress).toBe('203.0.113.5');
    } finally {
      await proxied?.stop();
    }
  });
});

describe('auditLog', () => {
  it('shows what other work records (tokens, members), the system as actor, and only audit kinds', async () => {
    await api.prisma.$transaction(async (tx) => {
      await recordChange(tx, {
        organizationId: org.id,
        kind: 'TOKEN_CREATED',
        actor: memberActor(org.admin.id),
        subject: { type: 'Member', id: org.rep.id },
        payload: { token: 'laptop', member: 'REP of audit' },
      });
      await recordChange(tx, {
        organizationId: org.id,
        kind: 'MEMBER_ROLE_CHANGED',
        actor: systemActor,
        subject: { type: 'Member', id: org.csm.id },
        payload: { member: 'CSM of audit', fromRole: 'REP', toRole: 'CSM' },
      });
      await recordChange(tx, { organizationId: org.id, kind: 'FLAG_RAISED', actor: memberActor(org.rep.id) });
    });
    const all = await audit();
    const kinds = all.data!.auditLog.nodes.map((entry) => entry.kind);
    expect(kinds.slice(0, 2)).toEqual(['MEMBER_ROLE_CHANGED', 'TOKEN_CREATED']);
    expect(kinds).not.toContain('FLAG_RAISED');
    expect(all.data!.auditLog.nodes[0]).toMatchObject({
      actorKind: 'SYSTEM',
      actor: null,
      sentence: "CSM of audit's role rep → csm.",
      requestId: null,
      clientAddress: null,
    });
    expect(all.data!.auditLog.nodes[1]!.sentence).toBe('Token "laptop" created for REP of audit (by ADMIN of audit).');
  });

  it('filters by kind, actor and subject, and pages newest first', async () => {
    const tokens = await audit({ kinds: ['TOKEN_CREATED'] });
    expect(tokens.data!.auditLog.nodes.map((entry) => entry.kind)).toEqual(['TOKEN_CREATED']);
    const bySystem = await audit({ actors: [gid('Member', org.csm.id)] });
    expect(bySystem.data!.auditLog.totalCount).toBe(0);
    const aboutCsm = await audit({ subjects: [gid('Member', org.csm.id)] });
    expect(aboutCsm.data!.auditLog.nodes.map((entry) => entry.kind)).toEqual(['MEMBER_ROLE_CHANGED']);
    const byAdmin = await audit({ actors: [gid('Member', org.admin.id)] });
    const total = byAdmin.data!.auditLog.totalCount;
    expect(total).toBeGreaterThanOrEqual(5);
    const first = await audit({ actors: [gid('Member', org.admin.id)] }, org.admin.token, { first: 2 });
    const rest = await audit({ actors: [gid('Member', org.admin.id)] }, org.admin.token, {
      first: 100,
      after: first.data!.auditLog.pageInfo.endCursor,
    });
    const paged = [...first.data!.auditLog.nodes, ...rest.data!.auditLog.nodes];
    expect(paged).toEqual(byAdmin.data!.auditLog.nodes);
    const times = paged.map((entry) => Date.parse(entry.occurredAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('is for admins only, and refuses a range it would not serve', async () => {
    for (const token of [org.manager.token, org.csm.token, org.rep.token]) {
      const refused = await audit({}, token);
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const tooLong = await api.gql(org.admin.token, AUDIT, {
      since: '2024-01-01T00:00:00Z',
      until: '2026-01-01T00:00:00Z',
    });
    expect(tooLong.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION' });
    const backwards = await api.gql(org.admin.token, AUDIT, { since: until(), until: since() });
    expect(backwards.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION' });
  });

  it('never shows another organization’s rows', async () => {
    const theirs = await audit({}, other.admin.token);
    expect(theirs.data!.auditLog.totalCount).toBe(0);
    const cursorOfOurs = (await audit({}, org.admin.token, { first: 1 })).data!.auditLog.pageInfo.endCursor;
    const probe = await audit({}, other.admin.token, { after: cursorOfOurs });
    expect(probe.data?.auditLog.nodes ?? []).toEqual([]);
  });
});

describe('exports', () => {
  it('records a turnover report export with its format', async () => {
    const from = new Date(Date.now() - 7 * DAY).toISOString();
    const to = new Date().toISOString();
    const base = api.url.replace('/graphql', '');
    const response = await fetch(`${base}/reports/turnover.json?from=${from}&to=${to}`, {
      headers: { authorization: `Bearer ${org.csm.token}`, 'x-request-id': 'report-export-1' },
    });
    expect(response.status).toBe(200);
    const row = await api.prisma.event.findFirstOrThrow({
      where: { organizationId: org.id, kind: 'REPORT_EXPORTED' },
    });
    expect(row).toMatchObject({ actorId: org.csm.id, payload: { format: 'JSON' }, requestId: 'report-export-1' });
  });

  it('/audit.csv: admins get every row, formulas neutralized, and the export is itself recorded', async () => {
    await api.gql(org.admin.token, CREATE, {
      input: {
        url: 'https://hooks.example.com/x',
        events: ['FLAG_CREATED'],
        description: '=HYPERLINK("https://evil.example","click")',
      },
    });
    const formula = await api.prisma.member.create({
      data: { organizationId: org.id, name: '=2+3', email: '@cmd@formula.example', role: 'REP' },
    });
    await api.prisma.$transaction((tx) =>
      recordChange(tx, { organizationId: org.id, kind: 'TOKEN_CREATED', actor: memberActor(formula.id) }),
    );
    const base = api.url.replace('/graphql', '');
    const url = `${base}/audit.csv?since=${since()}&until=${until()}`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${org.admin.token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = await response.text();
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      '"occurredAt","kind","sentence","actorKind","actorName","actorEmail","requestId","clientAddress","subjectType","subjectId"',
    );
    const inGraphQL = (await audit({}, org.admin.token, { first: 100 })).data!.auditLog;
    // The export itself is the newest row now.
    expect(lines.length - 1).toBe(inGraphQL.totalCount);
    expect(lines[1]).toContain('"AUDIT_LOG_EXPORTED"');
    const injected = lines.find((line) => line.includes('HYPERLINK'));
    expect(injected).toContain(`"Webhook endpoint =HYPERLINK`);
    // A member named like a formula: the name and e-mail cells start with an apostrophe.
    expect(text).toContain(`,"'=2+3","'@cmd@formula.example",`);
    expect(text).not.toMatch(/(^|,)"?[=+@-]/m);
  });

  it('reads the rows for the file a page at a time, each row once, newest first', async () => {
    const rows = [];
    for await (const page of auditRows(api.prisma, org.id, new Date(since()), new Date(until()), 2)) {
      expect(page.length).toBeLessThanOrEqual(2);
      rows.push(...page);
    }
    const inGraphQL = (await audit({}, org.admin.token, { first: 100 })).data!.auditLog.nodes;
    expect(rows.map((row) => [row.kind, row.occurredAt.toISOString()])).toEqual(
      inGraphQL.map((entry) => [entry.kind, entry.occurredAt]),
    );
  });

  it('/audit.csv refuses non-admins, a missing token and a bad range, recording nothing', async () => {
    const base = api.url.replace('/graphql', '');
    const before = await api.prisma.event.count({ where: { kind: 'AUDIT_LOG_EXPORTED' } });
    const url = `${base}/audit.csv?since=${since()}&until=${until()}`;
    const manager = await fetch(url, { headers: { authorization: `Bearer ${org.manager.token}` } });
    expect(manager.status).toBe(403);
    expect(((await manager.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    expect((await fetch(url)).status).toBe(401);
    const reversed = await fetch(`${base}/audit.csv?since=${until()}&until=${since()}`, {
      headers: { authorization: `Bearer ${org.admin.token}` },
    });
    expect(reversed.status).toBe(400);
    const missing = await fetch(`${base}/audit.csv?since=${since()}`, {
      headers: { authorization: `Bearer ${org.admin.token}` },
    });
    expect(missing.status).toBe(400);
    expect(await api.prisma.event.count({ where: { kind: 'AUDIT_LOG_EXPORTED' } })).toBe(before);
  });
});

describe('erasure', () => {
  it('keeps the audit row of an erasure, naming no one', async () => {
    const account = await api.prisma.account.create({ data: { organizationId: org.id, name: 'Erasure Co' } });
    const created = await api.gql<{ createStakeholder: { stakeholder: { id: string } } }>(
      org.admin.token,
      `mutation($input: CreateStakeholderInput!) { createStakeholder(input: $input) { ... on StakeholderPayload { stakeholder { id } } } }`,
      {
        input: { accountId: gid('Account', account.id), fullName: 'Zelda Forgotten', email: 'zelda@forgotten.example' },
      },
    );
    const id = created.data!.createStakeholder.stakeholder.id;
    const erased = await api.gql(org.admin.token, 'mutation($id: ID!) { eraseStakeholder(id: $id) { __typename } }', {
      id,
    });
    expect(erased.data).toEqual({ eraseStakeholder: { __typename: 'EraseStakeholderPayload' } });
    const rows = await audit({ kinds: ['STAKEHOLDER_ERASED'] });
    const nodes = rows.data!.auditLog.nodes;
    expect(nodes).toHaveLength(1);
    expect(nodes[0]).toMatchObject({ actor: { id: gid('Member', org.admin.id) }, subjectId: null });
    expect(JSON.stringify(nodes)).not.toMatch(/zelda|forgotten/i);
    const stored = await api.prisma.event.findMany({ where: { organizationId: org.id } });
    expect(asText(stored)).not.toMatch(/zelda|forgotten/i);
    expect(stored.some((row) => row.kind === 'STAKEHOLDER_ERASED')).toBe(true);
  });
});

describe('retention', () => {
  it('deletes audit rows past the organization’s retention, in batches; the rest stays', async () => {
    const set = await api.gql(
      org.admin.token,
      'mutation { updateOrganizationSettings(input: { auditRetentionDays: 30 }) { __typename } }',
    );
    expect(set.data).toEqual({ updateOrganizationSettings: { __typename: 'UpdateOrganizationSettingsPayload' } });
    const now = new Date();
    const ago = (days: number) => new Date(now.getTime() - days * DAY);
    await api.prisma.$transaction(async (tx) => {
      for (let i = 0; i < 5; i++) {
        await recordChange(tx, {
          organizationId: org.id,
          kind: 'TOKEN_REVOKED',
          actor: systemActor,
          payload: { token: `old ${i}` },
          occurredAt: ago(31 + i),
        });
      }
      await recordChange(tx, { organizationId: org.id, kind: 'HANDOVER', actor: systemActor, occurredAt: ago(29) });
      await recordChange(tx, { organizationId: org.id, kind: 'FLAG_RAISED', actor: systemActor, occurredAt: ago(200) });
      // The other organization keeps the default of 365 days.
      await recordChange(tx, {
        organizationId: other.id,
        kind: 'TOKEN_REVOKED',
        actor: systemActor,
        occurredAt: ago(200),
      });
      await recordChange(tx, {
        organizationId: other.id,
        kind: 'TOKEN_REVOKED',
        actor: systemActor,
        occurredAt: ago(400),
      });
    });
    const old = (organizationId: string, days: number) =>
      api.prisma.event.count({ where: { organizationId, occurredAt: { lt: ago(days) } } });

    expect(await pruneAuditTrail(api.prisma, now, 2)).toBe(6);
    expect(await api.prisma.event.count({ where: { organizationId: org.id, kind: 'TOKEN_REVOKED' } })).toBe(0);
    expect(await api.prisma.event.count({ where: { organizationId: org.id, kind: 'HANDOVER' } })).toBe(1);
    expect(
      await api.prisma.event.count({
        where: { organizationId: org.id, kind: 'FLAG_RAISED', occurredAt: { lt: ago(100) } },
      }),
    ).toBe(1);
    expect(await old(other.id, 100)).toBe(1);
    expect(await old(other.id, 365)).toBe(0);
    expect(await pruneAuditTrail(api.prisma, now, 2)).toBe(0);
  });
});

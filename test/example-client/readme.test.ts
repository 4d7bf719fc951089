// README's API section, run as written: every operation it shows goes through the example client over
// real HTTP against a fresh database with the demo data, with the variables the README gives next to
// it (ids and the report period, which depend on the database and the day, come from the demo data).
// Documented answers are compared by shape: the same fields, of the same JSON types, and the same
// `code` and `__typename` values.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSchema, Kind, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoToken, ensureDemoData } from '../../api/src/demo/demo.ts';
import { profileUrlFromKey } from '../../api/src/domain/linkedin-url.ts';
import { encodeId } from '../../api/src/global-id.ts';
import { createLogger } from '../../api/src/logger.ts';
import { type RunningServer, startServer } from '../../api/src/server.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { createClient, GraphQLResponseError, type ThreadwatchClient, type Variables } from './client.ts';
import { type ReadmeExample, readmeExamples, readmeSection } from './readme-examples.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const schema = buildSchema(readFileSync(new URL('../../api/schema.graphql', import.meta.url), 'utf8'));
const examples = readmeExamples(readmeSection(readme, 'The API'));

let db: TestDatabase;
let server: RunningServer;
let dataDir: string;
let organizationId: string;
/** The demo token `pnpm start` prints (the demo admin, FULL). */
let admin: ThreadwatchClient;
/** A READ_ONLY token made with the README's own mutation: every query runs with it. */
let dashboard: ThreadwatchClient;
/** The code InviteMember answered, for AcceptInvitation. */
let invitationCode: string | null = null;

beforeAll(async () => {
  db = await freshDatabase();
  await ensureDemoData(db.prisma);
  organizationId = (await db.prisma.organization.findUniqueOrThrow({ where: { slug: 'demo' } })).id;
  dataDir = await mkdtemp(join(tmpdir(), 'threadwatch-readme-'));
  server = await startServer({ prisma: db.prisma, logger: createLogger('silent'), port: 0, host: '127.0.0.1' });
  admin = createClient({ endpoint: server.url, token: await demoToken(db.prisma, dataDir) });
  const created = await run(example('CreateDashboardToken'));
  dashboard = createClient({ endpoint: server.url, token: (created.data as TokenData).createApiToken.secret });
}, 180_000);
afterAll(async () => {
  await server?.stop();
  await db?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function example(name: string): ReadmeExample {
  const found = examples.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`README's API section has no operation named ${name}.`);
  return found;
}

interface Response {
  data?: unknown;
  errors?: unknown[];
}

/**
 * Runs a README operation with its README variables, plus `extra` for what only the database knows.
 * Mutations go with the demo token, queries with the dashboard's READ_ONLY token.
 */
async function run(target: ReadmeExample, extra: Variables = {}, client?: ThreadwatchClient): Promise<Response> {
  const variables = { ...target.variables, ...extra };
  for (const definition of target.operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (definition.type.kind === Kind.NON_NULL_TYPE && !definition.defaultValue && variables[name] === undefined) {
      throw new Error(`${target.name} needs $${name}, which neither the README nor the test gives.`);
    }
  }
  const by = client ?? (target.kind === 'mutation' ? admin : dashboard);
  try {
    return { data: await by.request(target.source, variables) };
  } catch (error) {
    if (error instanceof GraphQLResponseError) return { errors: [...error.errors], data: error.data };
    throw error;
  }
}

/**
 * Where `actual` departs from the documented answer's shape: a documented field it lacks, or a value of
 * another JSON type. Nullability is the schema's business (the server enforces it), so null passes; a
 * documented list item stands for every item.
 */
function shapeMismatches(actual: unknown, documented: unknown, path = '$', key = ''): string[] {
  if (documented === null || actual === null) return [];
  if (Array.isArray(documented)) {
    if (!Array.isArray(actual)) return [`${path}: expected a list, got ${JSON.stringify(actual)}`];
    return documented.length === 0
      ? []
      : actual.flatMap((item, index) => shapeMismatches(item, documented[0], `${path}[${index}]`, key));
  }
  if (typeof documented === 'object') {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) {
      return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
    }
    return Object.entries(documented).flatMap(([field, value]) =>
      field in actual
        ? shapeMismatches((actual as Record<string, unknown>)[field], value, `${path}.${field}`, field)
        : [`${path}.${field}: missing`],
    );
  }
  if (typeof actual !== typeof documented) return [`${path}: expected a ${typeof documented}, got ${typeof actual}`];
  if ((key === 'code' || key === '__typename') && actual !== documented) {
    return [`${path}: documented ${JSON.stringify(documented)}, answered ${JSON.stringify(actual)}`];
  }
  return [];
}

function expectNonIncreasing(values: number[]) {
  expect(values).toEqual([...values].sort((a, b) => b - a));
}

function expectScoreExplained(risk: { score: number; factors: Array<{ points: number; explanation: string }> }) {
  for (const factor of risk.factors) {
    expect(factor.points).toBeGreaterThan(0);
    expect(factor.explanation.length).toBeGreaterThan(10);
  }
  expect(risk.score).toBe(
    Math.min(
      100,
      risk.factors.reduce((sum, factor) => sum + factor.points, 0),
    ),
  );
}

interface TokenData {
  createApiToken: { __typename: string; secret: string; token: { scope: string; prefix: string } };
}
interface RiskData {
  score: number;
  band: string;
  zone: string | null;
  factors: Array<{ key?: string; points: number; explanation: string }>;
  zoneReasons?: string[];
}
interface Coverage {
  coveragePercent: number;
  requiredRoles: string[];
  filledRoles: string[];
  missingRoles: string[];
  gaps: Array<{ kind: string; role: string | null; department: string | null }>;
  liveThreadCount: number;
  liveStakeholderCount: number;
  noLiveThread: boolean;
  singleThreaded: boolean;
  severity: string | null;
  members: Array<{ id: string; name: string }>;
}
interface Page<T> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: T[];
}
interface ReportLine {
  cause?: string | null;
  savedCount: number;
  savedArrMinor: number;
  churnedCount: number;
  churnedArrMinor: number;
  openCount: number;
  openArrAtRiskMinor: number;
  averagePlanCompletion: number | null;
  expectedSavedArrMinor: number;
  undecidedArrMinor: number;
  highRiskArrMinor: number;
}

/** What each README operation must answer on the demo data. */
const checks: Record<string, (target: ReadmeExample) => Promise<Response>> = {
  async AuditLog(target) {
    // An administration change to find: a webhook endpoint registered with the admin's token.
    await admin.request(
      'mutation Register($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { __typename } }',
      {
        input: { url: 'https://hooks.example.com/threadwatch', events: ['FLAG_CREATED'], description: 'Audit example' },
      },
    );
    const now = Date.now();
    const range = { since: new Date(now - 3_600_000).toISOString(), until: new Date(now + 3_600_000).toISOString() };
    const response = await run(target, range, admin);
    expect(response.errors).toBeUndefined();
    const { auditLog } = response.data as {
      auditLog: { nodes: Array<{ kind: string; sentence: string; actorKind: string; clientAddress: string | null }> };
    };
    expect(auditLog.nodes[0]).toMatchObject({
      kind: 'WEBHOOK_ENDPOINT_CREATED',
      sentence: expect.stringContaining('Webhook endpoint Audit example created'),
      actorKind: 'MEMBER',
      clientAddress: '127.0.0.1',
    });
    // Admins only: the dashboard's token is refused.
    const refused = await run(target, range, dashboard);
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    return response;
  },
  async RecordOutcome(target) {
    // A customer without a renewal on that day: the README's day, its note, the demo account's ARR.
    const account = await db.prisma.account.findFirstOrThrow({
      where: { organizationId, lifecycle: 'CUSTOMER' },
      orderBy: { id: 'asc' },
    });
    const input = {
      ...(target.variables?.input as Record<string, unknown>),
      accountId: encodeId('Account', account.id),
    };
    const response = await run(target, { input });
    const result = (response.data as { recordAccountOutcome: { __typename: string; outcome: { arrMinor: number } } })
      .recordAccountOutcome;
    expect(result.__typename).toBe('AccountOutcomePayload');
    expect(result.outcome.arrMinor).toBe(Number(account.arrMinor));
    // A retry answers the same outcome; a renewal leaves the lifecycle alone.
    const again = await run(target, { input });
    expect(again).toEqual(response);
    const after = await db.prisma.account.findUniqueOrThrow({ where: { id: account.id } });
    expect(after.lifecycle).toBe('CUSTOMER');
    return response;
  },
  async RiskTrackRecord(target) {
    // The demo's outcomes are dated relative to today: judge the last two years.
    const today = new Date();
    const period = {
      from: new Date(today.getTime() - 729 * 86_400_000).toISOString().slice(0, 10),
      to: today.toISOString().slice(0, 10),
    };
    const response = await run(target, period);
    expect(response.errors).toBeUndefined();
    const evaluation = (
      response.data as {
        riskModelEvaluation: {
          sampleSize: number;
          excluded: number;
          recorded: { auc: number; calibration: Array<{ band: string; accounts: number }> };
          candidate: { auc: number } | null;
        };
      }
    ).riskModelEvaluation;
    expect(evaluation.sampleSize).toBeGreaterThan(100);
    expect(evaluation.excluded).toBe(0);
    expect(evaluation.recorded.auc).toBeGreaterThan(0.6);
    expect(evaluation.recorded.calibration.map((row) => row.band)).toEqual(['GREEN', 'YELLOW', 'AMBER', 'RED']);
    expect(evaluation.recorded.calibration.reduce((sum, row) => sum + row.accounts, 0)).toBe(evaluation.sampleSize);
    expect(evaluation.candidate?.auc).toBeGreaterThan(0.6);
    return response;
  },
  async RecentChanges(target) {
    const response = await run(target);
    expect(response.errors).toBeUndefined();
    const changes = (
      response.data as {
        changes: {
          totalCount: number;
          nodes: Array<{ kind: string; actorKind: string; occurredAt: string; sentence: string }>;
        };
      }
    ).changes;
    expect(changes.nodes.length).toBeLessThanOrEqual(50);
    expect(changes.totalCount).toBeGreaterThanOrEqual(changes.nodes.length);
    // Newest first, each inside the documented week, each with its one-line sentence.
    const times = changes.nodes.map((change) => Date.parse(change.occurredAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    for (const change of changes.nodes) {
      const at = Date.parse(change.occurredAt);
      expect(at >= Date.parse('2026-11-27T00:00:00Z') && at < Date.parse('2026-12-04T00:00:00Z')).toBe(true);
      expect(change.sentence).toMatch(/\S/);
      expect(['MEMBER', 'IMPORT', 'SYSTEM']).toContain(change.actorKind);
    }
    return response;
  },
  async CreateDashboardToken(target) {
    const response = await run(target);
    const { createApiToken } = response.data as TokenData;
    expect(createApiToken.__typename).toBe('CreateApiTokenPayload');
    expect(createApiToken.token.scope).toBe('READ_ONLY');
    expect(createApiToken.secret.startsWith(createApiToken.token.prefix)).toBe(true);
    const readOnly = createClient({ endpoint: server.url, token: createApiToken.secret });
    const viewer = await run(example('Viewer'), {}, readOnly);
    expect(viewer.data).toMatchObject({ viewer: { tokenScope: 'READ_ONLY' } });
    return response;
  },

  async InviteMember(target) {
    const response = await run(target);
    const { inviteMember } = response.data as {
      inviteMember: { __typename: string; code: string; member: { status: string; role: string } };
    };
    expect(inviteMember).toMatchObject({
      __typename: 'InviteMemberPayload',
      member: { status: 'INVITED', role: 'REP' },
    });
    invitationCode = inviteMember.code;
    return response;
  },

  async AcceptInvitation(target) {
    if (!invitationCode) await checks.InviteMember?.(example('InviteMember'));
    // The invitee's request: the code itself is the credential.
    const send = async () => {
      const answer = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Invitation ${invitationCode}` },
        body: JSON.stringify({ query: target.source, variables: target.variables }),
      });
      return (await answer.json()) as Response;
    };
    const response = await send();
    const { acceptInvitation } = response.data as {
      acceptInvitation: { __typename: string; secret: string; member: { status: string } };
    };
    expect(acceptInvitation).toMatchObject({ __typename: 'AcceptInvitationPayload', member: { status: 'ACTIVE' } });
    const own = createClient({ endpoint: server.url, token: acceptInvitation.secret });
    expect(await run(example('Viewer'), {}, own)).toMatchObject({ data: { viewer: { role: 'REP' } } });
    const again = await send();
    expect(again.data).toMatchObject({ acceptInvitation: { __typename: 'InvitationError', reason: 'USED' } });
    return response;
  },

  async Viewer(target) {
    const response = await run(target);
    const { viewer } = response.data as {
      viewer: { role: string; tokenScope: string; organization: { name: string; currency: string } };
    };
    expect(viewer).toMatchObject({ role: 'ADMIN', tokenScope: 'READ_ONLY' });
    expect(viewer.organization.currency).toMatch(/^[A-Z]{3}$/);
    return response;
  },

  async AtRiskAccounts(target) {
    const response = await run(target);
    const page = (response.data as { atRiskAccounts: Page<{ arrMinor: number; risk: RiskData }> }).atRiskAccounts;
    const variables = target.variables ?? {};
    const { bands } = variables.filter as { bands: string[] };
    expect(page.totalCount).toBe(
      await db.prisma.account.count({ where: { organizationId, riskBand: { in: bands as never } } }),
    );
    expect(page.nodes.length).toBe(Math.min(page.totalCount, variables.first as number));
    expect(page.nodes.length).toBeGreaterThan(0);
    for (const { risk } of page.nodes) {
      expect(bands).toContain(risk.band);
      expect(risk.factors.length).toBeGreaterThan(0);
      expectScoreExplained(risk);
      expect(['RED_ZONE', 'DEAD_ZONE']).toContain(risk.zone);
      expect(risk.zoneReasons?.length).toBeGreaterThan(0);
    }
    expectNonIncreasing(page.nodes.map((node) => node.arrMinor));
    return response;
  },

  async AccountHealth(target) {
    const riskiest = await db.prisma.account.findFirstOrThrow({
      where: { organizationId },
      orderBy: [{ riskScore: 'desc' }, { id: 'asc' }],
    });
    const response = await run(target, { id: encodeId('Account', riskiest.id) });
    const { account } = response.data as {
      account: {
        name: string;
        risk: RiskData;
        coverage: Coverage;
        stakeholders: Page<{ fullName: string; relationships: Array<{ live: boolean }> }>;
      };
    };
    expect(account.name).toBe(riskiest.name);
    expect(account.risk.score).toBeGreaterThan(0);
    expectScoreExplained(account.risk);
    const { coverage } = account;
    expect(new Set([...coverage.filledRoles, ...coverage.missingRoles])).toEqual(new Set(coverage.requiredRoles));
    expect(coverage.coveragePercent).toBe(
      Math.round((coverage.filledRoles.length / coverage.requiredRoles.length) * 100),
    );
    expect(account.stakeholders.nodes.length).toBeGreaterThan(0);
    expect(account.stakeholders.nodes.flatMap((person) => person.relationships).length).toBeGreaterThan(0);
    return response;
  },

  async CoverageGaps(target) {
    const response = await run(target);
    const page = (response.data as { coverageGaps: Page<{ arrMinor: number; coverage: Coverage }> }).coverageGaps;
    expect(page.nodes.length).toBe(Math.min(page.totalCount, target.variables?.first as number));
    expect(page.nodes.length).toBeGreaterThan(0);
    for (const { coverage } of page.nodes) {
      expect(coverage.gaps.length).toBeGreaterThan(0);
      const unfilled = coverage.gaps.filter((gap) => gap.kind === 'UNFILLED_ROLE').map((gap) => gap.role);
      expect(new Set(unfilled)).toEqual(new Set(coverage.missingRoles));
    }
    // Gap exposure: ARR × the weight of the most severe gap.
    const weight: Record<string, number> = { CRITICAL: 5, HIGH: 4, MEDIUM: 3, LOW: 2, MINOR: 1 };
    expectNonIncreasing(page.nodes.map((node) => node.arrMinor * (weight[node.coverage.severity ?? ''] ?? 0)));
    return response;
  },

  async Threading(target) {
    const accounts: Array<{ coverage: Coverage }> = [];
    let totalCount = 0;
    for await (const nodes of dashboard.paginate(
      target.source,
      target.variables ?? {},
      (data: { accounts: Page<{ coverage: Coverage }> }) => {
        totalCount = data.accounts.totalCount;
        return data.accounts;
      },
    )) {
      accounts.push(...nodes);
    }
    expect(accounts.length).toBe(totalCount);
    expect(totalCount).toBe(await db.prisma.account.count({ where: { organizationId } }));
    for (const { coverage } of accounts) {
      expect(coverage.singleThreaded).toBe(coverage.liveThreadCount === 1);
      expect(coverage.noLiveThread).toBe(coverage.liveThreadCount === 0);
      expect(coverage.liveStakeholderCount).toBeLessThanOrEqual(coverage.liveThreadCount);
      expect(coverage.members.length).toBeLessThanOrEqual(coverage.liveThreadCount);
    }
    expect(accounts.some((account) => account.coverage.singleThreaded)).toBe(true);
    expect(accounts.some((account) => !account.coverage.singleThreaded)).toBe(true);
    return run(target);
  },

  async Team(target) {
    const response = await run(target);
    const { members } = response.data as { members: Array<{ id: string; role: string; active: boolean }> };
    expect(members.length).toBe(await db.prisma.member.count({ where: { organizationId } }));
    expect(members.map((member) => member.role)).toContain('ADMIN');
    return response;
  },

  async SoleThreadAccounts(target) {
    const team = await run(example('Team'));
    const { members } = team.data as { members: Array<{ id: string; active: boolean }> };
    let first: Response | undefined;
    let accountsFound = 0;
    for (const member of members.filter((candidate) => candidate.active)) {
      const response = await run(target, { memberId: member.id });
      const accounts = (response.data as { soleThreadAccounts: Array<{ arrMinor: number; coverage: Coverage }> })
        .soleThreadAccounts;
      for (const { coverage } of accounts) {
        expect(coverage.liveThreadCount).toBeGreaterThan(0);
        expect(coverage.members.map((holder) => holder.id)).toEqual([member.id]);
      }
      expectNonIncreasing(accounts.map((account) => account.arrMinor));
      accountsFound += accounts.length;
      if (accounts.length > 0) first ??= response;
    }
    expect(accountsFound).toBeGreaterThan(0);
    return first!;
  },

  async DepartedContacts(target) {
    const response = await run(target);
    const page = (
      response.data as {
        departedContacts: Page<{
          departure: { departedOn: string | null; warm: boolean; destinationAccount: { name: string } | null };
        }>;
      }
    ).departedContacts;
    expect(page.totalCount).toBe(await db.prisma.stakeholder.count({ where: { organizationId, status: 'DEPARTED' } }));
    expect(page.nodes.length).toBeGreaterThan(0);
    for (const { departure } of page.nodes) expect(departure.warm).toBe(departure.destinationAccount !== null);
    const days = page.nodes.flatMap(({ departure }) => (departure.departedOn ? [departure.departedOn] : []));
    expect(days).toEqual([...days].sort().reverse());
    return response;
  },

  async OpenDepartureCases(target) {
    const response = await run(target);
    const page = (
      response.data as {
        departureCases: Page<{
          closedAt: string | null;
          arrAtRiskMinor: number;
          planCompletion: number;
          steps: Array<{ done: boolean }>;
        }>;
      }
    ).departureCases;
    expect(page.totalCount).toBe(await db.prisma.departureCase.count({ where: { organizationId, closedAt: null } }));
    expect(page.nodes.length).toBeGreaterThan(0);
    for (const item of page.nodes) {
      expect(item.closedAt).toBeNull();
      expect(item.steps.length).toBeGreaterThan(0);
      expect(item.planCompletion).toBeCloseTo(item.steps.filter((step) => step.done).length / item.steps.length, 6);
    }
    expect(page.nodes.some((item) => item.planCompletion > 0)).toBe(true);
    expectNonIncreasing(page.nodes.map((item) => item.arrAtRiskMinor));
    return response;
  },

  async TurnoverReport(target) {
    // The demo history is dated relative to today: report on the last twelve months.
    const to = new Date(Date.now() + 60_000);
    const from = new Date(to.getTime() - 365 * 86_400_000);
    const response = await run(target, { from: from.toISOString(), to: to.toISOString() });
    const report = (
      response.data as {
        turnoverReport: {
          __typename: string;
          summary: string;
          saveRate: number;
          total: ReportLine;
          byCause: ReportLine[];
        };
      }
    ).turnoverReport;
    expect(report.__typename).toBe('TurnoverReport');
    expect(report.summary.length).toBeGreaterThan(50);
    expect(report.saveRate).toBeGreaterThanOrEqual(0);
    expect(report.saveRate).toBeLessThanOrEqual(1);
    const { total, byCause } = report;
    expect(total.cause).toBeUndefined();
    expect(byCause.length).toBeGreaterThan(0);
    expect(total.openCount).toBe(await db.prisma.departureCase.count({ where: { organizationId, closedAt: null } }));
    expect(total.openCount).toBeGreaterThan(0);
    expect(total.savedCount).toBeGreaterThan(0);
    for (const field of [
      'savedCount',
      'savedArrMinor',
      'churnedCount',
      'churnedArrMinor',
      'openCount',
      'openArrAtRiskMinor',
    ] as const) {
      expect(
        byCause.reduce((sum, line) => sum + line[field], 0),
        field,
      ).toBe(total[field]);
    }
    // The outlook split adds up exactly, on the total and on every line.
    for (const line of [total, ...byCause]) {
      expect(line.expectedSavedArrMinor + line.undecidedArrMinor + line.highRiskArrMinor).toBe(line.openArrAtRiskMinor);
    }
    expect(byCause.reduce((sum, line) => sum + line.expectedSavedArrMinor, 0)).toBe(total.expectedSavedArrMinor);
    return response;
  },

  async ProfileLookup(target) {
    const response = await run(target);
    const lookup = (
      response.data as {
        profileLookup: {
          __typename: string;
          tracked: boolean;
          profileUrl: string;
          stakeholder: { fullName: string; account: { name: string } } | null;
        };
      }
    ).profileLookup;
    expect(lookup.__typename).toBe('ProfileLookup');
    expect(lookup.profileUrl).not.toBe(target.variables?.url);
    const slug = new URL(lookup.profileUrl).pathname.split('/').filter(Boolean).at(-1)!;
    const person = await db.prisma.stakeholder.findFirstOrThrow({
      where: { organizationId, profileUrl: { contains: slug } },
      include: { account: true },
    });
    expect(profileUrlFromKey(person.profileUrl!)).toBe(lookup.profileUrl);
    expect(lookup.tracked).toBe(true);
    expect(lookup.stakeholder).toMatchObject({ fullName: person.fullName, account: { name: person.account.name } });
    return response;
  },

  async AccountsPage(target) {
    const variables = target.variables ?? {};
    const ids: string[] = [];
    let totalCount = -1;
    let pages = 0;
    for await (const nodes of dashboard.paginate(
      target.source,
      variables,
      (data: { accounts: Page<{ id: string }> }) => {
        totalCount = data.accounts.totalCount;
        return data.accounts;
      },
    )) {
      pages++;
      ids.push(...nodes.map((node) => node.id));
    }
    const lifecycles = (variables.filter as { lifecycles: string[] }).lifecycles;
    expect(totalCount).toBe(
      await db.prisma.account.count({ where: { organizationId, lifecycle: { in: lifecycles as never } } }),
    );
    expect(pages).toBe(Math.ceil(totalCount / (variables.first as number)));
    expect(pages).toBeGreaterThan(1);
    expect(ids).toHaveLength(totalCount);
    expect(new Set(ids).size).toBe(totalCount);
    return run(target);
  },

  async MemberTokens(target) {
    // A member's tokens are for an admin's FULL token (the demo token): the dashboard's READ_ONLY one
    // is answered NOT_FOUND, as for a missing member.
    const rep = await db.prisma.member.findFirstOrThrow({ where: { organizationId, role: 'REP' } });
    await db.prisma.apiToken.create({
      data: {
        organizationId,
        memberId: rep.id,
        name: 'README laptop',
        tokenHash: `readme-${rep.id}`,
        prefix: 'tw_readme',
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    const memberId = encodeId('Member', rep.id);
    const refused = await run(target, { memberId });
    expect((refused.errors?.[0] as { extensions?: { code?: string } })?.extensions?.code).toBe('NOT_FOUND');
    const response = await run(target, { memberId }, admin);
    const tokens = (response.data as { apiTokens: Array<{ name: string; status: string }> }).apiTokens;
    expect(tokens).toContainEqual(expect.objectContaining({ name: 'README laptop', status: 'ACTIVE' }));
    return response;
  },

  async RevokeMemberTokens(target) {
    const rep = await db.prisma.member.findFirstOrThrow({ where: { organizationId, role: 'REP' } });
    const live = await db.prisma.apiToken.count({ where: { memberId: rep.id, revokedAt: null } });
    const response = await run(target, { memberId: encodeId('Member', rep.id) });
    expect(response.data).toMatchObject({
      revokeMemberTokens: { __typename: 'RevokeMemberTokensPayload', revokedCount: live },
    });
    expect(await db.prisma.apiToken.count({ where: { memberId: rep.id, revokedAt: null } })).toBe(0);
    return response;
  },

  async BadReportPeriod(target) {
    const response = await run(target);
    expect(response.errors).toBeUndefined();
    expect(response.data).toMatchObject({ turnoverReport: { __typename: 'ValidationError', code: 'VALIDATION' } });
    return response;
  },

  async AccountWithBadId(target) {
    const response = await run(target);
    expect(response.errors).toHaveLength(1);
    expect(response.errors?.[0]).toMatchObject({ path: ['account'], extensions: { code: 'VALIDATION' } });
    expect(response.data).toEqual({ account: null });
    return response;
  },
};

describe("README's API section", () => {
  it('shows operations that are valid against the committed schema, each with its check here', () => {
    expect(examples.length).toBeGreaterThanOrEqual(10);
    for (const target of examples) {
      expect(
        validate(schema, target.document).map((error) => error.message),
        target.name,
      ).toEqual([]);
      const declared = new Set((target.operation.variableDefinitions ?? []).map((item) => item.variable.name.value));
      for (const name of Object.keys(target.variables ?? {}))
        expect(declared, `${target.name}: $${name}`).toContain(name);
    }
    expect(examples.map((target) => target.name).sort()).toEqual(Object.keys(checks).sort());
  });

  it('leaves a visible to-do only in its Limits subsection', () => {
    const section = readmeSection(readme, 'The API');
    const limits = section.slice(section.indexOf('\n### Limits\n'));
    expect(section.match(/TODO/g)?.length ?? 0).toBe(limits.match(/TODO/g)?.length ?? 0);
  });

  it.each(examples.map((target) => [target.name, target] as const))('%s answers as documented', async (_, target) => {
    const check = checks[target.name];
    if (!check) throw new Error(`No check for ${target.name}.`);
    const response = await check(target);
    if (target.answer) expect(shapeMismatches(response, target.answer)).toEqual([]);
  });

  it('answers a request without a token with HTTP 401 and UNAUTHENTICATED, as documented', async () => {
    expect(readmeSection(readme, 'The API')).toContain('`401` `UNAUTHENTICATED`');
    const anonymous = createClient({ endpoint: server.url, token: null });
    const error = await anonymous.request(example('Viewer').source).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GraphQLResponseError);
    expect(error).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it('answers createAccount with a READ_ONLY token as a ForbiddenError and changes nothing, as documented', async () => {
    expect(readmeSection(readme, 'The API')).toContain('`createAccount` with a `READ_ONLY` token');
    const before = await db.prisma.account.count({ where: { organizationId } });
    const data = await dashboard.request(
      'mutation Create($input: CreateAccountInput!) { createAccount(input: $input) { __typename ... on Error { code } } }',
      { input: { name: 'Not on a read-only token' } },
    );
    expect(data).toEqual({ createAccount: { __typename: 'ForbiddenError', code: 'FORBIDDEN' } });
    expect(await db.prisma.account.count({ where: { organizationId } })).toBe(before);
  });
});

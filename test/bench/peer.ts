// Side by side on the same PostgreSQL database: Threadwatch, the stack floor (stack-server.ts: the
// API's libraries with none of its own code; for the trivial shape also Apollo Server with one
// hand-written graphql-js field and no database), PostGraphile (a dev dependency of the bench only)
// without authentication and with a per-request JWT role, and the SQL floor (the same rows from one
// prepared statement through node-postgres). The same shapes return the same rows (checked
// before measuring; a mismatch stops the bench), runs alternate between the targets, and each run
// reports throughput, p50, p99, CPU per request of the server process and of PostgreSQL's backends,
// and SQL statements per request.
//
// Tenancy for PostGraphile: a schema of views over the organization's rows only. Without
// authentication (`peer_open`) the views name the bench organization; with the JWT role
// (`peer_jwt`) they read it from the request's verified claim (`jwt.claims.organization_id`), which
// PostGraphile sets in a transaction of each request's own, as role `bench_peer_reader`.
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { repoRoot } from '@threadwatch/db/database';
import pg from 'pg';
import { companyUrlFromKey } from '../../api/src/domain/linkedin-url.ts';
import { AT_RISK } from './dashboard.ts';
import { type GeneratorReport, type LoadGenerator, type LoadTarget, type RequestStream, settle } from './open-loop.ts';
import { lookupBodies } from './profile-lookup.ts';
import { type ApiProcess, type BenchDatabase, cpuSince, freePort, postgresCpu, startServerProcess } from './support.ts';

export const PEER_ROLE = 'bench_peer_reader';
const CONNECTIONS = 10;
/** The target column's width: the longest target name. */
const NAME_WIDTH = 30;
const RECENTLY_DECIDED_DAYS = 30;

/** The views PostGraphile serves: the organization's rows only, under `condition`. */
function viewsSql(schema: string, condition: string): string {
  const org = `"organizationId" = ${condition}`;
  return `
    DROP SCHEMA IF EXISTS ${schema} CASCADE;
    CREATE SCHEMA ${schema};
    CREATE VIEW ${schema}.member AS SELECT id, name, role, "deactivatedAt" FROM "Member" WHERE ${org};
    CREATE VIEW ${schema}.account AS
      SELECT id, name, "arrMinor", tier, "companyUrl", "ownerId", "riskScore", "riskBand", "riskZone", "riskFactors"
      FROM "Account" WHERE ${org};
    CREATE VIEW ${schema}.at_risk_account AS
      SELECT * FROM ${schema}.account WHERE "riskBand" IN ('AMBER', 'RED');
    CREATE VIEW ${schema}.stakeholder AS
      SELECT id, "accountId", "fullName", title, status, "buyingRoles", "isMainContact", "profileUrl"
      FROM "Stakeholder" WHERE ${org};
    CREATE VIEW ${schema}.relationship AS
      SELECT id, "stakeholderId", "memberId", strength, "lastTouchAt" FROM "Relationship" WHERE ${org};
    CREATE VIEW ${schema}.job_change_flag AS
      SELECT id, "stakeholderId", kind, status, "observedCompany", "observedAt", "reviewedAt", "createdAt"
      FROM "JobChangeFlag"
      WHERE ${org} AND (status = 'PENDING' OR "reviewedAt" >= now() - interval '${RECENTLY_DECIDED_DAYS} days');
    COMMENT ON VIEW ${schema}.member IS '@primaryKey id';
    COMMENT ON VIEW ${schema}.account IS E'@primaryKey id\\n@foreignKey ("ownerId") references ${schema}.member (id)';
    COMMENT ON VIEW ${schema}.at_risk_account IS '@primaryKey id';
    COMMENT ON VIEW ${schema}.stakeholder IS E'@primaryKey id\\n@unique "profileUrl"\\n@foreignKey ("accountId") references ${schema}.account (id)\\n@foreignKey ("accountId") references ${schema}.at_risk_account (id)';
    COMMENT ON VIEW ${schema}.relationship IS E'@primaryKey id\\n@foreignKey ("stakeholderId") references ${schema}.stakeholder (id)\\n@foreignKey ("memberId") references ${schema}.member (id)';
    COMMENT ON VIEW ${schema}.job_change_flag IS E'@primaryKey id\\n@foreignKey ("stakeholderId") references ${schema}.stakeholder (id)';
    GRANT USAGE ON SCHEMA ${schema} TO ${PEER_ROLE};
    GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO ${PEER_ROLE};`;
}

async function prepareViews(url: string, organizationId: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `DO $$ BEGIN CREATE ROLE ${PEER_ROLE} NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`,
    );
    await client.query(`GRANT ${PEER_ROLE} TO CURRENT_USER`).catch(() => undefined);
    if (!/^[0-9a-f-]{36}$/.test(organizationId)) throw new Error(`unexpected organization id ${organizationId}`);
    await client.query(viewsSql('peer_open', `'${organizationId}'::uuid`));
    await client.query(viewsSql('peer_jwt', `nullif(current_setting('jwt.claims.organization_id', true), '')::uuid`));
  } finally {
    await client.end();
  }
}

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

/** An HS256 JWT as PostGraphile verifies it: its role and the organization as claims. */
function signJwt(secret: string, claims: Record<string, unknown>): string {
  const head = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`;
  return `${head}.${base64url(createHmac('sha256', secret).update(head).digest())}`;
}

// ---- The shapes, for each target ----

const PG_TRIVIAL = 'query($id: UUID!) { memberById(id: $id) { role } }';
const PG_LOOKUP = `query($key: String!) {
  stakeholderByProfileUrl(profileUrl: $key) {
    id fullName title status buyingRoles isMainContact
    accountByAccountId { id name tier companyUrl riskBand riskScore memberByOwnerId { name } }
    relationshipsByStakeholderId(orderBy: [STRENGTH_ASC, LAST_TOUCH_AT_DESC]) {
      nodes { strength lastTouchAt memberByMemberId { name deactivatedAt } }
    }
    jobChangeFlagsByStakeholderId(orderBy: [CREATED_AT_DESC, ID_DESC], first: 20) {
      nodes { id kind status observedCompany observedAt reviewedAt }
    }
  }
}`;
const PG_AT_RISK = `{
  allAtRiskAccounts(first: 50, orderBy: [RISK_SCORE_DESC, ARR_MINOR_DESC, ID_ASC]) {
    totalCount
    nodes {
      name arrMinor riskScore riskBand riskZone riskFactors
      stakeholdersByAccountId(first: 10, orderBy: [IS_MAIN_CONTACT_DESC, FULL_NAME_ASC, ID_ASC]) {
        nodes {
          fullName status buyingRoles
          relationshipsByStakeholderId(orderBy: [STRENGTH_ASC, LAST_TOUCH_AT_DESC]) {
            nodes { strength lastTouchAt memberByMemberId { name deactivatedAt } }
          }
        }
      }
    }
  }
}`;

const THREADS_SQL = (stakeholder: string) => `
  (SELECT coalesce(json_agg(json_build_object('strength', r.strength, 'lastTouchAt', r."lastTouchAt",
            'member', m.name, 'memberLeftAt', m."deactivatedAt") ORDER BY r.strength, r."lastTouchAt" DESC NULLS LAST), '[]')
     FROM "Relationship" r JOIN "Member" m ON m.id = r."memberId"
    WHERE r."organizationId" = $1 AND r."stakeholderId" = ${stakeholder})`;

const FLOOR_TRIVIAL = 'SELECT role FROM "Member" WHERE "organizationId" = $1 AND id = $2';
const FLOOR_LOOKUP = `
  SELECT s.id, s."fullName", s.title, s.status, s."buyingRoles"::text[] AS "buyingRoles", s."isMainContact",
    a.id AS "accountId", a.name AS account, a.tier, a."companyUrl", a."riskBand", a."riskScore", m.name AS owner,
    ${THREADS_SQL('s.id')} AS threads,
    (SELECT coalesce(json_agg(f ORDER BY f."createdAt" DESC, f.id DESC), '[]') FROM (
       SELECT f.id, f.kind, f.status, f."observedCompany", f."observedAt", f."reviewedAt", f."createdAt"
         FROM "JobChangeFlag" f
        WHERE f."organizationId" = $1 AND f."stakeholderId" = s.id
          AND (f.status = 'PENDING' OR f."reviewedAt" >= now() - interval '${RECENTLY_DECIDED_DAYS} days')
        ORDER BY f."createdAt" DESC, f.id DESC LIMIT 20) f) AS flags
  FROM "Stakeholder" s
  JOIN "Account" a ON a.id = s."accountId"
  LEFT JOIN "Member" m ON m.id = a."ownerId"
  WHERE s."organizationId" = $1 AND s."profileUrl" = $2`;
const FLOOR_AT_RISK = `
  SELECT p.name, p."arrMinor", p."riskScore", p."riskBand", p."riskZone", p."riskFactors",
    (SELECT count(*) FROM "Account" WHERE "organizationId" = $1 AND "riskBand" IN ('AMBER', 'RED'))::int AS "totalCount",
    (SELECT coalesce(json_agg(json_build_object('fullName', s."fullName", 'status', s.status,
              'buyingRoles', s."buyingRoles", 'threads', s.threads) ORDER BY s."isMainContact" DESC, s."fullName", s.id), '[]')
       FROM (SELECT s.id, s."fullName", s.status, s."buyingRoles", s."isMainContact", ${THREADS_SQL('s.id')} AS threads
               FROM "Stakeholder" s WHERE s."organizationId" = $1 AND s."accountId" = p.id
              ORDER BY s."isMainContact" DESC, s."fullName", s.id LIMIT 10) s) AS stakeholders
  FROM (SELECT * FROM "Account" WHERE "organizationId" = $1 AND "riskBand" IN ('AMBER', 'RED')
         ORDER BY "riskScore" DESC, "arrMinor" DESC, id LIMIT 50) p
  ORDER BY p."riskScore" DESC, p."arrMinor" DESC, p.id`;

// The stack floor's schema (stack-server.ts): the organization is fixed there, like PostGraphile's views.
const STACK_TRIVIAL = 'query($id: ID!) { member(id: $id) { role } }';
const BARE_TRIVIAL = '{ role }';
const STACK_LOOKUP = `query($profileUrl: String!) {
  stakeholder(profileUrl: $profileUrl) {
    id fullName title status buyingRoles isMainContact
    account { id name tier companyUrl riskBand riskScore owner { name } }
    relationships { strength lastTouchAt member { name deactivatedAt } }
    jobChangeFlags { id kind status observedCompany observedAt reviewedAt }
  }
}`;
const STACK_AT_RISK = `{
  atRiskAccounts(first: 50) {
    totalCount
    nodes {
      name arrMinor riskScore riskBand riskZone riskFactors
      stakeholders(first: 10) {
        nodes { fullName status buyingRoles relationships { strength lastTouchAt member { name deactivatedAt } } }
      }
    }
  }
}`;

// ---- Canonical answers, to check the targets return the same rows ----

type Json = Record<string, unknown>;
interface Thread {
  strength: string;
  member: string;
}
const threadKey = (threads: Thread[]) =>
  threads
    .map((thread) => `${thread.strength}:${thread.member}`)
    .sort()
    .join('|');
const sorted = (values: unknown) => [...((values as string[]) ?? [])].sort().join(',');

interface LookupAnswer {
  person: string;
  account: string;
  threads: string;
  flags: string;
}
interface PageAnswer {
  totalCount: number;
  accounts: string[];
}

/** One lookup in the form the targets are compared in, from the parts each target names its own way. */
function lookupAnswer(
  person: Json,
  account: unknown[],
  threads: { strength: unknown; member: unknown }[],
  flags: Json[],
): LookupAnswer {
  return {
    person: [person.fullName, person.title, person.status, sorted(person.buyingRoles), person.isMainContact].join(';'),
    account: account.join(';'),
    threads: threadKey(threads.map((r) => ({ strength: String(r.strength), member: String(r.member) }))),
    flags: flags.map((f) => `${f.kind}:${f.status}`).join(','),
  };
}

const companyUrlOf = (key: unknown) => (key ? companyUrlFromKey(String(key)) : null);

function lookupFromThreadwatch(data: Json): LookupAnswer | null {
  const s = (data.profileLookup as Json).stakeholder as Json | null;
  if (!s) return null;
  const a = s.account as Json;
  const risk = a.risk as Json;
  return lookupAnswer(
    s,
    [a.name, a.tier, a.companyUrl, risk.band, risk.score, (a.owner as Json | null)?.name],
    (s.relationships as Json[]).map((r) => ({ strength: r.strength, member: (r.member as Json).name })),
    (data.profileLookup as Json).flags as Json[],
  );
}

function lookupFromPeer(data: Json): LookupAnswer | null {
  const s = data.stakeholderByProfileUrl as Json | null;
  if (!s) return null;
  const a = s.accountByAccountId as Json;
  return lookupAnswer(
    s,
    [a.name, a.tier, companyUrlOf(a.companyUrl), a.riskBand, a.riskScore, (a.memberByOwnerId as Json | null)?.name],
    ((s.relationshipsByStakeholderId as Json).nodes as Json[]).map((r) => ({
      strength: r.strength,
      member: (r.memberByMemberId as Json).name,
    })),
    (s.jobChangeFlagsByStakeholderId as Json).nodes as Json[],
  );
}

function lookupFromStack(data: Json): LookupAnswer | null {
  const s = data.stakeholder as Json | null;
  if (!s) return null;
  const a = s.account as Json;
  return lookupAnswer(
    s,
    [a.name, a.tier, companyUrlOf(a.companyUrl), a.riskBand, a.riskScore, (a.owner as Json | null)?.name],
    (s.relationships as Json[]).map((r) => ({ strength: r.strength, member: (r.member as Json).name })),
    s.jobChangeFlags as Json[],
  );
}

function lookupFromFloor(rows: Json[]): LookupAnswer | null {
  const s = rows[0];
  if (!s) return null;
  return lookupAnswer(
    s,
    [s.account, s.tier, companyUrlOf(s.companyUrl), s.riskBand, s.riskScore, s.owner ?? undefined],
    s.threads as Thread[],
    s.flags as Json[],
  );
}

const accountKey = (name: unknown, arr: unknown, score: unknown, band: unknown, zone: unknown, factors: unknown) =>
  [name, Number(arr), score, band, zone ?? null, (factors as Json[]).map((f) => `${f.key}=${f.points}`).join(',')].join(
    ';',
  );
const personKey = (fullName: unknown, status: unknown, roles: unknown, threads: Thread[]) =>
  `${fullName};${status};${sorted(roles)};[${threadKey(threads)}]`;

function pageFromThreadwatch(data: Json): PageAnswer {
  const page = data.atRiskAccounts as Json;
  return {
    totalCount: Number(page.totalCount),
    accounts: (page.nodes as Json[]).map((a) => {
      const risk = a.risk as Json;
      const people = ((a.stakeholders as Json).nodes as Json[]).map((s) =>
        personKey(
          s.fullName,
          s.status,
          s.buyingRoles,
          (s.relationships as Json[]).map((r) => ({
            strength: String(r.strength),
            member: String((r.member as Json).name),
          })),
        ),
      );
      return `${accountKey(a.name, a.arrMinor, risk.score, risk.band, risk.zone, risk.factors)} {${people.join(' / ')}}`;
    }),
  };
}

function pageFromPeer(data: Json): PageAnswer {
  const page = data.allAtRiskAccounts as Json;
  return {
    totalCount: Number(page.totalCount),
    accounts: (page.nodes as Json[]).map((a) => {
      const people = ((a.stakeholdersByAccountId as Json).nodes as Json[]).map((s) =>
        personKey(
          s.fullName,
          s.status,
          s.buyingRoles,
          ((s.relationshipsByStakeholderId as Json).nodes as Json[]).map((r) => ({
            strength: String(r.strength),
            member: String((r.memberByMemberId as Json).name),
          })),
        ),
      );
      return `${accountKey(a.name, a.arrMinor, a.riskScore, a.riskBand, a.riskZone, a.riskFactors)} {${people.join(' / ')}}`;
    }),
  };
}

function pageFromStack(data: Json): PageAnswer {
  const page = data.atRiskAccounts as Json;
  return {
    totalCount: Number(page.totalCount),
    accounts: (page.nodes as Json[]).map((a) => {
      const people = ((a.stakeholders as Json).nodes as Json[]).map((s) =>
        personKey(
          s.fullName,
          s.status,
          s.buyingRoles,
          (s.relationships as Json[]).map((r) => ({
            strength: String(r.strength),
            member: String((r.member as Json).name),
          })),
        ),
      );
      return `${accountKey(a.name, a.arrMinor, a.riskScore, a.riskBand, a.riskZone, a.riskFactors)} {${people.join(' / ')}}`;
    }),
  };
}

function pageFromFloor(rows: Json[]): PageAnswer {
  return {
    totalCount: Number(rows[0]?.totalCount ?? 0),
    accounts: rows.map((a) => {
      const people = (a.stakeholders as Json[]).map((s) =>
        personKey(s.fullName, s.status, s.buyingRoles, s.threads as Thread[]),
      );
      return `${accountKey(a.name, a.arrMinor, a.riskScore, a.riskBand, a.riskZone, a.riskFactors)} {${people.join(' / ')}}`;
    }),
  };
}

async function graphql(url: string, token: string, body: string): Promise<Json> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  const answer = (await response.json()) as { data?: Json; errors?: unknown };
  if (!response.ok || answer.errors || !answer.data)
    throw new Error(`${url} answered ${response.status}: ${JSON.stringify(answer).slice(0, 500)}`);
  return answer.data;
}

function assertSame(shape: string, answers: Array<[string, unknown]>): void {
  const [reference, expected] = answers[0] ?? ['', null];
  for (const [name, answer] of answers.slice(1)) {
    const a = JSON.stringify(expected);
    const b = JSON.stringify(answer);
    if (a !== b)
      throw new Error(
        `${shape}: ${name} does not return the same rows as ${reference}:\n  ${reference}: ${a.slice(0, 800)}\n  ${name}: ${b.slice(0, 800)}`,
      );
  }
}

// ---- Measuring ----

interface Target {
  name: string;
  /** Which request bodies it takes. */
  kind: 'threadwatch' | 'stack' | 'bare' | 'postgraphile' | 'sql';
  load: LoadTarget;
  /** The server process (none for the floor, whose client is the generator). */
  process: ApiProcess | null;
}

interface Measured {
  report: GeneratorReport;
  serverCpu: number;
  postgresCpu: number;
  queries: number;
}

interface ShapeSpec {
  name: string;
  /** Closed loop with this many connections, or open loop at `rate`. */
  connections?: number;
  rate?: number;
  streams: (target: Target) => RequestStream[];
}

function median(values: number[]): number {
  const list = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (list.length === 0) return Number.NaN;
  const middle = Math.floor(list.length / 2);
  return list.length % 2 ? (list[middle] ?? Number.NaN) : ((list[middle - 1] ?? 0) + (list[middle] ?? 0)) / 2;
}

const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '—');

export interface PeerOptions {
  seconds: number;
  /** Alternating rounds per shape (each target once per round, in a rotated order). */
  rounds: number;
  /** The open-loop lookup rate, req/s. */
  lookupRate: number;
  /** The lookup shapes run only at the load size; the at-risk page at every size. */
  lookups: boolean;
  /** The shapes to run (see PEER_SHAPES); all when null. */
  shapes: ReadonlySet<PeerShape> | null;
}

/** The side-by-side shapes, by the names BENCH_PEER_SHAPES takes. */
export const PEER_SHAPES = ['trivial', 'lookup', 'page-one', 'page', 'open'] as const;
export type PeerShape = (typeof PEER_SHAPES)[number];

export async function peerBench(
  generator: LoadGenerator,
  api: ApiProcess,
  db: BenchDatabase,
  token: string,
  organizationId: string,
  profileKeys: string[],
  options: PeerOptions,
): Promise<string[]> {
  const lines: string[] = [];
  const wanted = (shape: PeerShape) => options.shapes === null || options.shapes.has(shape);
  await prepareViews(db.url, organizationId);
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  const secret = base64url(createHmac('sha256', 'bench-peer').update(organizationId).digest());
  const jwt = signJwt(secret, {
    role: PEER_ROLE,
    organization_id: organizationId,
    aud: 'postgraphile',
    exp: Math.floor(Date.now() / 1000) + 86_400,
  });
  const startPeer = async (schema: string, jwtSecret?: string) => {
    const port = await freePort();
    return startServerProcess(join(repoRoot, 'test', 'bench', 'peer-server.ts'), join(repoRoot, 'test'), port, {
      PEER_DATABASE_URL: db.url,
      PEER_SCHEMA: schema,
      PORT: String(port),
      NODE_ENV: 'production',
      ...(jwtSecret ? { PEER_JWT_SECRET: jwtSecret } : {}),
    });
  };
  const startStack = async (extra: Record<string, string>) => {
    const port = await freePort();
    return startServerProcess(join(repoRoot, 'test', 'bench', 'stack-server.ts'), join(repoRoot, 'test'), port, {
      STACK_DATABASE_URL: db.url,
      STACK_ORGANIZATION_ID: organizationId,
      PORT: String(port),
      NODE_ENV: 'production',
      ...extra,
    });
  };
  const servers: ApiProcess[] = [];
  const clock = await postgresCpu(db.url);
  try {
    const open = await startPeer('peer_open');
    servers.push(open);
    const withJwt = await startPeer('peer_jwt', secret);
    servers.push(withJwt);
    const stackProcess = await startStack({});
    servers.push(stackProcess);
    const version = (
      (await import('postgraphile/package.json', { with: { type: 'json' } })) as { default: { version: string } }
    ).default.version;
    const viewer = (
      await admin.query<{ id: string; role: string }>(
        `SELECT m.id, m.role FROM "ApiToken" t JOIN "Member" m ON m.id = t."memberId"
          WHERE t."organizationId" = $1 AND t.name = 'bench' ORDER BY t."createdAt" DESC LIMIT 1`,
        [organizationId],
      )
    ).rows[0];
    if (!viewer) throw new Error('no bench token');
    // Apollo alone answers the trivial shape only; without it, no process for it.
    const bareProcess =
      options.lookups && wanted('trivial') ? await startStack({ STACK_MODE: 'bare', STACK_ROLE: viewer.role }) : null;
    if (bareProcess) servers.push(bareProcess);
    const tw: Target = {
      name: 'Threadwatch',
      kind: 'threadwatch',
      load: { kind: 'http', url: api.url, token },
      process: api,
    };
    const stack: Target = {
      name: 'Apollo + Pothos + Prisma, bare',
      kind: 'stack',
      load: { kind: 'http', url: stackProcess.url, token: '' },
      process: stackProcess,
    };
    const bare: Target | null = bareProcess && {
      name: 'Apollo alone, no database',
      kind: 'bare',
      load: { kind: 'http', url: bareProcess.url, token: '' },
      process: bareProcess,
    };
    const pgOpen: Target = {
      name: 'PostGraphile',
      kind: 'postgraphile',
      load: { kind: 'http', url: open.url, token: '' },
      process: open,
    };
    const pgJwt: Target = {
      name: 'PostGraphile + JWT role',
      kind: 'postgraphile',
      load: { kind: 'http', url: withJwt.url, token: jwt },
      process: withJwt,
    };
    const floorTarget = (text: string): Target => ({
      name: 'SQL floor',
      kind: 'sql',
      load: { kind: 'sql', url: db.url, text, connections: CONNECTIONS },
      process: null,
    });
    lines.push(
      `    side by side (PostGraphile ${version}; the stack floor: Apollo Server, graphql-js, Pothos and Prisma as the ` +
        `API uses them, without the API's own code; node-postgres floor; ${options.rounds} alternating rounds of ` +
        `${options.seconds} s; req/s min–max over rounds, p50/p99/CPU medians; CPU in ms per request, ` +
        `"PG" = PostgreSQL backends of this database):`,
    );

    // -- Same rows, checked before anything is measured.
    const sample = profileKeys.filter((_key, index) => index % 97 === 0).slice(0, 12);
    for (const key of sample) {
      const twBody = lookupBodies([key])[0] ?? '';
      const peerBody = JSON.stringify({ query: PG_LOOKUP, variables: { key } });
      const stackBody = JSON.stringify({ query: STACK_LOOKUP, variables: { profileUrl: key } });
      assertSame(`profileLookup ${key}`, [
        ['SQL floor', lookupFromFloor((await admin.query(FLOOR_LOOKUP, [organizationId, key])).rows)],
        ['Threadwatch', lookupFromThreadwatch(await graphql(api.url, token, twBody))],
        [stack.name, lookupFromStack(await graphql(stack.load.url, '', stackBody))],
        ['PostGraphile', lookupFromPeer(await graphql(open.url, '', peerBody))],
        ['PostGraphile + JWT role', lookupFromPeer(await graphql(withJwt.url, jwt, peerBody))],
      ]);
    }
    const pageBody = JSON.stringify({ query: PG_AT_RISK });
    const stackPageBody = JSON.stringify({ query: STACK_AT_RISK });
    assertSame('atRiskAccounts(first: 50)', [
      ['SQL floor', pageFromFloor((await admin.query(FLOOR_AT_RISK, [organizationId])).rows)],
      ['Threadwatch', pageFromThreadwatch(await graphql(api.url, token, JSON.stringify({ query: AT_RISK })))],
      [stack.name, pageFromStack(await graphql(stack.load.url, '', stackPageBody))],
      ['PostGraphile', pageFromPeer(await graphql(open.url, '', pageBody))],
      ['PostGraphile + JWT role', pageFromPeer(await graphql(withJwt.url, jwt, pageBody))],
    ]);
    const trivialPeer = JSON.stringify({ query: PG_TRIVIAL, variables: { id: viewer.id } });
    const trivialStack = JSON.stringify({ query: STACK_TRIVIAL, variables: { id: viewer.id } });
    const trivialBare = JSON.stringify({ query: BARE_TRIVIAL });
    assertSame('trivial', [
      ['SQL floor', (await admin.query(FLOOR_TRIVIAL, [organizationId, viewer.id])).rows[0]?.role],
      [
        'Threadwatch',
        ((await graphql(api.url, token, JSON.stringify({ query: '{ viewer { role } }' }))).viewer as Json).role,
      ],
      [stack.name, ((await graphql(stack.load.url, '', trivialStack)).member as Json).role],
      ...(bare ? [[bare.name, (await graphql(bare.load.url, '', trivialBare)).role] as [string, unknown]] : []),
      ['PostGraphile', ((await graphql(open.url, '', trivialPeer)).memberById as Json).role],
      ['PostGraphile + JWT role', ((await graphql(withJwt.url, jwt, trivialPeer)).memberById as Json).role],
    ]);
    lines.push(
      `      same rows checked: ${sample.length} lookups, the at-risk page (${pageFromFloor((await admin.query(FLOOR_AT_RISK, [organizationId])).rows).accounts.length} accounts), the viewer's role`,
    );

    const measure = async (target: Target, shape: ShapeSpec, seconds: number): Promise<Measured> => {
      const cpuBefore = await target.process?.cpuMs();
      const queriesBefore = await target.process?.queries();
      const pgBefore = await clock.read();
      const report = await generator.run({
        target: target.load,
        streams: shape.streams(target),
        rate: shape.rate ?? 0,
        seconds,
        ...(shape.connections ? { connections: shape.connections } : {}),
      });
      const pgAfter = await clock.read();
      const done = Math.max(1, report.completed);
      // Requests given up on may still be queued in the server and in PostgreSQL: let both drain
      // before the next run (an overloaded open-loop run leaves thousands behind).
      if (report.errors > 0) {
        if (target.process) await settle(target.process.cpuMs, 120);
        await settle(async () => [...(await clock.read()).values()].reduce((sum, value) => sum + value, 0), 60);
      }
      return {
        report,
        serverCpu:
          target.process && cpuBefore !== undefined
            ? ((await target.process.cpuMs()) - cpuBefore) / done
            : (report.generatorCpu * seconds * 1000) / done,
        postgresCpu: cpuSince(pgBefore, pgAfter) / done,
        queries:
          target.process && queriesBefore !== undefined ? ((await target.process.queries()) - queriesBefore) / done : 1,
      };
    };

    const runShape = async (shape: ShapeSpec, floorSql: string, withBare = false) => {
      const floorRun = floorTarget(floorSql);
      const targets = [tw, stack, ...(withBare && bare ? [bare] : []), pgOpen, pgJwt, floorRun];
      for (const target of targets) await measure(target, { ...shape, connections: CONNECTIONS, rate: 0 }, 1);
      const results = new Map<string, Measured[]>(targets.map((target) => [target.name, []]));
      for (let round = 0; round < options.rounds; round++) {
        for (let i = 0; i < targets.length; i++) {
          const target = targets[(i + round) % targets.length] as Target;
          const measured = await measure(target, shape, options.seconds);
          if (measured.report.errors > 0)
            console.log(`      ${shape.name}, ${target.name}: ${JSON.stringify(measured.report.errorCauses)}`);
          results.get(target.name)?.push(measured);
        }
      }
      const summary = targets.map((target) => {
        const runs = results.get(target.name) ?? [];
        const rates = runs.map((run) => run.report.achievedRate);
        return {
          target,
          name: target.name,
          low: Math.min(...rates),
          high: Math.max(...rates),
          rps: median(rates),
          p50: median(runs.map((run) => run.report.latency.p50)),
          p99: median(runs.map((run) => run.report.latency.p99)),
          server: median(runs.map((run) => run.serverCpu)),
          postgres: median(runs.map((run) => run.postgresCpu)),
          queries: median(runs.map((run) => run.queries)),
          errors: runs.reduce((sum, run) => sum + run.report.errors, 0),
          // Open loop only: latency of the successful answers alone, and the share of requests shed.
          okP50: median(runs.map((run) => run.report.okLatency?.p50 ?? Number.NaN)),
          okP99: median(runs.map((run) => run.report.okLatency?.p99 ?? Number.NaN)),
          shed:
            runs.reduce((sum, run) => sum + (run.report.shed ?? 0), 0) /
            Math.max(
              1,
              runs.reduce((sum, run) => sum + run.report.scheduled, 0),
            ),
        };
      });
      const floor = summary.find((row) => row.target === floorRun);
      const ours = summary.find((row) => row.target === tw);
      lines.push(`      ${shape.name}:`);
      lines.push(
        `        ${'target'.padEnd(NAME_WIDTH)} ${'req/s'.padStart(13)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ` +
          `${'CPU srv'.padStart(8)} ${'CPU PG'.padStart(7)} ${'SQL/req'.padStart(7)} ${'errors'.padStart(6)} ` +
          `${'÷ floor req/s'.padStart(13)} ${'p50 × floor'.padStart(11)}` +
          (shape.rate ? ` ${'ok p50'.padStart(8)} ${'ok p99'.padStart(8)} ${'shed %'.padStart(6)}` : ''),
      );
      for (const row of summary) {
        lines.push(
          `        ${row.name.padEnd(NAME_WIDTH)} ${`${fixed(row.low, 0)}–${fixed(row.high, 0)}`.padStart(13)} ` +
            `${fixed(row.p50, 2).padStart(8)} ${fixed(row.p99, 2).padStart(8)} ${fixed(row.server, 2).padStart(8)} ` +
            `${fixed(row.postgres, 2).padStart(7)} ${fixed(row.queries, 1).padStart(7)} ${String(row.errors).padStart(6)} ` +
            `${fixed(floor ? row.rps / floor.rps : Number.NaN, 3).padStart(13)} ${fixed(floor ? row.p50 / floor.p50 : Number.NaN, 1).padStart(11)}` +
            (shape.rate
              ? ` ${fixed(row.okP50, 2).padStart(8)} ${fixed(row.okP99, 2).padStart(8)} ${fixed(row.shed * 100, 1).padStart(6)}`
              : ''),
        );
      }
      if (ours) {
        const versus = summary
          .filter((row) => row.target === stack || row.target.kind === 'postgraphile')
          .map(
            (peer) =>
              `${peer.name}: req/s ${fixed(ours.rps / peer.rps, 2)}×, p99 ${fixed(ours.p99 / peer.p99, 2)}×, ` +
              (shape.rate
                ? `answered p50 ${fixed(ours.okP50 / peer.okP50, 2)}×, p99 ${fixed(ours.okP99 / peer.okP99, 2)}×, `
                : '') +
              `CPU ${fixed((ours.server + ours.postgres) / (peer.server + peer.postgres), 2)}×`,
          );
        lines.push(`        Threadwatch vs ${versus.join('; vs ')}`);
      }
    };

    const keysAsBodies = profileKeys.map((key) => JSON.stringify({ query: PG_LOOKUP, variables: { key } }));
    const stackLookups = profileKeys.map((key) =>
      JSON.stringify({ query: STACK_LOOKUP, variables: { profileUrl: key } }),
    );
    const lookupStreams = (target: Target): RequestStream[] => {
      switch (target.kind) {
        case 'threadwatch':
          return [{ name: 'lookup', weight: 1, bodies: lookupBodies(profileKeys), expect: '"stakeholder"' }];
        case 'stack':
          return [{ name: 'lookup', weight: 1, bodies: stackLookups, expect: '"stakeholder"' }];
        case 'sql':
          return [
            { name: 'lookup', weight: 1, bodies: profileKeys.map((key) => JSON.stringify([organizationId, key])) },
          ];
        default:
          return [{ name: 'lookup', weight: 1, bodies: keysAsBodies, expect: '"stakeholderByProfileUrl"' }];
      }
    };
    const pageBodies: Record<Target['kind'], string> = {
      threadwatch: JSON.stringify({ query: AT_RISK }),
      stack: stackPageBody,
      bare: '',
      postgraphile: pageBody,
      sql: JSON.stringify([organizationId]),
    };
    const pageStreams = (target: Target): RequestStream[] => [
      { name: 'page', weight: 1, bodies: [pageBodies[target.kind]] },
    ];
    const trivialBodies: Record<Target['kind'], string> = {
      threadwatch: JSON.stringify({ query: '{ viewer { role } }' }),
      stack: trivialStack,
      bare: trivialBare,
      postgraphile: trivialPeer,
      sql: JSON.stringify([organizationId, viewer.id]),
    };
    if (options.lookups && wanted('trivial')) {
      await runShape(
        {
          name:
            `trivial: { viewer { role } } / member(id) { role } / memberById(id) { role } / { role } ` +
            `without a database / one prepared SELECT, ${CONNECTIONS} connections`,
          connections: CONNECTIONS,
          streams: (target) => [{ name: 'trivial', weight: 1, bodies: [trivialBodies[target.kind]] }],
        },
        FLOOR_TRIVIAL,
        true,
      );
    }
    if (options.lookups && wanted('lookup')) {
      await runShape(
        {
          name: `profileLookup, ${CONNECTIONS} connections back to back`,
          connections: CONNECTIONS,
          streams: lookupStreams,
        },
        FLOOR_LOOKUP,
      );
    }
    if (wanted('page-one')) {
      await runShape(
        { name: 'atRiskAccounts(first: 50) nested, one at a time', connections: 1, streams: pageStreams },
        FLOOR_AT_RISK,
      );
    }
    if (wanted('page')) {
      await runShape(
        {
          name: `atRiskAccounts(first: 50) nested, ${CONNECTIONS} connections`,
          connections: CONNECTIONS,
          streams: pageStreams,
        },
        FLOOR_AT_RISK,
      );
    }
    // Last: a rate a target cannot keep up with leaves a backlog behind.
    if (options.lookups && wanted('open')) {
      await runShape(
        {
          name: `profileLookup, open loop at ${options.lookupRate} req/s (latency from the intended send time)`,
          rate: options.lookupRate,
          streams: lookupStreams,
        },
        FLOOR_LOOKUP,
      );
    }
  } finally {
    await clock.close();
    await admin.end();
    for (const server of servers) await server.stop();
  }
  return lines;
}

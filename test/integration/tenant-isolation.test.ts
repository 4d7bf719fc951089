// Tenant isolation, proven by generated cases: for every query and mutation of the schema, every
// argument that takes an id, a cursor, a profile or company URL, or a search term is given the
// other organization's values (ids of every node type, real cursors of its connections, its URLs
// and names), sent over HTTP as organization A with several roles and token scopes. Each case must
// answer exactly like the same request with a value that exists nowhere (a missing record), no
// response may contain anything of organization B, and B's rows must be unchanged to the byte.
import { randomUUID } from 'node:crypto';
import type { PrismaClient, TokenScope } from '@threadwatch/db/client';
import { seedDemo } from '@threadwatch/db/seed';
import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLOutputType,
  getNamedType,
  isInputObjectType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_QUERY_LIMITS } from '../../api/src/config.ts';
import { encodeId } from '../../api/src/global-id.ts';
import { operationCost } from '../../api/src/limits/query-limits.ts';
import { schema } from '../../api/src/schema/index.ts';
import { refreshOrganizationHealth } from '../../api/src/services/health.ts';
import { createToken, startTestApi, type TestApi } from '../support/api.ts';
import { snapshotTables } from '../support/database-snapshot.ts';
import { type Root, requiredValue, rootFields, rootType, selection } from '../support/schema-cases.ts';

const NODE_TYPES = [
  'Account',
  'Stakeholder',
  'Relationship',
  'Member',
  'ApiToken',
  'JobChangeFlag',
  'DepartureCase',
  'CaseStep',
  'WebhookEndpoint',
  'WebhookDelivery',
  'AccountOutcome',
] as const;
type NodeType = (typeof NODE_TYPES)[number];

/** The node type an id argument names. A new id argument fails the test until it is listed here. */
const ID_ARGUMENTS: Record<string, NodeType | 'any'> = {
  'Query.account.id': 'Account',
  'Query.accountOutcomes.filter.accountId': 'Account',
  'Query.accounts.filter.ownerId': 'Member',
  'Query.atRiskAccounts.filter.ownerId': 'Member',
  'Query.coverageGaps.filter.ownerId': 'Member',
  'Query.departedContacts.filter.formerAccountId': 'Account',
  'Query.departureCases.filter.accountId': 'Account',
  'Query.departureCases.filter.ownerId': 'Member',
  'Query.jobChangeFlags.accountId': 'Account',
  'Query.node.id': 'any',
  'Query.soleThreadAccounts.memberId': 'Member',
  'Query.stakeholder.id': 'Stakeholder',
  'Query.stakeholders.filter.accountId': 'Account',
  'Query.turnoverReport.ownerId': 'Member',
  'Query.changes.filter.accounts': 'Account',
  'Query.changes.filter.owners': 'Member',
  'Query.accountChanges.filter.accounts': 'Account',
  'Query.accountChanges.filter.owners': 'Member',
  'Query.digest.ownerId': 'Member',
  'Query.auditLog.filter.actors': 'Member',
  'Query.auditLog.filter.subjects': 'any',
  'Query.apiTokens.memberId': 'Member',
  'Mutation.addNote.input.accountId': 'Account',
  'Mutation.addNote.input.stakeholderId': 'Stakeholder',
  'Mutation.addNote.input.caseId': 'DepartureCase',
  'Mutation.addEmployment.input.stakeholderId': 'Stakeholder',
  'Mutation.addStakeholderFromPage.input.accountId': 'Account',
  'Mutation.closeDepartureCase.id': 'DepartureCase',
  'Mutation.confirmJobChange.input.id': 'JobChangeFlag',
  'Mutation.createAccount.input.ownerId': 'Member',
  'Mutation.createApiToken.input.memberId': 'Member',
  'Mutation.createRelationship.input.memberId': 'Member',
  'Mutation.createRelationship.input.stakeholderId': 'Stakeholder',
  'Mutation.createStakeholder.input.accountId': 'Account',
  'Mutation.deleteRelationship.id': 'Relationship',
  'Mutation.eraseStakeholder.id': 'Stakeholder',
  'Mutation.flagJobChange.input.accountId': 'Account',
  'Mutation.flagJobChange.input.stakeholderId': 'Stakeholder',
  'Mutation.handOverAccounts.input.fromMemberId': 'Member',
  'Mutation.handOverAccounts.input.toMemberId': 'Member',
  'Mutation.changeMemberRole.input.memberId': 'Member',
  'Mutation.deactivateMember.input.memberId': 'Member',
  'Mutation.deactivateMember.input.handOverToMemberId': 'Member',
  'Mutation.reactivateMember.memberId': 'Member',
  'Mutation.linkProfileToStakeholder.input.stakeholderId': 'Stakeholder',
  'Mutation.recordAccountEvent.input.accountId': 'Account',
  'Mutation.recordAccountOutcome.input.accountId': 'Account',
  'Mutation.correctAccountOutcome.input.id': 'AccountOutcome',
  'Mutation.deleteAccountOutcome.id': 'AccountOutcome',
  'Mutation.recordAccountSignal.input.accountId': 'Account',
  'Mutation.rejectJobChange.id': 'JobChangeFlag',
  'Mutation.revokeApiToken.id': 'ApiToken',
  'Mutation.revokeMemberTokens.memberId': 'Member',
  'Mutation.setDepartureCaseOutlook.input.id': 'DepartureCase',
  'Mutation.updateAccount.input.id': 'Account',
  'Mutation.updateAccount.input.ownerId': 'Member',
  'Mutation.updateCaseStep.input.id': 'CaseStep',
  'Mutation.updateCaseStep.input.ownerId': 'Member',
  'Mutation.updateDepartureCase.input.id': 'DepartureCase',
  'Mutation.updateDepartureCase.input.replacementId': 'Stakeholder',
  'Mutation.updateRelationship.input.id': 'Relationship',
  'Mutation.updateStakeholder.input.id': 'Stakeholder',
  'Mutation.createWebhookEndpoint.input.ownerId': 'Member',
  'Mutation.deleteWebhookEndpoint.id': 'WebhookEndpoint',
  'Mutation.redeliverWebhook.deliveryId': 'WebhookDelivery',
  'Mutation.resumeWebhookEndpoint.id': 'WebhookEndpoint',
  'Mutation.rotateWebhookSecret.id': 'WebhookEndpoint',
  'Mutation.updateWebhookEndpoint.input.id': 'WebhookEndpoint',
};
/** String arguments that look a record up by what identifies it outside Threadwatch. */
const LOOKUP_ARGUMENTS: Record<string, 'profileUrl' | 'companyUrl' | 'accountName' | 'personName'> = {
  'Query.profileLookup.url': 'profileUrl',
  'Query.companyLookup.url': 'companyUrl',
  'Query.accounts.filter.search': 'accountName',
  'Query.stakeholders.filter.search': 'personName',
  'Mutation.flagJobChange.input.profileUrl': 'profileUrl',
  'Mutation.flagJobChange.input.observedName': 'personName',
};
/** Required arguments besides ids that let a mutation reach its lookups (not a validation error). */
const EXTRA_ARGUMENTS: Record<string, Record<string, unknown>> = {
  'Mutation.flagJobChange.input': { observedName: 'Nobody Probe' },
};

const VIEWERS: Array<{ role: 'ADMIN' | 'MANAGER' | 'CSM' | 'REP'; scope: TokenScope }> = [
  { role: 'ADMIN', scope: 'FULL' },
  { role: 'MANAGER', scope: 'FULL' },
  { role: 'CSM', scope: 'FULL' },
  { role: 'REP', scope: 'FULL' },
  { role: 'ADMIN', scope: 'READ_ONLY' },
  { role: 'REP', scope: 'FLAGGING' },
  { role: 'MANAGER', scope: 'READ_ONLY' },
  { role: 'CSM', scope: 'FLAGGING' },
];

interface Organization {
  id: string;
  name: string;
  tokens: Record<string, string>;
  ids: Record<NodeType, string[]>;
}

interface Case {
  viewer: string;
  root: 'Query' | 'Mutation';
  field: string;
  /** Path of the substituted argument, e.g. ['input', 'stakeholderId']. */
  path: string[];
  value: unknown;
  /** The same request with a value that exists nowhere: what "missing" looks like. */
  control: unknown;
  /** Cases with the same control key share one control request. */
  controlKey: string;
}

let api: TestApi;
let a: Organization;
let b: Organization;
const bCursors: string[] = [];
const bLookups: Record<'profileUrl' | 'companyUrl' | 'accountName' | 'personName', string[]> = {
  profileUrl: [],
  companyUrl: [],
  accountName: [],
  personName: [],
};
/** Everything of B that must never appear in A's answers: raw ids, global ids, distinctive strings. */
let bSecrets: string[] = [];

async function setUpOrganization(prisma: PrismaClient, slug: string, name: string): Promise<Organization> {
  const seeded = await seedDemo(prisma, { accounts: 6, organizationSlug: slug, organizationName: name });
  const organizationId = seeded.organizationId;
  // The seed writes the same people and companies for every organization; make this one's its own,
  // so that any of its names or URLs in the other's answers would be a leak.
  const tag = slug.replace(/[^a-z]/g, '');
  await prisma.$executeRawUnsafe(
    `UPDATE "Account" SET name = name || ' ${tag}', "companyUrl" = replace("companyUrl", '/company/', '/company/${tag}-') WHERE "organizationId" = $1::uuid`,
    organizationId,
  );
  await prisma.$executeRawUnsafe(
    `UPDATE "Stakeholder" SET "fullName" = "fullName" || ' ${tag}', "profileUrl" = replace("profileUrl", '/in/', '/in/${tag}-'), email = '${tag}.' || email WHERE "organizationId" = $1::uuid`,
    organizationId,
  );
  await prisma.$executeRawUnsafe(
    `UPDATE "Employment" SET "companyName" = "companyName" || ' ${tag}' WHERE "organizationId" = $1::uuid`,
    organizationId,
  );
  await refreshOrganizationHealth(prisma, organizationId);
  const tokens: Record<string, string> = {};
  for (const viewer of VIEWERS) {
    const member = await prisma.member.findFirstOrThrow({
      where: { organizationId, role: viewer.role },
      orderBy: { email: 'asc' },
    });
    tokens[`${viewer.role}/${viewer.scope}`] = await createToken(prisma, organizationId, member.id, viewer.scope);
  }
  // A turnover history through the API: confirmed departures of main contacts (cases with plans),
  // a pending flag, signals and events; a webhook endpoint first, so they leave deliveries in its log
  // (no dispatcher runs here: nothing is sent).
  const manager = tokens['MANAGER/FULL']!;
  const endpoint = await api.gql<{ createWebhookEndpoint: { __typename: string } }>(
    manager,
    'mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { __typename } }',
    {
      input: {
        url: `https://hooks.${slug}.example/threadwatch`,
        events: ['FLAG_CREATED', 'FLAG_CONFIRMED', 'DEPARTURE_CASE_OPENED'],
        description: `${slug} alerts`,
      },
    },
  );
  expect(endpoint.data?.createWebhookEndpoint.__typename).toBe('CreateWebhookEndpointPayload');
  const mainContacts = await prisma.stakeholder.findMany({
    where: { organizationId, isMainContact: true, status: 'ACTIVE' },
    orderBy: { id: 'asc' },
    take: 3,
  });
  for (const [index, person] of mainContacts.entries()) {
    const flagged = await api.gql<{ flagJobChange: { flag?: { id: string } } }>(
      manager,
      'mutation($input: FlagJobChangeInput!) { flagJobChange(input: $input) { ... on FlagPayload { flag { id } } } }',
      {
        input: {
          idempotencyKey: randomUUID(),
          kind: index === 2 ? 'LEAVING_SOON' : 'LEFT_COMPANY',
          stakeholderId: encodeId('Stakeholder', person.id),
          observedAt: new Date().toISOString(),
          observedCompany: `Elsewhere ${slug} ${index}`,
          pageUrl: `https://www.linkedin.com/in/${slug}-page-${index}/`,
        },
      },
    );
    const flagId = flagged.data?.flagJobChange.flag?.id;
    expect(flagId).toBeTruthy();
    if (index < 2) {
      const confirmed = await api.gql<{ confirmJobChange: { __typename: string } }>(
        manager,
        'mutation($input: ConfirmJobChangeInput!) { confirmJobChange(input: $input) { __typename } }',
        { input: { id: flagId } },
      );
      expect(confirmed.data?.confirmJobChange.__typename).toBe('ReviewFlagPayload');
    }
  }
  const firstAccount = await prisma.account.findFirstOrThrow({ where: { organizationId }, orderBy: { id: 'asc' } });
  const accountId = encodeId('Account', firstAccount.id);
  for (const [mutation, input] of [
    ['recordAccountSignal', { accountId, kind: 'NPS', value: -20, observedAt: new Date().toISOString() }],
    ['recordAccountEvent', { accountId, kind: 'MERGER_ACQUISITION', occurredOn: '2026-10-01', note: `${slug} merger` }],
    ['recordAccountOutcome', { accountId, kind: 'RENEWED', occurredOn: '2026-10-01', note: `${slug} renewal` }],
  ] as const) {
    const type = {
      recordAccountSignal: 'RecordAccountSignalInput',
      recordAccountEvent: 'RecordAccountEventInput',
      recordAccountOutcome: 'RecordAccountOutcomeInput',
    }[mutation];
    const response = await api.gql<Record<string, { __typename: string }>>(
      manager,
      `mutation($input: ${type}!) { ${mutation}(input: $input) { __typename } }`,
      { input },
    );
    expect(response.data?.[mutation]?.__typename).toMatch(/Payload$/);
  }

  const ids = {} as Record<NodeType, string[]>;
  const where = { where: { organizationId }, orderBy: { id: 'asc' as const }, select: { id: true }, take: 60 };
  ids.Account = (await prisma.account.findMany(where)).map((row) => row.id);
  ids.Stakeholder = (await prisma.stakeholder.findMany(where)).map((row) => row.id);
  ids.Relationship = (await prisma.relationship.findMany(where)).map((row) => row.id);
  ids.Member = (await prisma.member.findMany(where)).map((row) => row.id);
  ids.ApiToken = (await prisma.apiToken.findMany(where)).map((row) => row.id);
  ids.JobChangeFlag = (await prisma.jobChangeFlag.findMany(where)).map((row) => row.id);
  ids.DepartureCase = (await prisma.departureCase.findMany(where)).map((row) => row.id);
  ids.CaseStep = (await prisma.caseStep.findMany(where)).map((row) => row.id);
  ids.WebhookEndpoint = (await prisma.webhookEndpoint.findMany(where)).map((row) => row.id);
  ids.WebhookDelivery = (await prisma.webhookDelivery.findMany(where)).map((row) => row.id);
  ids.AccountOutcome = (await prisma.accountOutcome.findMany(where)).map((row) => row.id);
  for (const type of NODE_TYPES) expect(ids[type].length, type).toBeGreaterThan(0);
  return { id: organizationId, name, tokens, ids };
}

/** Real cursors of every connection of B, as B sees them. */
async function collectCursors(token: string) {
  const connections = [
    'accounts',
    'atRiskAccounts(filter: { bands: [GREEN, YELLOW, AMBER, RED] })',
    'coverageGaps',
    'departureCases',
    'jobChangeFlags',
    'stakeholders',
  ];
  for (const connection of connections) {
    const name = connection.replace(/\(.*$/, '');
    // Every row of the small connections; 30 of the people.
    const first = name === 'stakeholders' ? 30 : 8;
    const args = connection.includes('(')
      ? `${connection.slice(name.length + 1, -1)}, first: ${first}`
      : `first: ${first}`;
    const response = await api.gql<Record<string, { edges: Array<{ cursor: string }> }>>(
      token,
      `{ ${name}(${args}) { edges { cursor } } }`,
    );
    const edges = response.data?.[name]?.edges ?? [];
    expect(edges.length, name).toBeGreaterThan(0);
    bCursors.push(...edges.map((edge) => edge.cursor));
  }
  const nested = await api.gql<{ accounts: { nodes: Array<{ stakeholders: { edges: Array<{ cursor: string }> } }> } }>(
    token,
    '{ accounts(first: 6) { nodes { stakeholders(first: 5) { edges { cursor } } } } }',
  );
  for (const node of nested.data?.accounts.nodes ?? []) bCursors.push(...node.stakeholders.edges.map((e) => e.cursor));
}

/** A cursor of the same shape pointing at a record that does not exist. */
function missingCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64').toString('utf8');
  return Buffer.from(
    decoded.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, randomUUID()),
  ).toString('base64');
}

/** A valid value of a required argument of `root.field`, so that requests reach their lookups. */
function defaultValue(type: GraphQLInputType, root: Root, field: string, argument: string, own: Organization): unknown {
  const key = (path: string[]) => `${root}.${field}.${path.join('.')}`;
  return requiredValue(type, [argument], {
    id: (path) => {
      const type = ID_ARGUMENTS[key(path)];
      if (!type) throw new Error(`No node type listed for the id argument ${key(path)}`);
      const kind = type === 'any' ? 'Account' : type;
      return encodeId(kind, own.ids[kind][0]!);
    },
    string: (path) => {
      const name = path.at(-1);
      return name === 'idempotencyKey' ? randomUUID() : name === 'url' ? 'linkedin.com/in/nobody-probe' : 'Probe';
    },
    object: (value, path) => ({ ...EXTRA_ARGUMENTS[key(path)], ...value }),
  });
}

/** Every argument position (top-level or one input object down) with its type and dotted path. */
function argumentPositions(root: string, field: GraphQLField<unknown, unknown>) {
  const positions: Array<{ path: string[]; key: string; type: GraphQLNamedType }> = [];
  const visit = (args: readonly { name: string; type: GraphQLInputType }[], path: string[]) => {
    for (const arg of args) {
      const named = getNamedType(arg.type);
      const next = [...path, arg.name];
      if (isInputObjectType(named) && path.length === 0) visit(Object.values(named.getFields()), next);
      else positions.push({ path: next, key: `${root}.${field.name}.${next.join('.')}`, type: named });
    }
  };
  visit(field.args as readonly GraphQLArgument[], []);
  return positions;
}

/** A broad selection of what a field returns, so any leaked record would show. */
function broadSelection(type: GraphQLOutputType, depth: number): string {
  return selection(type, (field, fieldType) => {
    if (depth > 0) {
      const connection = fieldType.name.endsWith('Connection');
      return `${field.name}${connection ? '(first: 3)' : ''} ${broadSelection(field.type, depth - 1)}`;
    }
    if (isObjectType(fieldType) && fieldType.getFields().id) return `${field.name} { id }`;
    return null;
  });
}

function variableType(type: GraphQLInputType): string {
  return type.toString();
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown) {
  let cursor = target;
  for (const key of path.slice(0, -1)) {
    cursor[key] = { ...((cursor[key] as Record<string, unknown> | undefined) ?? {}) };
    cursor = cursor[key] as Record<string, unknown>;
  }
  cursor[path[path.length - 1]!] = value;
}

function generateCases(): Case[] {
  const cases: Case[] = [];
  const foreignIds = NODE_TYPES.flatMap((type) => b.ids[type].map((id) => ({ type, id })));
  for (const root of ['Query', 'Mutation'] as const) {
    for (const field of Object.values(rootType(root).getFields())) {
      for (const position of argumentPositions(root, field)) {
        const values: Array<{ value: unknown; control: unknown; kind: string }> = [];
        if (position.type.name === 'ID') {
          expect(ID_ARGUMENTS[position.key], `id argument ${position.key} is listed`).toBeDefined();
          // Every id of the argument's own type (the lookups that must not cross), one of each other type.
          const expected = ID_ARGUMENTS[position.key];
          const seen = new Set<string>();
          for (const { type, id } of foreignIds) {
            if (expected !== 'any' && type !== expected && seen.has(type)) continue;
            seen.add(type);
            values.push({ value: encodeId(type, id), control: encodeId(type, randomUUID()), kind: type });
          }
        } else if (position.path.at(-1) === 'after' || position.path.at(-1) === 'before') {
          for (const cursor of bCursors) values.push({ value: cursor, control: missingCursor(cursor), kind: 'cursor' });
        } else if (LOOKUP_ARGUMENTS[position.key]) {
          for (const value of bLookups[LOOKUP_ARGUMENTS[position.key]!])
            values.push({
              value,
              control: `${value.replace(/[a-z]+$/, '')}zz-nowhere-${randomUUID().slice(0, 8)}`,
              kind: `lookup ${value.startsWith('https:') ? 'long' : 'short'}`,
            });
        }
        // Queries need the 'read' permission only, which every scope grants: a token's scope cannot
        // change what they answer, so they go once per role. Mutations go with every role and scope.
        const viewers = Object.keys(a.tokens).filter((viewer) => root === 'Mutation' || viewer.endsWith('/FULL'));
        for (const viewer of viewers) {
          const controls = new Map<string, unknown>();
          for (const { value, control, kind } of values) {
            if (!controls.has(kind)) controls.set(kind, control);
            const controlKey = `${field.name}|${position.path.join('.')}|${kind}`;
            cases.push({
              viewer,
              root,
              field: field.name,
              path: position.path,
              value,
              control: controls.get(kind),
              controlKey,
            });
          }
        }
      }
    }
  }
  return cases;
}

interface Outcome {
  data: unknown;
  errors: Array<{ message: string; code: unknown }>;
}

/** Sends cases as aliased fields of one document per batch, within the API's alias and cost limits. */
async function run(
  token: string,
  root: 'Query' | 'Mutation',
  items: Array<{ field: string; args: Record<string, unknown> }>,
): Promise<Outcome[]> {
  const schemaFields = rootType(root).getFields();
  const outcomes: Outcome[] = new Array(items.length);
  let batch: number[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const indices = batch;
    batch = [];
    const { query, variables } = documentFor(indices);
    const response = await api.gql(token, query, variables);
    if (response.data == null && indices.length > 1) {
      // A non-null field failed and took the whole answer with it: ask for each alone.
      for (const index of indices) {
        batch = [index];
        await flush();
      }
      return;
    }
    for (const [position, index] of indices.entries()) {
      const alias = `c${position}`;
      outcomes[index] = {
        data: (response.data as Record<string, unknown> | null | undefined)?.[alias] ?? null,
        errors: (response.errors ?? [])
          .filter((error) => error.path?.[0] === alias || (!error.path && indices.length === 1))
          .map((error) => ({ message: error.message, code: error.extensions?.code })),
      };
    }
  };
  const documentFor = (indices: number[]) => {
    const definitions: string[] = [];
    const fields: string[] = [];
    const variables: Record<string, unknown> = {};
    for (const [position, index] of indices.entries()) {
      const item = items[index]!;
      const field = schemaFields[item.field]!;
      const args: string[] = [];
      for (const arg of field.args) {
        if (!(arg.name in item.args)) continue;
        const name = `v${position}_${arg.name}`;
        definitions.push(`$${name}: ${variableType(arg.type)}`);
        variables[name] = item.args[arg.name];
        args.push(`${arg.name}: $${name}`);
      }
      fields.push(
        `c${position}: ${item.field}${args.length ? `(${args.join(', ')})` : ''} ${broadSelection(field.type, getNamedType(field.type).name.endsWith('Connection') ? 1 : 0)}`,
      );
    }
    const head = root === 'Query' ? 'query' : 'mutation';
    return {
      query: `${head}${definitions.length ? `(${definitions.join(', ')})` : ''} { ${fields.join(' ')} }`,
      variables,
    };
  };
  const maxAliases = DEFAULT_QUERY_LIMITS.maxAliases;
  for (let index = 0; index < items.length; index++) {
    const next = [...batch, index];
    const { query, variables } = documentFor(next);
    let fits = next.length <= maxAliases;
    try {
      const parsed = parse(query, { maxTokens: DEFAULT_QUERY_LIMITS.maxTokens });
      const operation = parsed.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION)!;
      fits &&= operationCost(schema, parsed, operation, variables) <= DEFAULT_QUERY_LIMITS.maxCost;
    } catch {
      fits = false;
    }
    if (batch.length > 0 && !fits) {
      await flush();
      batch = [index];
    } else {
      batch = next;
    }
  }
  await flush();
  return outcomes;
}

function argsFor(item: Case, value: unknown): Record<string, unknown> {
  const field = rootType(item.root).getFields()[item.field]!;
  const args: Record<string, unknown> = {};
  for (const arg of field.args) {
    if (isNonNullType(arg.type) && arg.defaultValue === undefined)
      args[arg.name] = defaultValue(arg.type, item.root, item.field, arg.name, a);
  }
  setPath(args, item.path, value);
  return args;
}

/** The answer with the substituted value (and unique keys) taken out, for comparison with the control. */
function normalize(outcome: Outcome, values: unknown[]): string {
  const data = outcome.data as Record<string, unknown> | null;
  // A lookup answers with the canonical form of the URL it was given: the input, not a finding.
  const echo = data && ('profileUrl' in data || 'companyUrl' in data) && !('id' in data);
  let text = JSON.stringify(
    echo ? { ...outcome, data: { ...data, profileUrl: '<value>', companyUrl: '<value>' } } : outcome,
  );
  for (const value of values) {
    if (typeof value !== 'string') continue;
    text = text.split(JSON.stringify(value).slice(1, -1)).join('<value>');
  }
  return text;
}

function categorize(outcome: Outcome): string {
  const data = outcome.data as Record<string, unknown> | null;
  if (outcome.errors.length) return `error ${String(outcome.errors[0]?.code)}`;
  if (data === null) return 'null';
  if (typeof data.__typename === 'string' && data.__typename.endsWith('Error')) return String(data.__typename);
  if ('totalCount' in data) return data.totalCount === 0 ? 'empty' : 'own records only';
  return `ok ${String(data.__typename)}`;
}

beforeAll(async () => {
  const started = performance.now();
  api = await startTestApi();
  a = await setUpOrganization(api.prisma, 'tenant-a', 'Tenant Alpha Holdings');
  b = await setUpOrganization(api.prisma, 'tenant-b', 'Tenant Beta Ventures');
  await collectCursors(b.tokens['ADMIN/FULL']!);

  const accounts = await api.prisma.account.findMany({
    where: { organizationId: b.id },
    take: 6,
    orderBy: { id: 'asc' },
  });
  const people = await api.prisma.stakeholder.findMany({
    where: { organizationId: b.id },
    take: 8,
    orderBy: { id: 'asc' },
  });
  const inA = async (value: string) =>
    (await api.prisma.account.count({
      where: { organizationId: a.id, OR: [{ name: { contains: value, mode: 'insensitive' } }, { companyUrl: value }] },
    })) +
      (await api.prisma.stakeholder.count({
        where: { organizationId: a.id, fullName: { contains: value, mode: 'insensitive' } },
      })) ===
    0;
  bLookups.companyUrl = accounts.flatMap((row) =>
    row.companyUrl ? [row.companyUrl, `https://www.${row.companyUrl}/`] : [],
  );
  bLookups.accountName = accounts.map((row) => row.name);
  bLookups.profileUrl = people.flatMap((row) =>
    row.profileUrl ? [row.profileUrl, `https://www.${row.profileUrl}/?trk=x`] : [],
  );
  bLookups.personName = people.map((row) => row.fullName);
  for (const kind of Object.keys(bLookups) as Array<keyof typeof bLookups>) {
    const kept: string[] = [];
    for (const value of bLookups[kind])
      if (await inA(value.replace(/^https:\/\/www\.|\/(\?.*)?$/g, ''))) kept.push(value);
    bLookups[kind] = kept;
  }
  console.log(`tenant isolation: two organizations set up in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  // B's secrets: every id of its rows (raw and as a global id of any type) and every string of its
  // records that A has nowhere.
  const rawIds = new Set<string>();
  const strings = async (organizationId: string) => {
    const values = new Set<string>();
    const rows = await api.prisma.$queryRawUnsafe<Array<{ value: string }>>(
      `SELECT DISTINCT value FROM (
         SELECT name AS value FROM "Account" WHERE "organizationId" = $1::uuid
         UNION SELECT "companyUrl" FROM "Account" WHERE "organizationId" = $1::uuid
         UNION SELECT "fullName" FROM "Stakeholder" WHERE "organizationId" = $1::uuid
         UNION SELECT "profileUrl" FROM "Stakeholder" WHERE "organizationId" = $1::uuid
         UNION SELECT email FROM "Stakeholder" WHERE "organizationId" = $1::uuid
         UNION SELECT email FROM "Member" WHERE "organizationId" = $1::uuid
         UNION SELECT "observedCompany" FROM "JobChangeFlag" WHERE "organizationId" = $1::uuid
         UNION SELECT "pageUrl" FROM "JobChangeFlag" WHERE "organizationId" = $1::uuid
         UNION SELECT note FROM "AccountEvent" WHERE "organizationId" = $1::uuid
         UNION SELECT url FROM "WebhookEndpoint" WHERE "organizationId" = $1::uuid
         UNION SELECT description FROM "WebhookEndpoint" WHERE "organizationId" = $1::uuid
         UNION SELECT secret FROM "WebhookEndpoint" WHERE "organizationId" = $1::uuid
         UNION SELECT name FROM "Organization" WHERE id = $1::uuid
         UNION SELECT slug FROM "Organization" WHERE id = $1::uuid) v WHERE value IS NOT NULL`,
      organizationId,
    );
    for (const row of rows) values.add(row.value);
    return values;
  };
  const ownStrings = await strings(a.id);
  const foreignStrings = [...(await strings(b.id))].filter((value) => !ownStrings.has(value) && value.length >= 6);
  for (const table of [
    ...NODE_TYPES,
    'Employment',
    'AccountEvent',
    'AccountSignal',
    'ErasureTombstone',
    'PlaybookTemplate',
  ]) {
    const rows = await api.prisma.$queryRawUnsafe<Array<{ id: string }>>(
      `SELECT id::text AS id FROM "${table}" WHERE "organizationId" = $1::uuid`,
      b.id,
    );
    for (const row of rows) rawIds.add(row.id);
  }
  rawIds.add(b.id);
  bSecrets = [
    ...rawIds,
    ...[...rawIds].flatMap((id) => NODE_TYPES.map((type) => encodeId(type, id))),
    ...foreignStrings,
  ];
}, 180_000);
afterAll(() => api?.close());

describe('tenant isolation', () => {
  it('covers every id argument of every query and mutation', () => {
    const positions = rootFields().flatMap(({ root, field }) =>
      argumentPositions(root, field)
        .filter((position) => position.type.name === 'ID')
        .map((position) => position.key),
    );
    expect(positions.sort()).toEqual(Object.keys(ID_ARGUMENTS).sort());
  });

  it('answers the other organization’s cursors in nested connections like missing ones', async () => {
    // Every connection below a node type (a field with `after`), reached through `node` on each of A's
    // records of that type, paged from each of B's cursors and from a cursor of a missing row.
    const nested = Object.values(schema.getTypeMap()).flatMap((type) =>
      isObjectType(type) && type.name !== 'Query' && (NODE_TYPES as readonly string[]).includes(type.name)
        ? Object.values(type.getFields())
            .filter((field) => field.args.some((arg) => arg.name === 'after'))
            .map((field) => ({ type: type.name as NodeType, field }))
        : [],
    );
    expect(nested.length).toBeGreaterThan(0);
    const failures: string[] = [];
    let count = 0;
    const secrets = bSecrets.map((secret) => secret.toLowerCase());
    for (const { type, field } of nested) {
      // Up to 25 cursors per request, each under its own alias.
      const page = (direction: 'after' | 'before', size: number) =>
        `query($id: ID!, ${Array.from({ length: size }, (_, i) => `$c${i}: String`).join(', ')}) { node(id: $id) { ... on ${type} { ${Array.from(
          { length: size },
          (_, i) =>
            `c${i}: ${field.name}(${direction}: $c${i}, ${direction === 'after' ? 'first' : 'last'}: 5) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } } }`,
        ).join(' ')} } } }`;
      const requests: Array<Promise<void>> = [];
      for (const id of a.ids[type].slice(0, 3))
        for (const direction of ['after', 'before'] as const)
          for (let offset = 0; offset < bCursors.length; offset += 25) {
            const cursors = bCursors.slice(offset, offset + 25);
            const query = page(direction, cursors.length);
            const variables = (values: string[]) => ({
              id: encodeId(type, id),
              ...Object.fromEntries(values.map((value, i) => [`c${i}`, value])),
            });
            requests.push(
              (async () => {
                const [foreign, missing] = await Promise.all([
                  api.gql<{ node: Record<string, unknown> }>(a.tokens['ADMIN/FULL']!, query, variables(cursors)),
                  api.gql<{ node: Record<string, unknown> }>(
                    a.tokens['ADMIN/FULL']!,
                    query,
                    variables(cursors.map(missingCursor)),
                  ),
                ]);
                expect(foreign.errors ?? []).toEqual([]);
                for (const [i, cursor] of cursors.entries()) {
                  count++;
                  const label = `${type}.${field.name}(${direction}: ${cursor}) on ${id}`;
                  const answer = JSON.stringify(foreign.data?.node?.[`c${i}`]);
                  const leaked = secrets.find(
                    (secret) => answer.toLowerCase().includes(secret) && !cursor.toLowerCase().includes(secret),
                  );
                  if (leaked) failures.push(`${label} leaked ${leaked}`);
                  const expected = JSON.stringify(missing.data?.node?.[`c${i}`]);
                  if (answer !== expected)
                    failures.push(`${label} answered ${answer.slice(0, 300)}\n  missing: ${expected.slice(0, 300)}`);
                }
              })(),
            );
          }
      await Promise.all(requests);
    }
    console.log(`tenant isolation: ${count} foreign cursors into ${nested.length} nested connections`);
    expect(failures.slice(0, 10)).toEqual([]);
  }, 120_000);

  it('answers 10,000+ generated cases with the other organization’s ids, cursors, URLs and names like missing records, leaks nothing and writes nothing across', async () => {
    const cases = generateCases();
    expect(cases.length).toBeGreaterThanOrEqual(10_000);
    // Last use is written in a batch a second after a request: not a write across organizations.
    const snapshot = { organizationId: b.id, ignore: { ApiToken: ['lastUsedAt'] } };
    const before = await snapshotTables(api.prisma, snapshot);

    const failures: string[] = [];
    const tally = new Map<string, number>();
    const groups = new Map<string, Case[]>();
    for (const item of cases) {
      const key = `${item.viewer}|${item.root}`;
      groups.set(key, [...(groups.get(key) ?? []), item]);
    }
    // Controls for ids depend only on the field, the argument and the node type: one per combination.
    const secrets = bSecrets.map((secret) => secret.toLowerCase());
    // Queries first (they write nothing), then mutations: a write that succeeded could change what
    // later answers hold.
    const started = performance.now();
    const phase = (root: string) => [...groups.entries()].filter(([key]) => key.endsWith(`|${root}`));
    for (const entries of [phase('Query'), phase('Mutation')])
      await Promise.all(
        entries.map(async ([key, items]) => {
          const [viewer, root] = key.split('|') as [string, 'Query' | 'Mutation'];
          const token = a.tokens[viewer]!;
          const foreign = await run(
            token,
            root,
            items.map((item) => ({ field: item.field, args: argsFor(item, item.value) })),
          );
          const controlCases = [...new Map(items.map((item) => [item.controlKey, item])).values()];
          const controlAnswers = await run(
            token,
            root,
            controlCases.map((item) => ({ field: item.field, args: argsFor(item, item.control) })),
          );
          const control = new Map(controlCases.map((item, index) => [item.controlKey, controlAnswers[index]!]));
          for (const [index, item] of items.entries()) {
            const answer = foreign[index]!;
            const label = `${viewer} ${item.root}.${item.field}(${item.path.join('.')} = ${String(item.value).slice(0, 60)})`;
            const category = categorize(answer);
            tally.set(category, (tally.get(category) ?? 0) + 1);
            const text = JSON.stringify(answer).toLowerCase();
            const echoed = String(item.value).toLowerCase();
            const leaked = secrets.find(
              (secret) => secret !== echoed && !echoed.includes(secret) && text.includes(secret),
            );
            if (leaked) failures.push(`${label} leaked ${leaked}: ${JSON.stringify(answer).slice(0, 300)}`);
            if (answer.errors.some((error) => error.message === 'Unexpected error.'))
              failures.push(`${label} failed unexpectedly`);
            // A case refused as a whole (too big, unparsable) would prove nothing.
            if (answer.errors.some((error) => /TOO_|QUERY_|PARSE/.test(String(error.code))))
              failures.push(`${label} was refused as a request: ${JSON.stringify(answer.errors)}`);
            const expected = normalize(control.get(item.controlKey)!, [item.control]);
            const actual = normalize(answer, [item.value]);
            if (expected !== actual)
              failures.push(`${label} answered ${actual.slice(0, 300)}\n  missing: ${expected.slice(0, 300)}`);
          }
        }),
      );
    const after = await snapshotTables(api.prisma, snapshot);
    console.log(
      `tenant isolation: ${cases.length} cases in ${((performance.now() - started) / 1000).toFixed(1)} s over ${Object.keys(a.tokens).length} token kinds; outcomes: ${[
        ...tally.entries(),
      ]
        .sort((x, y) => y[1] - x[1])
        .map(([category, count]) => `${category} ${count}`)
        .join(', ')}`,
    );
    expect(failures.slice(0, 20)).toEqual([]);
    expect(after).toEqual(before);
  }, 900_000);
});

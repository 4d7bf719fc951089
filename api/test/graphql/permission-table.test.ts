// The permission table, cell by cell through the real request path: every root field of the printed
// schema, called over HTTP by a member of every role with a token of every scope. Where the table
// (domain/permissions.ts) allows it, the answer is anything but FORBIDDEN; where it does not, the answer
// is FORBIDDEN and the database is unchanged. A root field missing from the table fails here first.
import { randomUUID } from 'node:crypto';
import type { MemberRole, TokenScope } from '@threadwatch/db/client';
import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  getNamedType,
  isCompositeType,
  isInputObjectType,
  isNonNullType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, createToken, startTestApi, type TestApi } from '../../../test/support/api.ts';
import { snapshotTables } from '../../../test/support/database-snapshot.ts';
import {
  type RequiredValues,
  type Root,
  requiredValue,
  rootFields as schemaRootFields,
} from '../../../test/support/schema-cases.ts';
import { authScopesFor, mayCall, ROOT_FIELD_ACTIONS, type RootField } from '../../src/domain/permissions.ts';
import { encodeId } from '../../src/global-id.ts';

const ROLES: MemberRole[] = ['ADMIN', 'MANAGER', 'CSM', 'REP'];
const SCOPES: TokenScope[] = ['FULL', 'FLAGGING', 'READ_ONLY'];

type AnyField = GraphQLField<unknown, unknown>;
const operations = { Query: 'query', Mutation: 'mutation' } as const;
const rootFields = schemaRootFields();

/** The input field (or argument) a path names, from the root field's argument down. */
function inputAt(
  field: AnyField,
  path: string[],
): { extensions?: Readonly<Record<string, unknown>> | null } | undefined {
  const [argName, ...rest] = path;
  let current: { type: GraphQLInputType; extensions?: Readonly<Record<string, unknown>> | null } | undefined =
    field.args.find((arg: GraphQLArgument) => arg.name === argName);
  for (const name of rest) {
    const named = current ? getNamedType(current.type) : undefined;
    current = named && isInputObjectType(named) ? named.getFields()[name] : undefined;
  }
  return current;
}

/**
 * The smallest request for a root field: its required arguments with values the input rules accept (so a
 * denied call is refused for its permission, not its input), and `__typename` of what it returns. An id
 * names a missing row of the type the argument is declared for.
 */
function requestFor(root: Root, field: AnyField) {
  const required = field.args.filter((arg: GraphQLArgument) => isNonNullType(arg.type));
  const declarations = required.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const call = required.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  const query = `${operations[root]} Probe${declarations ? `(${declarations})` : ''} { ${field.name}${
    call ? `(${call})` : ''
  }${selection} }`;
  const values: RequiredValues = {
    id: (path) => {
      const declared = inputAt(field, path)?.extensions?.relayGlobalIDFor as Array<{ typename: string }> | undefined;
      return encodeId(declared?.[0]?.typename ?? 'Account', randomUUID());
    },
    string: (path) => {
      const name = path.at(-1) ?? '';
      if (name === 'idempotencyKey') return `probe-${randomUUID()}`;
      if (name === 'email') return `probe-${randomUUID()}@example.com`;
      return /url/i.test(name) ? 'https://www.linkedin.com/in/someone/' : 'x';
    },
  };
  const variables = Object.fromEntries(required.map((arg) => [arg.name, requiredValue(arg.type, [arg.name], values)]));
  return { query, variables };
}

let api: TestApi;
const tokens = new Map<string, string>();
const SNAPSHOT = { ignore: { ApiToken: ['lastUsedAt'] }, skipTables: ['RateLimitBucket'] };

beforeAll(async () => {
  api = await startTestApi();
  const org = await createOrganization(api.prisma, 'perm');
  const members = { ADMIN: org.admin, MANAGER: org.manager, CSM: org.csm, REP: org.rep };
  for (const role of ROLES) {
    for (const scope of SCOPES) {
      const member = members[role];
      tokens.set(
        `${role}/${scope}`,
        scope === 'FULL' ? member.token : await createToken(api.prisma, org.id, member.id, scope),
      );
    }
  }
}, 60_000);

afterAll(async () => {
  await api?.close();
});

const isRootField = (name: string): name is RootField => Object.hasOwn(ROOT_FIELD_ACTIONS, name);

describe('the permission table', () => {
  it('names every root field of the schema, and only those', () => {
    const missing = rootFields.filter(({ field }) => !isRootField(field.name)).map(({ field }) => field.name);
    expect(
      missing,
      `Add to ROOT_FIELD_ACTIONS in api/src/domain/permissions.ts:\n${missing
        .map((name) => `  ${name}: '<action>',`)
        .join('\n')}\nand declare the field with authScopes: authScopesFor('<name>').`,
    ).toEqual([]);
    const schemaNames = new Set(rootFields.map(({ field }) => field.name));
    const stale = Object.keys(ROOT_FIELD_ACTIONS).filter((name) => !schemaNames.has(name));
    expect(stale, 'Remove from ROOT_FIELD_ACTIONS: these fields are not in the schema.').toEqual([]);
  });

  it('is where every root field takes its auth scopes from (no field declares its own)', () => {
    const own = rootFields
      .filter(({ field }) => isRootField(field.name))
      .filter(({ field }) => {
        const declared = (field.extensions as { pothosOptions?: { authScopes?: unknown } }).pothosOptions?.authScopes;
        return JSON.stringify(declared) !== JSON.stringify(authScopesFor(field.name as RootField));
      })
      .map(({ field }) => `${field.name}: declare authScopes: authScopesFor('${field.name}')`);
    expect(own).toEqual([]);
  });
});

describe.each(SCOPES)('every role × every root field, with a %s token, over HTTP', (scope) => {
  const cells = ROLES.flatMap((role) =>
    rootFields.filter(({ field }) => isRootField(field.name)).map((entry) => ({ role, ...entry })),
  );

  async function answer(role: MemberRole, root: Root, field: AnyField) {
    const { query, variables } = requestFor(root, field);
    const response = await api.gql<Record<string, { __typename?: string } | null>>(
      tokens.get(`${role}/${scope}`) ?? null,
      query,
      variables,
    );
    const codes = (response.errors ?? []).map((error) => error.extensions?.code);
    const typename = response.data?.[field.name]?.__typename;
    const forbidden = codes.includes('FORBIDDEN') || typename === 'ForbiddenError';
    return { forbidden, codes, typename, query };
  }

  it('refuses every denied cell with FORBIDDEN and changes nothing', async () => {
    const before = await snapshotTables(api.prisma, SNAPSHOT);
    const wrong: string[] = [];
    let denied = 0;
    for (const { role, root, field } of cells) {
      if (mayCall(role, scope, field.name as RootField)) continue;
      denied++;
      const result = await answer(role, root, field);
      if (!result.forbidden) wrong.push(`${role} ${field.name}: ${result.codes.join(',') || result.typename}`);
    }
    expect(wrong).toEqual([]);
    expect(denied).toBeGreaterThan(0);
    expect(await snapshotTables(api.prisma, SNAPSHOT)).toEqual(before);
  }, 120_000);

  it('lets every allowed cell through the permission check', async () => {
    const wrong: string[] = [];
    let allowed = 0;
    for (const { role, root, field } of cells) {
      if (!mayCall(role, scope, field.name as RootField)) continue;
      allowed++;
      const result = await answer(role, root, field);
      if (result.forbidden || result.codes.includes('INTERNAL_SERVER_ERROR'))
        wrong.push(`${role} ${field.name}: ${result.codes.join(',') || result.typename} (${result.query})`);
    }
    expect(wrong).toEqual([]);
    expect(allowed).toBeGreaterThan(0);
  }, 120_000);
});

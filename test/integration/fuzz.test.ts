// Bad input, proven by generated cases: malformed HTTP and GraphQL (bad JSON, wrong content types and
// charsets, huge bodies, deep and wide queries, alias and fragment bombs, directive spam, invalid
// variables, hostile strings and URLs in every string argument of every query and mutation, invalid
// Unicode, invalid ids and cursors, bad Authorization headers), built from a seeded generator so every
// run sends the same requests. Each case must get a typed answer (never a 5xx, never "Unexpected
// error.", never a hang), /healthz must answer after every batch, and every table must hash the same
// before and after.
//
// Writes: a hostile string can be perfectly valid input (a name with "<script>" in it is a name), so a
// mutation that carries one may rightly succeed. To keep the database-unchanged check meaningful,
// every generated mutation is sent with a READ_ONLY token of a rep, which must be refused as a whole:
// the rules say it may not write (ForbiddenError), and the only mutations a READ_ONLY token may still
// run (creating and revoking its member's tokens, one or all) are sent for another member, which a rep
// may not do.
// A mutation that succeeds is a failure. That valid hostile strings are stored verbatim and answered as
// plain data is asserted separately, after the hash comparison, with a FULL token.
import { Buffer } from 'node:buffer';
import http from 'node:http';
import type { PrismaClient } from '@threadwatch/db/client';
import { seedDemo } from '@threadwatch/db/seed';
import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeId } from '../../api/src/global-id.ts';
import { schema } from '../../api/src/schema/index.ts';
import { createToken, startTestApi, type TestApi } from '../support/api.ts';
import { snapshotTables } from '../support/database-snapshot.ts';
import { requiredValue, rootFields, rootType, selection, unwrap } from '../support/schema-cases.ts';

/** Every code a client may see: HTTP-level, GraphQL request-level, limits, and the API's own errors. */
const KNOWN_CODES = new Set([
  'BAD_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'UNAUTHENTICATED',
  'TOKEN_EXPIRED',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'OPERATION_RESOLUTION_FAILURE',
  'QUERY_TOO_DEEP',
  'TOO_MANY_ALIASES',
  'TOO_MANY_TOKENS',
  'QUERY_TOO_COSTLY',
  'THROTTLED',
  'TIMEOUT',
  'FORBIDDEN',
  'NOT_FOUND',
  'VALIDATION',
  'CONFLICT',
  'PERSISTED_QUERY_NOT_FOUND',
]);
const TYPED_ERRORS = new Set(['ValidationError', 'NotFoundError', 'ForbiddenError', 'ConflictError']);
const BATCH = 200;
const CONCURRENCY = 6;
const REQUEST_TIMEOUT_MS = 20_000;

/** Deterministic pseudo-random numbers (mulberry32). */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (max: number) => Math.floor(next() * max),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    uuid: () => {
      const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16)).join('');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
    },
  };
}
const SEED = 20261124;
let random = generator(SEED);

const HOSTILE_STRINGS: readonly string[] = [
  "' OR 1=1 --",
  'Robert\'); DROP TABLE "Account";--',
  "%' OR '%'='",
  "\\'; SELECT pg_sleep(30);--",
  '%_%\\',
  '$1::uuid',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '{{constructor.constructor("alert(1)")()}}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, sent as text
  '${7*7}#{7*7}',
  '__proto__',
  '\u0000',
  'a\u0000b',
  '\u0007\u0008\u001b[31mred',
  '\r\nX-Injected: 1',
  'line\u2028separator\u2029',
  '\u202Egnp.exe',
  '\u200B\u200D\uFEFF',
  '\uD800',
  'a\uDFFFb',
  '\uD83D',
  '💩'.repeat(1_000),
  'x'.repeat(100_000),
  ' '.repeat(5_000),
  '',
  '   ',
  'Z̸͚͕̓a̶l̸g̷o̵'.repeat(200),
  '../../../../etc/passwd',
  '%00%2e%2e%2f',
  'null',
  'NaN',
  '1e309',
];
const HOSTILE_URLS: readonly string[] = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(document.cookie)//linkedin.com/in/x',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'file:///etc/passwd',
  'http://127.0.0.1/in/x/',
  'http://localhost:5432/company/x/',
  'http://[::1]/in/x/',
  'http://169.254.169.254/latest/meta-data/',
  'https://www.linkedın.com/in/dotless-i/',
  'https://www.lіnkedin.com/in/cyrillic-i/',
  'https://xn--lnkedin-4jb.com/in/punycode/',
  'https://www.linkedin.com.evil.example/in/x/',
  'https://user:pass@www.linkedin.com/in/x/',
  `https://www.linkedin.com/in/${'a'.repeat(100_000)}/`,
  `https://www.linkedin.com/company/${'%41'.repeat(30_000)}/`,
  'https://www.linkedin.com/in/%00/',
  'https://www.linkedin.com/in/%ZZ%/',
  'https://www.linkedin.com/in/x/\u0000',
  '//www.linkedin.com/in/x',
  'https://www.linkedin.com/in/../../company/x/',
  'ftp://www.linkedin.com/in/x/',
  'https://www.linkedin.com/in/\uD800/',
];
const BAD_IDS: readonly string[] = [
  '',
  'x',
  '0',
  '-1',
  'null',
  ' ',
  Buffer.from('Account:not-a-uuid').toString('base64url'),
  Buffer.from("Account:00000000-0000-4000-a000-000000000000' OR 1=1").toString('base64url'),
  Buffer.from('Account:00000000-0000-4000-A000-000000000000').toString('base64url'),
  Buffer.from('account:00000000-0000-4000-a000-000000000000').toString('base64url'),
  Buffer.from('Nope:00000000-0000-4000-a000-000000000000').toString('base64url'),
  Buffer.from(':00000000-0000-4000-a000-000000000000').toString('base64url'),
  Buffer.from('Account:\u0000').toString('base64url'),
  'QWNjb3VudDo=',
  '===',
  '../Account',
  'A'.repeat(10_000),
  '😀',
];
const BAD_CURSORS: readonly string[] = [
  '',
  'garbage',
  '====',
  'GPC:S:00000000-0000-4000-a000-000000000000',
  ...[
    'GPC:S:not-a-uuid',
    'GPC:S:',
    'GPC:N:5',
    'GPC:N:1e400',
    'GPC:B:true',
    'GPC:J:{"id":"x"}',
    'GPC:J:[1,2,3]',
    'GPC:J:{"__proto__":{"x":1}}',
    'GPC:T:[["S","x"]]',
    "GPC:S:00000000-0000-4000-a000-000000000000' OR '1'='1",
    'GPC:S:00000000-0000-4000-A000-000000000000',
    'GPC:S:\u0000',
    `GPC:S:${'f'.repeat(10_000)}`,
    'GPC:',
    'GPC:X:1',
    'NOTGPC:S:00000000-0000-4000-a000-000000000000',
  ].map((text) => Buffer.from(text).toString('base64')),
];

interface Request {
  method?: string;
  path?: string;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
}
interface Case {
  category: string;
  label: string;
  request: Request;
  /** Must be refused: a write the token may not make, or a request that must not authenticate. */
  mustRefuse?: boolean;
}
interface Answer {
  status: number;
  text: string;
}

let api: TestApi;
let base: string;
let agent: http.Agent;
// Placeholders until the organization exists: the cases are first built only to be counted.
let tokens = { admin: 'tw_admin', readOnly: 'tw_read_only', revoked: 'tw_revoked', expired: 'tw_expired' };
let own = {
  account: encodeId('Account', '00000000-0000-4000-a000-000000000001'),
  stakeholder: encodeId('Stakeholder', '00000000-0000-4000-a000-000000000002'),
  member: encodeId('Member', '00000000-0000-4000-a000-000000000003'),
  otherMember: encodeId('Member', '00000000-0000-4000-a000-000000000004'),
};

function send(request: Request): Promise<Answer> {
  const url = new URL(request.path ?? '/graphql', base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: request.method ?? 'POST', headers: request.headers ?? {}, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(request.body);
  });
}

function json(body: unknown, token: string | null = tokens.admin, headers: Record<string, string> = {}): Request {
  return {
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: JSON.stringify(body),
  };
}

/** What is wrong with an answer, or null when it is a typed one. */
function judge(item: Case, answer: Answer): string | null {
  if (answer.status >= 500) return `status ${answer.status}: ${answer.text.slice(0, 200)}`;
  if (answer.text.includes('Unexpected error.')) return `unexpected error: ${answer.text.slice(0, 200)}`;
  let body: {
    data?: Record<string, { __typename?: string; code?: unknown } | null> | null;
    errors?: Array<{ message?: string; extensions?: { code?: unknown } }>;
  };
  try {
    body = JSON.parse(answer.text);
  } catch {
    return `status ${answer.status} without a JSON body: ${answer.text.slice(0, 200)}`;
  }
  const errors = body.errors ?? [];
  const unknown = errors.find((error) => !KNOWN_CODES.has(String(error.extensions?.code)));
  if (unknown) return `status ${answer.status} with an untyped error: ${JSON.stringify(unknown).slice(0, 200)}`;
  if (answer.status >= 400) return errors.length ? null : `status ${answer.status} without errors`;
  if (answer.status !== 200) return `status ${answer.status}`;
  if (item.mustRefuse) {
    if (errors.length) return null;
    for (const [field, value] of Object.entries(body.data ?? {})) {
      if (!value || !TYPED_ERRORS.has(String(value.__typename)) || !KNOWN_CODES.has(String(value.code)))
        return `mutation ${field} was not refused: ${JSON.stringify(value).slice(0, 200)}`;
    }
    return body.data ? null : 'no data and no errors';
  }
  return body.data !== undefined || errors.length ? null : 'no data and no errors';
}

// ---------------------------------------------------------------------------------------------------
// Schema-derived positions

interface Position {
  root: 'Query' | 'Mutation';
  field: GraphQLField<unknown, unknown>;
  /** Argument name, then input fields down to the position. */
  path: string[];
  type: GraphQLInputType;
}

function positions(): Position[] {
  const found: Position[] = [];
  for (const { root, field } of rootFields()) {
    const visit = (items: readonly { name: string; type: GraphQLInputType }[], path: string[], seen: Set<string>) => {
      for (const item of items) {
        const named = getNamedType(item.type);
        const next = [...path, item.name];
        found.push({ root, field, path: next, type: item.type });
        if (isInputObjectType(named) && !seen.has(named.name))
          visit(Object.values(named.getFields()), next, new Set([...seen, named.name]));
      }
    };
    visit(field.args as readonly GraphQLArgument[], [], new Set());
  }
  return found;
}

/** The node type an id argument most likely names, from its name and its field's. */
function ownIdFor(path: string[], field: string): string {
  // The READ_ONLY rep may revoke their own tokens: send it for another member, which they may not.
  if (field === 'revokeMemberTokens') return own.otherMember;
  const name = `${field}.${path.join('.')}`.toLowerCase();
  if (/member|owner/.test(path.at(-1)!.toLowerCase())) return own.member;
  if (/stakeholder|replacement/.test(path.at(-1)!.toLowerCase()) || /stakeholder\.id$/.test(name))
    return own.stakeholder;
  if (/apitoken/.test(name)) return encodeId('ApiToken', random.uuid());
  return own.account;
}

/** A valid value of a required input, so that requests reach what they test. */
function validValue(type: GraphQLInputType, path: string[], field: string): unknown {
  return requiredValue(type, path, {
    id: (at) => ownIdFor(at, field),
    string: (at) => (/url$/i.test(at.at(-1)!) ? 'https://www.linkedin.com/in/fuzz-probe/' : `Probe ${random.int(1e6)}`),
    object: (value) => (field === 'createApiToken' ? { ...value, memberId: own.otherMember } : value),
  });
}

/** A shallow selection of what a field returns: its scalars, typed errors, a connection's cursors. */
function shallowSelection(type: GraphQLOutputType): string {
  return selection(type, (child) => (child.name === 'edges' ? 'edges { cursor }' : null));
}

/** One operation calling `position.field` with `value` at `position.path`, everything else valid. */
function operationCase(category: string, position: Position, value: unknown, label: string): Case {
  const args: Record<string, unknown> = {};
  for (const arg of position.field.args)
    if (isNonNullType(arg.type) && arg.defaultValue === undefined)
      args[arg.name] = validValue(arg.type, [arg.name], position.field.name);
  let target = args;
  for (const key of position.path.slice(0, -1)) {
    const argType = key === position.path[0] ? position.field.args.find((arg) => arg.name === key)!.type : null;
    if (target[key] === undefined || target[key] === null)
      target[key] = argType ? validValue(argType, [key], position.field.name) : {};
    target[key] = { ...(target[key] as Record<string, unknown>) };
    target = target[key] as Record<string, unknown>;
  }
  target[position.path.at(-1)!] = value;
  const used = position.field.args.filter((arg) => arg.name in args);
  const definitions = used.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(', ');
  const call = used.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const head = position.root === 'Query' ? 'query' : 'mutation';
  const query = `${head} Fuzz${definitions ? `(${definitions})` : ''} { ${position.field.name}${call ? `(${call})` : ''} ${shallowSelection(position.field.type)} }`;
  const mutation = position.root === 'Mutation';
  return {
    category,
    label: `${position.root}.${position.field.name}(${position.path.join('.')} = ${label})`,
    request: json({ query, variables: args, operationName: 'Fuzz' }, mutation ? tokens.readOnly : tokens.admin),
    mustRefuse: mutation,
  };
}

/** Values that the type at a position cannot take. */
function invalidValues(type: GraphQLInputType): Array<[unknown, string]> {
  const inner = unwrap(type);
  const values: Array<[unknown, string]> = [];
  if (isNonNullType(type)) values.push([null, 'null for non-null']);
  if (isListType(inner)) {
    const item = getNamedType(inner);
    const valid = isEnumType(item) ? item.getValues()[0]?.value : 'x';
    values.push(
      ['not a list item', 'a string for a list'],
      [Array.from({ length: 50_000 }, () => valid), 'a list of 50,000'],
      [[[[[[valid]]]]], 'nested lists'],
      [[null], 'null in a list'],
    );
    return values;
  }
  const named = getNamedType(inner);
  let deep: unknown = 'bottom';
  for (let level = 0; level < 3_000; level++) deep = { nested: deep };
  values.push([deep, 'an object nested 3,000 deep'], [[1, 'two', { three: 3 }], 'a mixed list']);
  if (isInputObjectType(named)) {
    values.push(['{}', 'a string for an object'], [{ unknownField: 1, __proto__x: 2 }, 'unknown fields']);
    return values;
  }
  if (isEnumType(named)) return [...values, ['NOPE', 'an unknown enum value'], [0, 'a number for an enum']];
  switch (named.name) {
    case 'Int':
      return [
        ...values,
        [2 ** 31, '2^31'],
        [-(2 ** 31) - 1, '-2^31-1'],
        [1.5, 'a fraction'],
        ['12', 'a numeric string'],
        ['NaN', 'NaN as a string'],
        ['Infinity', 'Infinity as a string'],
        [1e308, '1e308'],
        [true, 'a boolean'],
        [-1, '-1'],
      ];
    case 'Float':
      return [...values, ['NaN', 'NaN'], ['-Infinity', '-Infinity'], [1e308 * 10, 'an overflow']];
    case 'Long':
      return [
        ...values,
        ['9223372036854775808', '2^63'],
        ['-9223372036854775809', '-2^63-1'],
        ['1e50', '1e50'],
        [1.5, 'a fraction'],
        ['0x10', 'hex'],
        ['NaN', 'NaN'],
        [`${'9'.repeat(5_000)}`, 'a 5,000-digit number'],
      ];
    case 'Boolean':
      return [...values, ['true', 'a string'], [0, 'a number']];
    case 'DateTime':
      return [
        ...values,
        ['2026-13-45T99:99:99Z', 'an impossible date-time'],
        ['yesterday', 'words'],
        [1e20, 'a huge number'],
        ['+275760-09-13T00:00:00.001Z', 'past the end of time'],
        ['2026-06-01T00:00:00+99:99', 'a bad offset'],
        ['0000-00-00T00:00:00Z', 'year zero'],
      ];
    case 'Date':
      return [
        ...values,
        ['2026-02-30', 'February 30'],
        ['-000001-01-01', 'a negative year'],
        ['2026-06-01T00:00:00Z', 'a date-time'],
        ['20260601', 'no dashes'],
        [20260601, 'a number'],
      ];
    case 'ID':
      return [...values, [5, 'a number'], [true, 'a boolean']];
    case 'String':
      return [...values, [123, 'a number'], [false, 'a boolean'], [{ toString: 'x' }, 'an object']];
    default:
      return values;
  }
}

// ---------------------------------------------------------------------------------------------------
// Case generation

function graphqlOnlyCases(): Case[] {
  const cases: Case[] = [];
  const add = (category: string, label: string, query: string, variables?: unknown, token = tokens.admin) =>
    cases.push({ category, label, request: json({ query, variables }, token) });
  const queryType = rootType('Query');

  // Deep queries: random walks down object fields, past the depth limit, directly and through fragments.
  const walk = (depth: number) => {
    let type: GraphQLNamedType = queryType;
    const opened: string[] = [];
    for (let level = 0; level < depth; level++) {
      if (!isObjectType(type)) break;
      const next: GraphQLField<unknown, unknown>[] = Object.values(type.getFields()).filter(
        (child) => !child.args.some((arg) => isNonNullType(arg.type)) && !isLeafType(getNamedType(child.type)),
      );
      if (!next.length) break;
      const child: GraphQLField<unknown, unknown> = random.pick(next);
      opened.push(child.name);
      type = getNamedType(child.type);
      if (isUnionType(type) || isInterfaceType(type)) {
        const member: GraphQLObjectType = random.pick(
          isUnionType(type) ? type.getTypes() : schema.getPossibleTypes(type),
        );
        opened.push(`... on ${member.name}`);
        type = member;
      }
    }
    return `{ ${opened.join(' { ')} { __typename }${' }'.repeat(opened.length)} }`;
  };
  for (let index = 0; index < 150; index++) add('deep query', `walk ${index}`, walk(13 + random.int(60)));
  const nested = (depth: number, open: string, close: string) => `${open.repeat(depth)}${close.repeat(depth)}`;
  for (const depth of [13, 50, 200, 500, 1_000, 5_000])
    add('deep query', `account.owner chain ${depth}`, `{ viewer { ${nested(depth, 'member { ', '}')} } }`);
  for (const depth of [20, 100, 1_000, 10_000])
    add('deep query', `inline fragments ${depth}`, `{ ${nested(depth, '... on Query { ', '} ')} viewer { role } }`);
  for (const depth of [15, 40, 120])
    add(
      'deep query',
      `fragment chain ${depth}`,
      `{ ...F0 } ${Array.from({ length: depth }, (_, i) => `fragment F${i} on Query { viewer { member { organization { name } } } ...F${i + 1} }`).join(' ')} fragment F${depth} on Query { accounts { nodes { stakeholders { nodes { account { owner { name } } } } } } }`,
    );
  for (const depth of [50, 300, 2_000])
    add(
      'deep query',
      `introspection ${depth}`,
      `{ __schema { types { ${nested(depth, 'fields { type { ', '} } ')} name } } }`,
    );

  // Wide queries: many fields, many connections, many copies of the same field.
  const fieldNames = Object.values(queryType.getFields())
    .filter((field) => !field.args.some((arg) => isNonNullType(arg.type)))
    .map((field) => `${field.name} ${shallowSelection(field.type)}`);
  for (const copies of [10, 100, 1_000, 5_000])
    add('wide query', `viewer ${copies} times`, `{ ${'viewer { role } '.repeat(copies)} }`);
  for (const first of [20, 100, 101, 1_000, 2 ** 31 - 1])
    add(
      'wide query',
      `every connection with first ${first}`,
      `{ accounts(first: ${first}) { nodes { stakeholders(first: ${first}) { nodes { id } } } } coverageGaps(first: ${first}) { totalCount } }`,
    );
  for (let index = 0; index < 60; index++) {
    const picked = Array.from({ length: 3 + random.int(fieldNames.length) }, () => random.pick(fieldNames));
    add('wide query', `mix ${index}`, `{ ${picked.join(' ')} }`);
  }
  for (const width of [50, 500, 2_000])
    add(
      'wide query',
      `${width} distinct fields`,
      `{ viewer { ${Array.from({ length: width }, (_, i) => `f${i}`).join(' ')} } }`,
    );

  // Alias bombs.
  for (const count of [31, 50, 100, 500, 1_000, 2_500])
    add(
      'alias bomb',
      `${count} aliases`,
      `{ ${Array.from({ length: count }, (_, i) => `a${i}: viewer { role }`).join(' ')} }`,
    );
  for (const count of [31, 200])
    add(
      'alias bomb',
      `${count} aliased connections`,
      `{ ${Array.from({ length: count }, (_, i) => `a${i}: accounts(first: 100) { nodes { stakeholders(first: 100) { totalCount } } }`).join(' ')} }`,
    );
  for (const count of [5, 25])
    add(
      'alias bomb',
      `aliases in a fragment spread ${count} ways`,
      `{ ${Array.from({ length: count }, (_, i) => `x${i}: viewer { ...V }`).join(' ')} } fragment V on Viewer { ${Array.from({ length: 25 }, (_, i) => `r${i}: role`).join(' ')} }`,
    );

  // Fragment bombs and cycles.
  for (const levels of [10, 20, 30, 60]) {
    const fragments = Array.from(
      { length: levels },
      (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} viewer { role } }`,
    );
    add(
      'fragment bomb',
      `2^${levels} spreads`,
      `{ ...F0 } ${fragments.join(' ')} fragment F${levels} on Query { accounts(first: 100) { nodes { id name } } }`,
    );
  }
  for (const levels of [8, 12])
    add(
      'fragment bomb',
      `5^${levels} spreads on a type`,
      `{ viewer { ...V0 } } ${Array.from({ length: levels }, (_, i) => `fragment V${i} on Viewer { ${'...V'.concat(String(i + 1), ' ').repeat(5)} }`).join(' ')} fragment V${levels} on Viewer { role }`,
    );
  add('fragment bomb', 'self cycle', '{ ...A } fragment A on Query { ...A }');
  add(
    'fragment bomb',
    'two-step cycle',
    '{ ...A } fragment A on Query { ...B viewer { role } } fragment B on Query { ...A }',
  );
  for (const length of [3, 50, 500])
    add(
      'fragment bomb',
      `cycle of ${length}`,
      `{ ...C0 } ${Array.from({ length }, (_, i) => `fragment C${i} on Query { viewer { role } ...C${(i + 1) % length} }`).join(' ')}`,
    );
  add('fragment bomb', 'unknown fragment', '{ ...Missing }');
  add('fragment bomb', 'fragment on a wrong type', '{ ...A } fragment A on Account { id }');
  add('fragment bomb', 'unused fragment', '{ viewer { role } } fragment A on Query { viewer { role } }');
  add(
    'fragment bomb',
    '1,000 fragments',
    `{ ...G0 } ${Array.from({ length: 1_000 }, (_, i) => `fragment G${i} on Query { viewer { role } }`).join(' ')}`,
  );

  // Directive spam.
  for (const count of [2, 50, 500, 1_500])
    add(
      'directive spam',
      `@include ${count} times`,
      `{ viewer @include(if: true)${' @include(if: true)'.repeat(count - 1)} { role } }`,
    );
  for (const count of [1, 100, 1_000])
    add('directive spam', `unknown directive ${count} times`, `{ viewer${' @evil'.repeat(count)} { role } }`);
  add('directive spam', '@skip with a string', '{ viewer @skip(if: "yes") { role } }');
  add('directive spam', '@skip with a missing variable', '{ viewer @skip(if: $nope) { role } }');
  add(
    'directive spam',
    '@skip with a variable of the wrong type',
    'query($v: Boolean!) { viewer @skip(if: $v) { role } }',
    { v: 'no' },
  );
  add('directive spam', '@deprecated on a query', '{ viewer @deprecated { role } }');
  add('directive spam', 'directive on the operation', 'query @include(if: true) { viewer { role } }');
  add('directive spam', 'directive definition in a request', 'directive @x on FIELD { viewer @x { role } }');
  add('directive spam', '@defer', '{ viewer { ... @defer { role } } }');
  add('directive spam', '@stream', '{ members @stream(initialCount: 0) { id } }');

  // Documents that are not what they claim to be.
  for (const text of [
    '',
    ' ',
    '{',
    '}',
    '{ viewer { role }',
    'query { viewer { role } } query { viewer { role } }',
    'subscription { viewer { role } }',
    'type Query { x: Int }',
    'schema { query: Query }',
    '{ viewer { role } } garbage',
    '\u0000',
    '{ viewer { role(x: 1) } }',
    '{ viewer { role { nope } } }',
    '{ viewer }',
    '{ "string" }',
    '{ viewer { role } } #'.padEnd(300_000, '#'),
    `{ ${'('.repeat(2_000)} }`,
    `{ accounts(filter: { search: "${'\\u0041'.repeat(10_000)}" }) { totalCount } }`,
    `{ accounts(filter: { search: """${'"'.repeat(5)}""" }) { totalCount } }`,
    '{ accounts(first: 99999999999999999999) { totalCount } }',
    '{ accounts(first: -1) { totalCount } }',
    '{ accounts(first: 1, last: 1) { totalCount } }',
    '{ accounts(after: "x", before: "y") { totalCount } }',
    '{ node(id: "QWNjb3VudDo=") { id } }',
    `query Q(${Array.from({ length: 900 }, (_, i) => `$v${i}: Int`).join(', ')}) { viewer { role } }`,
    'query($v: Int = "x") { accounts(first: $v) { totalCount } }',
    'query($v: Unknown) { viewer { role } }',
    'query($v: Int, $v: Int) { viewer { role } }',
    '{ __typename __schema { queryType { name } } __type(name: "Account") { name } }',
    `{ __type(name: "${'A'.repeat(10_000)}") { name } }`,
  ])
    add('bad document', text.slice(0, 40) || '(empty)', text);
  add('bad document', 'query that is a number', 5 as unknown as string);
  add('bad document', 'query that is an object', { kind: 'Document' } as unknown as string);
  add('bad document', 'query that is a list', ['{ viewer { role } }'] as unknown as string);
  add('bad document', 'query that is null', null as unknown as string);
  return cases;
}

function schemaCases(): Case[] {
  const cases: Case[] = [];
  for (const position of positions()) {
    const named = getNamedType(position.type);
    const leaf = position.path.at(-1)!;
    for (const [value, label] of invalidValues(position.type))
      cases.push(operationCase('invalid variables', position, value, label));
    if (named.name === 'String') {
      const urlish = /url|link|page|domain|email/i.test(leaf);
      for (const value of HOSTILE_STRINGS)
        cases.push(operationCase('hostile strings', position, value, JSON.stringify(value.slice(0, 30))));
      for (const value of urlish ? HOSTILE_URLS : HOSTILE_URLS.filter(() => random.next() < 0.3))
        cases.push(operationCase('hostile urls', position, value, JSON.stringify(value.slice(0, 40))));
      if (leaf === 'after' || leaf === 'before')
        for (const value of BAD_CURSORS)
          cases.push(operationCase('invalid ids and cursors', position, value, JSON.stringify(value.slice(0, 40))));
    }
    if (named.name === 'ID' && !isListType(unwrap(position.type)))
      for (const value of BAD_IDS)
        cases.push(operationCase('invalid ids and cursors', position, value, JSON.stringify(value.slice(0, 40))));
    if (isListType(unwrap(position.type)) && named.name === 'String')
      cases.push(operationCase('hostile strings', position, HOSTILE_STRINGS, 'every hostile string'));
  }
  return cases;
}

function httpCases(): Case[] {
  const cases: Case[] = [];
  const good = JSON.stringify({ query: '{ viewer { role } }' });
  const write = JSON.stringify({
    query:
      'mutation($input: CreateAccountInput!) { createAccount(input: $input) { __typename ... on Error { code } } }',
    variables: { input: { name: 'Written through a side door', tier: 'STANDARD', segment: 'SMB' } },
  });
  const auth = { authorization: `Bearer ${tokens.admin}` };
  const add = (category: string, label: string, request: Request, mustRefuse = false) =>
    cases.push({ category, label, request: { ...request, headers: { ...auth, ...request.headers } }, mustRefuse });
  const raw = (body: string | Buffer, contentType = 'application/json') => ({
    headers: { 'content-type': contentType },
    body,
  });

  // Bad and truncated JSON.
  const documents = [good, write, JSON.stringify({ query: '{ accounts(first: 2) { nodes { id name } } }' })];
  for (const document of documents)
    for (let cut = 1; cut < document.length; cut += Math.max(1, Math.floor(document.length / 40)))
      add('bad JSON', `cut at ${cut}`, raw(document.slice(0, cut)), document === write);
  for (const text of [
    "{'query': '{ viewer { role } }'}",
    '{"query": "{ viewer { role } }",}',
    '{"query": "{ viewer { role } }"}}',
    '{"query" "x"}',
    '{query: 1}',
    'NaN',
    '{"query": "\\x41"}',
    '{"query": "\\u12"}',
    '{"query": "a\u0000b"}',
    '\ufeff{"query": "{ viewer { role } }"}',
    '{"query": "{ viewer { role } }"}\u0000',
    '[',
    `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    `${'{"a":'.repeat(40_000)}1${'}'.repeat(40_000)}`,
    '{"__proto__": {"query": "{ viewer { role } }"}}',
    '{"constructor": {"prototype": {"query": 1}}, "query": "{ viewer { role } }"}',
    '{"query": "{ viewer { role } }", "query": "mutation { x }"}',
  ])
    add('bad JSON', text.slice(0, 40), raw(text));
  // JSON that is not an object, or an object of the wrong shape.
  for (const text of [
    '[]',
    '[{"query": "{ viewer { role } }"}]',
    `[${Array.from({ length: 200 }, () => good).join(',')}]`,
    '0',
    '-1e400',
    'null',
    'true',
    '"{ viewer { role } }"',
    '{}',
    '{"query": 1}',
    '{"query": null}',
    '{"query": ["{ viewer { role } }"]}',
    '{"query": {"toString": "x"}}',
    '{"query": "{ viewer { role } }", "variables": "x"}',
    '{"query": "{ viewer { role } }", "variables": []}',
    '{"query": "{ viewer { role } }", "variables": 5}',
    '{"query": "{ viewer { role } }", "operationName": 5}',
    '{"query": "{ viewer { role } }", "operationName": "Nope"}',
    '{"query": "query A { viewer { role } } query B { viewer { role } }"}',
    '{"query": "{ viewer { role } }", "extensions": "x"}',
    '{"query": "{ viewer { role } }", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "abc"}}}',
    '{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "0000000000000000000000000000000000000000000000000000000000000000"}}}',
    '{"query": "{ viewer { role } }", "extensions": {"persistedQuery": {"version": 2}}}',
  ])
    add('JSON not a request', text.slice(0, 40), raw(text));

  // Wrong content types and charset tricks.
  for (const contentType of [
    'text/plain',
    'text/plain; charset=utf-8',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/graphql',
    'application/xml',
    'application/octet-stream',
    'application/json-patch+json',
    '*/*',
    'json',
    '',
  ])
    for (const [label, body, isWrite] of [
      ['query', good, false],
      ['mutation', write, true],
    ] as const)
      add('wrong content type', `${contentType || '(empty)'} ${label}`, raw(body, contentType), isWrite);
  add('wrong content type', 'form body', raw('query=%7B+viewer+%7B+role+%7D+%7D', 'application/x-www-form-urlencoded'));
  add(
    'wrong content type',
    'multipart body',
    raw(
      '--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{"query":"{ viewer { role } }"}\r\n--x--\r\n',
      'multipart/form-data; boundary=x',
    ),
  );
  add('wrong content type', 'no content type', { body: good });
  add('wrong content type', 'no content type, a write', { body: write }, true);
  for (const charset of [
    'utf-16',
    'utf-16le',
    'utf-7',
    'utf-32',
    'ebcdic',
    'x-unknown',
    '"utf-8"',
    'utf-8, utf-16',
    'UTF-16BE',
  ])
    add('charset trick', `charset=${charset}`, raw(good, `application/json; charset=${charset}`));
  add('charset trick', 'utf-16 body', raw(Buffer.from(`\ufeff${good}`, 'utf16le'), 'application/json; charset=utf-16'));
  add('charset trick', 'utf-16 body labelled utf-8', raw(Buffer.from(good, 'utf16le')));
  for (const encoding of ['gzip', 'deflate', 'br', 'compress', 'x-nope', 'gzip, gzip'])
    add('charset trick', `content-encoding ${encoding} on plain text`, {
      headers: { 'content-type': 'application/json', 'content-encoding': encoding },
      body: good,
    });

  // Methods and GET requests.
  const getUrl = (params: Record<string, string>) => `/graphql?${new URLSearchParams(params).toString()}`;
  const preflight = { 'apollo-require-preflight': 'true' };
  add(
    'wrong method',
    'GET with a mutation',
    {
      method: 'GET',
      path: getUrl({
        query: 'mutation { createAccount(input: { name: "GET write", tier: STANDARD, segment: SMB }) { __typename } }',
      }),
      headers: preflight,
    },
    true,
  );
  add('wrong method', 'GET without a preflight header', {
    method: 'GET',
    path: getUrl({ query: '{ viewer { role } }' }),
  });
  add('wrong method', 'GET without a query', { method: 'GET', path: '/graphql', headers: preflight });
  add('wrong method', 'GET with bad variables', {
    method: 'GET',
    path: getUrl({ query: '{ viewer { role } }', variables: '{nope' }),
    headers: preflight,
  });
  add('wrong method', 'GET with bad extensions', {
    method: 'GET',
    path: getUrl({ query: '{ viewer { role } }', extensions: '[' }),
    headers: preflight,
  });
  add('wrong method', 'GET with two queries', {
    method: 'GET',
    path: '/graphql?query=%7B+viewer+%7B+role+%7D+%7D&query=%7B+members+%7B+id+%7D+%7D',
    headers: preflight,
  });
  add('wrong method', 'GET with a 60 kB query string', {
    method: 'GET',
    path: getUrl({ query: `{ viewer { role } }${' '.repeat(60_000)}` }),
    headers: preflight,
  });
  for (const method of ['PUT', 'PATCH', 'DELETE']) add('wrong method', method, { method, ...raw(write) }, true);

  // Huge bodies.
  for (const size of [256 * 1024 + 1, 300_000, 1_000_000, 5_000_000]) {
    add(
      'huge body',
      `${size} bytes of query`,
      raw(JSON.stringify({ query: `{ viewer { role } }${' '.repeat(size)}` })),
    );
    add(
      'huge body',
      `${size} bytes of variables`,
      raw(JSON.stringify({ query: '{ viewer { role } }', variables: { x: 'v'.repeat(size) } })),
    );
  }
  add('huge body', '1 MB as text/plain', raw('x'.repeat(1_000_000), 'text/plain'));
  add('huge body', '1 MB of a write', raw(JSON.stringify({ ...JSON.parse(write), pad: 'p'.repeat(1_000_000) })), true);

  // Invalid Unicode: raw bytes, and escapes that JSON allows but Unicode does not.
  const around = (bytes: number[], where: 'search' | 'query') => {
    const [head, tail] =
      where === 'search'
        ? ['{"query":"{ accounts(filter: { search: \\"x', '\\" }) { totalCount } }"}']
        : ['{"query":"{ viewer { role } }', '"}'];
    return Buffer.concat([Buffer.from(head), Buffer.from(bytes), Buffer.from(tail)]);
  };
  const invalidSequences: Array<[string, number[]]> = [
    ['lone high surrogate', [0xed, 0xa0, 0x80]],
    ['lone low surrogate', [0xed, 0xbf, 0xbf]],
    ['surrogate pair as CESU-8', [0xed, 0xa0, 0xbd, 0xed, 0xb2, 0xa9]],
    ['overlong slash', [0xc0, 0xaf]],
    ['overlong NUL', [0xc0, 0x80]],
    ['overlong three-byte', [0xe0, 0x80, 0xaf]],
    ['overlong four-byte', [0xf0, 0x80, 0x80, 0xaf]],
    ['past U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['stray continuation', [0x80]],
    ['truncated sequence', [0xe2, 0x82]],
    ['invalid byte FE', [0xfe]],
    ['invalid byte FF', [0xff, 0xff]],
    ['Latin-1 é', [0xe9]],
  ];
  for (const [label, bytes] of invalidSequences)
    for (const where of ['search', 'query'] as const)
      add('invalid unicode', `${label} in the ${where}`, raw(around(bytes, where)), true);
  for (const [label, escaped] of [
    ['lone high surrogate escape', '\\ud800'],
    ['lone low surrogate escape', '\\udc00'],
    ['reversed pair escape', '\\udc00\\ud800'],
    ['NUL escape', '\\u0000'],
    ['noncharacter escape', '\\uffff\\ufffe'],
  ] as const) {
    // Noncharacters are valid Unicode scalar values: they may be accepted; the rest must be refused.
    const refuse = !label.startsWith('noncharacter');
    add(
      'invalid unicode',
      `${label} in a search`,
      raw(`{"query":"{ accounts(filter: { search: \\"${escaped}\\" }) { totalCount } }"}`),
      refuse,
    );
    add(
      'invalid unicode',
      `${label} in a variable`,
      raw(
        `{"query":"query($s: String) { accounts(filter: { search: $s }) { totalCount } }","variables":{"s":"a${escaped}b"}}`,
      ),
      refuse,
    );
    add(
      'invalid unicode',
      `${label} in a profile URL`,
      raw(
        `{"query":"query($u: String!) { profileLookup(url: $u) { __typename ... on Error { code } } }","variables":{"u":"https://www.linkedin.com/in/a${escaped}b/"}}`,
      ),
      refuse,
    );
    add(
      'invalid unicode',
      `${label} in a write`,
      {
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.readOnly}` },
        body: `{"query":"mutation($n: String!) { createAccount(input: { name: $n, tier: STANDARD, segment: SMB }) { __typename ... on Error { code } } }","variables":{"n":"a${escaped}b"}}`,
      },
      true,
    );
  }

  // Bad Authorization headers.
  // Other spellings of a valid header (the scheme is case-insensitive, any whitespace after it) may be
  // accepted: they are sent with a query only. Everything else must be refused, a write included.
  const equivalent: Array<[string, string]> = [
    ['lower-case scheme', `bearer ${tokens.admin}`],
    ['two spaces', `Bearer  ${tokens.admin}`],
    ['tab-separated', `Bearer\t${tokens.admin}`],
  ];
  const refused: Array<[string, string | string[] | null]> = [
    ['none', null],
    ['empty', ''],
    ['Bearer alone', 'Bearer'],
    ['Bearer and a space', 'Bearer '],
    ['Basic', `Basic ${Buffer.from('admin:admin').toString('base64')}`],
    ['token without a scheme', tokens.admin],
    ['token with a trailing character', `Bearer ${tokens.admin}x`],
    ['token cut short', `Bearer ${tokens.admin.slice(0, -1)}`],
    ['token upper-cased', `Bearer ${tokens.admin.toUpperCase()}`],
    ['revoked token', `Bearer ${tokens.revoked}`],
    ['expired token', `Bearer ${tokens.expired}`],
    ['SQL as a token', "Bearer ' OR '1'='1"],
    ['a 7 kB token', `Bearer ${'t'.repeat(7_000)}`],
    ['two tokens', `Bearer ${tokens.admin}, Bearer ${tokens.readOnly}`],
    ['two headers', [`Bearer ${tokens.readOnly}`, `Bearer ${tokens.admin}`]],
    ['Latin-1 bytes', 'Bearer t\u00e9\u00ff'],
    ['a token-shaped string', `Bearer tw_${'0'.repeat(40)}`],
    ['Bearer twice', `Bearer Bearer ${tokens.admin}`],
    ['token in quotes', `Bearer "${tokens.admin}"`],
  ];
  const authCase = (label: string, value: string | string[] | null, body: string, mustRefuse: boolean) => {
    const headers: Record<string, string | string[]> = { 'content-type': 'application/json' };
    if (value !== null) headers.authorization = value;
    cases.push({ category: 'bad authorization', label, request: { headers, body }, mustRefuse });
  };
  for (const [label, value] of equivalent) authCase(label, value, good, false);
  for (const [label, value] of refused) {
    authCase(`${label} (query)`, value, good, true);
    authCase(`${label} (write)`, value, write, true);
  }
  return cases;
}

/** Every case, the same on every run: the generator starts again from its seed. */
function buildCases(): Case[] {
  random = generator(SEED);
  return [...httpCases(), ...graphqlOnlyCases(), ...schemaCases()];
}
const CASE_COUNT = buildCases().length;

// ---------------------------------------------------------------------------------------------------

async function setUp(prisma: PrismaClient) {
  const seeded = await seedDemo(prisma, { accounts: 3, organizationSlug: 'fuzz', organizationName: 'Fuzz Holdings' });
  const organizationId = seeded.organizationId;
  const admin = await prisma.member.findFirstOrThrow({
    where: { organizationId, role: 'ADMIN' },
    orderBy: { email: 'asc' },
  });
  const rep = await prisma.member.findFirstOrThrow({
    where: { organizationId, role: 'REP' },
    orderBy: { email: 'asc' },
  });
  const revoked = await createToken(prisma, organizationId, admin.id);
  await prisma.apiToken.updateMany({ where: { memberId: admin.id }, data: { revokedAt: new Date() } });
  tokens = {
    admin: await createToken(prisma, organizationId, admin.id),
    readOnly: await createToken(prisma, organizationId, rep.id, 'READ_ONLY'),
    revoked,
    expired: await createToken(prisma, organizationId, admin.id, 'FULL', new Date(Date.now() - 60_000)),
  };
  const account = await prisma.account.findFirstOrThrow({ where: { organizationId }, orderBy: { id: 'asc' } });
  const stakeholder = await prisma.stakeholder.findFirstOrThrow({ where: { organizationId }, orderBy: { id: 'asc' } });
  own = {
    account: encodeId('Account', account.id),
    stakeholder: encodeId('Stakeholder', stakeholder.id),
    member: encodeId('Member', rep.id),
    otherMember: encodeId('Member', admin.id),
  };
}

beforeAll(async () => {
  api = await startTestApi();
  base = api.url;
  agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  await setUp(api.prisma);
}, 120_000);
afterAll(async () => {
  agent?.destroy();
  await api?.close();
});

const SNAPSHOT = { ignore: { ApiToken: ['lastUsedAt'] }, skipTables: ['RateLimitBucket'] };

describe('bad input', () => {
  it(`answers all ${CASE_COUNT.toLocaleString('en-US')} generated cases of malformed HTTP and GraphQL with a typed error, stays up and changes nothing`, async () => {
    const cases = buildCases();
    expect(cases.length).toBe(CASE_COUNT);
    const before = await snapshotTables(api.prisma, SNAPSHOT);
    const failures: string[] = [];
    const counts = new Map<string, number>();
    const started = performance.now();
    for (let offset = 0; offset < cases.length; offset += BATCH) {
      const batch = cases.slice(offset, offset + BATCH);
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < batch.length) {
            const item = batch[next++]!;
            counts.set(item.category, (counts.get(item.category) ?? 0) + 1);
            try {
              const problem = judge(item, await send(item.request));
              if (problem) failures.push(`${item.category}: ${item.label}: ${problem}`);
            } catch (error) {
              failures.push(`${item.category}: ${item.label}: ${error instanceof Error ? error.message : error}`);
            }
          }
        }),
      );
      const health = await send({ method: 'GET', path: '/healthz' });
      expect(health.status, `health after case ${offset + batch.length}`).toBe(200);
    }
    const after = await snapshotTables(api.prisma, SNAPSHOT);
    console.log(
      `bad input: ${cases.length} cases in ${((performance.now() - started) / 1000).toFixed(1)} s; ${[
        ...counts.entries(),
      ]
        .map(([category, count]) => `${category} ${count}`)
        .join(', ')}`,
    );
    expect(cases.length).toBeGreaterThanOrEqual(3_000);
    expect(failures.slice(0, 40)).toEqual([]);
    expect(after).toEqual(before);
  }, 300_000);

  it('stores valid hostile strings verbatim and answers them as plain data', async () => {
    const values = HOSTILE_STRINGS.filter(
      (value) => value.trim().length > 0 && value.length <= 200 && !/[\p{Cc}\p{Cs}\u2028\u2029]/u.test(value),
    );
    expect(values.length).toBeGreaterThan(10);
    for (const value of values) {
      const created = await api.gql<{ createAccount: { __typename: string; account?: { id: string; name: string } } }>(
        tokens.admin,
        'mutation($input: CreateAccountInput!) { createAccount(input: $input) { __typename ... on AccountPayload { account { id name } } ... on Error { code message } } }',
        { input: { name: value, tier: 'STANDARD', segment: 'SMB' } },
      );
      const expected = value.normalize('NFC').trim();
      expect(created.data?.createAccount.account?.name, JSON.stringify(created)).toBe(expected);
      const id = created.data!.createAccount.account!.id;
      const read = await send(json({ query: 'query($id: ID!) { account(id: $id) { name } }', variables: { id } }));
      expect(read.status).toBe(200);
      expect(JSON.parse(read.text).data.account.name).toBe(expected);
      const found = await api.gql<{ accounts: { nodes: Array<{ id: string }> } }>(
        tokens.admin,
        'query($s: String) { accounts(filter: { search: $s }, first: 100) { nodes { id } } }',
        { s: expected.slice(0, 100) },
      );
      expect(
        found.data?.accounts.nodes.map((node) => node.id),
        `search for ${JSON.stringify(expected)}`,
      ).toContain(id);
    }
  });
});

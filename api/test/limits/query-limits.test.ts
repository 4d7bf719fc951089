import {
  type DocumentNode,
  isObjectType,
  type OperationDefinitionNode,
  parse,
  specifiedRules,
  validate,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  aliasCount,
  aliasLimit,
  depthLimit,
  operationCost,
  operationDepth,
  PAGED_CONNECTION,
} from '../../src/limits/query-limits.ts';
import { schema } from '../../src/schema/index.ts';

function operationOf(document: DocumentNode): OperationDefinitionNode {
  const operation = document.definitions.find((definition) => definition.kind === 'OperationDefinition');
  if (!operation) throw new Error('no operation');
  return operation as OperationDefinitionNode;
}

const cost = (query: string, variables: Record<string, unknown> = {}) => {
  const document = parse(query);
  return operationCost(schema, document, operationOf(document), variables);
};

describe('operation cost', () => {
  it.each([
    ['a scalar on the root object', '{ viewer { role } }', 1],
    ['nested objects', '{ viewer { member { name } organization { name } } }', 3],
    ['a connection without first counts a default page of 20', '{ accounts { nodes { name } } }', 1 + 20],
    ['first sets the page', '{ accounts(first: 5) { nodes { name } } }', 1 + 5],
    ['first above the cap counts 100', '{ accounts(first: 1000) { nodes { name } } }', 1 + 100],
    [
      'edges and nodes both count',
      '{ accounts(first: 5) { edges { cursor node { name } } nodes { name } } }',
      1 + 5 * 2 + 5,
    ],
    ['pageInfo and totalCount', '{ accounts(first: 5) { totalCount pageInfo { hasNextPage } } }', 1 + 1],
    [
      'nested connections multiply',
      '{ accounts(first: 10) { nodes { stakeholders(first: 10) { nodes { fullName } } } } }',
      1 + 10 * (1 + 1 + 10),
    ],
    [
      'a plain list of objects counts 10',
      '{ accounts(first: 2) { nodes { warmLeads { fullName } } } }',
      1 + 2 * (1 + 10 * 1),
    ],
    ['introspection is free', '{ __schema { types { name fields { name } } } __typename }', 1],
    [
      'fragments cost what they expand to',
      'query { accounts(first: 3) { nodes { ...A } } } fragment A on Account { owner { name } risk { score } }',
      1 + 3 * (1 + 1 + 1),
    ],
    ['a mutation costs 10 more per field', 'mutation { revokeApiToken(id: "x") { __typename } }', 10 + 1],
  ])('%s', (_name, query, expected) => {
    expect(cost(query)).toBe(expected);
  });

  it('reads page sizes from variables', () => {
    const query = 'query($n: Int) { accounts(first: $n) { nodes { name } } }';
    expect(cost(query, { n: 50 })).toBe(51);
    expect(cost(query, {})).toBe(21);
    expect(cost(query, { n: 'fifty' })).toBe(21);
  });

  it('prices one parsed operation again whenever its cost reads a variable', () => {
    // A cached document is the same object for every request that sends its text.
    const paged = parse(
      'query($n: Int, $s: String) { accounts(first: $n, filter: { search: $s }) { nodes { name } } }',
    );
    const priced = (variables: Record<string, unknown>) => operationCost(schema, paged, operationOf(paged), variables);
    expect(priced({ n: 50 })).toBe(51);
    expect(priced({ n: 2 })).toBe(3);
    expect(priced({ n: 50, s: 'a' })).toBe(51);
    const fixed = parse('query($s: String) { accounts(first: 7, filter: { search: $s }) { nodes { name } } }');
    expect(operationCost(schema, fixed, operationOf(fixed), { s: 'a' })).toBe(8);
    expect(operationCost(schema, fixed, operationOf(fixed), { s: 'b' })).toBe(8);
  });

  it('prices a fragment bomb without expanding it', () => {
    // Each level doubles the fields: 2^30 selections if expanded (this would not finish), counted once per fragment here.
    const levels = Array.from(
      { length: 30 },
      (_, level) => `fragment F${level} on Account { ...F${level + 1} ...F${level + 1} }`,
    ).join('\n');
    const query = `{ accounts(first: 1) { nodes { ...F0 } } } ${levels} fragment F30 on Account { owner { name } }`;
    expect(cost(query)).toBe(1 + 1 * (1 + 2 ** 30));
  });
});

describe('depth and aliases', () => {
  it.each([
    ['{ viewer { role } }', 2],
    ['{ accounts { nodes { stakeholders { nodes { account { name } } } } } }', 6],
    ['{ __schema { types { fields { type { ofType { ofType { name } } } } } } }', 0],
    ['{ ...Q } fragment Q on Query { viewer { member { name } } }', 3],
    ['{ node(id: "x") { ... on Account { owner { name } } } }', 3],
  ])('depth of %s is %i', (query, depth) => {
    const document = parse(query);
    expect(operationDepth(document, operationOf(document))).toBe(depth);
  });

  it.each([
    ['{ viewer { role } }', 0],
    ['{ a: viewer { role } b: viewer { r: role } }', 3],
    ['{ ...Q } fragment Q on Query { a: viewer { role } }', 1],
  ])('aliases in %s: %i', (query, count) => {
    expect(aliasCount(parse(query))).toBe(count);
  });

  it('refuses documents over the limits with their own codes', () => {
    const deep = parse('{ accounts { nodes { stakeholders { nodes { account { owner { name } } } } } } }');
    const wide = parse(`{ ${Array.from({ length: 5 }, (_, i) => `a${i}: viewer { role }`).join(' ')} }`);
    const rules = [...specifiedRules, depthLimit(5), aliasLimit(4)];
    expect(validate(schema, deep, rules).map((error) => error.extensions.code)).toEqual(['QUERY_TOO_DEEP']);
    expect(validate(schema, wide, rules).map((error) => error.extensions.code)).toEqual(['TOO_MANY_ALIASES']);
    expect(validate(schema, parse('{ viewer { role } }'), rules)).toEqual([]);
  });
});

describe('connection marker', () => {
  it('marks exactly the connection types (pageInfo and edges), so each is priced as a page', () => {
    const types = Object.values(schema.getTypeMap()).filter(isObjectType);
    const connections = types.filter((type) => 'pageInfo' in type.getFields() && 'edges' in type.getFields());
    const marked = types.filter((type) => type.extensions?.[PAGED_CONNECTION] === true);
    expect(connections.length).toBeGreaterThan(5);
    expect(marked.map((type) => type.name).sort()).toEqual(connections.map((type) => type.name).sort());
  });
});

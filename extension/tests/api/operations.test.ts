import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildSchema, type DocumentNode, type GraphQLEnumType, Kind, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { BUYING_ROLES, JOB_CHANGE_KINDS, SENIORITIES } from '@/api/enum-values';
import * as generated from '@/api/generated/graphql';
import { SCHEMA_PATH } from '../support/fake-api';

// The contract: the API's committed schema. Every operation the extension sends must validate.
const schema = buildSchema(readFileSync(SCHEMA_PATH, 'utf8'));
const operationsDir = resolve(import.meta.dirname, '../../src/api/operations');
const operationFiles = readdirSync(operationsDir).filter((file) => file.endsWith('.graphql'));

function messages(document: DocumentNode): string[] {
  return validate(schema, document).map((error) => error.message);
}

function operationNames(document: DocumentNode): string[] {
  return document.definitions.flatMap((definition) =>
    definition.kind === Kind.OPERATION_DEFINITION && definition.name ? [definition.name.value] : [],
  );
}

/** The generated typed documents that are operations (fragments are exported as `…FragmentDoc`). */
const generatedDocuments = Object.entries(generated).flatMap(([name, value]) =>
  name.endsWith('Document') && value instanceof generated.TypedDocumentString
    ? [[name, value.toString()] as const]
    : [],
);

const operationSource = operationFiles.map((file) => readFileSync(resolve(operationsDir, file), 'utf8')).join('\n');

const expectedOperations = [
  'AddAccountNote',
  'AddStakeholderFromPage',
  'CompanyLookup',
  'DashboardAccountActivity',
  'DashboardAtRiskAccounts',
  'DashboardContext',
  'DashboardCoverageGaps',
  'DashboardDepartureCases',
  'DashboardRiskEvaluation',
  'DashboardThisWeek',
  'DashboardTurnoverReport',
  'FlagJobChange',
  'LinkProfileToStakeholder',
  'ProfileLookup',
  'Viewer',
];

describe('GraphQL operations against api/schema.graphql', () => {
  it('has the operations the extension needs', () => {
    expect(operationNames(parse(operationSource)).sort()).toEqual(expectedOperations);
  });

  it('validates every operation file, with the shared fragments', () => {
    expect(messages(parse(operationSource))).toEqual([]);
  });

  it('generated a typed document for every operation, and each validates as sent', () => {
    expect(generatedDocuments.map(([name]) => name.replace(/Document$/, '')).sort()).toEqual(expectedOperations);
    for (const [name, document] of generatedDocuments) {
      expect({ name, errors: messages(parse(document)) }).toEqual({ name, errors: [] });
    }
  });

  it('would catch an operation that does not match the schema', () => {
    const drifted = parse(`
      query ProfileLookup($url: String!) {
        profileLookup(url: $url) { ... on ProfileLookup { stakeholder { fullName nickname } } }
      }
      mutation Flag($input: FlagJobChangeInput!) { flagJobChange(input: $input) { ... on FlagPayload { replayed } } }
      mutation Wrong($url: Int!) { linkProfileToStakeholder(input: { stakeholderId: "1", profileUrl: $url }) { __typename } }
    `);
    expect(messages(drifted)).toEqual([
      'Cannot query field "nickname" on type "Stakeholder". Did you mean "fullName"?',
      'Variable "$url" of type "Int!" used in position expecting type "String!".',
    ]);
  });

  it.each([
    { name: 'JobChangeKind', values: JOB_CHANGE_KINDS },
    { name: 'BuyingRole', values: BUYING_ROLES },
    { name: 'Seniority', values: SENIORITIES },
  ])('knows every value of $name', ({ name, values }) => {
    const type = schema.getType(name) as GraphQLEnumType;
    expect([...values].sort()).toEqual(
      type
        .getValues()
        .map((value) => value.name)
        .sort(),
    );
  });
});

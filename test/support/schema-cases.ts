// Walks the API's schema for tests that generate their cases from it: the root fields, a valid value
// for every required input (so a request reaches what it tests), and a selection of what a field returns.
import {
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
import { schema } from '../../api/src/schema/index.ts';

export type Root = 'Query' | 'Mutation';

export function rootType(root: Root): GraphQLObjectType {
  const type = root === 'Query' ? schema.getQueryType() : schema.getMutationType();
  if (!type) throw new Error(`The schema has no ${root} type`);
  return type;
}

/** Every query, then every mutation. */
export function rootFields(): Array<{ root: Root; field: GraphQLField<unknown, unknown> }> {
  return (['Query', 'Mutation'] as const).flatMap((root) =>
    Object.values(rootType(root).getFields()).map((field) => ({ root, field })),
  );
}

export function unwrap(type: GraphQLInputType | GraphQLOutputType) {
  return isNonNullType(type) ? type.ofType : type;
}

/** What a test puts where the schema wants an id or a string; `path` runs from the argument down. */
export interface RequiredValues {
  id(path: string[]): unknown;
  string(path: string[]): unknown;
  /** The finished value of an input object, given its required fields (default: as it is). */
  object?(value: Record<string, unknown>, path: string[]): Record<string, unknown>;
}

/**
 * A valid value of an input: an empty list, an enum's first value, an input object with its required
 * fields (those without a default), or a plain value of a scalar.
 */
export function requiredValue(type: GraphQLInputType, path: string[], values: RequiredValues): unknown {
  const inner = unwrap(type);
  if (isListType(inner)) return [];
  const named = getNamedType(inner);
  if (isEnumType(named)) return named.getValues()[0]?.value;
  if (isInputObjectType(named)) {
    const value: Record<string, unknown> = {};
    for (const child of Object.values(named.getFields()))
      if (isNonNullType(child.type) && child.defaultValue === undefined)
        value[child.name] = requiredValue(child.type, [...path, child.name], values);
    return values.object ? values.object(value, path) : value;
  }
  switch (named.name) {
    case 'ID':
      return values.id(path);
    case 'String':
      return values.string(path);
    case 'Int':
    case 'Float':
    case 'Long':
      return 1;
    case 'Boolean':
      return false;
    case 'DateTime':
      return '2026-06-01T00:00:00Z';
    case 'Date':
      return '2026-06-01';
    default:
      throw new Error(`No valid value for ${named.name} at ${path.join('.')}`);
  }
}

/**
 * A selection of what a field returns: `__typename` and the scalars of an object (fields with required
 * arguments left out), every member of a union or interface, and what `nested` gives for an object field
 * (nothing when it returns null).
 */
export function selection(
  type: GraphQLOutputType,
  nested: (field: GraphQLField<unknown, unknown>, type: GraphQLNamedType) => string | null,
): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (isUnionType(named) || isInterfaceType(named)) {
    const members = isUnionType(named) ? named.getTypes() : schema.getPossibleTypes(named);
    return `{ __typename ${members.map((member) => `... on ${member.name} ${selection(member, nested)}`).join(' ')} }`;
  }
  if (!isObjectType(named)) return '';
  const parts = ['__typename'];
  for (const field of Object.values(named.getFields())) {
    if (field.args.some((arg) => isNonNullType(arg.type))) continue;
    const fieldType = getNamedType(field.type);
    const part = isLeafType(fieldType) ? field.name : nested(field, fieldType);
    if (part !== null) parts.push(part);
  }
  return `{ ${parts.join(' ')} }`;
}

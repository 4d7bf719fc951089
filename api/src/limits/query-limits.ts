// Limits on what one GraphQL document may ask for: nesting depth, aliases, and a cost model. Depth
// and aliases are validation rules (cached with the validated document); the cost depends on the
// variables (`first: $n`), so it is computed per operation from the cached document.
//
// The cost model, an upper bound on the records an operation can touch:
// - a field whose type is a scalar or an enum costs nothing;
// - a field whose type is an object costs 1 plus what is selected under it;
// - a field whose type is a list of objects is counted as LIST_SIZE objects;
// - a connection (a field with `first`/`last` whose type carries the PAGED_CONNECTION extension, which
//   the builder sets on every connection type) costs 1, and its `edges`
//   and `nodes` count as many objects as the page asks for: `first` or `last`, DEFAULT_PAGE_SIZE when
//   neither is given, never more than MAX_PAGE_SIZE (the API's own cap);
// - each mutation field costs MUTATION_COST more (a write and the recomputations it triggers), and
//   a field that declares `extensions.argumentCost(args)` (an import: a point per row) that much more;
// - introspection (`__schema`, `__type`, `__typename`) costs nothing and does not count for depth.
import {
  type ASTVisitor,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getArgumentValues,
  getNamedType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';

export const DEFAULT_PAGE_SIZE = 20;
/** The type extension the builder sets on every connection type (relay's defaultConnectionTypeOptions). */
export const PAGED_CONNECTION = 'pagedConnection';
export const MAX_PAGE_SIZE = 100;
export const LIST_SIZE = 10;
export const MUTATION_COST = 10;

export type LimitCode = 'QUERY_TOO_DEEP' | 'TOO_MANY_ALIASES' | 'QUERY_TOO_COSTLY' | 'TOO_MANY_TOKENS';

export function limitError(code: LimitCode, message: string, details: Record<string, number>): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...details, http: { status: 400 } } });
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  return fragments;
}

function isIntrospection(field: FieldNode): boolean {
  return field.name.value.startsWith('__');
}

/** Depth of a selection set, fragments expanded (memoized per fragment, cycles counted as zero). */
function depthOf(
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  memo: Map<string, number>,
  visiting: Set<string>,
): number {
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (isIntrospection(selection)) continue;
      const below = selection.selectionSet ? depthOf(selection.selectionSet, fragments, memo, visiting) : 0;
      deepest = Math.max(deepest, 1 + below);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(selection.selectionSet, fragments, memo, visiting));
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || visiting.has(name)) continue;
      let depth = memo.get(name);
      if (depth === undefined) {
        visiting.add(name);
        depth = depthOf(fragment.selectionSet, fragments, memo, visiting);
        visiting.delete(name);
        memo.set(name, depth);
      }
      deepest = Math.max(deepest, depth);
    }
  }
  return deepest;
}

export function operationDepth(document: DocumentNode, operation: OperationDefinitionNode): number {
  return depthOf(operation.selectionSet, fragmentsOf(document), new Map(), new Set());
}

/** Validation rule: no operation nests deeper than `maxDepth` fields. */
export function depthLimit(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const document = context.getDocument();
      const depth = operationDepth(document, operation);
      if (depth > maxDepth) {
        context.reportError(
          limitError('QUERY_TOO_DEEP', `Query is nested ${depth} levels deep; the limit is ${maxDepth}.`, {
            depth,
            limit: maxDepth,
          }),
        );
      }
    },
  });
}

export function aliasCount(document: DocumentNode): number {
  let count = 0;
  const visit = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD && selection.alias) count++;
      if (selection.kind !== Kind.FRAGMENT_SPREAD && selection.selectionSet) visit(selection.selectionSet);
    }
  };
  for (const definition of document.definitions)
    if (definition.kind === Kind.OPERATION_DEFINITION || definition.kind === Kind.FRAGMENT_DEFINITION)
      visit(definition.selectionSet);
  return count;
}

/** Validation rule: at most `maxAliases` aliased fields in one document. */
export function aliasLimit(maxAliases: number) {
  return (context: ValidationContext): ASTVisitor => ({
    Document: {
      leave(document) {
        const aliases = aliasCount(document);
        if (aliases > maxAliases) {
          context.reportError(
            limitError('TOO_MANY_ALIASES', `Query uses ${aliases} aliases; the limit is ${maxAliases}.`, {
              aliases,
              limit: maxAliases,
            }),
          );
        }
      },
    },
  });
}

/** What one costing learned besides the cost: whether it depended on the request's variables. */
interface Costing {
  readsVariables: boolean;
}

function pageSize(field: FieldNode, variables: Record<string, unknown>, costing: Costing): number {
  const read = (value: ValueNode | undefined): unknown => {
    if (!value) return undefined;
    if (value.kind === Kind.INT) return Number(value.value);
    if (value.kind === Kind.VARIABLE) {
      costing.readsVariables = true;
      return variables[value.name.value];
    }
    return undefined;
  };
  const argument = (name: string) => field.arguments?.find((arg) => arg.name.value === name)?.value;
  for (const name of ['first', 'last']) {
    const size = read(argument(name));
    if (typeof size === 'number' && Number.isInteger(size)) return Math.min(Math.max(size, 0), MAX_PAGE_SIZE);
  }
  return DEFAULT_PAGE_SIZE;
}

function isConnection(type: GraphQLNamedType, definition: GraphQLField<unknown, unknown>): boolean {
  return (
    type.extensions?.[PAGED_CONNECTION] === true &&
    definition.args.some((arg) => arg.name === 'first' || arg.name === 'last')
  );
}

function isListOf(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

/**
 * Costs that depend on the operation alone (no page size or priced argument taken from a variable),
 * by operation. Apollo's document cache hands out the same parsed document for the same query text,
 * so a repeated query is priced once, whatever its other variables.
 */
const fixedCosts = new WeakMap<OperationDefinitionNode, { schema: GraphQLSchema; cost: number }>();

/**
 * The cost of an operation under the model above. Fragment costs are memoized per fragment and page
 * size, so a fragment bomb costs what it would fetch without taking as long to count.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
): number {
  const fixed = fixedCosts.get(operation);
  if (fixed?.schema === schema) return fixed.cost;
  const costing: Costing = { readsVariables: false };
  const cost = computeCost(schema, document, operation, variables, costing);
  if (!costing.readsVariables) fixedCosts.set(operation, { schema, cost });
  return cost;
}

function computeCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  costing: Costing,
): number {
  const fragments = fragmentsOf(document);
  const memo = new Map<string, number>();

  const selectionCost = (selectionSet: SelectionSetNode, parent: GraphQLNamedType, page: number | null): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        total += fieldCost(selection, parent, page);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? (schema.getType(selection.typeCondition.name.value) ?? parent) : parent;
        total += selectionCost(selection.selectionSet, type, page);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment) continue;
        const key = `${fragment.name.value}:${page ?? ''}`;
        let cost = memo.get(key);
        if (cost === undefined) {
          memo.set(key, 0); // a cycle (refused by validation anyway) adds nothing
          const type = schema.getType(fragment.typeCondition.name.value) ?? parent;
          cost = selectionCost(fragment.selectionSet, type, page);
          memo.set(key, cost);
        }
        total += cost;
      }
    }
    return total;
  };

  const fieldCost = (field: FieldNode, parent: GraphQLNamedType, page: number | null): number =>
    argumentCost(field, parent) + selectedCost(field, parent, page);

  /** What a field charges for the work its arguments ask for (0 for arguments that do not coerce). */
  const argumentCost = (field: FieldNode, parent: GraphQLNamedType): number => {
    if (!isObjectType(parent)) return 0;
    const definition = parent.getFields()[field.name.value];
    const cost = definition?.extensions?.argumentCost;
    if (!definition || typeof cost !== 'function') return 0;
    // Its arguments may come from variables: such a cost is never kept for the operation.
    costing.readsVariables = true;
    try {
      const value = Number(cost(getArgumentValues(definition, field, variables)));
      return Number.isFinite(value) && value > 0 ? Math.ceil(value) : 0;
    } catch {
      return 0;
    }
  };

  const selectedCost = (field: FieldNode, parent: GraphQLNamedType, page: number | null): number => {
    if (isIntrospection(field)) return 0;
    if (!isObjectType(parent) && !isInterfaceType(parent)) return 0;
    const definition = parent.getFields()[field.name.value];
    if (!definition) return 0;
    const type = getNamedType(definition.type);
    if (isLeafType(type) || !field.selectionSet) return 0;
    if (isConnection(type, definition)) {
      return 1 + selectionCost(field.selectionSet, type, pageSize(field, variables, costing));
    }
    const each = 1 + selectionCost(field.selectionSet, type, null);
    if (!isListOf(definition.type)) return each;
    // `edges` and `nodes` of a connection hold one page; other lists are counted at LIST_SIZE.
    const count = page !== null && (field.name.value === 'edges' || field.name.value === 'nodes') ? page : LIST_SIZE;
    return count * each;
  };

  const root =
    operation.operation === 'mutation'
      ? schema.getMutationType()
      : operation.operation === 'subscription'
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  if (!root) return 0;
  const writes =
    operation.operation === 'mutation'
      ? operation.selectionSet.selections.filter(
          (selection) => selection.kind === Kind.FIELD && !isIntrospection(selection),
        ).length * MUTATION_COST
      : 0;
  return Math.max(1, writes + selectionCost(operation.selectionSet, root, null));
}

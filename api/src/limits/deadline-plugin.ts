// Stops an operation once its request's deadline has passed: every field that can load data (a root
// field, or a field whose type is an object, an interface, a union, a list or a connection) first
// checks the deadline and answers TIMEOUT instead of resolving. Scalar and enum fields are left
// unwrapped: they only read what their parent already loaded, and most fields of a large answer are
// such fields, so checking them too would cost a call per value for nothing.
import { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import { GraphQLError, type GraphQLFieldResolver } from 'graphql';

export const TIMEOUT_MESSAGE = 'The operation took too long and was stopped; ask for less at once.';

/** The error a field answers once the request's time is up. */
export function timeoutError(): GraphQLError {
  return new GraphQLError(TIMEOUT_MESSAGE, { extensions: { code: 'TIMEOUT' } });
}

const ROOT_KINDS = new Set(['Query', 'Mutation', 'Subscription']);
const LOADING_TYPES = new Set(['Object', 'Interface', 'Union']);

/** Whether resolving a field of this configuration can load data (see above). */
export function canLoad(fieldConfig: PothosOutputFieldConfig<SchemaTypes>): boolean {
  return (
    ROOT_KINDS.has(fieldConfig.kind) || fieldConfig.type.kind === 'List' || LOADING_TYPES.has(fieldConfig.type.kind)
  );
}

/**
 * Registered first, and wrapping around argument mapping (validation), so a field past the deadline
 * does no work at all. A context without a deadline (scripts, direct schema execution) never times out.
 */
export class DeadlinePlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapArgMappers(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    if (!canLoad(fieldConfig as PothosOutputFieldConfig<SchemaTypes>)) return resolver;
    return (parent, args, ctx, info) => {
      const deadline = (ctx as { deadline?: number }).deadline;
      if (deadline !== undefined && Date.now() >= deadline) throw timeoutError();
      return resolver(parent, args, ctx, info);
    };
  }
}

// The schema builder and its plugins. Defines no types: those live in src/schema/<type>.ts.
import SchemaBuilder, {
  BasePlugin,
  type PothosOutputFieldConfig,
  PothosValidationError,
  type SchemaTypes,
} from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin, { parsePrismaCursor } from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import type PrismaTypes from '@threadwatch/db/generated/pothos-types.ts';
import { getDatamodel } from '@threadwatch/db/generated/pothos-types.ts';
import type { GraphQLFieldResolver } from 'graphql';
import type { Context } from './context.ts';
import { type Action, actions, authScopesFor, isAllowed } from './domain/permissions.ts';
import { AppError, ForbiddenError, ValidationError } from './errors.ts';
import { decodeId, encodeId } from './global-id.ts';
import { DeadlinePlugin } from './limits/deadline-plugin.ts';
import { PAGED_CONNECTION } from './limits/query-limits.ts';
import { currentTrace } from './observability/trace.ts';
import type { Principal } from './principals.ts';

/** The actions of permissions.ts, plus the two callers that are not members. */
type Scopes = Record<Action, boolean> & { operator: boolean; invitee: boolean };

function buildScopes(allowed: (action: Action) => boolean, principal: Principal['kind'] | null): Scopes {
  return Object.freeze({
    ...Object.fromEntries(actions.map((action) => [action, allowed(action)])),
    operator: principal === 'operator',
    invitee: principal === 'invitee',
  }) as Scopes;
}

/** Scopes depend only on role and token scope (or the kind of non-member): built once per pair. */
const memberScopes = new Map<string, Scopes>();
const principalScopes = {
  operator: buildScopes(() => false, 'operator'),
  invitee: buildScopes(() => false, 'invitee'),
};

/** What the request's caller may do: the scopes every root field's `authScopes` is checked against. */
function scopesOf(ctx: Context): Scopes {
  if (ctx.principal) return principalScopes[ctx.principal.kind];
  const { role, scope } = ctx.viewer;
  const key = `${role}:${scope}`;
  let scopes = memberScopes.get(key);
  if (!scopes) {
    scopes = buildScopes((action) => isAllowed(role, scope, action), null);
    memberScopes.set(key, scopes);
  }
  return scopes;
}

const NOT_ALLOWED = 'Your role or token scope does not allow this.';

/**
 * Root fields check the caller's permission before their arguments. Argument validation runs before
 * every resolver wrapper, scope-auth's included, so without this a caller who may not call a field
 * would get a ValidationError for malformed input and learn from it what the input must be.
 * Wrapped inside the errors plugin, so a mutation answers its typed ForbiddenError as before.
 */
class PermissionFirstPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapArgMappers(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    if (fieldConfig.kind !== 'Query' && fieldConfig.kind !== 'Mutation') return resolver;
    const required = (fieldConfig.pothosOptions as { authScopes?: unknown }).authScopes;
    if (!required || typeof required !== 'object') return resolver;
    const anyOf = Object.entries(required)
      .filter(([, wanted]) => wanted === true)
      .map(([scope]) => scope as keyof Scopes);
    return (parent, args, ctx, info) => {
      const held = scopesOf(ctx as Context);
      if (!anyOf.some((scope) => held[scope])) throw new ForbiddenError(NOT_ALLOWED);
      return resolver(parent, args, ctx, info);
    };
  }
}

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      permissionFirst: PermissionFirstPlugin<Types>;
      deadline: DeadlinePlugin<Types>;
    }
  }
}
SchemaBuilder.registerPlugin('permissionFirst', PermissionFirstPlugin);
SchemaBuilder.registerPlugin('deadline', DeadlinePlugin);

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  AuthScopes: Scopes;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    Date: { Input: Date; Output: Date };
    Long: { Input: bigint; Output: bigint | number };
  };
}>({
  // The deadline first: outermost, it is checked before anything else a field does.
  plugins: ['deadline', ErrorsPlugin, 'permissionFirst', RelayPlugin, ScopeAuthPlugin, PrismaPlugin, ValidationPlugin],
  defaultFieldNullability: false,
  prisma: {
    client: (ctx) => ctx.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    filterConnectionTotalCount: true,
    onUnusedQuery: process.env.NODE_ENV === 'production' ? null : 'warn',
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeQueryOptions: { authScopes: authScopesFor('node') },
    nodesQueryOptions: false,
    nodesOnConnection: true,
    // Marks every connection type for the cost model (limits/query-limits.ts): a page, priced by its size.
    defaultConnectionTypeOptions: { extensions: { [PAGED_CONNECTION]: true } },
    encodeGlobalID: encodeId,
    decodeGlobalID: decodeId,
  },
  scopeAuth: {
    authScopes: scopesOf,
    unauthorizedError: () => new ForbiddenError(NOT_ALLOWED),
  },
  errors: {
    directResult: true,
    onResolvedError: (error) => {
      if (error instanceof AppError) currentTrace()?.errorCodes.push(error.code);
    },
    unsafelyHandleInputErrors: true,
  },
  validation: {
    validationError: (result) =>
      new ValidationError(
        result.issues.map((issue) => ({
          path: (issue.path ?? []).map((segment) =>
            typeof segment === 'object' && segment !== null ? String(segment.key) : String(segment),
          ),
          message: issue.message,
        })),
      ),
  },
});

/** The builder's type parameters, for helpers that take a field builder. */
export type BuilderTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer Types> ? Types : never;
export type InputFields = PothosSchemaTypes.InputFieldBuilder<BuilderTypes, 'InputObject'>;

/** A node's unique key within the caller's organization: ids of other organizations find nothing. */
export const inViewerOrganization = (id: string, ctx: Context) => ({
  organizationId_id: { organizationId: ctx.viewer.organizationId, id },
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The row id a cursor names. Anything but a UUID is refused like any other malformed cursor. */
function cursorRowId(id: unknown): string {
  if (typeof id !== 'string' || !UUID.test(id)) throw new PothosValidationError('Invalid cursor.');
  return id;
}

/**
 * A connection's page query with its cursor confined to the caller's organization. A cursor names a
 * row by id, and the database positions the page at that row's sort values: a cursor of another
 * organization would reveal where its row sorts among ours. Keyed by organization too, it finds
 * nothing, exactly like a cursor of a missing row.
 */
export function inViewerOrganizationPage<Query extends { cursor?: { id?: unknown } }>(query: Query, ctx: Context) {
  if (query.cursor?.id === undefined) return query;
  return { ...query, cursor: inViewerOrganization(cursorRowId(query.cursor.id), ctx) };
}

/**
 * The same for a connection nested under a record (`t.relatedConnection`): its `query` returns this
 * cursor, which takes the place of the one the plugin would build from `after` or `before`.
 */
export function inViewerOrganizationCursor(args: object, ctx: Context) {
  // The field's own arguments are typed without the connection's, which are there all the same.
  const { after, before } = args as { after?: string | null; before?: string | null };
  const cursor = before ?? after;
  if (cursor == null) return {};
  return { cursor: inViewerOrganization(cursorRowId(parsePrismaCursor(cursor)), ctx) };
}

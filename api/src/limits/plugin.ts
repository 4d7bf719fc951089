// Apollo plugin that prices each operation, refuses what is too costly or over the member's budget,
// and reports the cost in the response's `extensions`. The request's deadline is checked by the
// schema itself (deadline-plugin.ts): a willResolveField hook here would make Apollo wrap every field.
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { QueryLimits, RateLimit } from '../config.ts';
import type { RequestContext } from '../context.ts';
import { limitError, operationCost } from './query-limits.ts';
import { type BudgetStore, budgetKey, type Charge } from './rate-limit.ts';

export interface LimitsOptions {
  queryLimits: QueryLimits;
  /** Per-member budget and where it is kept; null: no budget. */
  budget: { limit: RateLimit; store: BudgetStore } | null;
}

export function limitsPlugin({ queryLimits, budget }: LimitsOptions): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      let cost: number | null = null;
      let charge: Charge | null = null;
      return {
        async didResolveOperation({ document, operation, request, schema, contextValue }) {
          if (!operation) return;
          cost = operationCost(schema, document, operation, request.variables ?? {});
          contextValue.trace.cost = cost;
          if (cost > queryLimits.maxCost) {
            throw limitError(
              'QUERY_TOO_COSTLY',
              `Query would cost ${cost} points; the limit is ${queryLimits.maxCost}. Ask for smaller pages (first) or fewer nested lists.`,
              { cost, limit: queryLimits.maxCost },
            );
          }
          if (!budget) return;
          // Callers without a member's token share a budget per client address (invitees) or one (operator).
          const { principal } = contextValue;
          const key = !principal
            ? budgetKey(contextValue.viewer)
            : principal.kind === 'operator'
              ? 'operator'
              : `invitee:${contextValue.trace.clientAddress ?? 'unknown'}`;
          charge = await budget.store.charge(key, cost, budget.limit);
          if (!charge.admitted) {
            throw new GraphQLError(
              `Your budget, shared by all of your tokens, is spent (${budget.limit.burstPoints} points, refilled at ${budget.limit.pointsPerMinute} a minute); retry in ${charge.retryAfterSeconds} s.`,
              {
                extensions: {
                  code: 'THROTTLED',
                  cost,
                  retryAfterSeconds: charge.retryAfterSeconds,
                  http: { status: 429, headers: new Map([['retry-after', String(charge.retryAfterSeconds)]]) },
                },
              },
            );
          }
        },
        async willSendResponse({ response }) {
          if (cost === null || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.extensions = {
            ...result.extensions,
            cost: {
              requested: cost,
              limit: queryLimits.maxCost,
              ...(budget && charge
                ? {
                    budget: {
                      remaining: Math.floor(charge.remaining),
                      capacity: budget.limit.burstPoints,
                      refillPerMinute: budget.limit.pointsPerMinute,
                    },
                  }
                : {}),
            },
          };
        },
      };
    },
  };
}

// GraphQL over HTTP (graphql.github.io/graphql-over-http): the media type of an answer follows the
// client's Accept header, and so does the status of a request the GraphQL layer refused before
// executing it. With `application/graphql-response+json` such a request is a 4xx; with
// `application/json` (also what a client without an Accept header gets) the spec asks for 200, since
// a 4xx there could as well come from a proxy that knows nothing of GraphQL.
import type { ApolloServerPlugin } from '@apollo/server';
import express, { type Request } from 'express';
import type { RequestContext } from '../context.ts';
import { memoized } from '../memo.ts';

export const APPLICATION_JSON = 'application/json';
export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';
export type ResponseMediaType = typeof APPLICATION_JSON | typeof GRAPHQL_RESPONSE_JSON;

/**
 * The media type the client prefers of the two (negotiated like Apollo does, with the same library
 * underneath); application/json without an Accept header; null when it accepts neither (Apollo then
 * answers 406).
 */
export function responseMediaType(accept: string | undefined): ResponseMediaType | null {
  return accept === undefined ? APPLICATION_JSON : negotiated(accept);
}

/** Negotiation by Accept header: clients send few distinct ones, and negotiating costs a parse each time. */
const negotiated = memoized(200, (accept): ResponseMediaType | null => {
  // Express's own req.accepts, on the header alone.
  const request = { headers: { accept } } as Request;
  const preferred = express.request.accepts.call(request, APPLICATION_JSON, GRAPHQL_RESPONSE_JSON);
  return preferred === APPLICATION_JSON || preferred === GRAPHQL_RESPONSE_JSON ? preferred : null;
});

/**
 * Errors of a well-formed request that never ran: its document does not parse or does not validate
 * (the operation limits included: they are validation rules, or checked before execution), it names an
 * operation the document lacks, or its variables do not fit their types. Malformed HTTP (no query, a
 * body that is not JSON), a missing token (401) and a spent budget (429) are not among them: they
 * keep their status whatever the media type.
 */
const REQUEST_ERROR_CODES: ReadonlySet<string> = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_USER_INPUT',
  'QUERY_TOO_DEEP',
  'TOO_MANY_ALIASES',
  'TOO_MANY_TOKENS',
  'QUERY_TOO_COSTLY',
]);

/** Answers a refused request 200 when the client asked for application/json, and sends the negotiated type. */
export function mediaTypeStatusPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const mediaType = contextValue.responseMediaType;
          if (!mediaType || response.body.kind !== 'single') return;
          // The status below and the type the answer is sent as come from the same negotiation.
          response.http.headers.set('content-type', `${mediaType}; charset=utf-8`);
          const { data, errors } = response.body.singleResult;
          if (mediaType !== APPLICATION_JSON || response.http.status !== 400 || data !== undefined || !errors?.length)
            return;
          if (errors.every((error) => REQUEST_ERROR_CODES.has(String(error.extensions?.code))))
            response.http.status = 200;
        },
      };
    },
  };
}

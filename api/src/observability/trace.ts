// What the HTTP layer learns about a request while answering it, for its log line and its metrics.
// The trace travels with the request's asynchronous work, so code far from the HTTP layer (the
// errors plugin turning an exception into a typed result) can add to it.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export interface RequestTrace {
  requestId: string;
  /** The address the request came from (the socket's peer), for the audit trail. */
  clientAddress: string | null;
  startedAt: number;
  operationName: string | null;
  operationKind: string | null;
  cost: number | null;
  organizationId: string | null;
  tokenId: string | null;
  /** Codes of the errors answered (typed mutation errors included). */
  errorCodes: string[];
}

const store = new AsyncLocalStorage<RequestTrace>();

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** A new trace; a well-formed `x-request-id` from the caller (or a load balancer) is kept. */
export function newTrace(requestIdHeader: unknown, clientAddress: string | null = null): RequestTrace {
  return {
    requestId: typeof requestIdHeader === 'string' && REQUEST_ID.test(requestIdHeader) ? requestIdHeader : randomUUID(),
    clientAddress,
    startedAt: performance.now(),
    operationName: null,
    operationKind: null,
    cost: null,
    organizationId: null,
    tokenId: null,
    errorCodes: [],
  };
}

export function runWithTrace<T>(trace: RequestTrace, work: () => T): T {
  return store.run(trace, work);
}

export function currentTrace(): RequestTrace | undefined {
  return store.getStore();
}

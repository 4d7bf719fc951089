// The access log and the per-request metrics: every request gets a trace (its id answered in
// x-request-id) and, once answered, one log line and its counts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { OVERLOADED } from '../limits/admission.ts';
import type { Logger } from '../logger.ts';
import { clientAddress } from './client-address.ts';
import type { Metrics } from './metrics.ts';
import { newTrace, type RequestTrace, runWithTrace } from './trace.ts';

/** Starts a request's trace, answers with its id, and logs and counts the request once it is answered. */
export function traceRequest(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  logger: Logger,
  metrics: Metrics,
  trustedProxyHops: number,
): RequestTrace {
  const address = clientAddress(req.socket.remoteAddress, req.headersDistinct['x-forwarded-for'], trustedProxyHops);
  const trace = newTrace(req.headers['x-request-id'], address);
  const method = req.method ?? '';
  res.setHeader('x-request-id', trace.requestId);
  res.once('finish', () => record(trace, method, path, res.statusCode, logger, metrics));
  return trace;
}

/** The Express side of traceRequest: the rest of the request runs with its trace. */
export function observe(logger: Logger, metrics: Metrics, trustedProxyHops: number): RequestHandler {
  return (req, res, next) => {
    const trace = traceRequest(req, res, req.path, logger, metrics, trustedProxyHops);
    runWithTrace(trace, next);
  };
}

function record(trace: RequestTrace, method: string, path: string, status: number, logger: Logger, metrics: Metrics) {
  const seconds = (performance.now() - trace.startedAt) / 1000;
  metrics.countHttp(status);
  // The kind is known once the operation resolved: after authentication, parsing and validation.
  const operation = metrics.operationLabel(trace.operationName, trace.operationKind !== null);
  const failed = status >= 400 || trace.errorCodes.length > 0;
  if (path === '/graphql' && method !== 'OPTIONS') {
    metrics.observeRequest(operation, trace.operationKind ?? 'unknown', seconds, failed ? 'error' : 'ok');
    for (const code of trace.errorCodes) metrics.countError(code);
    if (trace.cost !== null) metrics.countCost(operation, trace.cost);
  }
  const fields = {
    requestId: trace.requestId,
    method,
    path,
    status,
    durationMs: Math.round(seconds * 10_000) / 10,
    operation: trace.operationName,
    kind: trace.operationKind,
    cost: trace.cost,
    organizationId: trace.organizationId,
    tokenId: trace.tokenId,
    ...(trace.errorCodes.length ? { errors: trace.errorCodes } : {}),
  };
  // A shed request is a refusal like a spent budget, not a failure of ours.
  if (status >= 500 && !trace.errorCodes.includes(OVERLOADED)) logger.error('request', fields);
  else if (path === '/graphql') logger.info('request', fields);
  else logger.debug('request', fields);
}

// Liveness (/healthz), readiness (/readyz) and the metrics scrape (/metrics).
import type { RequestHandler } from 'express';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { type Readiness, readinessProbe } from './readiness.ts';

/** The process answers: nothing else is checked. */
export const healthz: RequestHandler = (_req, res) => {
  res.json({ status: 'ok' });
};

/** 503 while draining or while a dependency the API needs is away (see readiness.ts). */
export function readyz(readiness: Readiness | null, logger: Logger, draining: () => boolean): RequestHandler {
  const probe = readinessProbe(readiness, logger);
  return async (_req, res) => {
    if (draining()) {
      res.status(503).json({ status: 'draining' });
      return;
    }
    const { status, body } = await probe();
    res.status(status).json(body);
  };
}

/** The Prometheus exposition, behind its bearer token when one is configured. */
export function metricsEndpoint(metrics: Metrics, token: string | null | undefined): RequestHandler {
  return async (req, res) => {
    if (token && req.headers.authorization !== `Bearer ${token}`) {
      res
        .status(401)
        .json({ errors: [{ message: 'Metrics need their bearer token.', extensions: { code: 'UNAUTHENTICATED' } }] });
      return;
    }
    res.setHeader('content-type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  };
}

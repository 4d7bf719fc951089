// Prometheus metrics of one API process, served at /metrics: requests and latency by operation,
// errors by code (requests shed under load among them, OVERLOADED), GraphQL requests in flight, the
// database pool, the document cache, and the process itself.
import type { PoolStats } from '@threadwatch/db/database';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { BudgetHealth } from '../limits/rate-limit.ts';

/**
 * Operation names are chosen by clients. Only operations that resolved (sent with a valid token, parsed
 * and validated against the schema) are labelled by name; past this many distinct ones, and for every
 * request refused before its operation resolved, the label is "other".
 */
const MAX_OPERATION_LABELS = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export interface Metrics {
  readonly registry: Registry;
  /**
   * The label for an operation: its name when it resolved, is well-formed and not one too many, else a
   * placeholder. `resolved` is false for requests refused before their operation was known
   * (unauthenticated, unparsable, invalid): their names were never checked and take no label.
   */
  operationLabel(name: string | null | undefined, resolved: boolean): string;
  observeRequest(operation: string, kind: string, seconds: number, outcome: 'ok' | 'error'): void;
  countError(code: string): void;
  countCost(operation: string, points: number): void;
  countDocumentCache(result: 'hit' | 'miss'): void;
  countHttp(status: number): void;
  /** A GraphQL request shed under load (limits/admission.ts). */
  countShed(): void;
}

export function createMetrics(
  poolStats: () => PoolStats | null,
  databaseKind: string,
  budgetHealth: () => BudgetHealth | null = () => null,
  inFlight: () => number | null = () => null,
): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'threadwatch_' });

  const requests = new Counter({
    name: 'threadwatch_graphql_requests_total',
    help: 'GraphQL operations answered, by operation name, kind and outcome.',
    labelNames: ['operation', 'kind', 'outcome'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'threadwatch_graphql_request_duration_seconds',
    help: 'Time from receiving a GraphQL request to sending its answer, by operation name.',
    labelNames: ['operation'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'threadwatch_graphql_errors_total',
    help: 'Errors answered, by code (typed mutation errors included).',
    labelNames: ['code'],
    registers: [registry],
  });
  const cost = new Counter({
    name: 'threadwatch_graphql_cost_points_total',
    help: 'Cost points charged, by operation name.',
    labelNames: ['operation'],
    registers: [registry],
  });
  const documents = new Counter({
    name: 'threadwatch_document_cache_total',
    help: 'Lookups of parsed and validated documents, by result.',
    labelNames: ['result'],
    registers: [registry],
  });
  const shed = new Counter({
    name: 'threadwatch_graphql_shed_total',
    help: 'GraphQL requests shed (answered 503 OVERLOADED before any work) because MAX_REQUESTS_IN_FLIGHT were in flight.',
    registers: [registry],
  });
  const http = new Counter({
    name: 'threadwatch_http_responses_total',
    help: 'HTTP responses, by status class.',
    labelNames: ['status'],
    registers: [registry],
  });
  new Gauge({
    name: 'threadwatch_db_pool_connections',
    help: 'PostgreSQL pool connections by state (total, idle, waiting for a connection, max).',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const stats = poolStats();
      if (!stats) return;
      this.set({ state: 'total' }, stats.total);
      this.set({ state: 'idle' }, stats.idle);
      this.set({ state: 'waiting' }, stats.waiting);
      this.set({ state: 'max' }, stats.max);
    },
  });
  new Gauge({
    name: 'threadwatch_graphql_requests_in_flight',
    help: 'GraphQL requests this process works on now (admitted and not yet answered); past MAX_REQUESTS_IN_FLIGHT, requests are shed.',
    registers: [registry],
    collect() {
      const count = inFlight();
      if (count !== null) this.set(count);
    },
  });
  new Gauge({
    name: 'threadwatch_rate_limit_degraded',
    help: '1 while the shared budget store (Redis or PostgreSQL) is not answering and budgets are decided in this process.',
    registers: [registry],
    collect() {
      const health = budgetHealth();
      if (health) this.set(health.degraded ? 1 : 0);
    },
  });
  let fallbacksCounted = 0;
  new Counter({
    name: 'threadwatch_rate_limit_fallbacks_total',
    help: 'Budget charges decided in this process because the shared store was not answering.',
    registers: [registry],
    collect() {
      const fallbacks = budgetHealth()?.fallbacks ?? 0;
      if (fallbacks > fallbacksCounted) this.inc(fallbacks - fallbacksCounted);
      fallbacksCounted = Math.max(fallbacksCounted, fallbacks);
    },
  });
  new Gauge({
    name: 'threadwatch_db_info',
    help: 'The database this process uses.',
    labelNames: ['kind'],
    registers: [registry],
  }).set({ kind: databaseKind }, 1);

  const seen = new Set<string>();
  return {
    registry,
    operationLabel(name, resolved) {
      if (!resolved) return 'other';
      if (!name) return 'anonymous';
      if (!OPERATION_NAME.test(name)) return 'invalid';
      if (seen.has(name)) return name;
      if (seen.size >= MAX_OPERATION_LABELS) return 'other';
      seen.add(name);
      return name;
    },
    observeRequest(operation, kind, seconds, outcome) {
      requests.inc({ operation, kind, outcome });
      duration.observe({ operation }, seconds);
    },
    countError: (code) => errors.inc({ code }),
    countCost: (operation, points) => cost.inc({ operation }, points),
    countDocumentCache: (result) => documents.inc({ result }),
    countHttp: (status) => http.inc({ status: `${Math.floor(status / 100)}xx` }),
    countShed: () => shed.inc(),
  };
}

// Open-loop load at a fixed arrival rate, sent by a generator in its own process (load-generator.ts),
// and the search for the highest rate that still meets a latency goal.
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ms } from './support.ts';

/** The placeholder in a request body that the generator replaces with a fresh unique key on every send. */
export const FRESH_KEY = '__FRESH_KEY__';

export interface RequestStream {
  name: string;
  /** Share of the requests, relative to the other streams' weights. */
  weight: number;
  /** Sent round-robin: GraphQL request bodies, or for the SQL floor the JSON of the parameters. */
  bodies: string[];
  /** A fragment every successful answer contains (e.g. a payload type name). */
  expect?: string;
  /** Replace the placeholder FRESH_KEY in each body with a new unique key. */
  freshKeys?: boolean;
}

export type LoadTarget =
  /** An empty token sends no authorization header. */
  { kind: 'http'; url: string; token: string } | { kind: 'sql'; url: string; text: string; connections: number };

export interface GeneratorJob {
  target: LoadTarget;
  streams: RequestStream[];
  /** Requests per second (open loop); ignored when `connections` is set. */
  rate: number;
  seconds: number;
  /**
   * Closed loop instead: this many workers, each sending its next request when its previous answer
   * arrives, for `seconds`; latencies from the send time.
   */
  connections?: number;
}

export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface StreamReport {
  requests: number;
  errors: number;
  latency: LatencySummary;
  service: LatencySummary;
}

export interface GeneratorReport {
  rate: number;
  seconds: number;
  scheduled: number;
  completed: number;
  /** Failed answers, plus requests still unanswered 10 s after the last was due. */
  errors: number;
  /** The errors by cause (HTTP status and error code, network error, unanswered). */
  errorCauses?: Record<string, number>;
  /** Answers received within the load window, per second. */
  achievedRate: number;
  /** From the intended send time (coordinated omission included). */
  latency: LatencySummary;
  /** From the actual send time. */
  service: LatencySummary;
  /** Successful answers only, from the intended send time: what a client that got its answer waited. */
  okLatency?: LatencySummary;
  /** Requests the server shed (answered 503 before doing any work), a part of `errors`. */
  shed?: number;
  /** Actual minus intended send time: the generator's own lateness. */
  lag: LatencySummary;
  /** The generator process's CPU time per second of load (1 = one full core). */
  generatorCpu: number;
  streams: Record<string, StreamReport>;
  /** The API process's CPU time per answered request, in milliseconds, when measured. */
  apiCpuPerRequest?: number;
}

export class LoadGenerator {
  #child: ChildProcess;
  #pending = new Map<number, { resolve(report: GeneratorReport): void; reject(error: Error): void }>();
  #nextId = 0;

  private constructor(child: ChildProcess) {
    this.#child = child;
    child.on('message', (message: { id: number; report?: GeneratorReport; error?: string }) => {
      const pending = this.#pending.get(message.id);
      if (!pending) return;
      this.#pending.delete(message.id);
      if (message.report) pending.resolve(message.report);
      else pending.reject(new Error(message.error ?? 'load generator failed'));
    });
    child.once('exit', (code) => {
      for (const pending of this.#pending.values()) pending.reject(new Error(`load generator exited with ${code}`));
      this.#pending.clear();
    });
  }

  static async start(): Promise<LoadGenerator> {
    const script = join(dirname(fileURLToPath(import.meta.url)), 'load-generator.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`load generator exited with ${code} before starting`)));
    });
    return new LoadGenerator(child);
  }

  /** Runs one job; with `cpuMs` (the API process's CPU clock), also its CPU time per answered request. */
  async run(job: GeneratorJob, cpuMs?: () => Promise<number>): Promise<GeneratorReport> {
    const id = this.#nextId++;
    const cpuBefore = await cpuMs?.();
    const report = await new Promise<GeneratorReport>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#child.send({ id, job });
    });
    if (cpuMs && cpuBefore !== undefined) {
      report.apiCpuPerRequest = ((await cpuMs()) - cpuBefore) / Math.max(1, report.completed);
      // Requests given up on may still be queued in the API: let it drain before the next run.
      if (report.completed < report.scheduled) await settle(cpuMs);
    }
    return report;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (this.#child.exitCode !== null) return resolve();
      this.#child.once('exit', () => resolve());
      this.#child.kill('SIGTERM');
    });
  }
}

/** Waits (up to `seconds`, 30 by default) until the API uses less than a fifth of a core over half a second. */
export async function settle(cpuMs: () => Promise<number>, seconds = 30): Promise<void> {
  const until = Date.now() + seconds * 1000;
  let last = await cpuMs();
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = await cpuMs();
    if (now - last < 100) return;
    last = now;
  }
}

/**
 * The highest rate whose short run passes: steps up by half each time from `start` until a run fails
 * (or `max` passes), then bisects between the last pass and the first failure until they are within
 * about 5%. Returns the highest passing run (null when even `start` fails) and every run made.
 */
export async function highestPassingRate(
  measure: (rate: number) => Promise<GeneratorReport>,
  passes: (report: GeneratorReport) => boolean,
  options: { start: number; max: number; onStep?: (report: GeneratorReport, passed: boolean) => void },
): Promise<{ best: GeneratorReport | null; ceilingReached: boolean }> {
  let best: GeneratorReport | null = null;
  let failedAt = Number.POSITIVE_INFINITY;
  let rate = options.start;
  const attempt = async (candidate: number) => {
    const report = await measure(candidate);
    const passed = passes(report);
    options.onStep?.(report, passed);
    if (passed && (!best || candidate > best.rate)) best = report;
    if (!passed) failedAt = Math.min(failedAt, candidate);
    return passed;
  };
  while (rate <= options.max && (await attempt(rate))) rate = Math.round(rate * 1.5);
  if (!Number.isFinite(failedAt)) return { best, ceilingReached: true };
  let low = (best as GeneratorReport | null)?.rate ?? 0;
  let high = failedAt;
  while (low > 0 && high / low > 1.05) {
    const middle = Math.round((low + high) / 2);
    if (await attempt(middle)) low = middle;
    else high = middle;
  }
  return { best, ceilingReached: false };
}

export function rateLine(report: GeneratorReport): string {
  return (
    `${report.rate.toFixed(0).padStart(5)} req/s: p50 ${ms(report.latency.p50)}  p99 ${ms(report.latency.p99)}` +
    `  (service p50 ${ms(report.service.p50)} p99 ${ms(report.service.p99)})` +
    `  achieved ${report.achievedRate.toFixed(0)} req/s  errors ${report.errors}` +
    (report.shed && report.okLatency
      ? `  shed ${((100 * report.shed) / Math.max(1, report.scheduled)).toFixed(1)}%` +
        ` (answered: p50 ${ms(report.okLatency.p50)} p99 ${ms(report.okLatency.p99)})`
      : '') +
    (report.errors > 0 && report.errorCauses
      ? ` (${Object.entries(report.errorCauses)
          .map(([cause, count]) => `${cause}: ${count}`)
          .join(', ')})`
      : '') +
    (report.apiCpuPerRequest !== undefined && Number.isFinite(report.apiCpuPerRequest)
      ? `  API CPU ${ms(report.apiCpuPerRequest)}/request`
      : '') +
    `  generator: lag p99 ${ms(report.lag.p99)}, ${(report.generatorCpu * 100).toFixed(0)}% CPU`
  );
}

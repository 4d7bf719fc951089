// The open-loop load generator. It runs in a process of its own (started by open-loop.ts), so it
// shares no event loop with the API or the bench, and it is cheap: keep-alive connections, request
// bodies prepared in advance, answers checked without parsing.
//
// Open loop: request i is due at start + i / rate, whatever the answers before it do. Its latency is
// measured from that intended time (so a stall of the API or of this process counts against every
// request it delays, not just the first one), and also from the moment it actually left ("service").
// The generator's own lateness (`lag`: actual minus intended send time, mostly timer granularity of
// about 1 ms) is reported beside them.
import { createHash } from 'node:crypto';
import { Agent, request } from 'node:http';
import pg from 'pg';
import {
  FRESH_KEY,
  type GeneratorJob,
  type GeneratorReport,
  type LatencySummary,
  type StreamReport,
} from './open-loop.ts';

const GRACE_MS = 10_000;

function summarize(values: Float64Array, count: number): LatencySummary {
  const sorted = values.slice(0, count).sort();
  const at = (p: number) =>
    count === 0 ? Number.NaN : (sorted[Math.min(count - 1, Math.max(0, Math.ceil((p / 100) * count) - 1))] ?? 0);
  return { p50: at(50), p90: at(90), p99: at(99), max: at(100) };
}

interface Sender {
  /** Sends one request; `ok` when it succeeded (and, over HTTP, its answer contains `expect`). */
  /** Calls `done` with null when the answer is what was expected, else with why not (a short cause). */
  send(body: string, expect: string | undefined, done: (failure: string | null) => void): void;
  close(): Promise<void>;
}

function httpSender(url: string, token: string): Sender {
  const target = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: 512, scheduling: 'lifo' });
  return {
    send(body, expect, done) {
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks);
            if (res.statusCode === 200 && text.indexOf('"errors"') === -1 && (!expect || text.indexOf(expect) !== -1))
              done(null);
            else {
              const code = /"code":"([A-Z_]+)"/.exec(text.toString('utf8', 0, 4096))?.[1];
              done(`HTTP ${res.statusCode}${code ? ` ${code}` : ''}`);
            }
          });
          res.on('error', (error: NodeJS.ErrnoException) => done(`network ${error.code ?? error.message}`));
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) => done(`network ${error.code ?? error.message}`));
      req.end(body);
    },
    async close() {
      agent.destroy();
    },
  };
}

/**
 * The floor's pools, kept for the generator's life: the PostgreSQL backends stay the same between
 * runs, so their CPU time can be read before and after each run.
 */
const floorPools = new Map<string, pg.Pool>();

/** The floor: the body is the JSON of the parameters of one prepared statement. */
function sqlSender(url: string, text: string, connections: number): Sender {
  const key = `${connections}\n${url}`;
  const pool = floorPools.get(key) ?? new pg.Pool({ connectionString: url, max: connections });
  floorPools.set(key, pool);
  const name = `floor-${createHash('sha1').update(text).digest('hex').slice(0, 12)}`;
  return {
    send(body, _expect, done) {
      pool.query({ name, text, values: JSON.parse(body) as unknown[] }).then(
        (result) => done(result.rowCount !== null ? null : 'no rows'),
        (error: Error) => done(`sql ${error.message.slice(0, 60)}`),
      );
    },
    close: async () => undefined,
  };
}

/** Smooth weighted round-robin: the order in which streams take turns, spread evenly. */
function turnOrder(weights: number[]): number[] {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const current = weights.map(() => 0);
  const order: number[] = [];
  for (let turn = 0; turn < total; turn++) {
    let best = 0;
    for (let i = 0; i < weights.length; i++) {
      current[i] = (current[i] ?? 0) + (weights[i] ?? 0);
      if ((current[i] ?? 0) > (current[best] ?? 0)) best = i;
    }
    current[best] = (current[best] ?? 0) - total;
    order.push(best);
  }
  return order;
}

let uniqueCounter = 0;
const runId = `${process.pid.toString(36)}${Date.now().toString(36)}`;

function senderFor(job: GeneratorJob): Sender {
  return job.target.kind === 'http'
    ? httpSender(job.target.url, job.target.token)
    : sqlSender(job.target.url, job.target.text, job.target.connections);
}

/** Closed loop: `connections` workers back to back for `seconds`, bodies round-robin per stream turn. */
async function runClosed(job: GeneratorJob, connections: number): Promise<GeneratorReport> {
  const sender = senderFor(job);
  const order = turnOrder(job.streams.map((stream) => stream.weight));
  const next = job.streams.map(() => 0);
  const latencies: number[] = [];
  const causes: Record<string, number> = {};
  let errors = 0;
  let turn = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const until = started + job.seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const index = order[turn++ % order.length] ?? 0;
        const stream = job.streams[index];
        if (!stream) return;
        const position = next[index] ?? 0;
        next[index] = position + 1;
        const body = stream.bodies[position % stream.bodies.length] ?? '';
        const sent = performance.now();
        const failure = await new Promise<string | null>((resolve) => sender.send(body, stream.expect, resolve));
        latencies.push(performance.now() - sent);
        if (failure !== null) {
          errors++;
          causes[failure] = (causes[failure] ?? 0) + 1;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  await sender.close();
  const values = Float64Array.from(latencies);
  const latency = summarize(values, values.length);
  const achieved = latencies.length / elapsed;
  return {
    rate: achieved,
    seconds: job.seconds,
    scheduled: latencies.length,
    completed: latencies.length,
    errors,
    errorCauses: causes,
    achievedRate: achieved,
    latency,
    service: latency,
    lag: summarize(new Float64Array(0), 0),
    generatorCpu: (cpu.user + cpu.system) / 1000 / (elapsed * 1000),
    streams: {},
  };
}

async function run(job: GeneratorJob): Promise<GeneratorReport> {
  if (job.connections) return runClosed(job, job.connections);
  const sender = senderFor(job);
  const total = Math.max(1, Math.round(job.rate * job.seconds));
  const order = turnOrder(job.streams.map((stream) => stream.weight));
  const streams = job.streams.map((stream) => ({
    ...stream,
    next: 0,
    count: 0,
    errors: 0,
    fromIntended: new Float64Array(total),
    service: new Float64Array(total),
  }));
  const lag = new Float64Array(total);
  // Successful answers alone, from the intended time; requests the API shed (503 OVERLOADED) are counted apart.
  const okLatency = new Float64Array(total);
  let ok = 0;
  let shed = 0;
  let sent = 0;
  let finished = 0;
  let errors = 0;
  const causes: Record<string, number> = {};
  let completedInWindow = 0;
  const interval = 1000 / job.rate;
  const cpuBefore = process.cpuUsage();
  const start = performance.now() + 5;
  const windowEnd = start + job.seconds * 1000;

  return new Promise((resolve) => {
    let graceTimer: NodeJS.Timeout | undefined;
    let over = false;
    const finish = async () => {
      if (over) return;
      over = true;
      if (graceTimer) clearTimeout(graceTimer);
      const elapsed = (performance.now() - start) / 1000;
      const cpu = process.cpuUsage(cpuBefore);
      await sender.close();
      const perStream: Record<string, StreamReport> = {};
      const all = new Float64Array(total);
      const allService = new Float64Array(total);
      let offset = 0;
      for (const stream of streams) {
        all.set(stream.fromIntended.subarray(0, stream.count), offset);
        allService.set(stream.service.subarray(0, stream.count), offset);
        offset += stream.count;
        perStream[stream.name] = {
          requests: stream.count,
          errors: stream.errors,
          latency: summarize(stream.fromIntended, stream.count),
          service: summarize(stream.service, stream.count),
        };
      }
      resolve({
        rate: job.rate,
        seconds: job.seconds,
        scheduled: total,
        completed: finished,
        errors: errors + (sent - finished),
        errorCauses: sent > finished ? { ...causes, unanswered: sent - finished } : causes,
        achievedRate: completedInWindow / job.seconds,
        latency: summarize(all, offset),
        service: summarize(allService, offset),
        okLatency: summarize(okLatency, ok),
        shed,
        lag: summarize(lag, sent),
        generatorCpu: (cpu.user + cpu.system) / 1000 / (elapsed * 1000),
        streams: perStream,
      });
    };

    const send = (index: number, intended: number) => {
      const stream = streams[order[index % order.length] ?? 0];
      if (!stream) return;
      let body = stream.bodies[stream.next++ % stream.bodies.length] ?? '';
      if (stream.freshKeys) body = body.replace(FRESH_KEY, `bench-${runId}-${(uniqueCounter++).toString(36)}`);
      const actual = performance.now();
      lag[index] = actual - intended;
      sent++;
      sender.send(body, stream.expect, (failure) => {
        if (over) return;
        const now = performance.now();
        const slot = stream.count++;
        stream.fromIntended[slot] = now - intended;
        stream.service[slot] = now - actual;
        if (failure !== null) {
          stream.errors++;
          errors++;
          causes[failure] = (causes[failure] ?? 0) + 1;
          if (failure === 'HTTP 503 OVERLOADED') shed++;
        } else okLatency[ok++] = now - intended;
        if (now <= windowEnd) completedInWindow++;
        finished++;
        if (sent === total && finished === total) void finish();
      });
    };

    const tick = () => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) send(sent, start + sent * interval);
      if (sent < total) {
        setTimeout(tick, Math.max(1, Math.floor(start + sent * interval - performance.now())));
      } else if (finished < total) {
        graceTimer = setTimeout(() => void finish(), GRACE_MS);
      }
    };
    setTimeout(tick, 5);
  });
}

process.on('message', (message: { id: number; job: GeneratorJob }) => {
  run(message.job).then(
    (report) => process.send?.({ id: message.id, report }),
    (error: unknown) =>
      process.send?.({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
process.send?.({ ready: true });

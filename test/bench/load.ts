// A closed-loop HTTP load generator with microsecond latencies: `connections` workers, each sending
// its next request when the previous answer arrives, over keep-alive connections on loopback.
import { Agent, request } from 'node:http';
import { percentile } from './support.ts';

export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

function post(agent: Agent, url: URL, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve(res.statusCode === 200 && !text.includes('"errors"') ? 0 : 1));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Sends `bodies` round-robin for `seconds` (or each body exactly once with `once`); latencies in
 * milliseconds.
 */
export async function httpLoad(
  target: string,
  token: string,
  bodies: string[],
  seconds: number,
  connections: number,
  once = false,
): Promise<LoadResult> {
  const url = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until && !(once && next >= bodies.length)) {
        const body = bodies[next++ % bodies.length] ?? '';
        const sent = performance.now();
        errors += await post(agent, url, headers, body).catch(() => 1);
        latencies.push(performance.now() - sent);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    rps: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
  };
}

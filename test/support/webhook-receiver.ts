// A webhook receiver for tests: a real HTTP server on a free loopback port that records each request
// and counts every TCP connection made to it (a refused delivery must make none).
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** How to answer a request: a status (after a delay), or `hang` to accept it and never answer (a tarpit). */
export type Reply = { status: number; delayMs?: number; body?: string; headers?: Record<string, string> } | 'hang';

export interface Receiver {
  url: string;
  port: number;
  requests: Received[];
  /** TCP connections accepted so far. */
  connections: number;
  close(): Promise<void>;
}

/** Starts a receiver; `reply` decides each answer from the request number (0-based). */
export async function startReceiver(
  reply: (index: number, request: Received) => Reply = () => ({ status: 200 }),
): Promise<Receiver> {
  const requests: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
      const answer = reply(requests.length, received);
      requests.push(received);
      if (answer === 'hang') return;
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
        res.end(answer.body ?? 'ok');
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs).unref();
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}/hooks/threadwatch`,
    port,
    requests,
    connections: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on('connection', () => {
    receiver.connections += 1;
  });
  return receiver;
}

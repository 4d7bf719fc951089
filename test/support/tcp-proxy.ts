// A TCP proxy a test puts between the API and PostgreSQL or Redis, to play a network fault without
// touching the shared server:
// - pass: forward both ways;
// - refuse: close new connections at once and reset the open ones (a server that is down);
// - blackhole: accept new connections and hold them, forward nothing on any connection, answer
//   nothing (a partition: packets dropped);
// - restore (pass again): held-back traffic flows again; connections accepted during the blackhole
//   are dropped, as the client's TCP would have given them up.
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';

export type ProxyMode = 'pass' | 'refuse' | 'blackhole';

export interface TcpProxy {
  /** The port the proxy listens on (127.0.0.1). */
  readonly port: number;
  readonly mode: ProxyMode;
  /** Connections accepted since the proxy started. */
  readonly accepted: number;
  pass(): void;
  refuse(): void;
  blackhole(): void;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket | null;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: ProxyMode = 'pass';
  let accepted = 0;
  const pairs = new Set<Pair>();
  const held = new Set<Socket>();

  const destroy = (pair: Pair, reset: boolean) => {
    pairs.delete(pair);
    for (const socket of [pair.client, pair.upstream]) {
      if (!socket || socket.destroyed) continue;
      if (reset) socket.resetAndDestroy();
      else socket.destroy();
    }
  };

  const forward = (pair: Pair) => {
    const { client, upstream } = pair;
    if (!upstream) return;
    // Data is read only while passing; in a blackhole both directions stop (the kernel buffers fill).
    client.on('data', (chunk) => {
      if (!upstream.write(chunk)) client.pause();
    });
    upstream.on('data', (chunk) => {
      if (!client.write(chunk)) upstream.pause();
    });
    client.on('drain', () => mode === 'pass' && upstream.resume());
    upstream.on('drain', () => mode === 'pass' && client.resume());
  };

  const open = (client: Socket) => {
    const pair: Pair = { client, upstream: null };
    pairs.add(pair);
    const upstream = tcpConnect(target.port, target.host);
    pair.upstream = upstream;
    client.on('error', () => destroy(pair, false));
    upstream.on('error', () => destroy(pair, false));
    client.on('close', () => destroy(pair, false));
    upstream.on('close', () => destroy(pair, false));
    forward(pair);
  };

  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    accepted += 1;
    if (mode === 'refuse') {
      client.resetAndDestroy();
      return;
    }
    if (mode === 'blackhole') {
      held.add(client);
      client.on('error', () => {});
      client.on('close', () => held.delete(client));
      return;
    }
    client.resume();
    open(client);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    port,
    get mode() {
      return mode;
    },
    get accepted() {
      return accepted;
    },
    pass() {
      mode = 'pass';
      for (const socket of held) socket.destroy();
      held.clear();
      for (const pair of pairs) {
        pair.client.resume();
        pair.upstream?.resume();
      }
    },
    refuse() {
      mode = 'refuse';
      for (const socket of held) socket.resetAndDestroy();
      held.clear();
      for (const pair of [...pairs]) destroy(pair, true);
    },
    blackhole() {
      mode = 'blackhole';
      for (const pair of pairs) {
        pair.client.pause();
        pair.upstream?.pause();
      }
    },
    async close() {
      for (const socket of held) socket.destroy();
      for (const pair of [...pairs]) destroy(pair, false);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

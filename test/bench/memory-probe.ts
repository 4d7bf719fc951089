// Loaded into the API process by the bench (`node --expose-gc --import`), never by the product: on a
// 'memory' message over the IPC channel it collects garbage and answers with the process's memory;
// on 'queries' it answers with the number of SQL statements the process has sent so far (every
// node-postgres client's query calls: Prisma's adapter, transactions' BEGIN/COMMIT included).
import pg from 'pg';

const collect = (globalThis as { gc?: () => void }).gc;

let queries = 0;
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function countedQuery(this: pg.Client, ...args: unknown[]) {
  queries++;
  if (process.env.BENCH_SQL_LOG) {
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text;
    process.stderr.write(`SQL ${text}\n`);
  }
  return query.apply(this, args);
} as typeof pg.Client.prototype.query;

process.on('message', (message) => {
  if (message === 'queries') {
    process.send?.({ queries });
    return;
  }
  if (message !== 'memory') return;
  collect?.();
  collect?.();
  const usage = process.memoryUsage();
  process.send?.({ memory: { rss: usage.rss, heapUsed: usage.heapUsed, heapTotal: usage.heapTotal } });
});
process.channel?.unref();

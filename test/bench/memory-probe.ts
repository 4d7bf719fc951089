// Loaded into the API process by the bench (`node --expose-gc --import`), never by the product: on a
// 'memory' message over the IPC channel it collects garbage and answers with the process's memory.
const collect = (globalThis as { gc?: () => void }).gc;

process.on('message', (message) => {
  if (message !== 'memory') return;
  collect?.();
  collect?.();
  const usage = process.memoryUsage();
  process.send?.({ memory: { rss: usage.rss, heapUsed: usage.heapUsed, heapTotal: usage.heapTotal } });
});
process.channel?.unref();

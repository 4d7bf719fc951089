// Structured logs: one JSON object per line on stderr. Lines are written in batches, off the request's
// path: a line waits in memory until the current turn of the event loop ends (or 64 KiB are waiting),
// then every waiting line goes out in one write. The lines still waiting when the process exits
// (process.exit, a signal handled by main.ts, an uncaught exception) are written synchronously first.
import { writeSync } from 'node:fs';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Bytes of waiting lines after which they are written at once rather than at the end of the turn. */
const BATCH_BYTES = 64 * 1024;

/** Lines on stderr, written in batches (see above). */
export function stderrLines(): { write: (line: string) => void } {
  let waiting = '';
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (!waiting) return;
    const text = waiting;
    waiting = '';
    process.stderr.write(text);
  };
  // At exit no callback runs any more: what waits is written synchronously.
  process.once('exit', () => {
    if (!waiting) return;
    try {
      writeSync(2, waiting);
    } catch {
      // stderr is gone: nothing left to tell it.
    }
    waiting = '';
  });
  return {
    write(line) {
      waiting += line;
      if (waiting.length >= BATCH_BYTES) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
  };
}

let sharedStderr: ReturnType<typeof stderrLines> | null = null;

export function createLogger(level: LogLevel = 'info', write?: (line: string) => void): Logger {
  if (!write) {
    sharedStderr ??= stderrLines();
    write = sharedStderr.write;
  }
  const sink = write;
  const emit =
    (at: Exclude<LogLevel, 'silent'>) =>
    (message: string, fields: Record<string, unknown> = {}) => {
      if (rank[at] < rank[level]) return;
      sink(`${JSON.stringify({ time: new Date().toISOString(), level: at, message, ...fields })}\n`);
    };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

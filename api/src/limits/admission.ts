// Admission control (load shedding) for GraphQL requests. Past its capacity a process that takes every
// request makes every caller wait: the queue grows, answers arrive after their clients gave up, and
// the work done for them is wasted. Instead, a request that arrives while the process already works
// on as many GraphQL requests as it may is answered at once, 503 OVERLOADED with Retry-After, before
// its body is read, parsed or authenticated and before any database work; a request once admitted
// always runs to its answer.
//
// The rule: admit while fewer than `limit` GraphQL requests are in flight in this process. In flight
// means from arrival until its response is closed (sent, or its connection gone). It is the simplest
// measure of what a new request would wait for: the process shares one CPU and one pool of database
// connections among the requests in flight, so an admitted request waits roughly in proportion to how
// many there are (Little's law: waiting ≈ in flight ÷ throughput). The default, 100, keeps that wait
// far below the request deadline (REQUEST_TIMEOUT_MS, 10 s): at the few hundred lookups a second a
// process answers it is a fraction of a second, and even for the heaviest page allowed (tens of
// milliseconds of work each) a couple of seconds; bursts of a few dozen requests from one client pass
// untouched. A request whose client went away stops counting when its connection closes, though its
// operation finishes (the deadline still bounds it). The count sees only requests the process has
// read: when the whole machine is short of CPU, requests also wait in the kernel before Node reads
// them, and that wait is not counted.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { currentTrace } from '../observability/trace.ts';

export const OVERLOADED = 'OVERLOADED';
/** Most GraphQL requests one process works on at once (MAX_REQUESTS_IN_FLIGHT); 0 switches shedding off. */
export const DEFAULT_MAX_REQUESTS_IN_FLIGHT = 100;
/** How long a shed client should wait: a second is long enough for the requests in flight to finish. */
export const RETRY_AFTER_SECONDS = 1;

/** Whether a request is admitted with `inFlight` requests already in flight; a `limit` of 0 admits all. */
export function admits(inFlight: number, limit: number): boolean {
  return limit === 0 || inFlight < limit;
}

/** The body of a shed request, in the shape of every other error answer. */
export function overloadedBody(): string {
  return JSON.stringify({
    errors: [
      {
        message: `The server is busy; retry in ${RETRY_AFTER_SECONDS} s.`,
        extensions: { code: OVERLOADED, retryAfterSeconds: RETRY_AFTER_SECONDS },
      },
    ],
  });
}

export class Admission {
  #inFlight = 0;

  constructor(
    /** Most GraphQL requests in flight at once; 0 admits every request. */
    readonly limit: number,
    /** Told of every request shed (for the metrics). */
    private readonly onShed: () => void = () => undefined,
  ) {}

  /** GraphQL requests in flight in this process now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /**
   * Called when a GraphQL request arrives, before anything is read: admits it (counted until its
   * response closes) and returns true, or answers it 503 OVERLOADED and returns false. The refusal's
   * code goes on the request's trace, for its log line and the error metrics.
   */
  admit(_req: IncomingMessage, res: ServerResponse): boolean {
    if (!admits(this.#inFlight, this.limit)) {
      currentTrace()?.errorCodes.push(OVERLOADED);
      this.onShed();
      // The body still unread is read off and dropped by Node once the answer is sent.
      const body = overloadedBody();
      res.statusCode = 503;
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.setHeader('Content-Length', Buffer.byteLength(body));
      res.end(body);
      return false;
    }
    this.#inFlight++;
    // 'close' comes once for every response: after it was sent, or when its connection closed first
    // (the client went away, the socket timed out), so no request is counted for ever.
    res.once('close', () => {
      this.#inFlight--;
    });
    return true;
  }
}

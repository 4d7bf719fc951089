// One HTTP attempt of a webhook delivery. The host is resolved here, every address it resolves to is
// checked, and the connection goes to the checked address itself (the Host header and TLS server
// name carry the name), so a name cannot resolve to one address for the check and another for the
// connection. Redirects are never followed, and nothing of the receiver's answer is kept but its
// status: an endpoint must not become a way to read what sits behind the API.
import { lookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage, STATUS_CODES } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { type AddressVerdict, classifyAddress, describeRefusal, hostProblem } from '../domain/webhook-address.ts';
import { isDelivered } from '../domain/webhook-retry.ts';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to all its addresses; tests inject their own. */
export type Resolve = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolve: Resolve = (hostname) => lookup(hostname, { all: true, verbatim: true });

export interface AttemptResult {
  statusCode: number | null;
  /** A short reason for a failed attempt: `HTTP 500 Internal Server Error`, `timeout: …`, `refused: …`. Never the receiver's words. */
  error: string | null;
  durationMs: number;
  startedAt: Date;
}

export interface SendOptions {
  timeoutMs: number;
  allowPrivateAddresses: boolean;
  resolve: Resolve;
}

class Refused extends Error {}

/** The address to connect to, checked; throws Refused with the reason when the policy forbids it. */
async function checkedAddress(url: URL, options: SendOptions, signal: AbortSignal): Promise<AddressVerdict> {
  const literal = classifyAddress(url.hostname);
  if (literal) {
    if (!literal.public && !options.allowPrivateAddresses) throw new Refused(describeRefusal(literal));
    return literal;
  }
  if (!options.allowPrivateAddresses) {
    const problem = hostProblem(url.hostname);
    if (problem) throw new Refused(problem);
  }
  const aborted = new Promise<never>((_resolve, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
  aborted.catch(() => {});
  let resolved: ResolvedAddress[];
  try {
    resolved = await Promise.race([options.resolve(url.hostname), aborted]);
  } catch (error) {
    if (signal.aborted) throw error;
    throw new Refused(`cannot resolve ${url.hostname}`);
  }
  const verdicts = resolved.map((entry) => classifyAddress(entry.address));
  if (verdicts.length === 0) throw new Refused(`${url.hostname} has no address`);
  for (const verdict of verdicts) {
    if (!verdict) throw new Refused(`${url.hostname} resolves to something that is not an address`);
    if (!verdict.public && !options.allowPrivateAddresses) {
      throw new Refused(`${url.hostname} resolves to an address that may not be reached: ${describeRefusal(verdict)}`);
    }
  }
  return verdicts[0] as AddressVerdict;
}

/** A short, fixed reason for a network failure; the codes are Node's, the words ours. */
function networkReason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ECONNREFUSED') return 'refused: connection refused';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'network error: connection reset';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'network error: unreachable';
  if (typeof code === 'string' && code.startsWith('HPE_')) return 'network error: malformed answer';
  if (typeof code === 'string' && /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO/.test(code)) return `TLS error: ${code}`;
  return `network error: ${typeof code === 'string' ? code : 'failed'}`;
}

/** The reason recorded for a non-2xx answer: its status and the standard wording, never its body or reason phrase. */
export function statusReason(statusCode: number): string {
  const words = STATUS_CODES[statusCode];
  const base = `HTTP ${statusCode}${words ? ` ${words}` : ''}`;
  return statusCode >= 300 && statusCode < 400 ? `${base}: redirects are not followed` : base;
}

/** POSTs `body` to `target`; resolves with the attempt's outcome, never rejects. */
export async function postWebhook(
  target: string,
  body: string,
  headers: Record<string, string>,
  options: SendOptions,
): Promise<AttemptResult> {
  const startedAt = new Date();
  const started = performance.now();
  const finish = (statusCode: number | null, error: string | null): AttemptResult => ({
    statusCode,
    error,
    durationMs: Math.round(performance.now() - started),
    startedAt,
  });
  const signal = AbortSignal.timeout(options.timeoutMs);
  const timedOut = () => finish(null, `timeout: no answer within ${options.timeoutMs} ms`);
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return finish(null, 'refused: not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return finish(null, 'refused: not an http(s) URL');
  let address: AddressVerdict;
  try {
    address = await checkedAddress(url, options, signal);
  } catch (error) {
    if (error instanceof Refused) return finish(null, `refused: ${error.message}`);
    return signal.aborted ? timedOut() : finish(null, networkReason(error));
  }
  const secure = url.protocol === 'https:';
  const isName = classifyAddress(url.hostname) === null;
  return new Promise<AttemptResult>((resolve) => {
    const request = (secure ? httpsRequest : httpRequest)({
      host: address.address,
      port: url.port ? Number(url.port) : secure ? 443 : 80,
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      headers: { ...headers, host: url.host, 'content-length': String(Buffer.byteLength(body)) },
      agent: false,
      signal,
      ...(secure && isName ? { servername: url.hostname.replace(/\.+$/, '') } : {}),
    });
    request.on('response', (response: IncomingMessage) => {
      const statusCode = response.statusCode ?? 0;
      // The answer's body is neither read nor kept.
      response.destroy();
      request.destroy();
      resolve(finish(statusCode, isDelivered(statusCode) ? null : statusReason(statusCode)));
    });
    request.on('error', (error) => resolve(signal.aborted ? timedOut() : finish(null, networkReason(error))));
    request.end(body);
  });
}

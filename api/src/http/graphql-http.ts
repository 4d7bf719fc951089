// The GraphQL endpoint's common request, served without Express: a POST of a UTF-8 JSON body to
// /graphql. Every request pays for the HTTP layer, and Express's router, body parser and middleware
// chain cost more than the GraphQL work of a small query. This handler answers exactly as the Express
// chain does (CORS, cache-control, body limit, UTF-8 and JSON checks, the same error bodies); any
// request it does not recognise as the common case (other methods and paths, other content types,
// charsets or content encodings, no body) goes to Express, which answers it as it always has.
import { isUtf8 } from 'node:buffer';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ApolloServer, HeaderMap } from '@apollo/server';
import type { RequestContext } from '../context.ts';
import { type RequestTrace, runWithTrace } from '../observability/trace.ts';
import { corsHeaders } from './cors.ts';

/** `application/json`, alone or with a UTF-8 charset: what body-parser would read as UTF-8 JSON. */
const JSON_UTF8 = /^application\/json[ \t]*(?:;[ \t]*charset[ \t]*=[ \t]*(?:utf-8|"utf-8")[ \t]*)?$/i;

/** Whether the request is the common case this handler serves; everything else goes to Express. */
export function isPlainGraphQLPost(req: IncomingMessage): boolean {
  if (req.method !== 'POST') return false;
  const { url } = req;
  if (url !== '/graphql' && !url?.startsWith('/graphql?')) return false;
  const { headers } = req;
  const type = headers['content-type'];
  if (type === undefined || !JSON_UTF8.test(type)) return false;
  const encoding = headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
  // A body is announced by its length or by chunked transfer; without either Express answers.
  return headers['transfer-encoding'] !== undefined || (headers['content-length'] ?? '') !== '';
}

/** A refusal of the HTTP layer, worded as the Express path words it (refusals.ts). */
export interface HttpRefusal {
  status: number;
  /** body-parser's error types: entity.too.large, encoding.invalid, entity.parse.failed, request.aborted. */
  type: string;
  limit?: number;
}

export interface GraphQLHttpOptions {
  apollo: ApolloServer<RequestContext>;
  bodyLimitBytes: number;
  corsOrigins: readonly string[];
  /** Starts the request's trace: request id header, log line and metrics once answered. */
  startTrace(req: IncomingMessage, res: ServerResponse, path: string): RequestTrace;
  /** The request's context (authentication); `body` is the parsed request body. */
  context(req: IncomingMessage, body: unknown): Promise<RequestContext>;
  /** Answers a refused request (status, JSON error body), as Express's error handler does. */
  refuse(res: ServerResponse, refusal: HttpRefusal | unknown): void;
  /** Admission control (limits/admission.ts): false when the request was shed, and answered. */
  admit(req: IncomingMessage, res: ServerResponse): boolean;
}

/** Sends a string as Express's `res.send` does: charset in the content type, and its length. */
export function sendString(res: ServerResponse, text: string): void {
  const type = res.getHeader('content-type');
  if (typeof type === 'string' && !/;\s*charset=utf-8$/i.test(type))
    res.setHeader('Content-Type', `${type.replace(/;\s*charset=[^;]*/i, '')}; charset=utf-8`);
  else if (typeof type === 'string') res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/** Where body-parser's strict mode looks: the first character that is not JSON whitespace. */
const FIRST_CHAR = /^[ \t\n\r]*([^ \t\n\r])/;

/** The parsed body, as body-parser's strict JSON parser reads it; a refusal when it cannot. */
function parseJson(body: Buffer): { value: unknown } | HttpRefusal {
  // The check express.json's verify makes: invalid bytes would otherwise be replaced silently.
  if (!isUtf8(body)) return { status: 400, type: 'encoding.invalid' };
  let text = body.toString('utf8');
  // The decoder body-parser uses drops a byte order mark.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length === 0) return { value: {} };
  if (text[0] !== '{' && text[0] !== '[') {
    const first = FIRST_CHAR.exec(text)?.[1];
    if (first !== '{' && first !== '[') return { status: 400, type: 'entity.parse.failed' };
  }
  try {
    return { value: JSON.parse(text) };
  } catch {
    return { status: 400, type: 'entity.parse.failed' };
  }
}

/** A handler for the requests isPlainGraphQLPost accepts. */
export function graphqlHttpHandler(options: GraphQLHttpOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { apollo, bodyLimitBytes: limit, corsOrigins } = options;

  const execute = async (req: IncomingMessage, res: ServerResponse, body: unknown) => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: 'POST', headers, search: query === -1 ? '' : url.slice(query), body },
      context: () => options.context(req, body),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status || 200;
    if (response.body.kind === 'complete') {
      sendString(res, response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };

  return (req, res) => {
    const trace = options.startTrace(req, res, '/graphql');
    corsHeaders(req.headers.origin, corsOrigins, res);
    res.setHeader('cache-control', 'no-store');
    if (!runWithTrace(trace, () => options.admit(req, res))) return;
    // Like body-parser: a declared length over the limit is refused without reading, the body is
    // still read off (so the connection stays usable), and the answer goes out once it has arrived.
    const declared = Number(req.headers['content-length']);
    let refusal: HttpRefusal | null = declared > limit ? { status: 413, type: 'entity.too.large', limit } : null;
    const chunks: Buffer[] = [];
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      if (refusal) return;
      received += chunk.length;
      if (received > limit) {
        refusal = { status: 413, type: 'entity.too.large', limit };
        chunks.length = 0;
      } else chunks.push(chunk);
    });
    // An aborted request has nobody left to answer; the listener keeps its error from being thrown.
    req.once('error', () => {
      refusal ??= { status: 400, type: 'request.aborted' };
    });
    req.once('end', () => {
      runWithTrace(trace, () => {
        if (refusal) {
          options.refuse(res, refusal);
          return;
        }
        const parsed = parseJson(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, received));
        if (!('value' in parsed)) {
          options.refuse(res, parsed);
          return;
        }
        // An exception is answered as Express's error handler answers one of the GraphQL middleware.
        execute(req, res, parsed.value).catch((error: unknown) => options.refuse(res, error));
      });
    });
  };
}

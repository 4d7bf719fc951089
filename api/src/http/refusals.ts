// Requests refused by the HTTP layer, before GraphQL sees them (malformed or oversized bodies, wrong
// encodings and methods, HTTP that Node itself rejects), answered in the same JSON shape as GraphQL
// errors.
import { isUtf8 } from 'node:buffer';
import { type Server, type ServerResponse, STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { currentTrace } from '../observability/trace.ts';
import { sendString } from './graphql-http.ts';

/** Answers malformed HTTP (bad JSON, oversized bodies, wrong encodings) in the same shape as GraphQL errors. */
export const httpErrors: ErrorRequestHandler = (error, _req, res, _next) => refuse(res, error);

/** The answer to a request refused by the HTTP layer (see httpErrors), for Express and graphql-http.ts alike. */
export function refuse(res: ServerResponse, error: { status?: unknown; type?: unknown; limit?: unknown } | null) {
  const status = typeof error?.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
  const message =
    error?.type === 'encoding.invalid'
      ? 'Request body is not valid UTF-8.'
      : error?.type === 'entity.too.large'
        ? `Request body is too large: the limit is ${Math.round(Number(error.limit) / 1024)} kB. ` +
          'Import larger CSV files with the command line, pnpm run import.'
        : error?.type === 'entity.parse.failed'
          ? 'Request body is not valid JSON.'
          : error?.type === 'encoding.unsupported' || error?.type === 'charset.unsupported'
            ? 'Request body encoding is not supported; send UTF-8 JSON.'
            : status < 500
              ? 'Bad request.'
              : 'Unexpected error.';
  const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR';
  currentTrace()?.errorCodes.push(code);
  if (res.headersSent) return;
  // As Express's res.json sends it.
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  sendString(res, JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/** A JSON body must be UTF-8 as sent: invalid bytes would otherwise be replaced silently. */
export function requireUtf8(_req: unknown, _res: unknown, body: Buffer, encoding: string) {
  if (/^utf-?8$/i.test(encoding) && !isUtf8(body))
    throw Object.assign(new Error('Request body is not valid UTF-8.'), { status: 400, type: 'encoding.invalid' });
}

/** GraphQL over HTTP is GET and POST (OPTIONS is answered by CORS); anything else gets a typed 405. */
export const onlyGetAndPost: RequestHandler = (req, res, next) => {
  if (req.method === 'GET' || req.method === 'POST') {
    next();
    return;
  }
  currentTrace()?.errorCodes.push('BAD_REQUEST');
  res
    .status(405)
    .setHeader('allow', 'GET, POST')
    .json({
      errors: [
        { message: 'Send GraphQL requests with POST (or GET for queries).', extensions: { code: 'BAD_REQUEST' } },
      ],
    });
};

/**
 * Requests Node refuses before any handler sees them (headers too large, e.g. a huge GET query
 * string; malformed HTTP) are answered in the same JSON shape, then the connection is closed.
 */
export function answerClientErrors(server: Server) {
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const message =
      status === 431
        ? 'Request headers are too large; send the query in a POST body.'
        : status === 408
          ? 'The request took too long to arrive.'
          : 'Malformed HTTP request.';
    const body = JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
}

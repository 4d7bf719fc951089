// Cross-origin access: the browser extension (any chrome-extension:// or moz-extension:// origin;
// the bearer token, not the origin, is what authorizes) and the origins an operator lists.
import type { ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';

const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension):\/\/[a-z0-9-]{1,64}$/i;

export function isAllowedOrigin(origin: string, configured: readonly string[]): boolean {
  return EXTENSION_ORIGIN.test(origin) || configured.includes(origin);
}

/** Sets the CORS headers of an allowed origin; none for other origins. */
export function corsHeaders(origin: string | undefined, configured: readonly string[], res: ServerResponse): void {
  if (!origin || !isAllowedOrigin(origin, configured)) return;
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Allow-Headers', 'authorization, content-type, apollo-require-preflight, x-request-id');
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  res.setHeader('Access-Control-Max-Age', '600');
}

export function cors(configured: readonly string[]): RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    corsHeaders(origin, configured, res);
    if (req.method === 'OPTIONS') {
      res.status(origin && isAllowedOrigin(origin, configured) ? 204 : 403).end();
      return;
    }
    next();
  };
}

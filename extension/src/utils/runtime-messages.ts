/**
 * The protocol between extension contexts (popup, content scripts) and the background,
 * carried over `runtime.sendMessage`. Every request is validated before it is handled:
 * anything arriving on `runtime.onMessage` is untrusted input until proven otherwise.
 */

export type RuntimeRequest = { type: 'ping' };

export type RuntimeResponse = { type: 'pong'; version: string } | { type: 'error'; reason: string };

type ParsedRequest = { ok: true; request: RuntimeRequest } | { ok: false; reason: string };

const REQUEST_FIELDS: { [Type in RuntimeRequest['type']]: readonly string[] } = {
  ping: ['type'],
};

function isRequestType(type: string): type is RuntimeRequest['type'] {
  return Object.hasOwn(REQUEST_FIELDS, type);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export function parseRuntimeRequest(message: unknown): ParsedRequest {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return { ok: false, reason: `message must be an object, got ${describe(message)}` };
  }
  const type = 'type' in message ? message.type : undefined;
  if (typeof type !== 'string') {
    return { ok: false, reason: `message.type must be a string, got ${describe(type)}` };
  }
  if (!isRequestType(type)) {
    return { ok: false, reason: `unknown message type "${type}"` };
  }
  const allowed = REQUEST_FIELDS[type];
  const unexpected = Object.keys(message).filter((key) => !allowed.includes(key));
  if (unexpected.length > 0) {
    return { ok: false, reason: `unexpected field(s) on "${type}" message: ${unexpected.join(', ')}` };
  }
  switch (type) {
    case 'ping':
      return { ok: true, request: { type } };
  }
}

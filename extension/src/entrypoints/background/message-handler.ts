import type { RuntimeResponse } from '@/utils/runtime-messages';
import { parseRuntimeRequest } from '@/utils/runtime-messages';

export interface MessageHandlerContext {
  /** The extension's version, from its manifest. */
  version: string;
}

/**
 * Answers one `runtime.onMessage` message. Always resolves (never rejects), so the sender
 * gets a typed response for malformed and unknown messages too.
 */
export function createMessageHandler(context: MessageHandlerContext): (message: unknown) => Promise<RuntimeResponse> {
  return async (message) => {
    const parsed = parseRuntimeRequest(message);
    if (!parsed.ok) return { type: 'error', reason: parsed.reason };
    switch (parsed.request.type) {
      case 'ping':
        return { type: 'pong', version: context.version };
    }
  };
}

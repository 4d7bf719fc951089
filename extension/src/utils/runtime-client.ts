/**
 * The senders' side of the runtime protocol (popup, dashboard, content scripts): one typed call per
 * request. Never rejects: a background that cannot be reached or answers nonsense becomes a typed
 * error. Imports only types from runtime-messages.ts, so no schema code ships to senders.
 */
import { browser } from '#imports';
import type { RuntimeRequestInput, RuntimeRequestType, RuntimeResponse } from './runtime-messages';

function isRuntimeResponse(value: unknown): value is RuntimeResponse {
  if (typeof value !== 'object' || value === null) return false;
  const { type } = value as { type?: unknown };
  return type === 'ok' || type === 'error';
}

export async function sendRuntimeRequest<K extends RuntimeRequestType>(
  request: RuntimeRequestInput<K> & { type: K },
): Promise<RuntimeResponse<K>> {
  let response: unknown;
  try {
    response = await browser.runtime.sendMessage(request);
  } catch {
    return {
      type: 'error',
      code: 'no-background',
      reason: 'Threadwatch’s background is not running; reload the extension or the page.',
    };
  }
  if (!isRuntimeResponse(response)) {
    return { type: 'error', code: 'no-background', reason: 'Threadwatch’s background gave no usable answer.' };
  }
  // The background answers request K with RuntimeResponse<K> (see message-handler.ts).
  return response as RuntimeResponse<K>;
}

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '@/entrypoints/background';

const VERSION = '1.2.3';

function send(message: unknown): Promise<unknown> {
  return fakeBrowser.runtime.sendMessage(message);
}

describe('background runtime messages', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({
      manifest_version: 3,
      name: 'Threadwatch',
      version: VERSION,
    });
    background.main();
  });

  it('registers exactly one runtime.onMessage listener', async () => {
    await expect(fakeBrowser.runtime.onMessage.trigger({ type: 'ping' }, {})).resolves.toHaveLength(1);
  });

  it('answers ping with pong and the manifest version', async () => {
    await expect(send({ type: 'ping' })).resolves.toEqual({ type: 'pong', version: VERSION });
  });

  it.each([
    { name: 'undefined', message: undefined, reason: 'message must be an object, got undefined' },
    { name: 'null', message: null, reason: 'message must be an object, got null' },
    { name: 'a bare string', message: 'ping', reason: 'message must be an object, got a string' },
    { name: 'a number', message: 42, reason: 'message must be an object, got a number' },
    { name: 'an array', message: [{ type: 'ping' }], reason: 'message must be an object, got an array' },
    { name: 'an object without type', message: {}, reason: 'message.type must be a string, got undefined' },
    { name: 'a numeric type', message: { type: 1 }, reason: 'message.type must be a string, got a number' },
    { name: 'an unknown type', message: { type: 'pong' }, reason: 'unknown message type "pong"' },
    { name: 'a differently cased type', message: { type: 'PING' }, reason: 'unknown message type "PING"' },
    {
      name: 'an inherited type name',
      message: { type: 'toString' },
      reason: 'unknown message type "toString"',
    },
    {
      name: 'ping with extra fields',
      message: { type: 'ping', token: 'secret', extra: 1 },
      reason: 'unexpected field(s) on "ping" message: token, extra',
    },
  ])('answers $name with an error', async ({ message, reason }) => {
    await expect(send(message)).resolves.toEqual({ type: 'error', reason });
  });
});

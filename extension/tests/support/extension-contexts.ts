/**
 * The extension's contexts as the background sees them in tests: message senders (the popup, a
 * content script on LinkedIn, one elsewhere), the browser's permission store (WXT's fake browser
 * does not implement `permissions`), and service-worker restarts.
 */
import { vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { RuntimeResponse } from '@/utils/runtime-messages';

type Sender = Browser.runtime.MessageSender;

const EXTENSION_ORIGIN = `chrome-extension://${fakeBrowser.runtime.id}/`;

export const POPUP_SENDER: Sender = { id: fakeBrowser.runtime.id, url: `${EXTENSION_ORIGIN}popup.html` };

export function linkedInSender(url = 'https://www.linkedin.com/in/jane-doe/'): Sender {
  return { id: fakeBrowser.runtime.id, url, frameId: 0, tab: { id: 7, index: 0, url } as Browser.tabs.Tab };
}

export const OTHER_SITE_SENDER = linkedInSender('https://evil.example/in/jane-doe/');

/** Delivers a message to the background's listener as if `sender` had sent it. */
export async function sendFrom(sender: Sender, message: unknown): Promise<RuntimeResponse> {
  // The fake's trigger returns what each listener returned: the background's typed responses.
  const responses = (await fakeBrowser.runtime.onMessage.trigger(message, sender)) as unknown as RuntimeResponse[];
  if (responses.length !== 1) throw new Error(`expected one onMessage listener, found ${responses.length}`);
  return responses[0] as RuntimeResponse;
}

/** Makes `browser.runtime.sendMessage` (used by the popup) arrive with `sender`. */
export function routeSendMessageFrom(sender: Sender): void {
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(((message: unknown) =>
    sendFrom(sender, message)) as typeof fakeBrowser.runtime.sendMessage);
}

export interface FakePermissions {
  granted: Set<string>;
  /** What the user answers to the next prompts. */
  userAllows: boolean;
  request: ReturnType<typeof vi.fn>;
}

/** An in-memory permission store; `onAdded` listeners fire when a request is granted. */
type PermissionsListener = Parameters<typeof fakeBrowser.permissions.onAdded.addListener>[0];

const permissionListeners: PermissionsListener[] = [];

export function installFakePermissions(granted: string[] = []): FakePermissions {
  const listeners = permissionListeners;
  listeners.length = 0;
  const state: FakePermissions = {
    granted: new Set(granted),
    userAllows: true,
    request: vi.fn(async ({ origins = [] }: Browser.permissions.Permissions) => {
      if (!state.userAllows) return false;
      for (const origin of origins) state.granted.add(origin);
      for (const listener of listeners) listener({ origins });
      return true;
    }),
  };
  const permissions = fakeBrowser.permissions;
  vi.spyOn(permissions, 'request').mockImplementation(state.request as unknown as typeof permissions.request);
  vi.spyOn(permissions, 'contains').mockImplementation((async ({ origins = [] }: Browser.permissions.Permissions) =>
    origins.every((origin) => state.granted.has(origin))) as unknown as typeof permissions.contains);
  vi.spyOn(permissions.onAdded, 'addListener').mockImplementation((listener) => {
    listeners.push(listener);
  });
  return state;
}

/**
 * Chrome stopped the service worker: its listeners are gone, storage stays. With `browserRestart`
 * the alarms are gone too (Chrome does not promise to keep them across restarts).
 */
export async function stopServiceWorker({ browserRestart = false } = {}): Promise<void> {
  fakeBrowser.runtime.onMessage.removeAllListeners();
  fakeBrowser.runtime.onStartup.removeAllListeners();
  fakeBrowser.alarms.onAlarm.removeAllListeners();
  fakeBrowser.storage.local.onChanged.removeAllListeners();
  fakeBrowser.storage.onChanged.removeAllListeners();
  permissionListeners.length = 0;
  if (browserRestart) await fakeBrowser.alarms.clearAll();
}

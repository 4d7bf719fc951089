/**
 * Answers `runtime.onMessage`: checks the sender, validates the message, checks that this sender
 * may make this request, then does it. Always resolves (never rejects), so every sender gets a
 * typed response, also for malformed, unknown and refused messages.
 */
import type { Browser } from '#imports';
import type { ServiceResult } from '@/api/api-failure';
import type { ThreadwatchService } from '@/api/service';
import { type FlagQueue, QueueFullError } from '@/queue/flag-queue';
import type { QueuedFlag } from '@/queue/queue-item';
import { parseApiUrl, parseToken } from '@/settings/api-settings';
import { connectionCheckFrom } from '@/settings/connection-check';
import { readSettingsSummary, recordConnectionCheck, saveApiSettings } from '@/settings/settings-store';
import {
  parseRuntimeRequest,
  REQUEST_AUDIENCE,
  type RuntimeError,
  type RuntimeErrorCode,
  type RuntimeRequest,
  type RuntimeRequestType,
  type RuntimeResponse,
  type RuntimeResponses,
} from '@/utils/runtime-messages';
import { classifySender, type ExtensionIdentity } from '@/utils/sender-policy';
import { overlayPrefs } from '@/utils/storage';

export interface MessageHandlerContext {
  /** The extension's version, from its manifest. */
  version: string;
  self: ExtensionIdentity;
  queue: FlagQueue;
  /** Starts sending due queue items (returns at once; sending continues in the background). */
  sendQueue: () => void;
  connect: () => Promise<ServiceResult<ThreadwatchService>>;
  newIdempotencyKey: () => string;
  now: () => number;
  /** Runs the overlay's UI script in the sender's tab and frame; false when it could not. */
  injectOverlay?: (tabId: number, frameId: number) => Promise<boolean>;
}

export type MessageHandler = (message: unknown, sender: Browser.runtime.MessageSender) => Promise<RuntimeResponse>;

function ok<K extends RuntimeRequestType>(value: RuntimeResponses[K]): RuntimeResponse<K> {
  return { type: 'ok', value };
}

function refuse(code: Exclude<RuntimeErrorCode, 'api'>, reason: string): RuntimeError {
  return { type: 'error', code, reason };
}

/** The service's answer as the reply: the value, or its failure as it is. */
function reply<T>(outcome: ServiceResult<T>): { type: 'ok'; value: T } | RuntimeError {
  return outcome.ok
    ? { type: 'ok', value: outcome.value }
    : { type: 'error', code: 'api', reason: outcome.failure.message, failure: outcome.failure };
}

export function createMessageHandler(context: MessageHandlerContext): MessageHandler {
  const { queue } = context;

  async function withService<T>(
    use: (service: ThreadwatchService) => Promise<ServiceResult<T>>,
  ): Promise<{ type: 'ok'; value: T } | RuntimeError> {
    const connection = await context.connect();
    return reply(connection.ok ? await use(connection.value) : connection);
  }

  async function enqueue(flag: QueuedFlag, key = context.newIdempotencyKey()): Promise<RuntimeResponse<'enqueueFlag'>> {
    try {
      const item = await queue.enqueue(flag, key, context.now());
      context.sendQueue();
      return ok<'enqueueFlag'>({ item });
    } catch (error) {
      if (error instanceof QueueFullError) return refuse('queue-full', error.message);
      throw error;
    }
  }

  /**
   * Adds a person now, so the answer can offer possible duplicates at once. When the request never
   * reached the API, the add is queued under the same key instead (the queue retries until the API
   * confirms it; duplicates found then fail the item, shown in the popup).
   */
  async function addStakeholder(request: RuntimeRequest<'addStakeholder'>): Promise<RuntimeResponse<'addStakeholder'>> {
    const { stakeholder, idempotencyKey } = request;
    const sent = await withService((service) => service.addStakeholder({ ...stakeholder, idempotencyKey }));
    if (sent.type === 'ok' || sent.code !== 'api' || sent.failure.kind !== 'unreachable') return sent;
    const enqueued = await enqueue({ kind: 'addStakeholder', input: stakeholder }, idempotencyKey);
    return enqueued.type === 'ok' ? ok<'addStakeholder'>({ added: false, queued: enqueued.value.item }) : enqueued;
  }

  /** Failed items waiting for settings (token rejected, no permission) get another chance. */
  async function releaseItemsWaitingForSettings(): Promise<void> {
    if ((await queue.release('settings', context.now())) > 0) context.sendQueue();
  }

  async function handle(request: RuntimeRequest, sender: Browser.runtime.MessageSender): Promise<RuntimeResponse> {
    switch (request.type) {
      case 'ping':
        return ok<'ping'>({ version: context.version });
      case 'lookupProfile':
        return withService((service) => service.lookupProfile(request.url));
      case 'lookupCompany':
        return withService((service) => service.lookupCompany(request.url));
      case 'linkProfile':
        return withService((service) =>
          service.linkProfile({ stakeholderId: request.stakeholderId, profileUrl: request.profileUrl }),
        );
      case 'enqueueFlag':
        return enqueue({ kind: 'jobChange', input: request.flag });
      case 'enqueueAddStakeholder':
        return enqueue({ kind: 'addStakeholder', input: request.stakeholder });
      case 'addStakeholder':
        return addStakeholder(request);
      case 'getQueue':
        return ok<'getQueue'>({ items: await queue.list() });
      case 'retryItem': {
        const item = await queue.retry(request.idempotencyKey, context.now());
        if (!item) return refuse('not-retryable', 'This flag is being sent, already sent, or no longer in the queue.');
        context.sendQueue();
        return ok<'retryItem'>({ item });
      }
      case 'getSettings':
        return ok<'getSettings'>(await readSettingsSummary());
      case 'saveSettings': {
        const endpoint = parseApiUrl(request.apiUrl);
        const token = request.token === undefined ? undefined : parseToken(request.token);
        // The schema already ran both checks; this narrows the types.
        if (!endpoint.ok) return refuse('invalid-request', endpoint.reason);
        if (token && !token.ok) return refuse('invalid-request', token.reason);
        await saveApiSettings({ endpoint: endpoint.value.endpoint, token: token?.value });
        await releaseItemsWaitingForSettings();
        return ok<'saveSettings'>(await readSettingsSummary());
      }
      case 'loadOverlay': {
        const tabId = sender.tab?.id;
        if (tabId === undefined || !context.injectOverlay) return ok<'loadOverlay'>({ loaded: false });
        return ok<'loadOverlay'>({ loaded: await context.injectOverlay(tabId, sender.frameId ?? 0) });
      }
      case 'getOverlayPrefs':
        return ok<'getOverlayPrefs'>(await overlayPrefs.getValue());
      case 'saveOverlayPrefs': {
        const prefs = { collapsed: request.collapsed };
        await overlayPrefs.setValue(prefs);
        return ok<'saveOverlayPrefs'>(prefs);
      }
      case 'testConnection': {
        const connection = await context.connect();
        const result = connection.ok ? await connection.value.testConnection() : connection;
        const check = connectionCheckFrom(result, context.now());
        await recordConnectionCheck(check);
        if (check.state === 'connected') await releaseItemsWaitingForSettings();
        return ok<'testConnection'>({ check });
      }
    }
  }

  return async (message, sender) => {
    const from = classifySender(sender, context.self);
    if (!from) {
      return refuse('sender-rejected', 'Only Threadwatch pages and its content scripts on LinkedIn may send messages.');
    }
    const parsed = parseRuntimeRequest(message);
    if (!parsed.ok) return refuse('invalid-request', parsed.reason);
    const { request } = parsed;
    if (!REQUEST_AUDIENCE[request.type].includes(from)) {
      return refuse('sender-rejected', `"${request.type}" may not be sent from a ${from.replace('-', ' ')}.`);
    }
    try {
      return await handle(request, sender);
    } catch {
      return refuse('internal', `Threadwatch could not handle "${request.type}"; please try again.`);
    }
  };
}

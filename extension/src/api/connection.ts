/**
 * Opens the Threadwatch service from the saved settings: URL, token, and the host permission for
 * the API origin. It reads the token: only the background and the dashboard (extension pages) use it,
 * never a content script or the popup (tests/token-access.test.ts).
 */

import { parseApiUrl } from '@/settings/api-settings';
import { connectionCheckFrom } from '@/settings/connection-check';
import { hasApiPermission } from '@/settings/host-permission';
import { recordConnectionCheck } from '@/settings/settings-store';
import { apiToken, apiUrl } from '@/utils/storage';
import { failWith, type ServiceResult, succeed } from './api-failure';
import { createGraphQLClient, type GraphQLClient } from './client';
import { createThreadwatchService, type ThreadwatchService } from './service';

/**
 * A GraphQL client for the saved settings, or why there is none. Used by the background (through
 * openApiConnection) and by the dashboard, an extension page that queries the API directly.
 */
export async function openApiClient(): Promise<ServiceResult<GraphQLClient>> {
  const [url, token] = await Promise.all([apiUrl.getValue(), apiToken.getValue()]);
  if (url === null || token === null) {
    return failWith({ kind: 'not-configured', message: 'Set the API URL and token in the Threadwatch popup.' });
  }
  const endpoint = parseApiUrl(url);
  if (!endpoint.ok) return failWith({ kind: 'not-configured', message: endpoint.reason });
  if (!(await hasApiPermission(endpoint.value))) {
    return failWith({
      kind: 'no-permission',
      message: `Threadwatch may not contact ${endpoint.value.origin} yet: save the settings in the popup and allow access.`,
    });
  }
  return succeed(createGraphQLClient({ endpoint: endpoint.value.endpoint, token }));
}

export async function openApiConnection(): Promise<ServiceResult<ThreadwatchService>> {
  const client = await openApiClient();
  return client.ok ? succeed(noticingExpiry(createThreadwatchService(client.value))) : client;
}

/**
 * The service, remembering when any call finds the token expired: the popup's connection line then
 * says so (with the date) the next time it opens, not only the queue item that hit it.
 */
export function noticingExpiry(service: ThreadwatchService, now: () => number = Date.now): ThreadwatchService {
  const noticed = Object.entries(service).map(([name, call]) => [
    name,
    async (...args: unknown[]) => {
      const result = (await (call as (...a: unknown[]) => Promise<ServiceResult<unknown>>)(
        ...args,
      )) as ServiceResult<unknown>;
      if (!result.ok && result.failure.kind === 'token-expired') {
        await recordConnectionCheck(connectionCheckFrom(result, now())).catch(() => undefined);
      }
      return result;
    },
  ]);
  return Object.fromEntries(noticed) as unknown as ThreadwatchService;
}

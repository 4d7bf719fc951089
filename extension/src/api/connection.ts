/**
 * Opens the Threadwatch service from the saved settings: URL, token, and the host permission for
 * the API origin. It reads the token: only the background and the dashboard (extension pages) use it,
 * never a content script or the popup (tests/token-access.test.ts).
 */

import { parseApiUrl } from '@/settings/api-settings';
import { hasApiPermission } from '@/settings/host-permission';
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
  return client.ok ? succeed(createThreadwatchService(client.value)) : client;
}

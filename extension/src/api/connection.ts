/**
 * Opens the Threadwatch service from the saved settings: URL, token, and the host permission for
 * the API origin. Background only (it reads the token).
 */

import { parseApiUrl } from '@/settings/api-settings';
import { hasApiPermission } from '@/settings/host-permission';
import { apiToken, apiUrl } from '@/utils/storage';
import { failWith, type ServiceResult, succeed } from './api-failure';
import { createGraphQLClient } from './client';
import { createThreadwatchService, type ThreadwatchService } from './service';

export async function openApiConnection(): Promise<ServiceResult<ThreadwatchService>> {
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
  return succeed(createThreadwatchService(createGraphQLClient({ endpoint: endpoint.value.endpoint, token })));
}

/**
 * Reading and saving the API settings in storage, for the background's settings messages. The
 * summary it returns never contains the token, only whether there is one and its first characters.
 */
import { apiToken, apiUrl, connectionCheck } from '@/utils/storage';
import { tokenHint } from './api-settings';
import type { ConnectionCheck } from './connection-check';

export interface SettingsSummary {
  apiUrl: string | null;
  hasToken: boolean;
  tokenHint: string | null;
  connection: ConnectionCheck | null;
}

export async function readSettingsSummary(): Promise<SettingsSummary> {
  const [url, token, connection] = await Promise.all([
    apiUrl.getValue(),
    apiToken.getValue(),
    connectionCheck.getValue(),
  ]);
  return { apiUrl: url, hasToken: token !== null, tokenHint: token === null ? null : tokenHint(token), connection };
}

/**
 * Stores a checked endpoint and, when given, a new token (otherwise the saved one stays). The last
 * connection test no longer applies once anything changed. The URL is written last: pages watch
 * it to refresh, and by then the rest is in place.
 */
export async function saveApiSettings(settings: { endpoint: string; token: string | undefined }): Promise<void> {
  const [url, token] = await Promise.all([apiUrl.getValue(), apiToken.getValue()]);
  const changed = url !== settings.endpoint || (settings.token !== undefined && settings.token !== token);
  if (settings.token !== undefined) await apiToken.setValue(settings.token);
  if (changed) await connectionCheck.setValue(null);
  await apiUrl.setValue(settings.endpoint);
}

export async function recordConnectionCheck(check: ConnectionCheck): Promise<void> {
  await connectionCheck.setValue(check);
}

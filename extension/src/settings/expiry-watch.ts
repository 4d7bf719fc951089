/**
 * The background's connection, remembering when any call finds the token expired: the popup's
 * connection line then says so (with the date) the next time it opens, not only the queue item that
 * hit it. Background only (it writes the stored connection check).
 */
import { failWith, type ServiceResult } from '@/api/api-failure';
import { openApiConnection } from '@/api/connection';
import type { ThreadwatchService } from '@/api/service';
import { connectionCheckFrom } from './connection-check';
import { recordConnectionCheck } from './settings-store';

async function remember<T>(result: ServiceResult<T>, now: () => number): Promise<ServiceResult<T>> {
  if (!result.ok && result.failure.kind === 'token-expired') {
    await recordConnectionCheck(connectionCheckFrom(failWith(result.failure), now())).catch(() => undefined);
  }
  return result;
}

/** Every call of `service`, noticing an expired token on the way. */
export function noticingExpiry(service: ThreadwatchService, now: () => number = Date.now): ThreadwatchService {
  const noticed = Object.entries(service).map(([name, call]) => [
    name,
    async (...args: unknown[]) =>
      remember(await (call as (...a: unknown[]) => Promise<ServiceResult<unknown>>)(...args), now),
  ]);
  return Object.fromEntries(noticed) as unknown as ThreadwatchService;
}

/** openApiConnection, with its service noticing an expired token. */
export async function openWatchedConnection(now: () => number = Date.now): Promise<ServiceResult<ThreadwatchService>> {
  const connection = await openApiConnection();
  return connection.ok ? { ok: true, value: noticingExpiry(connection.value, now) } : connection;
}

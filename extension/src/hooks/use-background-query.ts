/**
 * Asks the background for a value (the queue, the settings) and asks again whenever one of the
 * given storage items changes, so an open popup follows the background's work live.
 */
import { useCallback, useEffect, useState } from 'react';
import { sendRuntimeRequest } from '@/utils/runtime-client';
import type { RuntimeRequestInput, RuntimeResponses } from '@/utils/runtime-messages';

/** Read-only requests whose message is just their type. */
export type QueryRequestType = 'getQueue' | 'getSettings';

export type QueryState<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; reason: string };

/** A storage item, or anything else that reports changes. */
export interface Watchable {
  watch(callback: () => void): () => void;
}

/** `refreshOn` must keep its identity between renders (declare it at module level). */
export function useBackgroundQuery<K extends QueryRequestType>(
  type: K,
  refreshOn: readonly Watchable[],
): { state: QueryState<RuntimeResponses[K]>; refresh: () => Promise<void> } {
  const [state, setState] = useState<QueryState<RuntimeResponses[K]>>({ status: 'loading' });

  const refresh = useCallback(async () => {
    // For these request types the message is `{ type }` alone.
    const request = { type } as RuntimeRequestInput<K> & { type: K };
    const response = await sendRuntimeRequest<K>(request);
    setState(
      response.type === 'ok'
        ? { status: 'ready', value: response.value }
        : { status: 'error', reason: response.reason },
    );
  }, [type]);

  useEffect(() => {
    void refresh();
    const unwatch = refreshOn.map((item) => item.watch(() => void refresh()));
    return () => {
      for (const stop of unwatch) stop();
    };
  }, [refresh, refreshOn]);

  return { state, refresh };
}

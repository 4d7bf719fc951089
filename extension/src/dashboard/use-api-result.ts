/** One API read for the current variables (`key`), with loading and error states and a retry. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiFailure, ServiceResult } from '@/api/api-failure';

export type ApiResultState<T> =
  | { status: 'loading' }
  | { status: 'error'; failure: ApiFailure }
  | { status: 'ready'; value: T };

export function useApiResult<T>(
  key: string,
  load: () => Promise<ServiceResult<T>>,
): { state: ApiResultState<T>; reload: () => void } {
  const [state, setState] = useState<ApiResultState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  // Runs again when `key` or `attempt` changes; `load` is read from a ref (it may change every render).
  useEffect(() => {
    const current = ++generation.current;
    setState({ status: 'loading' });
    void loadRef.current().then((result) => {
      if (current !== generation.current) return;
      setState(result.ok ? { status: 'ready', value: result.value } : { status: 'error', failure: result.failure });
    });
  }, [key, attempt]);

  const reload = useCallback(() => setAttempt((value) => value + 1), []);
  return { state, reload };
}

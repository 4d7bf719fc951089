/**
 * A cursor-paginated list: the first page for the current variables, then "Load more" pages
 * requested with `after: endCursor` and appended. New variables (a filter changed) start over;
 * answers for variables no longer current are dropped.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiFailure, ServiceResult } from '@/api/api-failure';
import type { Page } from './dashboard-service';

export type PagedListState<TNode> =
  | { status: 'loading' }
  | { status: 'error'; failure: ApiFailure }
  | {
      status: 'ready';
      nodes: TNode[];
      totalCount: number;
      endCursor: string | null;
      hasNextPage: boolean;
      loadingMore: boolean;
      moreFailure: ApiFailure | null;
    };

export interface PagedList<TNode> {
  state: PagedListState<TNode>;
  loadMore: () => void;
  reload: () => void;
}

/**
 * `fetchPage` is called with the cursor to start after (null for the first page); the latest one is
 * used. `key` names the variables it closes over: when the key changes, the list starts over.
 */
export function usePagedList<TNode>(
  key: string,
  fetchPage: (after: string | null) => Promise<ServiceResult<Page<TNode>>>,
): PagedList<TNode> {
  const [state, setState] = useState<PagedListState<TNode>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const generation = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  // Restarts when `key` or `attempt` changes; `fetchPage` is read from a ref (it may change every render).
  useEffect(() => {
    const current = ++generation.current;
    setState({ status: 'loading' });
    void fetchRef.current(null).then((result) => {
      if (current !== generation.current) return;
      setState(
        result.ok
          ? { status: 'ready', ...result.value, loadingMore: false, moreFailure: null }
          : { status: 'error', failure: result.failure },
      );
    });
  }, [key, attempt]);

  const stateRef = useRef(state);
  stateRef.current = state;

  const loadMore = useCallback(() => {
    const previous = stateRef.current;
    if (previous.status !== 'ready' || previous.loadingMore || !previous.hasNextPage) return;
    const current = generation.current;
    const loading = { ...previous, loadingMore: true, moreFailure: null };
    stateRef.current = loading;
    setState(loading);
    void fetchRef.current(previous.endCursor).then((result) => {
      if (current !== generation.current) return;
      setState((latest) => {
        if (latest.status !== 'ready') return latest;
        return result.ok
          ? {
              ...latest,
              nodes: [...latest.nodes, ...result.value.nodes],
              totalCount: result.value.totalCount,
              endCursor: result.value.endCursor,
              hasNextPage: result.value.hasNextPage,
              loadingMore: false,
              moreFailure: null,
            }
          : { ...latest, loadingMore: false, moreFailure: result.failure };
      });
    });
  }, []);

  const reload = useCallback(() => setAttempt((value) => value + 1), []);

  return { state, loadMore, reload };
}

/** The states every dashboard section shares: loading, a problem with its retry, an empty list, more pages. */
import type { ReactNode } from 'react';
import type { ApiFailure } from '@/api/api-failure';
import type { DashboardFilters } from './dashboard-filters';
import { describeProblem } from './dashboard-problem';
import type { DashboardService } from './dashboard-service';
import type { MoneyFormat } from './money';
import type { PagedList } from './use-paged-list';

export function Loading({ what }: { what: string }) {
  return (
    <p role="status" className="section__loading">
      Loading {what}…
    </p>
  );
}

export function ProblemNotice({ failure, onRetry }: { failure: ApiFailure; onRetry?: () => void }) {
  const problem = describeProblem(failure);
  return (
    <div role="alert" className="problem">
      <p className="problem__title">{problem.title}</p>
      <p className="problem__detail">{problem.detail}</p>
      {problem.retryable && onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function EmptyList({ children }: { children: string }) {
  return <p className="section__empty">{children}</p>;
}

export function LoadMore({
  shown,
  total,
  what,
  hasNextPage,
  loading,
  failure,
  onLoadMore,
}: {
  shown: number;
  total: number;
  what: string;
  hasNextPage: boolean;
  loading: boolean;
  failure: ApiFailure | null;
  onLoadMore: () => void;
}) {
  return (
    <div className="load-more">
      <p aria-live="polite">
        Showing {shown} of {total} {what}
      </p>
      {failure && <ProblemNotice failure={failure} />}
      {hasNextPage && (
        <button type="button" onClick={onLoadMore} disabled={loading}>
          {loading ? 'Loading…' : `Load more ${what}`}
        </button>
      )}
    </div>
  );
}

/** What each of the dashboard's list sections is given. */
export interface ListSectionProps {
  service: DashboardService;
  filters: DashboardFilters;
  money: MoneyFormat;
}

/**
 * A paginated list in its every state: loading, a problem with its retry, empty, or its nodes
 * (rendered by `children`) followed by the "Showing X of Y" line and the "Load more" button.
 */
export function PagedListView<TNode>({
  list,
  loadingWhat,
  empty,
  moreWhat,
  children,
}: {
  list: PagedList<TNode>;
  /** What is loading, e.g. "coverage gaps". */
  loadingWhat: string;
  /** The sentence shown when there is no node. */
  empty: string;
  /** What the nodes are in "Showing X of Y …" and "Load more …". */
  moreWhat: string;
  children: (nodes: TNode[]) => ReactNode;
}) {
  const { state } = list;
  return (
    <>
      {state.status === 'loading' && <Loading what={loadingWhat} />}
      {state.status === 'error' && <ProblemNotice failure={state.failure} onRetry={list.reload} />}
      {state.status === 'ready' && state.nodes.length === 0 && <EmptyList>{empty}</EmptyList>}
      {state.status === 'ready' && state.nodes.length > 0 && (
        <>
          {children(state.nodes)}
          <LoadMore
            shown={state.nodes.length}
            total={state.totalCount}
            what={moreWhat}
            hasNextPage={state.hasNextPage}
            loading={state.loadingMore}
            failure={state.moreFailure}
            onLoadMore={list.loadMore}
          />
        </>
      )}
    </>
  );
}

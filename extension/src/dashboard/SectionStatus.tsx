/** The states every dashboard section shares: loading, a problem with its retry, an empty list, more pages. */
import type { ApiFailure } from '@/api/api-failure';
import { describeProblem } from './dashboard-problem';

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

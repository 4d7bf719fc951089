/** Accounts with coverage gaps, most ARR at stake first (the API's order), each with its gaps. */
import { coverageGapFilter, type DashboardFilters } from './dashboard-filters';
import { GAP_LABELS, ROLE_LABELS, TIER_LABELS } from './dashboard-labels';
import type { CoverageGapAccount, DashboardService } from './dashboard-service';
import type { MoneyFormat } from './money';
import { EmptyList, Loading, LoadMore, ProblemNotice } from './SectionStatus';
import { usePagedList } from './use-paged-list';

function gapTarget(gap: CoverageGapAccount['coverage']['gaps'][number]): string | null {
  if (gap.role) return ROLE_LABELS[gap.role];
  return gap.department;
}

export function CoverageGapsSection({
  service,
  filters,
  money,
}: {
  service: DashboardService;
  filters: DashboardFilters;
  money: MoneyFormat;
}) {
  const filter = coverageGapFilter(filters);
  const key = JSON.stringify(filter);
  const list = usePagedList(key, (after: string | null) => service.coverageGaps({ after, filter }));
  const { state } = list;

  return (
    <section className="section" aria-labelledby="coverage-gaps-title">
      <h2 id="coverage-gaps-title">Coverage gaps</h2>
      <p className="section__intro">
        Accounts missing required roles, departments or live threads, most ARR at stake first.
      </p>
      {state.status === 'loading' && <Loading what="coverage gaps" />}
      {state.status === 'error' && <ProblemNotice failure={state.failure} onRetry={list.reload} />}
      {state.status === 'ready' && state.nodes.length === 0 && (
        <EmptyList>No coverage gaps: every account matching the filters is covered.</EmptyList>
      )}
      {state.status === 'ready' && state.nodes.length > 0 && (
        <>
          <table>
            <caption className="visually-hidden">Accounts with coverage gaps</caption>
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">ARR at stake</th>
                <th scope="col">Tier</th>
                <th scope="col">Owner</th>
                <th scope="col">Coverage</th>
                <th scope="col">Gaps</th>
              </tr>
            </thead>
            <tbody>
              {state.nodes.map((account) => (
                <tr key={account.id}>
                  <th scope="row">{account.name}</th>
                  <td className="number">{money.format(account.arrMinor)}</td>
                  <td>{TIER_LABELS[account.tier]}</td>
                  <td>{account.owner?.name ?? 'Unassigned'}</td>
                  <td>
                    {account.coverage.coveragePercent} %
                    <span className="muted">
                      {' '}
                      · {account.coverage.liveThreadCount} live{' '}
                      {account.coverage.liveThreadCount === 1 ? 'thread' : 'threads'}
                    </span>
                    {account.coverage.singleThreaded && <span className="tag tag--warning">Single-threaded</span>}
                  </td>
                  <td>
                    <ul className="gap-list">
                      {account.coverage.gaps.map((gap, index) => {
                        const target = gapTarget(gap);
                        return (
                          <li key={index}>
                            <strong>
                              {GAP_LABELS[gap.kind]}
                              {target ? ` (${target})` : ''}:
                            </strong>{' '}
                            {gap.message}
                          </li>
                        );
                      })}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <LoadMore
            shown={state.nodes.length}
            total={state.totalCount}
            what="accounts with gaps"
            hasNextPage={state.hasNextPage}
            loading={state.loadingMore}
            failure={state.moreFailure}
            onLoadMore={list.loadMore}
          />
        </>
      )}
    </section>
  );
}

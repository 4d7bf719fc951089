/** Open departure cases, most ARR at risk first, with how far their recovery plan has come. */
import { type DashboardFilters, openCaseFilter } from './dashboard-filters';
import { CAUSE_LABELS, percent } from './dashboard-labels';
import type { DashboardService } from './dashboard-service';
import type { MoneyFormat } from './money';
import { EmptyList, Loading, LoadMore, ProblemNotice } from './SectionStatus';
import { usePagedList } from './use-paged-list';

function days(value: number): string {
  const rounded = Math.round(value);
  return `${rounded} ${rounded === 1 ? 'day' : 'days'}`;
}

export function DepartureCasesSection({
  service,
  filters,
  money,
}: {
  service: DashboardService;
  filters: DashboardFilters;
  money: MoneyFormat;
}) {
  const filter = openCaseFilter(filters);
  const key = JSON.stringify(filter);
  const list = usePagedList(key, (after: string | null) => service.departureCases({ after, filter }));
  const { state } = list;

  return (
    <section className="section" aria-labelledby="departure-cases-title">
      <h2 id="departure-cases-title">Open departure cases</h2>
      <p className="section__intro">
        Cases opened when a key person left, most ARR at risk first, with their recovery plan.
      </p>
      {state.status === 'loading' && <Loading what="departure cases" />}
      {state.status === 'error' && <ProblemNotice failure={state.failure} onRetry={list.reload} />}
      {state.status === 'ready' && state.nodes.length === 0 && <EmptyList>No open departure cases.</EmptyList>}
      {state.status === 'ready' && state.nodes.length > 0 && (
        <>
          <table>
            <caption className="visually-hidden">Open departure cases with plan progress</caption>
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Stakeholder</th>
                <th scope="col">Cause</th>
                <th scope="col">ARR at risk</th>
                <th scope="col">At risk for</th>
                <th scope="col">Recovery plan</th>
              </tr>
            </thead>
            <tbody>
              {state.nodes.map((row) => {
                const completion = Math.min(1, Math.max(0, row.planCompletion));
                const label = `${row.account.name}: plan ${percent(completion)} complete`;
                return (
                  <tr key={row.id}>
                    <th scope="row">{row.account.name}</th>
                    <td>
                      {row.stakeholder ? (
                        <>
                          {row.stakeholder.fullName}
                          {row.stakeholder.title && <span className="muted"> · {row.stakeholder.title}</span>}
                        </>
                      ) : (
                        <span className="muted">Our own account manager</span>
                      )}
                    </td>
                    <td>{CAUSE_LABELS[row.cause]}</td>
                    <td className="number">{money.format(row.arrAtRiskMinor)}</td>
                    <td>{days(row.daysAtRisk)}</td>
                    <td>
                      <div className="plan">
                        <progress max={1} value={completion} aria-label={label} />
                        <span>{percent(completion)}</span>
                      </div>
                      {row.playbookName && <span className="muted">{row.playbookName}</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <LoadMore
            shown={state.nodes.length}
            total={state.totalCount}
            what="open cases"
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

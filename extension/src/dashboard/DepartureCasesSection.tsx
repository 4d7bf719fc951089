/** Open departure cases, most ARR at risk first, with how far their recovery plan has come. */
import { CAUSE_LABELS } from '@/api/enum-labels';
import { openCaseFilter } from './dashboard-filters';
import { percent } from './dashboard-labels';
import { type ListSectionProps, PagedListView } from './SectionStatus';
import { usePagedList } from './use-paged-list';

function days(value: number): string {
  const rounded = Math.round(value);
  return `${rounded} ${rounded === 1 ? 'day' : 'days'}`;
}

export function DepartureCasesSection({ service, filters, money }: ListSectionProps) {
  const filter = openCaseFilter(filters);
  const key = JSON.stringify(filter);
  const list = usePagedList(key, (after: string | null) => service.departureCases({ after, filter }));

  return (
    <section className="section" aria-labelledby="departure-cases-title">
      <h2 id="departure-cases-title">Open departure cases</h2>
      <p className="section__intro">
        Cases opened when a key person left, most ARR at risk first, with their recovery plan.
      </p>
      <PagedListView list={list} loadingWhat="departure cases" empty="No open departure cases." moreWhat="open cases">
        {(nodes) => (
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
              {nodes.map((row) => {
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
        )}
      </PagedListView>
    </section>
  );
}

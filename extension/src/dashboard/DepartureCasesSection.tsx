/** Open departure cases, most ARR at risk first: time at risk, outlook, recovery plan and its next step. */
import { CAUSE_LABELS } from '@/api/enum-labels';
import { caseCountNote } from './case-count';
import { OUTLOOK_LABELS } from './case-outlook-labels';
import { openCaseFilter } from './dashboard-filters';
import { percent } from './dashboard-labels';
import type { DepartureCaseRow } from './dashboard-service';
import { formatDays } from './report-period';
import { type ListSectionProps, PagedListView } from './SectionStatus';
import { usePagedList } from './use-paged-list';

function Outlook({ row }: { row: DepartureCaseRow }) {
  if (!row.outlook) return <span className="muted">—</span>;
  return (
    <>
      <span className={`outlook outlook--${row.outlook.outlook.toLowerCase().replaceAll('_', '-')}`}>
        {OUTLOOK_LABELS[row.outlook.outlook]}
      </span>
      {row.outlook.overridden && row.outlook.note && (
        <span className="muted"> · set by the owner: {row.outlook.note}</span>
      )}
    </>
  );
}

function NextStep({ row }: { row: DepartureCaseRow }) {
  const step = row.nextStep;
  return (
    <>
      {step ? (
        <span>
          {step.title}
          {step.dueOn && <span className="muted"> · due {step.dueOn}</span>}
          {step.overdue && <strong className="overdue"> · overdue</strong>}
        </span>
      ) : (
        <span className="muted">Every step done</span>
      )}
      {row.overdueStepCount > 0 && (
        <span className="overdue">
          {' '}
          ({row.overdueStepCount} {row.overdueStepCount === 1 ? 'step' : 'steps'} overdue)
        </span>
      )}
    </>
  );
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
      {list.state.status === 'ready' && (
        <p className="section__intro">
          {caseCountNote(list.state.nodes, list.state.totalCount, !list.state.hasNextPage)}
        </p>
      )}
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
                <th scope="col">Outlook</th>
                <th scope="col">Recovery plan</th>
                <th scope="col">Next step</th>
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
                    <td>
                      {formatDays(row.daysAtRisk)}
                      {row.departedOn && <span className="muted"> · left {row.departedOn}</span>}
                    </td>
                    <td>
                      <Outlook row={row} />
                    </td>
                    <td>
                      <div className="plan">
                        <progress max={1} value={completion} aria-label={label} />
                        <span>{percent(completion)}</span>
                      </div>
                      {row.playbookName && <span className="muted">{row.playbookName}</span>}
                    </td>
                    <td>
                      <NextStep row={row} />
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

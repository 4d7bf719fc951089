/** Accounts with coverage gaps, most ARR at stake first (the API's order), each with its gaps. */
import { ROLE_LABELS, TIER_LABELS } from '@/api/enum-labels';
import { AccountLink } from './AccountView';
import { coverageGapFilter } from './dashboard-filters';
import type { CoverageGapAccount } from './dashboard-service';
import { gapLine, gapSentence, threadLabel } from './gap-summary';
import { type ListSectionProps, PagedListView } from './SectionStatus';
import { usePagedList } from './use-paged-list';

function gapTarget(gap: CoverageGapAccount['coverage']['gaps'][number]): string | null {
  if (gap.role) return ROLE_LABELS[gap.role];
  return gap.department;
}

export function CoverageGapsSection({ service, filters, money }: ListSectionProps) {
  const filter = coverageGapFilter(filters);
  const key = JSON.stringify(filter);
  const list = usePagedList(key, (after: string | null) => service.coverageGaps({ after, filter }));

  return (
    <section className="section" aria-labelledby="coverage-gaps-title">
      <h2 id="coverage-gaps-title">Coverage gaps</h2>
      <p className="section__intro">
        Accounts missing required roles, departments or live threads, most ARR at stake first.
      </p>
      <PagedListView
        list={list}
        loadingWhat="coverage gaps"
        empty="No coverage gaps: every account matching the filters is covered."
        moreWhat="accounts with gaps"
      >
        {(nodes) => (
          <table>
            <caption className="visually-hidden">Accounts with coverage gaps</caption>
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">ARR at stake</th>
                <th scope="col">Tier</th>
                <th scope="col">Owner</th>
                <th scope="col">Coverage</th>
                <th scope="col">Gaps (open for details)</th>
              </tr>
            </thead>
            <tbody>
              {nodes.map((account) => (
                <tr key={account.id}>
                  <th scope="row">
                    <AccountLink account={account} />
                  </th>
                  <td className="number">{money.format(account.arrMinor)}</td>
                  <td>{TIER_LABELS[account.tier]}</td>
                  <td>{account.owner?.name ?? 'Unassigned'}</td>
                  <td>
                    {account.coverage.coveragePercent} %
                    <span className="muted"> · {threadLabel(account.coverage.liveThreadCount).toLowerCase()}</span>
                  </td>
                  <td>
                    <details className="gap-details">
                      <summary>{gapLine(account.coverage.gaps, account.coverage.liveThreadCount)}</summary>
                      <ul className="gap-list">
                        {account.coverage.gaps.map((gap, index) => {
                          const target = gapTarget(gap);
                          return (
                            // Gaps have no ID; the list is read-only and in the API's order.
                            <li key={index}>
                              {target ? <strong>{target}: </strong> : null}
                              {gapSentence(gap, account.coverage.liveThreadCount)}
                            </li>
                          );
                        })}
                      </ul>
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </PagedListView>
    </section>
  );
}

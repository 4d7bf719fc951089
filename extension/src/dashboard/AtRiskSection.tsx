/** Amber and red accounts with every factor of their score, and their zone with its reasons. */
import { useId, useState } from 'react';
import { BAND_LABELS, TIER_LABELS, ZONE_LABELS } from '@/api/enum-labels';
import type { AtRiskOrder, RiskZone } from '@/api/generated/graphql';
import { AccountLink } from './AccountView';
import { atRiskFilter } from './dashboard-filters';
import { ZONE_HINTS } from './dashboard-labels';
import type { AtRiskAccount } from './dashboard-service';
import { type ListSectionProps, PagedListView } from './SectionStatus';
import { usePagedList } from './use-paged-list';

function Zone({ risk }: { risk: AtRiskAccount['risk'] }) {
  if (!risk.zone) return <span className="muted">No zone</span>;
  return (
    <div>
      <span className={`tag tag--${risk.zone === 'RED_ZONE' ? 'danger' : 'muted'}`} title={ZONE_HINTS[risk.zone]}>
        {ZONE_LABELS[risk.zone]}
      </span>
      {risk.zoneReasons.length > 0 && (
        <ul className="reason-list" aria-label={`Why ${ZONE_LABELS[risk.zone]}`}>
          {risk.zoneReasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Factors({ factors }: { factors: AtRiskAccount['risk']['factors'] }) {
  if (factors.length === 0) return <span className="muted">No factors</span>;
  return (
    <ul className="factor-list">
      {factors.map((factor) => (
        <li key={factor.key}>
          <span className="factor-list__points">+{factor.points}</span> {factor.explanation}
        </li>
      ))}
    </ul>
  );
}

export function AtRiskSection({ service, filters, money }: ListSectionProps) {
  const id = useId();
  const [orderBy, setOrderBy] = useState<AtRiskOrder>('RISK');
  const [zone, setZone] = useState<RiskZone | null>(null);
  const filter = atRiskFilter(filters, zone);
  const key = JSON.stringify({ filter, orderBy });
  const list = usePagedList(key, (after: string | null) => service.atRiskAccounts({ after, filter, orderBy }));

  return (
    <section className="section" aria-labelledby="at-risk-title">
      <h2 id="at-risk-title">At-risk accounts</h2>
      <p className="section__intro">
        Amber and red accounts. Every point of a score comes from a factor; Red Zone accounts are worth saving, Dead
        Zone accounts are let go gracefully. Counted by account: an account with two open departure cases is one line
        here and two under Open departure cases; an account with an open case but a green score is not listed here.
      </p>
      <div className="section__controls">
        <label htmlFor={`${id}-order`}>Sort by</label>
        <select id={`${id}-order`} value={orderBy} onChange={(event) => setOrderBy(event.target.value as AtRiskOrder)}>
          <option value="RISK">Highest risk first</option>
          <option value="ARR_AT_RISK">Most ARR first</option>
        </select>
        <label htmlFor={`${id}-zone`}>Zone</label>
        <select
          id={`${id}-zone`}
          value={zone ?? ''}
          onChange={(event) => setZone(event.target.value === '' ? null : (event.target.value as RiskZone))}
        >
          <option value="">Both zones</option>
          <option value="RED_ZONE">{ZONE_LABELS.RED_ZONE}</option>
          <option value="DEAD_ZONE">{ZONE_LABELS.DEAD_ZONE}</option>
        </select>
      </div>
      <PagedListView
        list={list}
        loadingWhat="at-risk accounts"
        empty="No account matching the filters is at risk."
        moreWhat="at-risk accounts"
      >
        {(nodes) => (
          <table>
            <caption className="visually-hidden">At-risk accounts with their risk factors</caption>
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Risk</th>
                <th scope="col">ARR</th>
                <th scope="col">Tier</th>
                <th scope="col">Owner</th>
                <th scope="col">Zone</th>
                <th scope="col">Factors (points)</th>
              </tr>
            </thead>
            <tbody>
              {nodes.map((account) => (
                <tr key={account.id}>
                  <th scope="row">
                    <AccountLink account={account} />
                  </th>
                  <td>
                    <span className={`band band--${account.risk.band.toLowerCase()}`}>
                      {BAND_LABELS[account.risk.band]}
                    </span>{' '}
                    {account.risk.score}/100
                  </td>
                  <td className="number">{money.format(account.arrMinor)}</td>
                  <td>{TIER_LABELS[account.tier]}</td>
                  <td>{account.owner?.name ?? 'Unassigned'}</td>
                  <td>
                    <Zone risk={account.risk} />
                  </td>
                  <td>
                    <Factors factors={account.risk.factors} />
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

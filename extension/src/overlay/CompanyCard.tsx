/** A company page: the account's coverage at a glance, and one click to fill a gap. */
import { useState } from 'react';
import { ROLE_LABELS, STAKEHOLDER_STATUS_LABELS, TIER_LABELS } from '@/api/enum-labels';
import type { BuyingRole } from '@/api/generated/graphql';
import { AddStakeholderForm } from './AddStakeholderForm';
import { roleList } from './overlay-labels';
import type { CompanyAccount } from './overlay-view';
import { RelationshipMap } from './RelationshipMap';
import { RiskBadge } from './RiskBadge';

export function CompanyCard({ account }: { account: CompanyAccount | null }) {
  const [gapRole, setGapRole] = useState<BuyingRole | null>(null);
  if (!account) {
    return (
      <section aria-label="Not an account">
        <p className="muted">This company is not one of your accounts.</p>
      </section>
    );
  }
  const { coverage } = account;
  if (gapRole) {
    return (
      <AddStakeholderForm
        accountId={account.id}
        accountName={account.name}
        draft={{ values: { fullName: '', title: '', profileUrl: '', role: gapRole } }}
        onCancel={() => setGapRole(null)}
      />
    );
  }
  const filled = new Set(coverage.filledRoles);
  const stakeholders = account.stakeholders;
  return (
    <section aria-label="Account coverage">
      <h2 className="name">{account.name}</h2>
      <p className="muted">
        {TIER_LABELS[account.tier]} · <RiskBadge band={account.risk.band} score={account.risk.score} />
      </p>
      <p>
        Coverage {coverage.coveragePercent}% · {coverage.liveThreadCount} live{' '}
        {coverage.liveThreadCount === 1 ? 'thread' : 'threads'}
      </p>
      {coverage.noLiveThread ? (
        <p role="alert" className="note warn">
          No live thread: nobody at this account is reached through a live thread.
        </p>
      ) : null}
      {coverage.singleThreaded ? (
        <p role="alert" className="note warn">
          Single-threaded: losing one person loses the account’s only live thread.
        </p>
      ) : null}
      <ul className="roles" aria-label="Required roles">
        {coverage.requiredRoles.map((role) => (
          <li key={role} className={filled.has(role) ? 'filled' : 'missing'}>
            <span>
              {filled.has(role) ? '✓' : '✗'} {ROLE_LABELS[role]}
              {filled.has(role) ? '' : ' (missing)'}
            </span>
            {filled.has(role) ? null : (
              <button type="button" onClick={() => setGapRole(role)}>
                Add someone for {ROLE_LABELS[role]}
              </button>
            )}
          </li>
        ))}
      </ul>
      <h3>Relationship map</h3>
      <RelationshipMap stakeholders={stakeholders.nodes} missingRoles={account.coverage.missingRoles} />
      <h3>Stakeholders ({stakeholders.totalCount})</h3>
      {stakeholders.nodes.length === 0 ? (
        <p className="muted">No one tracked yet.</p>
      ) : (
        <ul className="people">
          {stakeholders.nodes.map((person) => (
            <li key={person.id}>
              <span className="name">{person.fullName}</span>
              <span className="muted">
                {' '}
                · {roleList(person.buyingRoles)} · {STAKEHOLDER_STATUS_LABELS[person.status]}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** A tracked person: account, roles, status, our threads and owner, risk band, and job-change flags. */
import { useState } from 'react';
import { JOB_CHANGE_KIND_LABELS, STAKEHOLDER_STATUS_LABELS, STRENGTH_LABELS, TIER_LABELS } from '@/api/enum-labels';
import { JOB_CHANGE_KINDS } from '@/api/enum-values';
import type { JobChangeKind } from '@/api/generated/graphql';
import type { ProfileSnapshot } from '@/readers/profile-reader';
import { matchCompany } from './company-match';
import { jobChangeDraft, profileUrlOf } from './drafts';
import { JobChangeForm } from './JobChangeForm';
import { roleList } from './overlay-labels';
import type { TrackedStakeholder } from './overlay-view';
import { PersonFlags } from './PersonFlags';
import { type LookupFlag, openKinds, personFlags } from './person-flags';
import { RiskBadge } from './RiskBadge';
import { useQueuedFlagsAbout } from './use-queue-items';

interface TrackedProfileCardProps {
  stakeholder: TrackedStakeholder;
  /** The person's flags from the lookup; empty when the API could not be asked. */
  lookupFlags: LookupFlag[];
  snapshot: ProfileSnapshot;
  pageUrl: string;
}

export function TrackedProfileCard({ stakeholder, lookupFlags, snapshot, pageUrl }: TrackedProfileCardProps) {
  const { account } = stakeholder;
  const [kind, setKind] = useState<JobChangeKind | null>(null);
  const [notAChange, setNotAChange] = useState(false);
  const person = { stakeholderId: stakeholder.id, profileUrl: profileUrlOf(snapshot) || null };
  const queued = useQueuedFlagsAbout(person);
  const match = matchCompany(snapshot, account);
  const differs = match.state === 'different' && !notAChange;
  const flags = personFlags(lookupFlags, queued, person);
  const open = openKinds(flags);

  if (kind) {
    return (
      <JobChangeForm
        kind={kind}
        sighting={open.has(kind)}
        draft={jobChangeDraft(snapshot, match.position)}
        context={{ stakeholderId: stakeholder.id, accountId: account.id, profileUrl: profileUrlOf(snapshot), pageUrl }}
        onCancel={() => setKind(null)}
      />
    );
  }

  return (
    <section aria-label="Tracked stakeholder">
      <h2 className="name">{stakeholder.fullName}</h2>
      {stakeholder.title ? <p className="muted">{stakeholder.title}</p> : null}
      <dl className="facts">
        <dt>Account</dt>
        <dd>
          {account.name} <span className="muted">({TIER_LABELS[account.tier]})</span>
        </dd>
        <dt>Roles</dt>
        <dd>
          {roleList(stakeholder.buyingRoles)}
          {stakeholder.isMainContact ? ' · Main contact' : ''}
        </dd>
        <dt>Status</dt>
        <dd>{STAKEHOLDER_STATUS_LABELS[stakeholder.status]}</dd>
        <dt>Owner</dt>
        <dd>{account.owner?.name ?? 'No owner'}</dd>
        <dt>Risk</dt>
        <dd>
          <RiskBadge band={account.risk.band} score={account.risk.score} />
        </dd>
      </dl>
      <h3>Our threads</h3>
      {stakeholder.relationships.length === 0 ? (
        <p className="note warn">No thread to this person.</p>
      ) : (
        <ul className="threads">
          {stakeholder.relationships.map((thread, index) => (
            // Threads have no ID in this query; the list is read-only and never reordered.
            <li key={index}>
              {thread.member.name} · {STRENGTH_LABELS[thread.strength]} · {thread.live ? 'live' : 'stale'}
            </li>
          ))}
        </ul>
      )}
      {differs && match.position ? (
        <p role="alert" className="note warn">
          {match.position.company?.confidence === 'low' || match.position.companyUrl?.confidence === 'low'
            ? 'The page seems to show (unsure: no Experience entry says so) '
            : 'The page shows '}
          {match.position.company?.value ?? 'another company'} as the current company, not {account.name}.
        </p>
      ) : null}
      <PersonFlags flags={flags} onAddSighting={setKind} />
      <fieldset className="kinds">
        <legend>Flag a job change</legend>
        {JOB_CHANGE_KINDS.map((value) => (
          <button key={value} type="button" onClick={() => setKind(value)}>
            {JOB_CHANGE_KIND_LABELS[value]}
          </button>
        ))}
        {differs ? (
          <button type="button" onClick={() => setNotAChange(true)}>
            Not a change
          </button>
        ) : null}
      </fieldset>
    </section>
  );
}

/** A person we do not track: if they work at one of our accounts, offer to add them. */
import { useState } from 'react';
import { MAX_TEXT_LENGTH } from '@/flags/flag-rules';
import type { ProfileSnapshot } from '@/readers/profile-reader';
import { AddStakeholderForm } from './AddStakeholderForm';
import { hintFor, profileUrlOf } from './drafts';
import type { OverlayView } from './overlay-view';

interface UnknownPersonCardProps {
  view: Extract<OverlayView, { kind: 'unknown-person' }>;
  snapshot: ProfileSnapshot;
}

export function UnknownPersonCard({ view, snapshot }: UnknownPersonCardProps) {
  const [adding, setAdding] = useState(false);
  const { account, position } = view;
  if (!account) {
    return (
      <section aria-label="Not tracked">
        <p className="muted">Not a tracked stakeholder, and the current company is not one of your accounts.</p>
      </section>
    );
  }
  if (adding) {
    return (
      <AddStakeholderForm
        accountId={account.id}
        accountName={account.name}
        draft={{
          values: {
            fullName: snapshot.name?.value.slice(0, MAX_TEXT_LENGTH) ?? '',
            title: position?.title?.value.slice(0, MAX_TEXT_LENGTH) ?? '',
            profileUrl: profileUrlOf(snapshot),
            role: '',
          },
          hints: { fullName: hintFor(snapshot.name), title: hintFor(position?.title ?? null) },
        }}
        onCancel={() => setAdding(false)}
      />
    );
  }
  return (
    <section aria-label="Not tracked">
      <p>
        Not tracked yet, but works at <strong>{account.name}</strong>, one of your accounts.
      </p>
      {account.coverage.missingRoles.length > 0 ? (
        <p className="muted">{account.name} has no one for some required roles.</p>
      ) : null}
      <div className="actions">
        <button type="button" className="primary" onClick={() => setAdding(true)}>
          Add as stakeholder
        </button>
      </div>
    </section>
  );
}

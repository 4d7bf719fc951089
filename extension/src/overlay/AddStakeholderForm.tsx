/**
 * Adds a person to an account: renders the form and its outcome. The add goes to the background
 * (stakeholder-adder.ts), which sends it to the API at once, so the answer can show possible
 * duplicates to link the profile to instead or to add anyway; when the API cannot be reached the
 * background queues it, and this follows the queued item (duplicates found then show in the popup).
 */

import { type FormEvent, useState } from 'react';
import { ROLE_LABELS, STAKEHOLDER_STATUS_LABELS } from '@/api/enum-labels';
import { BUYING_ROLES } from '@/api/enum-values';
import type { BuyingRole } from '@/api/generated/graphql';
import { MAX_TEXT_LENGTH, MAX_URL_LENGTH } from '@/flags/flag-rules';
import type { StakeholderValues } from './drafts';
import { FormActions } from './FormActions';
import { newIdempotencyKey } from './idempotency-key';
import { useSend } from './overlay-view';
import { QueuedStatus } from './QueuedStatus';
import { type AddOutcome, createStakeholderAdder, type LinkOutcome } from './stakeholder-adder';
import { TextField } from './TextField';
import { useQueuedItem } from './use-queued-item';

export interface StakeholderDraft {
  values: StakeholderValues;
  hints?: Partial<Record<keyof StakeholderValues, string | null>>;
}

interface AddStakeholderFormProps {
  accountId: string;
  accountName: string;
  draft: StakeholderDraft;
  onCancel: () => void;
  /** Makes idempotency keys (tests pass a fixed sequence). */
  newKey?: () => string;
}

type Outcome = { kind: 'none' } | Exclude<AddOutcome | LinkOutcome, { kind: 'refused' }>;

export function AddStakeholderForm({
  accountId,
  accountName,
  draft,
  onCancel,
  newKey = newIdempotencyKey,
}: AddStakeholderFormProps) {
  const send = useSend();
  const [adder] = useState(() => createStakeholderAdder(send, accountId, newKey));
  const [values, setValues] = useState<StakeholderValues>(draft.values);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const queued = useQueuedItem();
  const set = (field: keyof StakeholderValues) => (value: string) => setValues((old) => ({ ...old, [field]: value }));

  async function show(pending: Promise<AddOutcome | LinkOutcome>) {
    setBusy(true);
    setError(null);
    const next = await pending;
    setBusy(false);
    if (next.kind === 'refused') {
      setError(next.message);
      return;
    }
    if (next.kind === 'queued') queued.follow(next.item);
    setOutcome(next);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void show(adder.add(values, false));
  }

  const finished = outcome.kind === 'added' || outcome.kind === 'linked' || outcome.kind === 'queued';
  const canLink = values.profileUrl.trim() !== '';
  return (
    <form className="form" aria-label={`Add to ${accountName}`} onSubmit={submit}>
      <h3>Add to {accountName}</h3>
      <fieldset disabled={finished || busy || outcome.kind === 'duplicates'}>
        <TextField
          label="Name"
          required
          value={values.fullName}
          onChange={set('fullName')}
          hint={draft.hints?.fullName}
          maxLength={MAX_TEXT_LENGTH}
        />
        <TextField label="Title" value={values.title} onChange={set('title')} hint={draft.hints?.title} />
        <TextField
          label="Profile URL"
          type="url"
          maxLength={MAX_URL_LENGTH}
          value={values.profileUrl}
          onChange={set('profileUrl')}
          hint={draft.hints?.profileUrl}
        />
        <div className="field">
          <label>
            Role
            <select value={values.role} onChange={(event) => set('role')(event.target.value as BuyingRole | '')}>
              <option value="">No buying role</option>
              {BUYING_ROLES.map((role) => (
                <option key={role} value={role}>
                  {ROLE_LABELS[role]}
                </option>
              ))}
            </select>
          </label>
        </div>
      </fieldset>
      {outcome.kind === 'duplicates' ? (
        <section className="duplicates" aria-label="Possible duplicates">
          <p className="note warn">Possibly already tracked:</p>
          <ul>
            {outcome.duplicates.map((duplicate) => (
              <li key={duplicate.id}>
                <span className="name">{duplicate.fullName}</span>
                {duplicate.title ? <span className="muted"> · {duplicate.title}</span> : null}
                <span className="muted"> · {STAKEHOLDER_STATUS_LABELS[duplicate.status]}</span>
                <button
                  type="button"
                  disabled={busy || !canLink}
                  title={canLink ? undefined : 'Enter the profile URL to link it'}
                  onClick={() => void show(adder.link(duplicate, values.profileUrl))}
                >
                  Link to this person
                </button>
              </li>
            ))}
          </ul>
          <button type="button" disabled={busy} onClick={() => void show(adder.add(values, true))}>
            Add anyway
          </button>
        </section>
      ) : null}
      {outcome.kind === 'added' ? (
        <p role="status" className="note ok">
          Added {outcome.fullName} to {accountName}.
        </p>
      ) : null}
      {outcome.kind === 'linked' ? (
        <p role="status" className="note ok">
          Linked this profile to {outcome.fullName}.
        </p>
      ) : null}
      {outcome.kind === 'queued' ? <QueuedStatus state={queued.state} /> : null}
      {error ? (
        <p role="alert" className="note error">
          {error}
        </p>
      ) : null}
      <FormActions done={finished} onCancel={onCancel}>
        {outcome.kind === 'duplicates' ? null : (
          <button type="submit" className="primary" disabled={busy || values.fullName.trim() === ''}>
            Add stakeholder
          </button>
        )}
      </FormActions>
    </form>
  );
}

/**
 * Adds a person to an account. Sent straight to the API through the background (not queued) so the
 * answer can show possible duplicates at once, to link the profile to instead or to add anyway.
 * The idempotency key is kept while the payload is unchanged, so pressing Add again after a lost
 * answer is the same add. When the API could not be reached at all, the add is queued instead
 * (the queue retries until the API confirms); duplicates found then are shown in the popup.
 */

import { type FormEvent, useRef, useState } from 'react';
import { ROLE_LABELS, STAKEHOLDER_STATUS_LABELS } from '@/api/enum-labels';
import { BUYING_ROLES } from '@/api/enum-values';
import type { BuyingRole } from '@/api/generated/graphql';
import type { PossibleDuplicate } from '@/api/service';
import { MAX_TEXT_LENGTH, type StakeholderValues, stakeholderFromForm } from './drafts';
import { FormActions } from './FormActions';
import { newIdempotencyKey } from './idempotency-key';
import { sendFailureText } from './overlay-problem';
import { useSend } from './overlay-view';
import { QueuedStatus } from './QueuedStatus';
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

type Outcome =
  | { kind: 'none' }
  | { kind: 'added'; fullName: string }
  | { kind: 'duplicates'; duplicates: PossibleDuplicate[] }
  | { kind: 'linked'; fullName: string }
  | { kind: 'queued' };

export function AddStakeholderForm({
  accountId,
  accountName,
  draft,
  onCancel,
  newKey = newIdempotencyKey,
}: AddStakeholderFormProps) {
  const send = useSend();
  const [values, setValues] = useState<StakeholderValues>(draft.values);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const lastAttempt = useRef<{ payload: string; key: string } | null>(null);
  const queued = useQueuedItem();
  const set = (field: keyof StakeholderValues) => (value: string) => setValues((old) => ({ ...old, [field]: value }));

  async function add(notADuplicate: boolean) {
    setBusy(true);
    setError(null);
    const stakeholder = stakeholderFromForm(values, accountId, notADuplicate);
    const payload = JSON.stringify(stakeholder);
    const key = lastAttempt.current?.payload === payload ? lastAttempt.current.key : newKey();
    lastAttempt.current = { payload, key };
    const response = await send({ type: 'addStakeholder', stakeholder, idempotencyKey: key });
    if (response.type === 'ok') {
      setBusy(false);
      setOutcome(
        response.value.added
          ? { kind: 'added', fullName: response.value.fullName }
          : { kind: 'duplicates', duplicates: response.value.possibleDuplicates },
      );
      return;
    }
    if (response.failure?.kind === 'unreachable') {
      // The request never reached the API: queue it, the queue sends it when the API is back.
      const enqueued = await send({ type: 'enqueueAddStakeholder', stakeholder });
      setBusy(false);
      if (enqueued.type === 'ok') {
        setOutcome({ kind: 'queued' });
        queued.follow(enqueued.value.item);
      } else {
        setError(sendFailureText(enqueued));
      }
      return;
    }
    setBusy(false);
    setError(sendFailureText(response));
  }

  async function link(duplicate: PossibleDuplicate) {
    setBusy(true);
    setError(null);
    const response = await send({
      type: 'linkProfile',
      stakeholderId: duplicate.id,
      profileUrl: values.profileUrl.trim(),
    });
    setBusy(false);
    if (response.type === 'ok') setOutcome({ kind: 'linked', fullName: response.value.fullName });
    else setError(sendFailureText(response));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void add(false);
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
          maxLength={2048}
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
                  onClick={() => void link(duplicate)}
                >
                  Link to this person
                </button>
              </li>
            ))}
          </ul>
          <button type="button" disabled={busy} onClick={() => void add(true)}>
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

/** Confirms a job change before it is queued: the reader's values, which the user may correct. */
import { type FormEvent, useState } from 'react';
import { JOB_CHANGE_KIND_LABELS } from '@/api/enum-labels';
import type { JobChangeKind } from '@/api/generated/graphql';
import { MAX_URL_LENGTH } from '@/flags/flag-rules';
import { type FlagContext, flagFromForm, type JobChangeDraft, type JobChangeValues } from './drafts';
import { FormActions } from './FormActions';
import { sendFailureText } from './overlay-problem';
import { useSend } from './overlay-view';
import { QueuedStatus } from './QueuedStatus';
import { TextField } from './TextField';
import { useQueuedItem } from './use-queued-item';

interface JobChangeFormProps {
  kind: JobChangeKind;
  /** A flag of this kind is pending or queued: what is sent now is added to it as another sighting. */
  sighting?: boolean;
  draft: JobChangeDraft;
  context: Omit<FlagContext, 'observedAt'>;
  onCancel: () => void;
}

export function JobChangeForm({ kind, sighting = false, draft, context, onCancel }: JobChangeFormProps) {
  const send = useSend();
  const [values, setValues] = useState<JobChangeValues>({
    name: draft.name.value,
    title: draft.title.value,
    company: draft.company.value,
    companyUrl: draft.companyUrl.value,
  });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { state, follow } = useQueuedItem();
  const set = (field: keyof JobChangeValues) => (value: string) => setValues((old) => ({ ...old, [field]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const flag = flagFromForm(kind, values, { ...context, observedAt: new Date() });
    const response = await send({ type: 'enqueueFlag', flag });
    setBusy(false);
    if (response.type === 'error') setError(sendFailureText(response));
    else follow(response.value.item);
  }

  const done = state.status !== 'idle';
  return (
    <form
      className="form"
      aria-label={`Flag: ${JOB_CHANGE_KIND_LABELS[kind]}`}
      onSubmit={(event) => void submit(event)}
    >
      <h3>{JOB_CHANGE_KIND_LABELS[kind]}</h3>
      <p className="muted">
        {sighting ? 'Already flagged: this is added to the pending flag as another sighting. ' : ''}
        What the page shows; correct anything that is wrong.
      </p>
      <fieldset disabled={done || busy}>
        <TextField label="Name" value={values.name} onChange={set('name')} hint={draft.name.hint} />
        <TextField label="Title" value={values.title} onChange={set('title')} hint={draft.title.hint} />
        <TextField label="Company" value={values.company} onChange={set('company')} hint={draft.company.hint} />
        <TextField
          label="Company URL"
          type="url"
          maxLength={MAX_URL_LENGTH}
          value={values.companyUrl}
          onChange={set('companyUrl')}
          hint={draft.companyUrl.hint}
        />
      </fieldset>
      {error ? (
        <p role="alert" className="note error">
          {error}
        </p>
      ) : null}
      <QueuedStatus state={state} />
      <FormActions done={done} onCancel={onCancel}>
        <button type="submit" className="primary" disabled={busy}>
          {sighting ? 'Add to the pending flag' : 'Send flag'}
        </button>
      </FormActions>
    </form>
  );
}

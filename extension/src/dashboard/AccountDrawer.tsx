/**
 * One account's drawer, opened from "This week": its latest timeline entries (changes and notes,
 * newest first) and a form to add a note. Notes are plain text and shown as text, never as markup.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import type { ApiFailure } from '@/api/api-failure';
import type { ActivityEntry, DashboardService } from './dashboard-service';
import { Loading, ProblemNotice } from './SectionStatus';
import { useApiResult } from './use-api-result';

export const NOTE_MAX_LENGTH = 10_000;

function when(iso: string): string {
  return new Date(iso).toLocaleString(undefined, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

function Entry({ entry }: { entry: ActivityEntry }) {
  return (
    <li className={`timeline__entry${entry.note ? ' timeline__entry--note' : ''}`}>
      <time dateTime={entry.occurredAt}>{when(entry.occurredAt)}</time>
      {entry.note ? (
        <div>
          <p className="timeline__who">Note by {entry.note.author.name}</p>
          <p className="timeline__note">{entry.note.body}</p>
        </div>
      ) : (
        <p>
          {entry.sentence}
          {entry.actor && <span className="muted"> · {entry.actor.name}</span>}
        </p>
      )}
    </li>
  );
}

export function AccountDrawer({
  service,
  account,
  onClose,
}: {
  service: DashboardService;
  account: { id: string; name: string };
  onClose: () => void;
}) {
  const id = useId();
  const { state, reload } = useApiResult(account.id, () => service.accountActivity(account.id));
  const [body, setBody] = useState('');
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const panel = useRef<HTMLElement>(null);

  useEffect(() => {
    panel.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const text = body.trim();
    if (text === '' || saving) return;
    setSaving(true);
    setFailure(null);
    const result = await service.addAccountNote(account.id, text);
    setSaving(false);
    if (!result.ok) {
      setFailure(result.failure);
      return;
    }
    setBody('');
    reload();
  }

  return (
    <div className="drawer-backdrop">
      <aside
        ref={panel}
        className="drawer"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        tabIndex={-1}
      >
        <header className="drawer__header">
          <h3 id={`${id}-title`}>{account.name}</h3>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </header>
        <form className="note-form" aria-label="New note" onSubmit={submit}>
          <label htmlFor={`${id}-note`}>Add a note</label>
          <textarea
            id={`${id}-note`}
            value={body}
            maxLength={NOTE_MAX_LENGTH}
            rows={3}
            onChange={(event) => setBody(event.target.value)}
          />
          {failure && <ProblemNotice failure={failure} />}
          <button type="submit" disabled={saving || body.trim() === ''}>
            {saving ? 'Saving…' : 'Add note'}
          </button>
        </form>
        <h4>Timeline</h4>
        {state.status === 'loading' && <Loading what="the timeline" />}
        {state.status === 'error' && <ProblemNotice failure={state.failure} onRetry={reload} />}
        {state.status === 'ready' && state.value.timeline.nodes.length === 0 && (
          <p className="section__empty">Nothing has happened at this account yet.</p>
        )}
        {state.status === 'ready' && state.value.timeline.nodes.length > 0 && (
          <ol className="timeline" aria-label={`Timeline of ${account.name}`}>
            {state.value.timeline.nodes.map((entry) => (
              <Entry key={entry.id} entry={entry} />
            ))}
          </ol>
        )}
      </aside>
    </div>
  );
}

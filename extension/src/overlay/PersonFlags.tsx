/** The person's flags: pending, queued and recently decided, with "add what I see now" on open ones. */
import { JOB_CHANGE_KIND_LABELS } from '@/api/enum-labels';
import type { JobChangeKind } from '@/api/generated/graphql';
import type { PersonFlag } from './person-flags';

const STATE_LABELS: Record<PersonFlag['state'], string> = {
  PENDING: 'pending review',
  CONFIRMED: 'confirmed',
  REJECTED: 'rejected',
  QUEUED: 'waiting to be sent',
  NOT_SENT: 'not sent (see the popup)',
};

function day(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}

interface PersonFlagsProps {
  flags: PersonFlag[];
  onAddSighting: (kind: JobChangeKind) => void;
}

export function PersonFlags({ flags, onAddSighting }: PersonFlagsProps) {
  if (flags.length === 0) return null;
  return (
    <section aria-label="Flags about this person">
      <h3>Already flagged</h3>
      <ul className="flags">
        {flags.map((flag) => {
          const open = flag.state === 'PENDING' || flag.state === 'QUEUED';
          const when = flag.decidedAt ? `${STATE_LABELS[flag.state]} ${day(flag.decidedAt)}` : STATE_LABELS[flag.state];
          return (
            <li key={flag.id} className={open ? 'open' : 'decided'}>
              <span>
                <strong>{JOB_CHANGE_KIND_LABELS[flag.kind]}</strong>
                {flag.company ? ` · ${flag.company}` : ''} · {when}
                {flag.sightings > 1 ? ` · seen ${flag.sightings} times` : ` · seen ${day(flag.observedAt)}`}
              </span>
              {open ? (
                <button type="button" onClick={() => onAddSighting(flag.kind)}>
                  Add what I see now
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

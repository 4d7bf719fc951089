/**
 * What has already been flagged about a person: the API's pending and recently decided flags (from
 * the lookup) and the local queue's job-change items for them that the API has not answered yet.
 * A pending flag or an unsent item of a kind can take what the rep sees now as another sighting.
 */
import { normalizeProfileUrl } from '@threadwatch/api/linkedin-url';
import type { FlagStatus, JobChangeKind } from '@/api/generated/graphql';
import type { ProfileLookupView } from '@/api/service';
import type { QueueItem } from '@/queue/queue-item';

/** The person a profile card shows: the tracked stakeholder, and the profile URL of the page. */
export interface ShownPerson {
  stakeholderId: string;
  profileUrl: string | null;
}

/**
 * Whether a queued item is a job-change flag about the person: it names the stakeholder, or, when
 * it was queued from the offline buttons before the person was known, the same profile URL.
 */
export function isQueuedFlagAbout(item: QueueItem, person: ShownPerson): boolean {
  if (item.flag.kind !== 'jobChange') return false;
  const { stakeholderId, profileUrl } = item.flag.input;
  if (stakeholderId) return stakeholderId === person.stakeholderId;
  const key = profileUrl ? profileKey(profileUrl) : null;
  return key !== null && person.profileUrl !== null && key === profileKey(person.profileUrl);
}

function profileKey(url: string): string | null {
  const normalized = normalizeProfileUrl(url);
  return normalized.ok ? normalized.key : null;
}

export type LookupFlag = ProfileLookupView['flags'][number];

export interface PersonFlag {
  /** The flag's id, or the queue item's key. */
  id: string;
  kind: JobChangeKind;
  /** Where it is: the API's status, or the queue's for an item the API has not answered. */
  state: FlagStatus | 'QUEUED' | 'NOT_SENT';
  company: string | null;
  /** Sightings in all, the first included. */
  sightings: number;
  /** When it was seen (first), as an ISO date-time. */
  observedAt: string;
  decidedAt: string | null;
}

/** The queue's unsent job-change items about this person. */
function queuedFor(items: readonly QueueItem[], person: ShownPerson): PersonFlag[] {
  return items.flatMap((item): PersonFlag[] => {
    if (item.flag.kind !== 'jobChange' || item.status === 'sent' || !isQueuedFlagAbout(item, person)) return [];
    const { input } = item.flag;
    return [
      {
        id: item.idempotencyKey,
        kind: input.kind,
        state: item.status === 'failed' ? 'NOT_SENT' : 'QUEUED',
        company: input.observedCompany ?? null,
        sightings: 1,
        observedAt: String(input.observedAt),
        decidedAt: null,
      },
    ];
  });
}

/** The person's flags, pending and queued first, newest first within each. */
export function personFlags(
  lookup: readonly LookupFlag[],
  queue: readonly QueueItem[],
  person: ShownPerson,
): PersonFlag[] {
  const fromApi = lookup.map(
    (flag): PersonFlag => ({
      id: flag.id,
      kind: flag.kind,
      state: flag.status,
      company: flag.observedCompany ?? null,
      sightings: flag.sightingCount + 1,
      observedAt: String(flag.observedAt),
      decidedAt: flag.reviewedAt ? String(flag.reviewedAt) : null,
    }),
  );
  const open = (flag: PersonFlag) => flag.state === 'PENDING' || flag.state === 'QUEUED' || flag.state === 'NOT_SENT';
  const all = [...queuedFor(queue, person), ...fromApi];
  return [...all.filter(open), ...all.filter((flag) => !open(flag))];
}

/** The kinds a new observation would be added to as a sighting (a pending or queued flag exists). */
export function openKinds(flags: readonly PersonFlag[]): Set<JobChangeKind> {
  return new Set(flags.filter((flag) => flag.state === 'PENDING' || flag.state === 'QUEUED').map((flag) => flag.kind));
}

/**
 * The API cannot be reached: the rep can still flag a job change. The flag is queued and sent when
 * the API answers again, matched to the person by the page's profile URL.
 */
import { useState } from 'react';
import { JOB_CHANGE_KIND_LABELS } from '@/api/enum-labels';
import { JOB_CHANGE_KINDS } from '@/api/enum-values';
import type { JobChangeKind } from '@/api/generated/graphql';
import type { ProfileSnapshot } from '@/readers/profile-reader';
import { jobChangeDraft, profileUrlOf } from './drafts';
import { JobChangeForm } from './JobChangeForm';

export function OfflineFlagButtons({
  snapshot,
  pageUrl,
  until = 'the API answers',
}: {
  snapshot: ProfileSnapshot;
  pageUrl: string;
  /** What the queued flags wait for. */
  until?: string;
}) {
  const [kind, setKind] = useState<JobChangeKind | null>(null);
  const profileUrl = profileUrlOf(snapshot);
  if (!profileUrl) return null;
  if (kind) {
    return (
      <JobChangeForm
        kind={kind}
        draft={jobChangeDraft(snapshot, snapshot.currentPositions[0] ?? null)}
        context={{ stakeholderId: null, accountId: null, profileUrl, pageUrl }}
        onCancel={() => setKind(null)}
      />
    );
  }
  return (
    <fieldset className="kinds">
      <legend>Flag a job change (queued until {until})</legend>
      {JOB_CHANGE_KINDS.map((value) => (
        <button key={value} type="button" onClick={() => setKind(value)}>
          {JOB_CHANGE_KIND_LABELS[value]}
        </button>
      ))}
    </fieldset>
  );
}

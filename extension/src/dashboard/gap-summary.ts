/**
 * One line per account for the coverage gaps: the gaps' kinds counted, most severe first ("2 unfilled
 * roles · No live thread · 1 department without a live thread"), the details behind a disclosure.
 * An account with no live thread at all is not "single-threaded": the API says NO_LIVE_THREAD, and a
 * SINGLE_THREADED gap assessed before that kind existed still reads from the live-thread count.
 */
import type { GapKind } from '@/api/generated/graphql';

export interface GapInput {
  kind: GapKind;
  message: string;
}

/** How an account's live threads read: none, one (single-threaded), or several. */
export function threadLabel(liveThreadCount: number): string {
  if (liveThreadCount <= 0) return 'No live thread';
  if (liveThreadCount === 1) return 'Single-threaded';
  return `${liveThreadCount} live threads`;
}

const COUNTED: Record<Exclude<GapKind, 'SINGLE_THREADED' | 'NO_LIVE_THREAD'>, [string, string]> = {
  UNFILLED_ROLE: ['unfilled role', 'unfilled roles'],
  UNCOVERED_DEPARTMENT: ['department without a live thread', 'departments without a live thread'],
  STALE_THREAD: ['key person gone stale', 'key people gone stale'],
};
/** Most severe first, as the API ranks them. */
const ORDER: GapKind[] = ['UNFILLED_ROLE', 'NO_LIVE_THREAD', 'SINGLE_THREADED', 'STALE_THREAD', 'UNCOVERED_DEPARTMENT'];

/** The account's gaps in one line, kinds counted, most severe first. */
export function gapLine(gaps: readonly GapInput[], liveThreadCount: number): string {
  const counts = new Map<GapKind, number>();
  for (const gap of gaps) counts.set(gap.kind, (counts.get(gap.kind) ?? 0) + 1);
  const parts: string[] = [];
  for (const kind of ORDER) {
    const count = counts.get(kind) ?? 0;
    if (count === 0) continue;
    if (kind === 'NO_LIVE_THREAD') parts.push(threadLabel(0));
    else if (kind === 'SINGLE_THREADED') parts.push(threadLabel(liveThreadCount));
    else {
      const [one, many] = COUNTED[kind];
      parts.push(`${count} ${count === 1 ? one : many}`);
    }
  }
  return parts.join(' · ');
}

/** The gap's sentence without a repeated label ("Single-threaded: Single-threaded: …"). */
export function gapSentence(gap: GapInput, liveThreadCount: number): string {
  if (gap.kind === 'SINGLE_THREADED' && liveThreadCount <= 0) return 'No live thread to anyone at this account.';
  return gap.message;
}

// What makes a thread (one of our members ↔ one stakeholder) live. Pure; thresholds are the
// organization's settings, which every caller passes: there is no implicit default here.

/** A thread's strength, strongest first (the data model's RelationshipStrength values are these strings). */
export const RELATIONSHIP_STRENGTHS = ['STRONG', 'MEDIUM', 'WEAK'] as const;
export type RelationshipStrength = (typeof RELATIONSHIP_STRENGTHS)[number];

export interface ThreadSettings {
  /** A thread not touched for longer than this is stale. */
  liveWithinDays: number;
  /** The weakest strength that still counts as a live thread. */
  minimumLiveStrength: RelationshipStrength;
}

export const defaultThreadSettings: ThreadSettings = { liveWithinDays: 90, minimumLiveStrength: 'MEDIUM' };

const strengthRank: Record<RelationshipStrength, number> = { WEAK: 0, MEDIUM: 1, STRONG: 2 };
const DAY_MS = 86_400_000;

export interface RelationshipFacts {
  strength: RelationshipStrength;
  lastTouchAt: Date | null;
  /** Whether our member is still with us. */
  memberActive: boolean;
}

export function isStale(thread: Pick<RelationshipFacts, 'lastTouchAt'>, now: Date, settings: ThreadSettings): boolean {
  if (!thread.lastTouchAt) return true;
  return now.getTime() - thread.lastTouchAt.getTime() > settings.liveWithinDays * DAY_MS;
}

export function isLiveThread(thread: RelationshipFacts, now: Date, settings: ThreadSettings): boolean {
  return (
    thread.memberActive &&
    strengthRank[thread.strength] >= strengthRank[settings.minimumLiveStrength] &&
    !isStale(thread, now, settings)
  );
}

/** A thread as stored: it counts only while its member is still with us (not deactivated). */
export function relationshipFacts(thread: {
  strength: RelationshipStrength;
  lastTouchAt: Date | null;
  member: { deactivatedAt: Date | null };
}): RelationshipFacts {
  return {
    strength: thread.strength,
    lastTouchAt: thread.lastTouchAt,
    memberActive: thread.member.deactivatedAt === null,
  };
}

/**
 * Whether a thread went stale between two assessments: touched at some time, still fresh at the
 * earlier one and stale at the later one. A thread never touched was stale all along.
 */
export function wentStale(
  thread: Pick<RelationshipFacts, 'lastTouchAt'>,
  since: Date,
  now: Date,
  settings: ThreadSettings,
): boolean {
  return thread.lastTouchAt !== null && !isStale(thread, since, settings) && isStale(thread, now, settings);
}

// The outlook of an open departure case (seed 002: "we believe we can save $190,000 of the revenue
// at risk, while $60,000 remains at a high risk of churn"): likely saved, at risk (undecided) or at
// high risk of churn, as a sum of named points so every outlook explains itself. Pure.
//
// Points (each with a sentence):
// - Plan progress against what is due by now (the share of steps whose due date has passed):
//   more than a quarter of the plan behind: −2; behind by up to a quarter: −1; on track with at
//   least half the plan done: +2; on track otherwise (early days): 0.
// - Replacement: onboarded (every onboarding step done) +3; identified +1; none 0.
// - The new contact is engaged (a live thread to the replacement): +1.
// - The account's risk band: green +1, yellow 0, amber 0, red −1.
// - The organization's own record for this cause and segment, once 3 cases have closed: saved in
//   70 % or more +1, in less than 40 % −1, otherwise 0.
// Score ≥ 1: likely saved; score ≤ −2: high risk of churn; otherwise at risk.
// An owner's override (with its note) replaces the outcome; the computed one and its reasons stay.
// More plan progress or a replacement further along never lowers the score.

export type Outlook = 'LIKELY_SAVED' | 'AT_RISK' | 'HIGH_RISK';
export type ReplacementStage = 'NONE' | 'IDENTIFIED' | 'ONBOARDED';
export type Band = 'GREEN' | 'YELLOW' | 'AMBER' | 'RED';

export const outlooks: readonly Outlook[] = ['LIKELY_SAVED', 'AT_RISK', 'HIGH_RISK'];

export interface OutlookFacts {
  /** Share of plan steps done, 0..1. */
  planCompletion: number;
  /** Share of plan steps due by now, 0..1. */
  dueShare: number;
  replacement: ReplacementStage;
  newContactEngaged: boolean;
  band: Band;
  /** Closed cases of the organization with the same cause and segment. */
  record: { saved: number; churned: number };
  override: { outlook: Outlook; note: string } | null;
}

export interface OutlookReason {
  points: number;
  text: string;
}

export interface CaseOutlookResult {
  /** The outlook in force: the owner's override when there is one. */
  outlook: Outlook;
  /** The outlook the points give. */
  computed: Outlook;
  score: number;
  reasons: OutlookReason[];
  overridden: boolean;
  note: string | null;
}

export const LIKELY_SAVED_FROM = 1;
export const HIGH_RISK_UP_TO = -2;
const MIN_RECORD = 3;

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

function pct(value: number): string {
  return `${Math.round(value * 100)}%`;
}

function progressReason(done: number, due: number): OutlookReason {
  const behind = due - done;
  const figures = `${pct(done)} of the plan done, ${pct(due)} due by now`;
  if (behind > 0.25) return { points: -2, text: `Plan well behind: ${figures}.` };
  if (behind > 0) return { points: -1, text: `Plan slightly behind: ${figures}.` };
  if (done >= 0.5) return { points: 2, text: `Plan on track: ${figures}.` };
  return { points: 0, text: `Plan on track, early days: ${figures}.` };
}

const replacementReasons: Record<ReplacementStage, OutlookReason> = {
  ONBOARDED: { points: 3, text: 'The replacement has completed onboarding.' },
  IDENTIFIED: { points: 1, text: 'A replacement has been identified.' },
  NONE: { points: 0, text: 'No replacement identified yet.' },
};

const bandPoints: Record<Band, number> = { GREEN: 1, YELLOW: 0, AMBER: 0, RED: -1 };

function recordReason(record: OutlookFacts['record']): OutlookReason {
  const closed = record.saved + record.churned;
  if (closed < MIN_RECORD) return { points: 0, text: `Too few closed cases like this one to judge (${closed}).` };
  const rate = record.saved / closed;
  const text = `We saved ${record.saved} of ${closed} closed cases with this cause and segment.`;
  return { points: rate >= 0.7 ? 1 : rate < 0.4 ? -1 : 0, text };
}

export function outlookOfScore(score: number): Outlook {
  if (score >= LIKELY_SAVED_FROM) return 'LIKELY_SAVED';
  if (score <= HIGH_RISK_UP_TO) return 'HIGH_RISK';
  return 'AT_RISK';
}

export function caseOutlook(facts: OutlookFacts): CaseOutlookResult {
  const reasons: OutlookReason[] = [
    progressReason(clamp01(facts.planCompletion), clamp01(facts.dueShare)),
    replacementReasons[facts.replacement],
    ...(facts.newContactEngaged ? [{ points: 1, text: 'The new contact is engaged (a live thread).' }] : []),
    { points: bandPoints[facts.band], text: `The account is in the ${facts.band.toLowerCase()} band.` },
    recordReason(facts.record),
  ];
  const score = reasons.reduce((sum, reason) => sum + reason.points, 0);
  const computed = outlookOfScore(score);
  const override = facts.override;
  return {
    outlook: override ? override.outlook : computed,
    computed,
    score,
    reasons: override ? [...reasons, { points: 0, text: `Set by the case owner: ${override.note}` }] : reasons,
    overridden: override !== null,
    note: override?.note ?? null,
  };
}

/** How an outlook override's note must look: said in words, not too long. */
export function overrideNoteProblem(note: string | null | undefined): string | null {
  const text = note?.trim() ?? '';
  if (text.length === 0) return 'Say why you override the outlook.';
  if (text.length > 500) return 'Keep the note under 500 characters.';
  return null;
}

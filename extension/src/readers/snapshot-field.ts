/**
 * Fields of a page snapshot: a value read from the page, how sure the reader is, and which
 * strategy found it. Readers collect candidates from several strategies (structured data,
 * semantic markup, heuristics) and keep, per field, the one with the highest confidence; on a
 * tie the earlier strategy wins, because strategies are tried from most to least reliable.
 */
import type { CleanText } from './page-text';

export type Confidence = 'high' | 'medium' | 'low';
export type FieldSource = 'json-ld' | 'semantic' | 'heuristic';

export interface Field<T> {
  value: T;
  confidence: Confidence;
  source: FieldSource;
  /** The page's text had direction controls: read as displayed where possible, and unsure. */
  directionControls?: boolean;
}

/** A field found by one strategy, remembering whether its text had to be cut. */
export interface Candidate {
  field: Field<string>;
  truncated: boolean;
}

const RANK: Record<Confidence, number> = { high: 3, medium: 2, low: 1 };

/** A candidate from cleaned text, or null when the text is empty. */
export function candidate(text: CleanText | null, confidence: Confidence, source: FieldSource): Candidate | null {
  if (!text || text.text === '') return null;
  if (text.directionControls) {
    return {
      field: { value: text.text, confidence: 'low', source, directionControls: true },
      truncated: text.truncated,
    };
  }
  return { field: { value: text.text, confidence, source }, truncated: text.truncated };
}

/** Keeps `current` unless `next` is strictly more confident. */
export function better(current: Candidate | null, next: Candidate | null): Candidate | null {
  if (!current) return next;
  if (!next) return current;
  return RANK[next.field.confidence] > RANK[current.field.confidence] ? next : current;
}

/** The most confident of several candidates, earliest first on ties. */
export function best(candidates: ReadonlyArray<Candidate | null>): Candidate | null {
  let chosen: Candidate | null = null;
  for (const next of candidates) chosen = better(chosen, next);
  return chosen;
}

/**
 * Keeps a page reader from throwing: each strategy runs guarded, and a failure becomes a
 * plain-English warning while the other strategies still contribute what they found.
 */

/** Runs one reading step; on any exception records `The <what> could not be read …`. */
export function runGuarded(what: string, warnings: string[], step: () => void): void {
  try {
    step();
  } catch {
    warnings.push(`The ${what} could not be read because of unexpected page content; it was skipped.`);
  }
}

/** Warnings without repeats, in first-seen order. */
export function uniqueWarnings(warnings: readonly string[]): string[] {
  return [...new Set(warnings)];
}

/**
 * Checks on the shape of an API answer, for code that reads fields the schema promises: a failed
 * check throws `ShapeError`, which the operation call (operation-call.ts) turns into a
 * 'malformed-response' failure.
 */

/** Thrown while reading a response that does not have the shape the operation promises. */
export class ShapeError extends Error {
  override name = 'ShapeError';
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function check(condition: boolean, what: string): asserts condition {
  if (!condition) throw new ShapeError(what);
}

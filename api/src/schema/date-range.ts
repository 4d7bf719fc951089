// A time range for list filters ("flags observed last week", "cases closed this quarter").
import { builder } from '../builder.ts';
import { rangeProblem } from '../domain/changes.ts';
import { ValidationError } from '../errors.ts';

export const DateRange = builder.inputType('DateRange', {
  description: 'From and to, both included; either may be left open. At most 366 days when both are given.',
  fields: (t) => ({ from: t.field({ type: 'DateTime' }), to: t.field({ type: 'DateTime' }) }),
});

type Range = typeof DateRange.$inferInput | null | undefined;

/** The Prisma condition for a range, or undefined for none; a bad range is a VALIDATION error at `path`. */
export function rangeWhere(range: Range, path: string[]): { gte?: Date; lte?: Date } | undefined {
  if (!range || (!range.from && !range.to)) return undefined;
  const problem = rangeProblem(range.from, range.to);
  if (problem) throw ValidationError.at([...path, problem.field], problem.message);
  return { ...(range.from ? { gte: range.from } : {}), ...(range.to ? { lte: range.to } : {}) };
}

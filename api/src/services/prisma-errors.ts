// Recognises database constraint failures so services can answer them as typed conflicts.

interface PrismaKnownError {
  code: string;
  meta?: Record<string, unknown>;
}

function isPrismaKnownError(error: unknown): error is PrismaKnownError {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string';
}

/** The fields of the unique constraint a write violated, or null when it was another failure. */
export function uniqueViolation(error: unknown): string[] | null {
  if (!isPrismaKnownError(error) || error.code !== 'P2002') return null;
  const meta = error.meta ?? {};
  const target = meta.target;
  if (Array.isArray(target)) return target.map(String);
  if (typeof target === 'string') return [target];
  const driverError = meta.driverAdapterError as
    | { cause?: { constraint?: { fields?: string[]; index?: string } } }
    | undefined;
  const constraint = driverError?.cause?.constraint;
  if (constraint?.fields) return constraint.fields.map((field) => field.replace(/"/g, ''));
  if (constraint?.index) return [constraint.index];
  return [];
}

export function isRecordNotFound(error: unknown): boolean {
  return isPrismaKnownError(error) && error.code === 'P2025';
}

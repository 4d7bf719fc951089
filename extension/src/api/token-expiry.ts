/**
 * What the extension says about a token's expiry: once it has expired (the API answered
 * TOKEN_EXPIRED with the date), and shortly before (the popup reads `viewer { token { expiresAt } }`).
 */

/** How many days before its expiry the popup starts warning about a token. */
export const EXPIRY_WARNING_DAYS = 7;
const DAY_MS = 86_400_000;

/** A day people read, e.g. "4 December 2026" (in the browser's time zone), or null for no date. */
export function expiryDate(iso: string | null | undefined, locale?: string): string | null {
  if (!iso) return null;
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return null;
  return new Intl.DateTimeFormat(locale ?? 'en-GB', { day: 'numeric', month: 'long', year: 'numeric' }).format(at);
}

/** The sentence for an expired token, with what to do about it. */
export function tokenExpiredMessage(expiresAt: string | null | undefined): string {
  const day = expiryDate(expiresAt);
  return `Your token expired${day ? ` on ${day}` : ''} — create a new one (ask an admin if you cannot) and save it in the Threadwatch popup's settings.`;
}

/** Days left (rounded up) when the token expires within the warning period; null otherwise. */
export function daysUntilExpiry(expiresAt: string | null | undefined, now: number): number | null {
  if (!expiresAt) return null;
  const at = Date.parse(expiresAt);
  if (Number.isNaN(at) || at <= now || at - now > EXPIRY_WARNING_DAYS * DAY_MS) return null;
  return Math.ceil((at - now) / DAY_MS);
}

/** The warning shown while a token is about to expire, or null when it is not. */
export function expiresSoonMessage(expiresAt: string | null | undefined, now: number): string | null {
  const days = daysUntilExpiry(expiresAt, now);
  if (days === null) return null;
  const when = days <= 1 ? 'within a day' : `in ${days} days`;
  return `Your token expires ${when}, on ${expiryDate(expiresAt)} — create a new one before then and save it here.`;
}

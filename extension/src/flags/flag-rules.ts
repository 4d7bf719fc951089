/**
 * What a job-change flag and a person to add may contain, written once: the limits (the API's),
 * what counts as one line of text, an ID, an idempotency key or an acceptable URL.
 *
 * Three places use these rules and must agree: the overlay's forms shape their drafts with them
 * (clip, trim, drop what would be refused), the background's message schemas
 * (utils/runtime-messages.ts) refuse what breaks them, and so nothing the background sends on to
 * the API breaks them. Plain functions without zod, so the content scripts can use them without
 * bundling the schemas.
 */
import { normalizeProfileUrl } from '@threadwatch/api/linkedin-url';
import { isLinkedInPageUrl } from '@/utils/linkedin-page';

/** Names, titles and company names (the API's limit). */
export const MAX_TEXT_LENGTH = 200;
/** A stakeholder's department. */
export const MAX_DEPARTMENT_LENGTH = 100;
/** Profile, company and page URLs. */
export const MAX_URL_LENGTH = 2048;
/** A Threadwatch global ID. */
export const MAX_ID_LENGTH = 128;

/** Control characters, line separators, and lone surrogates (broken UTF-16), as the API refuses them. */
const CONTROL_CHARACTERS = /[\p{Cc}\u2028\u2029]/u;
const LONE_SURROGATE = /\p{Cs}/u;
const GLOBAL_ID = /^[A-Za-z0-9_-]+=*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function hasControlCharacters(value: string): boolean {
  return CONTROL_CHARACTERS.test(value);
}

/** A lone surrogate: text that is not valid Unicode. */
export function hasBrokenUnicode(value: string): boolean {
  return LONE_SURROGATE.test(value);
}

/** A Threadwatch global ID as the API hands them out (base64url); length is checked apart. */
export function looksLikeGlobalId(value: string): boolean {
  return GLOBAL_ID.test(value);
}

/** An idempotency key: a lower-case UUID (see overlay/idempotency-key.ts). */
export function isIdempotencyKey(value: string): boolean {
  return UUID.test(value);
}

/** A field's text trimmed and capped at `max` characters; '' when nothing is left. */
export function clipText(value: string, max = MAX_TEXT_LENGTH): string {
  return value.trim().slice(0, max).trim();
}

/** Like clipText, but undefined instead of '' (an optional field left out). */
export function optionalText(value: string, max = MAX_TEXT_LENGTH): string | undefined {
  const clipped = clipText(value, max);
  return clipped === '' ? undefined : clipped;
}

/** A profile URL the API will accept (within the length limit and a LinkedIn profile). */
export function isAcceptedProfileUrl(value: string): boolean {
  return value.length <= MAX_URL_LENGTH && normalizeProfileUrl(value).ok;
}

/** A page URL a flag may carry: an http(s) page on LinkedIn, within the length limit. */
export function isAcceptedPageUrl(value: string): boolean {
  return value.length <= MAX_URL_LENGTH && isLinkedInPageUrl(value);
}

/** Who a flag is about, as far as the API needs to find the person. */
export interface FlagSubject {
  stakeholderId?: string | undefined;
  profileUrl?: string | undefined;
  accountId?: string | undefined;
  observedName?: string | undefined;
}

export const FLAG_SUBJECT_RULE = 'must name the stakeholder, their profile URL, or their name with the account';

/** The stakeholder's ID, their profile URL, or their name together with the account. */
export function namesFlagSubject(flag: FlagSubject): boolean {
  return (
    flag.stakeholderId !== undefined ||
    flag.profileUrl !== undefined ||
    (Boolean(flag.accountId) && Boolean(flag.observedName))
  );
}

/** Buying roles are a set: each at most once. */
export function hasRepeatedRole(roles: readonly string[]): boolean {
  return new Set(roles).size !== roles.length;
}

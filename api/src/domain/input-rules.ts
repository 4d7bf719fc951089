// Rules for every piece of text the API accepts. Input may come from a web page the user was looking
// at, so nothing is trusted: lengths are bounded, control characters refused, URLs normalized.
import { z } from 'zod';
import { normalizeCompanyUrl, normalizeProfileUrl } from './linkedin-url.ts';

/** Control characters, line separators, and lone surrogates (broken UTF-16). */
const CONTROL_CHARACTERS = /[\p{Cc}\u2028\u2029]/u;
const LONE_SURROGATE = /\p{Cs}/u;

/** Free text of one line: trimmed, NFC, 1..max characters, no control characters. */
export function text(max: number) {
  return z
    .string()
    .transform((value) => value.normalize('NFC').trim())
    .pipe(
      z
        .string()
        .min(1, 'Must not be empty.')
        .max(max, `Must be at most ${max} characters.`)
        .refine((value) => !CONTROL_CHARACTERS.test(value), 'Must not contain control characters.')
        .refine((value) => !LONE_SURROGATE.test(value), 'Must be valid Unicode text.'),
    );
}

export const personName = text(200);
export const title = text(200);
export const department = text(100);
export const companyName = text(200);
export const tokenName = text(100);

export const email = z
  .string()
  .trim()
  .max(254, 'Must be at most 254 characters.')
  .pipe(z.email('Must be an e-mail address such as jane@example.com.'))
  .transform((value) => value.toLowerCase());

const DOMAIN = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/;

/** A web domain without scheme or www., lower-case. */
export const webDomain = z
  .string()
  .trim()
  .max(253)
  .transform((value) =>
    value
      .toLowerCase()
      .replace(/^https?:\/\//, '')
      .replace(/\/.*$/, '')
      .replace(/^www\./, ''),
  )
  .pipe(z.string().regex(DOMAIN, 'Must be a domain such as example.com.'));

export const webDomains = z
  .array(webDomain)
  .max(20, 'At most 20 domains.')
  .transform((domains) => [...new Set(domains)]);

/** A LinkedIn-style profile URL in any variant, stored as its canonical key. */
export const profileUrl = z
  .string()
  .max(2048, 'Must be at most 2048 characters.')
  .transform((value, ctx) => {
    const result = normalizeProfileUrl(value);
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', message: result.reason });
      return z.NEVER;
    }
    return result.key;
  });

/** A LinkedIn-style company page URL in any variant, stored as its canonical key. */
export const companyUrl = z
  .string()
  .max(2048, 'Must be at most 2048 characters.')
  .transform((value, ctx) => {
    const result = normalizeCompanyUrl(value);
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', message: result.reason });
      return z.NEVER;
    }
    return result.key;
  });

export const crmId = text(64);

/** Amounts in minor units: non-negative, below a trillion major units. */
export const amountMinor = z
  .bigint()
  .min(0n, 'Must not be negative.')
  .max(100_000_000_000_000n, 'Is implausibly large.');

export const searchTerm = z
  .string()
  .trim()
  .max(100, 'Must be at most 100 characters.')
  .refine((value) => !CONTROL_CHARACTERS.test(value), 'Must not contain control characters.')
  .refine((value) => !LONE_SURROGATE.test(value), 'Must be valid Unicode text.');

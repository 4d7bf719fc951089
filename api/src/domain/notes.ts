// What a note may say: plain text of several lines, at most 10,000 characters. It is stored and
// returned as text, never as markup; only line breaks and tabs are allowed among control characters.
import { z } from 'zod';

export const NOTE_MAX_LENGTH = 10_000;

/**
 * Control characters, line separators, lone surrogates, and the bidirectional embeddings, overrides
 * and isolates that reorder the text after them on screen (tabs and line feeds are removed before the
 * test). Right-to-left text and the left-to-right and right-to-left marks are allowed.
 */
const FORBIDDEN = /[\p{Cc}\p{Cs}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
/**
 * What shows nothing: white space, invisible formatting (zero-width spaces and joiners, marks),
 * combining marks with nothing to combine with, and the blank letters (Hangul fillers, the braille
 * blank).
 */
const INVISIBLE = /[\s\p{Cf}\p{M}\u115f\u1160\u2800\u3164\uffa0]/gu;

export const noteBody = z
  .string()
  .transform((value) => value.normalize('NFC').replace(/\r\n?/g, '\n').trim())
  .pipe(
    z
      .string()
      .refine((value) => value.replace(INVISIBLE, '') !== '', 'Must not be empty.')
      .max(NOTE_MAX_LENGTH, `Must be at most ${NOTE_MAX_LENGTH.toLocaleString('en-US')} characters.`)
      .refine(
        (value) => !FORBIDDEN.test(value.replace(/[\t\n]/g, '')),
        'Must be plain text (no control characters other than line breaks).',
      ),
  );

// What a note may say: plain text of several lines, at most 10,000 characters. It is stored and
// returned as text, never as markup; only line breaks and tabs are allowed among control characters.
import { z } from 'zod';

export const NOTE_MAX_LENGTH = 10_000;

/** Control characters, line separators and lone surrogates (tabs and line feeds are removed before the test). */
const FORBIDDEN = /[\p{Cc}\p{Cs}\u2028\u2029]/u;

export const noteBody = z
  .string()
  .transform((value) => value.normalize('NFC').replace(/\r\n?/g, '\n').trim())
  .pipe(
    z
      .string()
      .min(1, 'Must not be empty.')
      .max(NOTE_MAX_LENGTH, `Must be at most ${NOTE_MAX_LENGTH.toLocaleString('en-US')} characters.`)
      .refine(
        (value) => !FORBIDDEN.test(value.replace(/[\t\n]/g, '')),
        'Must be plain text (no control characters other than line breaks).',
      ),
  );

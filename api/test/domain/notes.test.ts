import { describe, expect, it } from 'vitest';
import { noteBody } from '../../src/domain/notes.ts';

describe('a note’s body', () => {
  it.each<[string, string, string | null]>([
    ['plain text', 'Called the new VP.', 'Called the new VP.'],
    ['lines and tabs', 'Next:\n\t- intro', 'Next:\n\t- intro'],
    ['right-to-left text with its marks', 'שלום \u200f(renewal)', 'שלום \u200f(renewal)'],
    ['marks on letters (Devanagari)', 'नमस्ते', 'नमस्ते'],
    ['a decomposed accent, composed', 'cafe\u0301', 'café'],
    ['HTML, kept as text', '<b>hi</b>', '<b>hi</b>'],
    ['white space only', ' \n\t ', null],
    ['zero-width characters only', '\u200b\u200d\u2060', null],
    ['Hangul fillers only', '\u3164\u115f\u1160\uffa0', null],
    ['braille blanks only', '\u2800 \u2800', null],
    ['combining marks with no letter', '\u034f\u0301\u0308', null],
    ['a bidirectional override', 'pay \u202eevil', null],
    ['an isolate', 'owner \u2067Ann\u2069', null],
    ['a control character', 'bell \u0007', null],
  ])('%s', (_name, body, expected) => {
    const parsed = noteBody.safeParse(body);
    expect(parsed.success ? parsed.data : null).toBe(expected);
  });
});

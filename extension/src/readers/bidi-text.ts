/**
 * Text-direction controls in page text. A company name written "Umbrella \u202EproC" is displayed
 * "Umbrella Corp": the right-to-left override (U+202E) shows the rest of the line reversed. Stripping
 * the control would store what the page never showed. Here:
 *
 * - an override of left-to-right or neutral characters (RLO … PDF, or to the end of the text) is
 *   turned into the order the page displays; text already right-to-left (Hebrew, Arabic) stays in
 *   its logical order, which is how such text is stored and displayed everywhere else;
 * - every text that had a direction control (embeddings, overrides, isolates, LRM/RLM/ALM) is
 *   reported, so the reader marks the field unsure and the form asks the rep to check it.
 *
 * Nested controls are not reordered (only reported): the simple rule above would get them wrong.
 */

/** U+202A–U+202E (embeddings, overrides, PDF), U+2066–U+2069 (isolates), LRM, RLM, ALM. */
export const DIRECTION_CONTROL = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;
const OPENERS = new Set(['\u202A', '\u202B', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068']);
const RLO = '\u202E';
const PDF = '\u202C';
/** Hebrew, Arabic, Syriac, Thaana, NKo and related blocks, and their presentation forms. */
const STRONG_RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]|[\u{10800}-\u{10FFF}]|[\u{1E800}-\u{1EFFF}]/u;

export interface DirectionRead {
  /** The text in display order where it could be determined, controls still in place. */
  text: string;
  /** True when the text had a direction control at all. */
  hadControls: boolean;
}

/** Reorders simple right-to-left overrides into display order; see the module comment. */
export function displayOrder(text: string): DirectionRead {
  if (!DIRECTION_CONTROL.test(text)) return { text, hadControls: false };
  const chars = Array.from(text);
  let depth = 0;
  for (const char of chars) {
    if (OPENERS.has(char)) depth++;
    if (depth > 1) return { text, hadControls: true };
    if (char === PDF || char === '\u2069') depth = Math.max(0, depth - 1);
  }
  let out = '';
  let index = 0;
  while (index < chars.length) {
    const char = chars[index] as string;
    if (char !== RLO) {
      out += char;
      index++;
      continue;
    }
    let end = index + 1;
    while (end < chars.length && chars[end] !== PDF) end++;
    const run = chars.slice(index + 1, end);
    const reversible = !STRONG_RTL.test(run.join(''));
    out += reversible ? run.reverse().join('') : run.join('');
    index = end + 1;
  }
  return { text: out, hadControls: true };
}

/**
 * Reading text out of untrusted page markup for the page readers.
 *
 * Only `Text` node data is read (the equivalent of `textContent`); nothing from the page is ever
 * parsed as markup, executed or inserted anywhere. The walk is iterative (no recursion, so deeply
 * nested markup cannot overflow the stack) and bounded: it visits at most `MAX_VISITED_NODES`
 * nodes and keeps at most `RAW_LINE_LIMIT` characters per line, so a megabyte of repeated text
 * costs one slice, not a regular-expression pass over the whole string.
 *
 * LinkedIn-style pages print most texts twice: once visibly inside `span[aria-hidden="true"]`
 * and once for screen readers inside `.visually-hidden`. The walk keeps the visible copy, and when
 * class names are obfuscated it drops an element that repeats its `aria-hidden` sibling.
 */

/** Longest string a snapshot field may hold, in code points. */
export const MAX_FIELD_LENGTH = 300;

/** Raw characters kept per line before cleaning; enough for any field once whitespace collapses. */
const RAW_LINE_LIMIT = 4 * MAX_FIELD_LENGTH + 64;
const MAX_VISITED_NODES = 20_000;
const MAX_LINES = 400;
const MAX_PHRASING_DEPTH = 8;

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/** Elements whose text is never page content (or never visible). */
const IGNORED_ELEMENTS = new Set([
  'script',
  'style',
  'template',
  'noscript',
  'svg',
  'math',
  'iframe',
  'object',
  'button',
  'textarea',
  'select',
]);

/** Inline elements that continue the current line instead of starting a new one. */
const PHRASING_ELEMENTS = new Set([
  'a',
  'abbr',
  'b',
  'bdi',
  'bdo',
  'br',
  'cite',
  'code',
  'data',
  'em',
  'i',
  'mark',
  'q',
  's',
  'small',
  'strong',
  'sub',
  'sup',
  'time',
  'u',
  'wbr',
]);

const SCREEN_READER_CLASS = /(?:^|\s)(?:visually-hidden|sr-only|a11y-text|screen-reader-text)(?:\s|$)/;

/** Zero-width, bidirectional-control and soft-hyphen characters. */
const INVISIBLE = /[\u00AD\u061C\u180E\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
/** A zero-width joiner outside an emoji sequence (inside one it is part of the emoji). */
const STRAY_JOINER =
  /(?<!\p{Extended_Pictographic}|\p{Emoji_Modifier}|\uFE0F)\u200D|\u200D(?!\p{Extended_Pictographic})/gu;
/** Control characters other than the whitespace ones (tab, line breaks), which collapse to spaces. */
const CONTROL = /(?![\t\n\v\f\r])\p{Cc}/gu;
const WHITESPACE_RUN = /\s+/g;
const NOT_WHITESPACE = /\S/;
const SEPARATORS_ONLY = /^[\s·•|,;:–—-]*$/;

export interface CleanText {
  text: string;
  /** True when the source text was longer than the limit and was cut. */
  truncated: boolean;
  /** True when the text had text-direction controls (see bidi-text.ts): the reader is unsure of it. */
  directionControls?: boolean;
}

export interface TextLine extends CleanText {
  /** The block element the line's text belongs to. */
  element: Element;
}

export interface TextLineOptions {
  /** Subtrees to leave out (e.g. nested list items read separately). */
  skip?: (element: Element) => boolean;
  /** Stop after this many lines. */
  maxLines?: number;
  /** Also read screen-reader-only copies (used when nothing else is there). */
  includeScreenReaderText?: boolean;
}

import { displayOrder } from './bidi-text';

/**
 * Collapses whitespace, puts simple direction overrides in display order (bidi-text.ts), strips invisible and control characters and caps the result at `max`
 * code points. Emoji and markup characters are kept as plain text.
 */
export function cleanText(raw: string, max = MAX_FIELD_LENGTH): CleanText {
  let text = raw;
  let truncated = false;
  const rawLimit = 4 * max + 64;
  if (text.length > rawLimit) {
    text = text.trimStart();
    if (text.length > rawLimit) {
      truncated = NOT_WHITESPACE.test(text.slice(rawLimit));
      text = text.slice(0, rawLimit);
    }
  }
  const direction = displayOrder(text);
  text = direction.text;
  text = text.replace(INVISIBLE, '').replace(STRAY_JOINER, '').replace(CONTROL, '').replace(WHITESPACE_RUN, ' ').trim();
  if (text.length > max) {
    const codePoints = Array.from(text);
    if (codePoints.length > max) {
      text = codePoints.slice(0, max).join('').trimEnd();
      truncated = true;
    }
  }
  return direction.hadControls ? { text, truncated, directionControls: true } : { text, truncated };
}

/**
 * Lower-cases, removes diacritics and unifies apostrophes, for comparing labels such as
 * "Expérience" or "aujourd’hui" with a fixed vocabulary. Expects already capped text.
 */
export function foldLabel(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(WHITESPACE_RUN, ' ')
    .trim();
}

function lowerName(element: Element): string {
  return (element.localName || '').toLowerCase();
}

function isScreenReaderOnly(element: Element): boolean {
  return SCREEN_READER_CLASS.test(element.getAttribute('class') ?? '');
}

/**
 * The first letters and digits of an element's text, lower-cased: enough to recognise a repeated
 * text. Reads a bounded number of nodes so that it stays cheap on huge or deep subtrees.
 */
function fingerprint(element: Element): string {
  let collected = '';
  let visited = 0;
  let node: Node | null = element.firstChild;
  while (node && visited < 64 && collected.length < 12) {
    visited++;
    if (node.nodeType === TEXT_NODE) {
      collected += (node as Text).data
        .slice(0, 200)
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]/gu, '');
    } else if (node.nodeType === ELEMENT_NODE && node.firstChild) {
      node = node.firstChild;
      continue;
    }
    while (node && node !== element && !node.nextSibling) node = node.parentNode;
    if (!node || node === element) break;
    node = node.nextSibling;
  }
  return collected.slice(0, 12);
}

/** An element repeating the text of its `aria-hidden` previous sibling (the screen-reader copy). */
function repeatsHiddenSibling(element: Element): boolean {
  if (element.getAttribute('aria-hidden') === 'true') return false;
  const previous = element.previousElementSibling;
  if (previous?.getAttribute('aria-hidden') !== 'true') return false;
  if (lowerName(previous) !== lowerName(element)) return false;
  // Compare a short prefix: the copies may differ later ("Jan 2020 - Present" / "Jan 2020 to Present").
  const mine = fingerprint(element).slice(0, 6);
  return mine !== '' && mine === fingerprint(previous).slice(0, 6);
}

function isIgnored(element: Element, options: TextLineOptions): boolean {
  if (IGNORED_ELEMENTS.has(lowerName(element))) return true;
  if (element.hasAttribute('hidden')) return true;
  if (!options.includeScreenReaderText && (isScreenReaderOnly(element) || repeatsHiddenSibling(element))) return true;
  return options.skip?.(element) ?? false;
}

/** The nearest non-inline ancestor of a text node, bounded by `root`. */
function lineContainer(text: Node, root: Element): Element {
  let element = text.parentElement ?? root;
  for (let depth = 0; depth < MAX_PHRASING_DEPTH && element !== root; depth++) {
    if (!PHRASING_ELEMENTS.has(lowerName(element))) return element;
    const parent: Element | null = element.parentElement;
    if (!parent) return element;
    element = parent;
  }
  return element;
}

function walkLines(root: Element, options: TextLineOptions): TextLine[] {
  const maxLines = options.maxLines ?? MAX_LINES;
  const lines: TextLine[] = [];
  let container: Element | null = null;
  let raw = '';
  let rawTruncated = false;

  const flush = (): void => {
    if (container && raw !== '') {
      const clean = cleanText(raw);
      const previous = lines[lines.length - 1];
      if (!SEPARATORS_ONLY.test(clean.text) && previous?.text !== clean.text) {
        lines.push({
          text: clean.text,
          truncated: clean.truncated || rawTruncated,
          element: container,
          ...(clean.directionControls ? { directionControls: true } : {}),
        });
      }
    }
    raw = '';
    rawTruncated = false;
  };

  let visited = 0;
  let node: Node | null = root.firstChild;
  while (node && visited < MAX_VISITED_NODES && lines.length < maxLines) {
    visited++;
    let descend = false;
    if (node.nodeType === TEXT_NODE) {
      const data = (node as Text).data;
      const owner = lineContainer(node, root);
      const blank = data.length <= 64 && !NOT_WHITESPACE.test(data);
      if (!blank) {
        if (owner !== container) {
          flush();
          container = owner;
        }
        const room = RAW_LINE_LIMIT - raw.length;
        if (data.length > room) {
          raw += data.slice(0, Math.max(0, room));
          rawTruncated = true;
        } else {
          raw += data;
        }
      } else if (owner === container && raw.length < RAW_LINE_LIMIT) {
        raw += ' ';
      }
    } else if (node.nodeType === ELEMENT_NODE) {
      descend = !isIgnored(node as Element, options);
      if (lowerName(node as Element) === 'br' && raw !== '' && raw.length < RAW_LINE_LIMIT) raw += ' ';
    }
    if (descend && node.firstChild) {
      node = node.firstChild;
      continue;
    }
    while (node && node !== root && !node.nextSibling) node = node.parentNode;
    if (!node || node === root) break;
    node = node.nextSibling;
  }
  flush();
  return lines.slice(0, maxLines);
}

/**
 * The text of `root` as lines, one per block element, in document order, with screen-reader
 * duplicates and consecutive repeats removed. Falls back to screen-reader text when that is all
 * there is.
 */
export function textLines(root: Element, options: TextLineOptions = {}): TextLine[] {
  const lines = walkLines(root, options);
  if (lines.length > 0 || options.includeScreenReaderText) return lines;
  return walkLines(root, { ...options, includeScreenReaderText: true });
}

/** All the text of an element on one line, cleaned and capped. */
export function readText(element: Element | null | undefined, options: TextLineOptions = {}): CleanText | null {
  if (!element) return null;
  const lines = textLines(element, options);
  if (lines.length === 0) return null;
  const joined = cleanText(lines.map((line) => line.text).join(' '));
  const truncated = joined.truncated || lines.some((line) => line.truncated);
  return lines.some((line) => line.directionControls)
    ? { text: joined.text, truncated, directionControls: true }
    : { text: joined.text, truncated };
}

/** Cleans a string that came from somewhere else than a text node (attribute, JSON-LD). */
export function cleanValue(value: string | null | undefined): CleanText | null {
  if (typeof value !== 'string') return null;
  const clean = cleanText(value);
  return clean.text === '' ? null : clean;
}

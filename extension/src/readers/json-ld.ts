/**
 * Structured data (JSON-LD) for the page readers.
 *
 * Reads `<script type="application/ld+json">` blocks as text, parses them with `JSON.parse` inside
 * try/catch (never evaluates them) and exposes the top-level nodes, the members of `@graph` and
 * the `mainEntity` of pages. Every value is `unknown` until a helper below has checked its shape;
 * malformed blocks become warnings, never exceptions.
 */

export type JsonObject = { readonly [key: string]: unknown };

export interface JsonLdRead {
  nodes: JsonObject[];
  warnings: string[];
}

const MAX_BLOCKS = 20;
const MAX_BLOCK_CHARS = 2_000_000;
const MAX_NODES = 200;
const MAX_LIST_ITEMS = 50;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property of a parsed JSON object (never an inherited one such as `constructor`). */
export function own(node: JsonObject, key: string): unknown {
  return Object.hasOwn(node, key) ? node[key] : undefined;
}

/** A schema.org "one or many" value as a (capped) list. */
export function manyValues(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value.slice(0, MAX_LIST_ITEMS) : [value];
}

/** The strings in a value that is a string or an array (a schema.org "one or many"). */
export function strings(value: unknown): string[] {
  return manyValues(value).filter((item): item is string => typeof item === 'string');
}

/** The first string of a "one or many" value. */
export function firstString(value: unknown): string | null {
  return strings(value)[0] ?? null;
}

/** The objects of a "one or many" value. */
export function objects(value: unknown): JsonObject[] {
  return manyValues(value).filter(isJsonObject);
}

/** The node's types without vocabulary prefixes (`schema:Person`, `http://schema.org/Person`). */
export function typesOf(node: JsonObject): string[] {
  return strings(own(node, '@type')).map((type) => type.split(/[/:#]/).pop() ?? type);
}

export function hasType(node: JsonObject, names: ReadonlySet<string>): boolean {
  return typesOf(node).some((type) => names.has(type));
}

function isJsonLdScript(script: Element): boolean {
  const type = (script.getAttribute('type') ?? '').trim().toLowerCase();
  return type === 'application/ld+json' || type.startsWith('application/ld+json;');
}

/** Top-level nodes, `@graph` members and page `mainEntity` nodes of one parsed block. */
function collectNodes(parsed: unknown, into: JsonObject[]): void {
  for (const root of manyValues(parsed)) {
    if (!isJsonObject(root)) continue;
    const queue: JsonObject[] = [root, ...objects(own(root, '@graph'))];
    for (const node of queue) {
      if (into.length >= MAX_NODES) return;
      into.push(node);
      for (const entity of objects(own(node, 'mainEntity'))) {
        if (into.length < MAX_NODES) into.push(entity);
      }
    }
  }
}

/** Parses every JSON-LD block of the document; bad blocks are skipped with a warning. */
export function readJsonLd(doc: Document): JsonLdRead {
  const nodes: JsonObject[] = [];
  const warnings: string[] = [];
  const scripts = Array.from(doc.querySelectorAll('script[type]')).filter(isJsonLdScript);
  if (scripts.length > MAX_BLOCKS) {
    warnings.push(`The page has ${scripts.length} structured-data blocks; only the first ${MAX_BLOCKS} were read.`);
  }
  for (const script of scripts.slice(0, MAX_BLOCKS)) {
    const text = script.textContent ?? '';
    if (text.length > MAX_BLOCK_CHARS) {
      warnings.push('A structured-data (JSON-LD) block was too large and was ignored.');
      continue;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      warnings.push('A structured-data (JSON-LD) block is not valid JSON and was ignored.');
      continue;
    }
    collectNodes(parsed, nodes);
  }
  return { nodes, warnings };
}

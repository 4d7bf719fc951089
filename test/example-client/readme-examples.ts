// The operations of README's API section, read from the README itself: every ```graphql block with the
// ```json blocks that follow it (its variables, and the documented answer: an object with `data` or
// `errors`).
import { type DocumentNode, Kind, type OperationDefinitionNode, parse } from 'graphql';

export interface ReadmeExample {
  name: string;
  kind: 'query' | 'mutation' | 'subscription';
  source: string;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** The ```json block of variables given next to the operation, if any. */
  variables?: Record<string, unknown>;
  /** The documented answer, if any. */
  answer?: { data?: unknown; errors?: unknown[] };
}

interface Block {
  lang: string;
  text: string;
  line: number;
}

/** The part of the README under `## <heading>`, up to the next second-level heading. */
export function readmeSection(readme: string, heading: string): string {
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README has no "## ${heading}" section.`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** Fenced code blocks, also inside list items (their indentation is removed). */
function fencedBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const open = /^(\s*)```(\w*)\s*$/.exec(lines[index]!);
    if (!open) continue;
    const indent = open[1]!.length;
    const body: string[] = [];
    let end = index + 1;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end]!)) body.push(lines[end++]!.slice(indent));
    if (end >= lines.length) throw new Error(`Unclosed code block at line ${index + 1}.`);
    blocks.push({ lang: open[2]!, text: body.join('\n'), line: index + 1 });
    index = end;
  }
  return blocks;
}

export function readmeExamples(section: string): ReadmeExample[] {
  const examples: ReadmeExample[] = [];
  for (const block of fencedBlocks(section)) {
    if (block.lang === 'graphql') {
      const document = parse(block.text);
      const operations = document.definitions.filter(
        (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
      );
      const operation = operations[0];
      if (operations.length !== 1 || !operation?.name) {
        throw new Error(`The graphql block at line ${block.line} must hold exactly one named operation.`);
      }
      examples.push({ name: operation.name.value, kind: operation.operation, source: block.text, document, operation });
    } else if (block.lang === 'json') {
      const example = examples.at(-1);
      if (!example) throw new Error(`The json block at line ${block.line} follows no operation.`);
      const value = JSON.parse(block.text) as Record<string, unknown>;
      const slot = 'data' in value || 'errors' in value ? 'answer' : 'variables';
      if (example[slot]) throw new Error(`${example.name} has two ${slot} blocks (line ${block.line}).`);
      example[slot] = value;
    }
  }
  return examples;
}

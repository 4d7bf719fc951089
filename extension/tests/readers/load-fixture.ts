/**
 * Loads an HTML fixture from tests/fixtures and parses it with the test environment's DOMParser.
 *
 * The path is built from `import.meta.dirname`, not with `new URL('../fixtures/x.html',
 * import.meta.url)`: Vite rewrites that pattern as an asset URL for the happy-dom environment
 * (it becomes http://localhost:3000/tests/fixtures/x.html), which `readFileSync` cannot open.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

export function fixtureHtml(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

export function loadFixture(name: string): Document {
  return new DOMParser().parseFromString(fixtureHtml(name), 'text/html');
}

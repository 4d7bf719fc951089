import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { printedSchema, schemaFile } from '../src/schema/printed.ts';

describe('committed schema', () => {
  it('matches the schema the code builds (run `pnpm schema:print` after changing it)', async () => {
    expect(await readFile(schemaFile, 'utf8')).toBe(printedSchema());
  });
});

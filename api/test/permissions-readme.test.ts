import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { permissionSection, permissionsMarkdown, tableCells } from '../src/permissions-readme.ts';

describe("README's permission section", () => {
  it('is the one the permission table prints (run `pnpm permissions:print` after changing it)', async () => {
    const readme = await readFile(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
    expect(tableCells(permissionSection(readme))).toEqual(tableCells(permissionsMarkdown()));
  });
});

// Writes README's permission section from the permission table (api/src/domain/permissions.ts).
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { withPermissions } from '../permissions-readme.ts';

const readmeFile = fileURLToPath(new URL('../../../README.md', import.meta.url));
await writeFile(readmeFile, withPermissions(await readFile(readmeFile, 'utf8')));
console.log(`Wrote the permission section of ${readmeFile}`);

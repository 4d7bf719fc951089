// Writes README's permission section from the permission table (api/src/domain/permissions.ts).
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { withPermissions } from '../permissions-readme.ts';

const readmeFile = fileURLToPath(new URL('../../../README.md', import.meta.url));
await writeFile(readmeFile, withPermissions(await readFile(readmeFile, 'utf8')));
// The formatter aligns the table's columns, as it would on any other edit of README.
execFileSync('npx', ['biome', 'format', '--write', readmeFile], { stdio: 'ignore' });
console.log(`Wrote the permission section of ${readmeFile}`);

// Generates the Prisma client and the Pothos types offline.
// `prisma generate` needs no engine, but the CLI checks that a schema-engine binary exists before it
// runs. The engine-free client never calls it, so any executable satisfies the check.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const cli = join(dirname(require.resolve('prisma/package.json')), 'build', 'index.js');

const result = spawnSync(process.execPath, [cli, 'generate', '--schema', join(here, '..', 'schema.prisma')], {
  stdio: 'inherit',
  env: {
    ...process.env,
    // The Pothos generator is a bin of this package; make it reachable however the script is started.
    PATH: [join(here, '..', 'node_modules', '.bin'), process.env.PATH].join(delimiter),
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  },
});
process.exit(result.status ?? 1);

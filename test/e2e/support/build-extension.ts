// Vitest global setup of the browser tests: the production build of the extension, once per run.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { chromiumPath } from './chromium.ts';

export default function buildExtension() {
  if (!chromiumPath()) {
    console.warn('\nChromium is not installed: the browser tests will be skipped (apt-get install chromium).\n');
    return;
  }
  const result = spawnSync('pnpm', ['--filter', '@threadwatch/extension', 'build'], {
    cwd: join(import.meta.dirname, '..', '..', '..'),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) throw new Error('The extension build failed.');
}

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
    // Vitest sets NODE_ENV=test, which would make Vite compile JSX for React's development runtime
    // while bundling its production build ("jsxDEV is not a function" in the browser).
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error('The extension build failed.');
}

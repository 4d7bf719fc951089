import { defineProject } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Needs .wxt/ (run `pnpm --filter @threadwatch/extension prepare:wxt` first).
// WXT resolves its config from `root`, which defaults to the working directory: pin it to this
// package so the root workspace's `vitest run --project extension` finds wxt.config.ts too.
export default defineProject({
  plugins: [WxtVitest({ root: import.meta.dirname })],
  test: {
    name: 'extension',
    root: import.meta.dirname,
    environment: 'happy-dom',
    include: ['tests/**/*.test.{ts,tsx}'],
    restoreMocks: true,
  },
});

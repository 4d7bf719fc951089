// The extension's cost to a page and its speed: content-script size, page load with and without the
// extension, and the time until the overlay shows a known stakeholder (API on the bench database).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { repoRoot } from '@threadwatch/db/database';
import { chromium } from 'playwright-core';
import { chromiumPath, extensionDir, launchWithExtension } from '../e2e/support/chromium.ts';
import { profilePage, startFixtureServer } from '../e2e/support/fixture-server.ts';
import { ms, percentile } from './support.ts';

declare const chrome: { storage: { local: { set(items: Record<string, unknown>): Promise<void> } } };

const LOADS = 30;
const OVERLAY_LOADS = 30;

function build(): void {
  const result = spawnSync('pnpm', ['--filter', '@threadwatch/extension', 'build'], {
    cwd: repoRoot,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) throw new Error('The extension build failed.');
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} kB`;
}

/** Milliseconds from navigation start to the load event, per page load. */
async function loadTimes(open: (path: string) => Promise<number>, paths: string[]): Promise<number[]> {
  const times: number[] = [];
  for (const path of paths) times.push(await open(path));
  return times.sort((a, b) => a - b);
}

export async function extensionBench(apiUrl: string, token: string, profileKeys: string[]): Promise<string[]> {
  if (!chromiumPath()) return ['    skipped: Chromium is not installed'];
  build();
  // What every profile and company page loads, and the overlay's UI, injected only where it shows.
  const script = readFileSync(join(extensionDir, 'content-scripts', 'linkedin.js'));
  const ui = readFileSync(join(extensionDir, 'content-scripts', 'overlay-ui.js'));
  const gzipped = gzipSync(script).length;
  const lines = [
    `    page-start script: ${kb(script.length)} (${kb(gzipped)} gzipped; goal ≤ 25 kB: ${gzipped <= 25 * 1024 ? 'met' : 'MISSED'})`,
    `    overlay UI, loaded on demand: ${kb(ui.length)} (${kb(gzipSync(ui).length)} gzipped)`,
  ];

  const fixtures = await startFixtureServer();
  const slugs = profileKeys.slice(0, Math.max(LOADS, OVERLAY_LOADS)).map((key) => key.slice('linkedin.com/in/'.length));
  for (const slug of slugs) {
    fixtures.page(
      `/in/${slug}/`,
      profilePage({
        name: slug,
        headline: 'Operations leader',
        title: 'VP Operations',
        company: 'Somewhere',
        companySlug: 'somewhere',
      }),
    );
  }
  const paths = slugs.map((slug) => `http://www.linkedin.com/in/${slug}/`);
  // Page loads are measured on people nobody tracks: what most pages a rep opens cost.
  const untracked = Array.from({ length: LOADS }, (_unused, index) => `not-tracked-${index}`);
  for (const slug of untracked) {
    fixtures.page(
      `/in/${slug}/`,
      profilePage({
        name: slug,
        headline: 'Engineer',
        title: 'Engineer',
        company: 'Somewhere',
        companySlug: 'somewhere',
      }),
    );
  }
  const untrackedPaths = untracked.map((slug) => `http://www.linkedin.com/in/${slug}/`);
  const navigationLoad = () =>
    (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.loadEventEnd ??
    Number.NaN;

  const plain = await chromium.launch({
    executablePath: chromiumPath() ?? undefined,
    headless: true,
    args: [
      `--host-resolver-rules=MAP www.linkedin.com 127.0.0.1:${fixtures.port}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
    ],
  });
  const plainPage = await plain.newPage();
  const without = await loadTimes(async (path) => {
    await plainPage.goto(path, { waitUntil: 'load' });
    return plainPage.evaluate(navigationLoad);
  }, untrackedPaths);
  await plain.close();

  const browser = await launchWithExtension(fixtures.port, undefined, { grantHosts: ['http://127.0.0.1/*'] });
  try {
    await browser.serviceWorker.evaluate(([apiUrl, apiToken]) => chrome.storage.local.set({ apiUrl, apiToken }), [
      apiUrl,
      token,
    ] as const);
    const page = await browser.context.newPage();
    const withExtension = await loadTimes(async (path) => {
      await page.goto(path, { waitUntil: 'load' });
      return page.evaluate(navigationLoad);
    }, untrackedPaths);
    const overlay: number[] = [];
    for (const path of paths.slice(0, OVERLAY_LOADS)) {
      await page.goto(path, { waitUntil: 'commit' });
      await page.waitForFunction(
        () => document.querySelector('threadwatch-overlay')?.shadowRoot?.textContent?.includes('Account') === true,
        undefined,
        { polling: 'raf', timeout: 10_000 },
      );
      overlay.push(await page.evaluate(() => performance.now()));
    }
    overlay.sort((a, b) => a - b);
    const added = percentile(withExtension, 50) - percentile(without, 50);
    const shown = percentile(overlay, 50);
    lines.push(
      `    page load without the extension: p50 ${ms(percentile(without, 50))}  p99 ${ms(percentile(without, 99))}  (${without.length} loads)`,
      `    page load with the extension (untracked people): p50 ${ms(percentile(withExtension, 50))}  p99 ${ms(percentile(withExtension, 99))}  (added p50 ${ms(added)}, ratio ${(percentile(withExtension, 50) / percentile(without, 50)).toFixed(2)}; goal ≤ 5 ms: ${added <= 5 ? 'met' : 'MISSED'})`,
      `    overlay shown on a known profile, from navigation start: p50 ${ms(shown)}  p99 ${ms(percentile(overlay, 99))}  (${overlay.length} pages; goal ≤ 150 ms: ${shown <= 150 ? 'met' : 'MISSED'})`,
    );
  } finally {
    await browser.close();
    await fixtures.close();
  }
  return lines;
}

// Real Chromium with the production build of the extension loaded unpacked. LinkedIn's host name is
// mapped to a loopback fixture server, so the production match patterns inject the content script.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Worker } from 'playwright-core';

export const extensionDir = join(import.meta.dirname, '..', '..', '..', 'extension', '.output', 'chrome-mv3');

/** The Chromium to drive: CHROMIUM_PATH, or Debian's package. Null when none is installed. */
export function chromiumPath(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((path): path is string => Boolean(path && existsSync(path))) ?? null;
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  userDataDir: string;
  close(options?: { keepProfile?: boolean }): Promise<void>;
}

/** Launches Chromium with the extension; reuse `userDataDir` to restart the same browser profile. */
export async function launchWithExtension(fixturePort: number, userDataDir?: string): Promise<ExtensionBrowser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('No Chromium installed (apt-get install chromium, or set CHROMIUM_PATH).');
  const profile = userDataDir ?? (await mkdtemp(join(tmpdir(), 'threadwatch-chromium-')));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      `--host-resolver-rules=MAP www.linkedin.com 127.0.0.1:${fixturePort}, MAP linkedin.com 127.0.0.1:${fixturePort}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const serviceWorker =
    context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(serviceWorker.url()).host;
  return {
    context,
    extensionId,
    serviceWorker,
    userDataDir: profile,
    close: async (options) => {
      await context.close();
      if (!options?.keepProfile) await rm(profile, { recursive: true, force: true });
    },
  };
}

// Real Chromium with the production build of the extension loaded unpacked. LinkedIn's host name is
// mapped to a loopback fixture server, so the production match patterns inject the content script.
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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

export interface LaunchOptions {
  /**
   * Host patterns to grant the extension at install (e.g. the test API's `http://127.0.0.1/*`).
   * The build asks for the API origin with `permissions.request()`, whose prompt no one can accept
   * in headless Chromium; so the production build is copied next to the profile with these
   * patterns added to its manifest's `host_permissions`, which an unpacked extension is granted
   * when it loads. The copy stays at the same path for the profile, so a relaunch with the same
   * `userDataDir` loads the same extension ID with its storage.
   */
  grantHosts?: string[];
}

/** The production build, or a copy of it granted `grantHosts` (see LaunchOptions). */
async function extensionFor(profile: string, grantHosts: string[]): Promise<string> {
  if (grantHosts.length === 0) return extensionDir;
  const copy = `${profile}-extension`;
  await rm(copy, { recursive: true, force: true });
  await cp(extensionDir, copy, { recursive: true });
  const manifestPath = join(copy, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { host_permissions?: string[] };
  manifest.host_permissions = [...(manifest.host_permissions ?? []), ...grantHosts];
  await writeFile(manifestPath, JSON.stringify(manifest));
  return copy;
}

/** Launches Chromium with the extension; reuse `userDataDir` to restart the same browser profile. */
export async function launchWithExtension(
  fixturePort: number,
  userDataDir?: string,
  options: LaunchOptions = {},
): Promise<ExtensionBrowser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('No Chromium installed (apt-get install chromium, or set CHROMIUM_PATH).');
  const profile = userDataDir ?? (await mkdtemp(join(tmpdir(), 'threadwatch-chromium-')));
  const extension = await extensionFor(profile, options.grantHosts ?? []);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      `--disable-extensions-except=${extension}`,
      `--load-extension=${extension}`,
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
    close: async (closeOptions) => {
      await context.close();
      if (closeOptions?.keepProfile) return;
      await rm(profile, { recursive: true, force: true });
      if (extension !== extensionDir) await rm(extension, { recursive: true, force: true });
    },
  };
}

// The production build in real Chromium: it loads, its service worker runs, its popup renders.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, type ExtensionBrowser, launchWithExtension } from './support/chromium.ts';
import { type FixtureServer, startFixtureServer } from './support/fixture-server.ts';

describe.skipIf(!chromiumPath())('the extension in Chromium', () => {
  let fixtures: FixtureServer;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    fixtures = await startFixtureServer();
    browser = await launchWithExtension(fixtures.port);
  });
  afterAll(async () => {
    await browser?.close();
    await fixtures?.close();
  });

  it('runs its background service worker', () => {
    expect(browser.serviceWorker.url()).toBe(`chrome-extension://${browser.extensionId}/background.js`);
  });

  it('opens its popup', async () => {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await expect.poll(() => page.textContent('body')).toMatch(/Threadwatch/);
    await page.close();
  });
});

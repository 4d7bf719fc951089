// An expired token in real Chromium, against the real API: the popup and the dashboard say that the
// token expired, on which day and what to do (not "rejected", not "unreachable"), and saving a new
// token connects again. Screenshots go to test/artifacts/.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, createToken, startTestApi, type TestApi, type TestOrganization } from '../support/api.ts';
import { chromiumPath, type ExtensionBrowser, launchWithExtension } from './support/chromium.ts';
import { type FixtureServer, startFixtureServer } from './support/fixture-server.ts';

const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts');
const DAY = 86_400_000;

declare const chrome: { storage: { local: { set(items: Record<string, unknown>): Promise<void> } } };

describe.skipIf(!chromiumPath())('an expired token in Chromium', () => {
  let api: TestApi;
  let org: TestOrganization;
  let fixtures: FixtureServer;
  let browser: ExtensionBrowser;
  let expired: string;
  const expiredOn = new Date(Date.now() - 2 * DAY);
  const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' }).format(expiredOn);

  beforeAll(async () => {
    api = await startTestApi();
    org = await createOrganization(api.prisma, 'expiry-e2e');
    expired = await createToken(api.prisma, org.id, org.rep.id, 'FLAGGING', expiredOn);
    fixtures = await startFixtureServer();
    browser = await launchWithExtension(fixtures.port, undefined, { grantHosts: ['http://127.0.0.1/*'] });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await fixtures?.close();
    await api?.close();
  });

  it('the popup says the token expired and when, then connects once a new token is saved', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 380, height: 560 });
    await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await page.getByLabel('API URL').fill(api.url);
    await page.getByLabel('API token').fill(expired);
    await page.getByRole('button', { name: 'Save' }).click();

    const alert = page.locator('.connection--expired');
    await alert.waitFor({ timeout: 15_000 });
    expect(await alert.getAttribute('role')).toBe('alert');
    const text = await alert.textContent();
    expect(text).toContain('Token expired');
    expect(text).toContain(`Your token expired on ${day} — create a new one`);
    expect(text).not.toMatch(/rejected|unreachable/i);
    // Once: the connection line says it; the settings form below does not repeat it (once the save is done).
    await expect.poll(() => page.getByRole('button', { name: 'Save' }).isEnabled(), { timeout: 15_000 }).toBe(true);
    expect(await page.getByText('Your token expired').count()).toBe(1);
    expect(await page.getByRole('alert').count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'popup-token-expired.png') });

    // A new token (expiring within the week) connects, with a warning ahead of its expiry.
    const fresh = await createToken(api.prisma, org.id, org.rep.id, 'FLAGGING', new Date(Date.now() + 3 * DAY));
    await page.getByLabel('API token').fill(fresh);
    await page.getByRole('button', { name: 'Save' }).click();
    const status = page.locator('.connection[role="status"]');
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toContain('Connected as REP of expiry-e2e');
    expect(await status.textContent()).toMatch(/Your token expires in 3 days, on .+ — create a new one before then/);
    await page.screenshot({ path: join(ARTIFACTS, 'popup-token-expires-soon.png') });
    await page.close();
  });

  it('the dashboard says the token expired and when, with what to do', async () => {
    await browser.serviceWorker.evaluate(([apiUrl, apiToken]) => chrome.storage.local.set({ apiUrl, apiToken }), [
      api.url,
      expired,
    ] as const);
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1024, height: 500 });
    await page.goto(`chrome-extension://${browser.extensionId}/dashboard.html`);
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent(), { timeout: 15_000 }).toContain('Token expired');
    const text = await alert.textContent();
    expect(text).toContain(`Your token expired on ${day} — create a new one`);
    expect(text).not.toMatch(/rejected|unreachable/i);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-token-expired.png') });
    await page.close();
  });
});

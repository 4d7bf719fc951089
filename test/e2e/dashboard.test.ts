// The CS managers' dashboard in real Chromium, on the demo portfolio served by the real API.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoToken, ensureDemoData } from '../../api/src/demo/demo.ts';
import { startTestApi, type TestApi } from '../support/api.ts';
import { chromiumPath, type ExtensionBrowser, launchWithExtension } from './support/chromium.ts';
import { type FixtureServer, startFixtureServer } from './support/fixture-server.ts';

const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts');

declare const chrome: { storage: { local: { set(items: Record<string, unknown>): Promise<void> } } };

describe.skipIf(!chromiumPath())('the dashboard in Chromium against the demo data', () => {
  let api: TestApi;
  let fixtures: FixtureServer;
  let browser: ExtensionBrowser;
  let token: string;

  beforeAll(async () => {
    api = await startTestApi();
    await ensureDemoData(api.prisma);
    const tokenDir = join(ARTIFACTS, 'demo-token');
    await mkdir(tokenDir, { recursive: true });
    token = await demoToken(api.prisma, tokenDir);
    fixtures = await startFixtureServer();
    browser = await launchWithExtension(fixtures.port, undefined, { grantHosts: ['http://127.0.0.1/*'] });
    await browser.serviceWorker.evaluate(([apiUrl, apiToken]) => chrome.storage.local.set({ apiUrl, apiToken }), [
      api.url,
      token,
    ] as const);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await fixtures?.close();
    await api?.close();
  });

  it('shows coverage gaps, at-risk accounts, open cases and the turnover report', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 2200 });
    await page.goto(`chrome-extension://${browser.extensionId}/dashboard.html`);
    await expect.poll(() => page.textContent('body'), { timeout: 15_000 }).toMatch(/Coverage gaps/i);
    const gapAccount = await api.prisma.account.findFirstOrThrow({
      where: { gapCount: { gt: 0 } },
      orderBy: [{ arrMinor: 'desc' }, { id: 'asc' }],
    });
    const riskiest = await api.prisma.account.findFirstOrThrow({
      where: { riskBand: { in: ['AMBER', 'RED'] } },
      orderBy: [{ riskScore: 'desc' }, { arrMinor: 'desc' }, { id: 'asc' }],
    });
    await expect.poll(() => page.textContent('body'), { timeout: 15_000 }).toContain(gapAccount.name);
    await expect.poll(() => page.textContent('body'), { timeout: 15_000 }).toContain(riskiest.name);
    await expect
      .poll(() => page.textContent('body'), { timeout: 15_000 })
      .toMatch(/we believe we can save \$[\d,]+ of the revenue at risk/);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
    await page.close();
  });

  it('shows the track record: churn per band as bars with counts, the AUC, and a what-if on weights', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 1200 });
    await page.goto(`chrome-extension://${browser.extensionId}/dashboard.html`);
    const section = page.getByRole('region', { name: 'Track record' });
    const chart = section.getByRole('img', { name: /^Churn rate per risk band/ });
    await chart.waitFor({ timeout: 20_000 });
    // The same evaluation the API answers for the last two years at 90 days.
    const today = new Date();
    const from = new Date(today.getTime() - 729 * 86_400_000).toISOString().slice(0, 10);
    const evaluation = await api.gql<{
      riskModelEvaluation: {
        sampleSize: number;
        recorded: { auc: number; calibration: { band: string; accounts: number; churned: number }[] };
      };
    }>(
      token,
      `query ($from: Date!, $to: Date!) {
        riskModelEvaluation(from: $from, to: $to, horizonDays: 90) {
          sampleSize recorded { auc calibration { band accounts churned } }
        }
      }`,
      { from, to: today.toISOString().slice(0, 10) },
    );
    const result = evaluation.data!.riskModelEvaluation;
    expect(result.sampleSize).toBeGreaterThan(100);
    expect(result.recorded.auc).toBeGreaterThan(0.6);
    const figures = section.getByLabel('Track record figures');
    await expect.poll(() => figures.textContent()).toContain(result.recorded.auc.toFixed(2));
    expect(await chart.locator('.calibration__bar--recorded rect').count()).toBe(4);
    const chartText = await chart.textContent();
    for (const row of result.recorded.calibration)
      expect(chartText).toMatch(new RegExp(`${row.accounts} accounts? · ${row.churned} churned`));
    const tallest = await chart
      .locator('.calibration__bar--recorded rect')
      .evaluateAll((rects) => rects.map((rect) => Number(rect.getAttribute('height'))));
    expect(Math.max(...tallest)).toBeGreaterThan(0);
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: join(ARTIFACTS, 'dashboard-track-record.png') });

    // What-if: stale threads and support tickets weigh nothing, usage drops weigh more.
    await section.getByLabel('Stale threads').fill('0');
    await section.getByLabel('More support tickets').fill('0');
    await section.getByLabel('Usage dropped').fill('25');
    await section.getByRole('button', { name: 'Re-run with these weights' }).click();
    await expect.poll(() => chart.locator('.calibration__bar--candidate rect').count(), { timeout: 20_000 }).toBe(4);
    await expect.poll(() => figures.textContent()).toMatch(/AUC, what-if weights\d\.\d\d/);
    await section.screenshot({ path: join(ARTIFACTS, 'dashboard-track-record-what-if.png') });
    await page.close();
  });

  it("shows this week's changes by account with band moves and sparklines, and an account drawer with notes", async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 1400 });
    await page.goto(`chrome-extension://${browser.extensionId}/dashboard.html`);
    const section = page.getByRole('region', { name: 'This week' });
    const cards = section.locator('.week-card');
    await expect.poll(() => cards.count(), { timeout: 15_000 }).toBeGreaterThan(0);

    // The same week the API groups for the meeting, in the same order.
    const now = Date.now();
    const week = await api.gql<{
      accountChanges: { nodes: { name: string; bandFrom: string | null; bandTo: string | null }[] };
    }>(
      token,
      `query ($since: DateTime!, $until: DateTime!) {
        accountChanges(first: 20, since: $since, until: $until) { nodes { name bandFrom bandTo } }
      }`,
      { since: new Date(now - 7 * 86_400_000).toISOString(), until: new Date(now).toISOString() },
    );
    const names = week.data?.accountChanges.nodes.map((node) => node.name) ?? [];
    expect(names.length).toBeGreaterThan(0);
    expect(await section.locator('.week-card__name').allTextContents()).toEqual(names);
    // Twelve weeks of demo history: every card draws a risk line; a band that moved shows from → to.
    expect(await section.locator('svg.sparkline polyline').count()).toBe(names.length);
    expect(await section.locator('.band-move', { hasText: '→' }).count()).toBe(
      week.data?.accountChanges.nodes.filter((node) => node.bandFrom !== null && node.bandFrom !== node.bandTo).length,
    );
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-this-week.png') });

    // The drawer: timeline, and a note added through the API, shown as text.
    await section.getByRole('button', { name: names[0] }).click();
    const drawer = page.getByRole('dialog', { name: names[0] });
    await expect.poll(() => drawer.locator('.timeline__entry').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const body = '<img src=x onerror="document.title=1">Renewal call moved to Friday';
    await drawer.getByLabel('Add a note').fill(body);
    await drawer.getByRole('button', { name: 'Add note' }).click();
    await expect.poll(() => drawer.locator('.timeline__note').first().textContent(), { timeout: 15_000 }).toBe(body);
    expect(await drawer.locator('img').count()).toBe(0);
    const note = await api.prisma.note.findFirstOrThrow({ orderBy: { createdAt: 'desc' } });
    expect(note.body).toBe(body);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-account-drawer.png') });
    await page.close();
  });

  it("opens an at-risk account's relationship map in the account view, fitting a 1024 px window", async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1024, height: 900 });
    await page.goto(`chrome-extension://${browser.extensionId}/dashboard.html`);
    const riskiest = await api.prisma.account.findFirstOrThrow({
      where: { riskBand: { in: ['AMBER', 'RED'] } },
      orderBy: [{ riskScore: 'desc' }, { arrMinor: 'desc' }, { id: 'asc' }],
      include: { _count: { select: { stakeholders: true } } },
    });
    const atRisk = page.getByRole('region', { name: 'At-risk accounts' });
    await atRisk.getByRole('button', { name: riskiest.name, exact: true }).first().click({ timeout: 15_000 });
    const panel = page.getByRole('complementary', { name: `Account: ${riskiest.name}` });
    const map = panel.getByRole('img', { name: /^Relationship map/ });
    await map.waitFor({ timeout: 15_000 });
    const shown = Math.min(50, riskiest._count.stakeholders);
    expect(await map.getAttribute('aria-label')).toMatch(new RegExp(`^Relationship map: ${shown} stakeholders, `));
    expect(await map.locator('.node.stakeholder').count()).toBe(shown);
    // People who left are marked on the map (their threads no longer count), as coverage reads them.
    if (shown === riskiest._count.stakeholders) {
      const departed = await api.prisma.stakeholder.count({ where: { accountId: riskiest.id, status: 'DEPARTED' } });
      expect(await map.locator('.node.departed').count()).toBe(departed);
    }
    const fit = await panel.evaluate((element) => ({ scroll: element.scrollWidth, client: element.clientWidth }));
    expect(fit.scroll).toBeLessThanOrEqual(fit.client);
    await panel.screenshot({ path: join(ARTIFACTS, 'dashboard-account-map.png') });
    await panel.getByRole('button', { name: 'Close' }).click();
    expect(await panel.count()).toBe(0);
    await page.close();
  });
});

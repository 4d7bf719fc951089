/** Opens the CS managers' dashboard (entrypoints/dashboard) in a tab. */

import { browser } from '#imports';

export const DASHBOARD_PATH = '/dashboard.html';

export async function openDashboard(): Promise<void> {
  await browser.tabs.create({ url: browser.runtime.getURL(DASHBOARD_PATH) });
}

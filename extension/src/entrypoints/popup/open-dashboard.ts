/**
 * Opens the CS managers' dashboard in a tab. The dashboard entrypoint (dashboard.html) arrives in a
 * later change; until then WXT's generated PublicPath type does not list it, hence the cast.
 */

import type { PublicPath } from 'wxt/browser';
import { browser } from '#imports';

export const DASHBOARD_PATH = '/dashboard.html' as PublicPath;

export async function openDashboard(): Promise<void> {
  await browser.tabs.create({ url: browser.runtime.getURL(DASHBOARD_PATH) });
}

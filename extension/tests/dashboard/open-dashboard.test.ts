import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DASHBOARD_PATH, openDashboard } from '@/entrypoints/popup/open-dashboard';

describe('opening the dashboard from the popup', () => {
  beforeEach(() => fakeBrowser.reset());

  it('opens dashboard.html of this extension in a new tab', async () => {
    await openDashboard();
    const tabs = await fakeBrowser.tabs.query({});
    expect(tabs.map((tab) => tab.url)).toContain(fakeBrowser.runtime.getURL(DASHBOARD_PATH));
    expect(DASHBOARD_PATH).toBe('/dashboard.html');
  });
});

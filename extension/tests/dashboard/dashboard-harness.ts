/**
 * The dashboard's tests share one harness: saved settings in WXT's fake browser, the host
 * permission, and MSW answering the GraphQL client's fetch from a fresh FakeDashboardApi per test.
 */
import { cleanup } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { apiToken, apiUrl } from '@/utils/storage';
import { installFakePermissions } from '../support/extension-contexts';
import { API_PERMISSION, API_URL, VALID_TOKEN } from '../support/fake-api';
import { FakeDashboardApi } from './fake-dashboard-api';

/** Registers the hooks; `onApi` receives each test's fake API before the test runs. */
export function useFakeDashboardApi(onApi: (api: FakeDashboardApi) => void): void {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  beforeEach(async () => {
    fakeBrowser.reset();
    const api = new FakeDashboardApi();
    onApi(api);
    server.use(...api.handlers);
    installFakePermissions([API_PERMISSION]);
    await apiUrl.setValue(API_URL);
    await apiToken.setValue(VALID_TOKEN);
  });
  afterEach(() => {
    cleanup();
    server.resetHandlers();
  });
  afterAll(() => server.close());
}

import { defineConfig } from 'wxt';

// See https://wxt.dev/api/config.html
export default defineConfig({
  srcDir: 'src',
  modules: ['@wxt-dev/module-react'],
  // Explicit imports (from '#imports' or the package) instead of auto-imported globals.
  imports: false,
  // Manifest V3 for every browser (WXT would otherwise build Firefox as MV2).
  manifestVersion: 3,
  manifest: ({ browser }) => ({
    name: 'Threadwatch',
    description: 'See who holds your customer relationships while you browse profiles and company pages.',
    // `scripting`: the overlay's UI is injected only on pages that have something to show.
    permissions: ['storage', 'alarms', 'scripting'],
    // The Threadwatch API origin is configured by the user and requested at runtime with
    // browser.permissions.request(); nothing is granted at install time.
    optional_host_permissions: ['http://*/*', 'https://*/*'],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'extension@threadwatch.app',
              // What the user confirms is sent to their organization's Threadwatch API: names,
              // titles and profile links read from the page they are looking at.
              data_collection_permissions: { required: ['personallyIdentifyingInfo', 'websiteContent'] },
            },
          },
        }
      : {}),
  }),
});

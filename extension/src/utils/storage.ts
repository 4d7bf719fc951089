import { storage } from '#imports';

/**
 * Base URL of the Threadwatch GraphQL API (for example `https://threadwatch.example.com`),
 * or null until the user configures it in settings.
 *
 * `local:` storage is readable by content scripts, so only non-secret settings belong here.
 * The API token must never be stored in a `local:` item: keep it in `session:` storage (which
 * content scripts cannot read by default) or in an item that only the background reads.
 */
export const apiUrl = storage.defineItem<string | null>('local:apiUrl', { fallback: null });

/**
 * The optional host permission for the API origin. The manifest grants no host at install time
 * (`optional_host_permissions`); the popup asks for exactly the configured origin when the user
 * saves settings, and the background checks it before every request.
 */
import { browser } from '#imports';
import type { ApiEndpoint } from './api-settings';

function permissionsFor(endpoint: ApiEndpoint): { origins: string[] } {
  return { origins: [endpoint.permissionPattern] };
}

/**
 * Shows the browser's permission prompt. Call it synchronously from the click or submit handler,
 * before any `await`: Firefox only allows the request within the user's gesture.
 */
export async function requestApiPermission(endpoint: ApiEndpoint): Promise<boolean> {
  try {
    return await browser.permissions.request(permissionsFor(endpoint));
  } catch {
    // Thrown for a pattern the manifest does not allow, or outside a user gesture.
    return false;
  }
}

export async function hasApiPermission(endpoint: ApiEndpoint): Promise<boolean> {
  try {
    return await browser.permissions.contains(permissionsFor(endpoint));
  } catch {
    return false;
  }
}

/**
 * The toolbar badge: how many flags the API has not confirmed yet (queued, sending or failed),
 * red when any of them needs the user (failed), grey otherwise, empty when all are sent.
 */
import { browser } from '#imports';
import { isUnsent, type QueueItem } from './queue-item';

export const BADGE_COLOR_WAITING = '#475467';
export const BADGE_COLOR_FAILED = '#b42318';

export function badgeText(items: readonly QueueItem[]): string {
  const unsent = items.filter(isUnsent).length;
  if (unsent === 0) return '';
  return unsent > 99 ? '99+' : String(unsent);
}

export async function showQueueOnBadge(items: readonly QueueItem[]): Promise<void> {
  const failed = items.some((item) => item.status === 'failed');
  await browser.action.setBadgeBackgroundColor({ color: failed ? BADGE_COLOR_FAILED : BADGE_COLOR_WAITING });
  await browser.action.setBadgeText({ text: badgeText(items) });
}

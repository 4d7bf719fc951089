/**
 * The one alarm that wakes the background for the next retry. Alarms outlive the service worker
 * (Chrome stops it after ~30 s idle) but not always a browser restart, so the background re-creates
 * it at every start from the queue itself (see entrypoints/background/start-background.ts).
 */
import { browser } from '#imports';

export const RETRY_ALARM_NAME = 'flag-queue-retry';

/** Sets the alarm to `when` (epoch ms), or removes it when nothing is waiting. */
export async function scheduleRetryAlarm(when: number | null): Promise<void> {
  if (when === null) {
    await browser.alarms.clear(RETRY_ALARM_NAME);
    return;
  }
  await browser.alarms.create(RETRY_ALARM_NAME, { when });
}

export function onRetryAlarm(listener: () => void): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === RETRY_ALARM_NAME) listener();
  });
}

/**
 * One test world for the background: WXT's fake browser (reset before each test), the fake API
 * behind MSW, an in-memory permission store, a settable clock, and the background started on top
 * (again after a simulated service-worker stop, against the same storage).
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { type RunningBackground, startBackground } from '@/entrypoints/background/start-background';
import type { QueueItem } from '@/queue/queue-item';
import { RETRY_ALARM_NAME } from '@/queue/retry-alarm';
import { apiToken, apiUrl, flagQueue } from '@/utils/storage';
import { type FakePermissions, installFakePermissions, stopServiceWorker } from './extension-contexts';
import { API_PERMISSION, API_URL, FakeThreadwatchApi, VALID_TOKEN } from './fake-api';

export const T0 = Date.parse('2026-11-23T10:00:00.000Z');

export class BackgroundWorld {
  api = new FakeThreadwatchApi();
  permissions!: FakePermissions;
  /** The background's clock (epoch ms); tests move it forward. */
  now = T0;
  private current: RunningBackground | null = null;

  /** The running background (the latest one started). */
  get background(): RunningBackground {
    if (!this.current) throw new Error('start() the background first');
    return this.current;
  }

  /** Starts the background (its start-up runs against the current storage) and waits until it is ready. */
  async start(): Promise<RunningBackground> {
    this.current = startBackground({ now: () => this.now, random: () => 0.5 });
    await this.current.ready;
    return this.current;
  }

  /** Stops the service worker (optionally with a browser restart) and starts a new one. */
  async restart(options: { browserRestart?: boolean } = {}): Promise<RunningBackground> {
    await this.current?.worker.idle();
    await stopServiceWorker(options);
    return this.start();
  }

  /** When the retry alarm will fire, or undefined when none is set. */
  async alarmTime(): Promise<number | undefined> {
    return (await fakeBrowser.alarms.get(RETRY_ALARM_NAME))?.scheduledTime;
  }

  /** Moves the clock to the retry alarm, fires it, and waits for the round to finish. */
  async fireRetryAlarm(): Promise<void> {
    const alarm = await fakeBrowser.alarms.get(RETRY_ALARM_NAME);
    if (!alarm) throw new Error('no retry alarm is set');
    this.now = Math.max(this.now, alarm.scheduledTime);
    await fakeBrowser.alarms.onAlarm.trigger(alarm);
    await this.background.worker.idle();
  }

  /** Waits until the background has finished sending. */
  async settled(): Promise<void> {
    await this.current?.worker.idle();
  }

  items(): Promise<QueueItem[]> {
    return flagQueue.getValue();
  }

  badge(): Promise<string> {
    return fakeBrowser.action.getBadgeText({});
  }

  reset(): void {
    this.current = null;
    this.now = T0;
    this.api = new FakeThreadwatchApi();
  }
}

export function useBackgroundWorld(options: { configured?: boolean } = {}): BackgroundWorld {
  const server = setupServer();
  const world = new BackgroundWorld();

  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  beforeEach(async () => {
    fakeBrowser.reset();
    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({
      manifest_version: 3,
      name: 'Threadwatch',
      version: '1.2.3',
    });
    world.reset();
    server.use(...world.api.handlers);
    world.permissions = installFakePermissions(options.configured === false ? [] : [API_PERMISSION]);
    if (options.configured !== false) {
      await apiUrl.setValue(API_URL);
      await apiToken.setValue(VALID_TOKEN);
    }
  });
  afterEach(async () => {
    await world.settled();
    server.resetHandlers();
  });
  afterAll(() => server.close());

  return world;
}

import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { QueueItem } from '@/queue/queue-item';
import { apiToken, flagQueue } from '@/utils/storage';
import { T0, useBackgroundWorld } from '../support/background-world';
import { linkedInSender, POPUP_SENDER, sendFrom } from '../support/extension-contexts';
import { API_PERMISSION, API_URL, KNOWN_ACCOUNT_ID, KNOWN_PROFILE_URL, VALID_TOKEN } from '../support/fake-api';

const world = useBackgroundWorld();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function jobChange(observedName = 'Jane Doe') {
  return {
    kind: 'LEFT_COMPANY',
    observedAt: '2026-11-23T09:58:00Z',
    profileUrl: KNOWN_PROFILE_URL,
    observedName,
    observedTitle: 'CFO',
    observedCompany: 'Globex',
    pageUrl: KNOWN_PROFILE_URL,
  } as const;
}

/** A content script on the profile page enqueues a flag; returns its idempotency key. */
async function flagFromProfilePage(observedName?: string): Promise<string> {
  const response = await sendFrom(linkedInSender(), { type: 'enqueueFlag', flag: jobChange(observedName) });
  if (response.type !== 'ok' || !('item' in response.value))
    throw new Error(`enqueue failed: ${JSON.stringify(response)}`);
  return response.value.item.idempotencyKey;
}

async function onlyItem(): Promise<QueueItem> {
  const items = await world.items();
  expect(items).toHaveLength(1);
  return items[0] as QueueItem;
}

describe('flag queue', () => {
  it('writes the flag to the queue first, then sends it; the API receives it with its key', async () => {
    await world.start();
    const response = await sendFrom(linkedInSender(), { type: 'enqueueFlag', flag: jobChange() });

    // The answer comes once the flag is stored, before it is sent.
    expect(response).toMatchObject({ type: 'ok', value: { item: { status: 'queued', attempts: 0, createdAt: T0 } } });
    const key = response.type === 'ok' && 'item' in response.value ? response.value.item.idempotencyKey : '';
    expect(key).toMatch(UUID);

    await world.settled();
    expect(await onlyItem()).toEqual({
      idempotencyKey: key,
      flag: { kind: 'jobChange', input: jobChange() },
      createdAt: T0,
      attempts: 1,
      status: 'sent',
      sentAt: T0,
      outcome: 'Flag recorded for Jane Doe.',
    });
    expect(world.api.flags.get(key)?.input).toEqual({ ...jobChange(), idempotencyKey: key });
    expect(world.api.flagRequests()).toHaveLength(1);
    expect(await world.badge()).toBe('');
    expect(await world.alarmTime()).toBeUndefined();
  });

  it('retries with backoff while the API is down, and delivers once when it is back', async () => {
    world.api.outage = true;
    await world.start();
    const key = await flagFromProfilePage();
    await world.settled();

    expect(await onlyItem()).toMatchObject({
      status: 'queued',
      attempts: 1,
      nextAttemptAt: T0 + 30_000,
      lastError:
        'Cannot reach the Threadwatch API at https://threadwatch.test. Check the URL and that the API is running.',
    });
    expect(await world.alarmTime()).toBe(T0 + 30_000);
    expect(await world.badge()).toBe('1');

    await world.fireRetryAlarm();
    expect(await onlyItem()).toMatchObject({ status: 'queued', attempts: 2, nextAttemptAt: T0 + 30_000 + 60_000 });
    await world.fireRetryAlarm();
    expect(await onlyItem()).toMatchObject({ status: 'queued', attempts: 3, nextAttemptAt: T0 + 90_000 + 120_000 });
    expect(await world.alarmTime()).toBe(T0 + 210_000);
    expect(world.api.flagRequests()).toHaveLength(0);

    world.api.outage = false;
    await world.fireRetryAlarm();
    expect(await onlyItem()).toMatchObject({ status: 'sent', attempts: 4, outcome: 'Flag recorded for Jane Doe.' });
    expect([...world.api.flags.keys()]).toEqual([key]);
    expect(world.api.flagRequests()).toHaveLength(1);
    expect(await world.badge()).toBe('');
    expect(await world.alarmTime()).toBeUndefined();
  });

  it('delivers exactly one flag per key across lost answers, a service-worker stop and a browser restart', async () => {
    world.api.outage = true;
    await world.start();
    const keys = [await flagFromProfilePage('Jane Doe'), await flagFromProfilePage('Jane D.')];
    await world.settled();
    expect((await world.items()).map((item) => item.status)).toEqual(['queued', 'queued']);
    expect(await world.badge()).toBe('2');

    // The API is back but its answers are lost on the way: it records the first flag, the worker
    // cannot know and backs off (holding the second flag with it).
    world.api.outage = false;
    world.api.loseResponses = true;
    await world.fireRetryAlarm();
    expect(world.api.flags.size).toBe(1);
    expect(world.api.flagRequests()).toHaveLength(1);

    // Chrome stops the idle worker; the next one re-creates the alarm from the stored queue and
    // sends the first flag again: a replay for the API, and the answer is lost once more.
    await world.restart();
    expect(await world.alarmTime()).toBeDefined();
    await world.fireRetryAlarm();
    expect(world.api.flags.size).toBe(1);
    expect(world.api.flagRequests()).toHaveLength(2);

    // The browser restarts and drops every alarm; start-up re-creates it from the queue.
    await world.restart({ browserRestart: true });
    expect(await world.alarmTime()).toBeGreaterThan(world.now);
    world.api.loseResponses = false;
    await world.fireRetryAlarm();

    const items = await world.items();
    expect(items.map((item) => [item.idempotencyKey, item.status === 'sent' && item.outcome])).toEqual([
      [keys[0], 'Flag recorded for Jane Doe (it had already arrived).'],
      [keys[1], 'Flag recorded for Jane Doe.'],
    ]);
    // Four requests reached the API, each with its item's own key…
    const requestKeys = world.api
      .flagRequests()
      .map((request) => (request.variables.input as { idempotencyKey: string }).idempotencyKey);
    expect(requestKeys).toEqual([keys[0], keys[0], keys[0], keys[1]]);
    // …and the API holds exactly one flag per key.
    expect([...world.api.flags.keys()]).toEqual(keys);
    expect(await world.badge()).toBe('');
  });

  it('sends again, with the same key, a flag that was in flight when the worker stopped', async () => {
    const key = '0b6f3e9a-4c1d-4e2f-8a3b-5c6d7e8f9a0b';
    const inFlight: QueueItem = {
      idempotencyKey: key,
      flag: { kind: 'jobChange', input: jobChange() },
      createdAt: T0 - 60_000,
      attempts: 1,
      status: 'sending',
      sendingSince: T0 - 50_000,
    };
    await flagQueue.setValue([inFlight]);

    await world.start();

    expect(await onlyItem()).toMatchObject({ idempotencyKey: key, status: 'sent', attempts: 2 });
    expect(world.api.flags.has(key)).toBe(true);
  });

  it('marks a flag the API refuses as failed with the reason, and does not retry it by itself', async () => {
    world.api.refuseFlag = () => 'observedCompany: Must not contain control characters.';
    await world.start();
    await flagFromProfilePage();
    await world.settled();

    expect(await onlyItem()).toMatchObject({
      status: 'failed',
      waitsFor: 'retry-button',
      attempts: 1,
      reason: 'Refused by the API: input: observedCompany: Must not contain control characters.',
    });
    expect(await world.alarmTime()).toBeUndefined();
    expect(await world.badge()).toBe('1');
    expect(await fakeBrowser.action.getBadgeBackgroundColor({})).toEqual([0xb4, 0x23, 0x18, 255]);

    // Time passes, the worker wakes for other reasons: the refused flag stays put.
    world.now += 24 * 60 * 60_000;
    await world.restart({ browserRestart: true });
    await flagFromProfilePage('Someone Else');
    await world.settled();
    expect(world.api.flagRequests()).toHaveLength(2);
    expect((await world.items())[0]).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('keeps the failure with a failed item as the API layer made it, beside the sentence shown for it', async () => {
    world.api.token = `tw_${'Z'.repeat(43)}`;
    await world.start();
    await flagFromProfilePage();
    await world.settled();
    expect(await onlyItem()).toMatchObject({
      status: 'failed',
      failure: { kind: 'unauthenticated', message: 'Token rejected: Invalid or revoked API token.', status: 401 },
      reason:
        'Token rejected: Invalid or revoked API token. Save a valid token in settings; the flag is sent again then.',
    });
  });

  it('fails on a rejected token with a token message, and sends once the token is replaced', async () => {
    world.api.token = `tw_${'Z'.repeat(43)}`;
    await world.start();
    const key = await flagFromProfilePage();
    await world.settled();

    expect(await onlyItem()).toMatchObject({
      status: 'failed',
      waitsFor: 'settings',
      reason:
        'Token rejected: Invalid or revoked API token. Save a valid token in settings; the flag is sent again then.',
    });
    expect(await world.alarmTime()).toBeUndefined();

    const saved = await sendFrom(POPUP_SENDER, { type: 'saveSettings', apiUrl: API_URL, token: world.api.token });
    expect(saved).toMatchObject({ type: 'ok', value: { hasToken: true } });
    await world.settled();

    expect(await onlyItem()).toMatchObject({ status: 'sent', idempotencyKey: key });
    expect(world.api.flags.size).toBe(1);
  });

  it('keeps flags made with an expired token, says so in the popup, and sends them once a new token is saved', async () => {
    world.api.expiredTokens.set(VALID_TOKEN, '2026-11-30T12:00:00.000Z');
    const fresh = `tw_${'N'.repeat(43)}`;
    world.api.token = fresh;
    await world.start();
    const keys = [await flagFromProfilePage('Jane Doe'), await flagFromProfilePage('John Roe')];
    await world.settled();

    const items = await world.items();
    expect(items).toHaveLength(2);
    for (const item of items)
      expect(item).toMatchObject({
        status: 'failed',
        waitsFor: 'settings',
        reason:
          "Your token expired on 30 November 2026 — create a new one (ask an admin if you cannot) and save it in the Threadwatch popup's settings. The flag is kept and sent once a new token is saved.",
      });
    expect(await world.alarmTime()).toBeUndefined();
    expect(world.api.flags.size).toBe(0);
    // The popup's connection line learns it from the failed send, not only from a connection test.
    const settings = await sendFrom(POPUP_SENDER, { type: 'getSettings' });
    expect(settings).toMatchObject({
      type: 'ok',
      value: { connection: { state: 'failed', kind: 'token-expired', expiresAt: '2026-11-30T12:00:00.000Z' } },
    });

    const saved = await sendFrom(POPUP_SENDER, { type: 'saveSettings', apiUrl: API_URL, token: fresh });
    expect(saved).toMatchObject({ type: 'ok', value: { hasToken: true, connection: null } });
    await world.settled();
    expect((await world.items()).map((item) => [item.idempotencyKey, item.status]).sort()).toEqual(
      keys.map((key) => [key, 'sent']).sort(),
    );
    expect(world.api.flags.size).toBe(2);
  });

  it('holds flags until the API is configured and its origin allowed', async () => {
    await apiToken.removeValue();
    world.permissions.granted.clear();
    await world.start();
    await flagFromProfilePage();
    await world.settled();
    expect(await onlyItem()).toMatchObject({
      status: 'failed',
      waitsFor: 'settings',
      reason: 'Not sent yet. Set the API URL and token in the Threadwatch popup.',
    });

    await sendFrom(POPUP_SENDER, { type: 'saveSettings', apiUrl: API_URL, token: VALID_TOKEN });
    await world.settled();
    expect(await onlyItem()).toMatchObject({
      status: 'failed',
      reason:
        'Not sent yet. Threadwatch may not contact https://threadwatch.test yet: save the settings in the popup and allow access.',
    });

    // The user allows the origin (from the popup's prompt): the background sends what waited.
    await fakeBrowser.permissions.request({ origins: [API_PERMISSION] });
    await vi.waitFor(async () => expect(await onlyItem()).toMatchObject({ status: 'sent' }));
    expect(world.api.flags.size).toBe(1);
  });

  it('sends a failed flag again with the same key when the user presses Retry', async () => {
    world.api.refuseFlag = () => 'Stakeholder is being merged; try later.';
    await world.start();
    const key = await flagFromProfilePage();
    await world.settled();
    expect(await onlyItem()).toMatchObject({ status: 'failed' });

    world.api.refuseFlag = () => null;
    const retried = await sendFrom(POPUP_SENDER, { type: 'retryItem', idempotencyKey: key });
    expect(retried).toMatchObject({
      type: 'ok',
      value: { item: { idempotencyKey: key, status: 'queued', attempts: 0 } },
    });
    await world.settled();

    expect(await onlyItem()).toMatchObject({ idempotencyKey: key, status: 'sent', attempts: 1 });
    expect([...world.api.flags.keys()]).toEqual([key]);

    await expect(sendFrom(POPUP_SENDER, { type: 'retryItem', idempotencyKey: key })).resolves.toEqual({
      type: 'error',
      code: 'not-retryable',
      reason: 'This flag is being sent, already sent, or no longer in the queue.',
    });
  });

  it.each([
    {
      name: 'an HTML page with status 200',
      respondWith: { status: 200, body: '<html>Sign in</html>' },
      error: /something other than JSON/,
    },
    { name: 'a 502 from a proxy', respondWith: { status: 502, body: 'Bad gateway' }, error: /failed \(HTTP 502\)/ },
    {
      name: 'JSON without data',
      respondWith: { status: 200, body: '{"ok":true}', contentType: 'application/json' },
      error: /JSON without a data object/,
    },
  ])('retries after $name, then delivers', async ({ respondWith, error }) => {
    world.api.respondWith = respondWith;
    await world.start();
    await flagFromProfilePage();
    await world.settled();
    expect(await onlyItem()).toMatchObject({
      status: 'queued',
      attempts: 1,
      nextAttemptAt: T0 + 30_000,
      lastError: expect.stringMatching(error),
    });

    world.api.respondWith = null;
    await world.fireRetryAlarm();
    expect(await onlyItem()).toMatchObject({ status: 'sent' });
    expect(world.api.flags.size).toBe(1);
  });

  it('adds a stakeholder through the queue, and fails with the duplicates when the API finds some', async () => {
    await world.start();
    const stakeholder = {
      accountId: KNOWN_ACCOUNT_ID,
      fullName: 'Ann Smith',
      title: 'Head of IT',
      buyingRoles: ['CHAMPION'],
    };
    await sendFrom(linkedInSender('https://www.linkedin.com/company/acme/'), {
      type: 'enqueueAddStakeholder',
      stakeholder,
    });
    await sendFrom(linkedInSender('https://www.linkedin.com/company/acme/'), {
      type: 'enqueueAddStakeholder',
      stakeholder: { accountId: KNOWN_ACCOUNT_ID, fullName: 'Jane Doe' },
    });
    await world.settled();

    const [added, duplicate] = await world.items();
    expect(added).toMatchObject({ status: 'sent', outcome: 'Ann Smith added to the account.' });
    expect(duplicate).toMatchObject({
      status: 'failed',
      waitsFor: 'retry-button',
      reason:
        'Conflict: Not added: possibly the same person as Jane Doe. Link the profile to them instead, or add the person anyway.',
    });
    expect(world.api.stakeholdersAdded.size).toBe(1);
  });
});

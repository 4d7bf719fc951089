import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { FlagQueue, MAX_UNSENT_ITEMS, QueueFullError, SENT_ITEMS_KEPT } from '@/queue/flag-queue';
import { describeFlag, type QueuedFlag } from '@/queue/queue-item';
import { flagQueue } from '@/utils/storage';

const T0 = Date.parse('2026-11-23T10:00:00Z');

function flag(observedName: string): QueuedFlag {
  return {
    kind: 'jobChange',
    input: { kind: 'PROMOTION', observedAt: '2026-11-23T09:00:00Z', observedName, accountId: 'QWNjb3VudDox' },
  };
}

function key(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

describe('FlagQueue', () => {
  let queue: FlagQueue;

  beforeEach(() => {
    fakeBrowser.reset();
    queue = new FlagQueue(flagQueue);
  });

  it('keeps every concurrent enqueue (changes run one after another)', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, n) => queue.enqueue(flag(`Person ${n}`), key(n), T0 + n)));
    const items = await queue.list();
    expect(items.map((item) => item.idempotencyKey)).toEqual(Array.from({ length: 20 }, (_, n) => key(n)));
  });

  it('claims due items oldest first, counting attempts, and never one that is not due', async () => {
    await queue.enqueue(flag('A'), key(1), T0);
    await queue.enqueue(flag('B'), key(2), T0 + 1);
    await queue.markForRetry(key(1), 'down', T0 + 60_000);

    await expect(queue.claimDue(T0 + 10)).resolves.toMatchObject({
      idempotencyKey: key(2),
      status: 'sending',
      attempts: 1,
    });
    await expect(queue.claimDue(T0 + 10)).resolves.toBeNull();
    await expect(queue.claimDue(T0 + 60_000)).resolves.toMatchObject({ idempotencyKey: key(1), attempts: 1 });
  });

  it(`keeps only the newest ${SENT_ITEMS_KEPT} sent items, and every unsent one`, async () => {
    for (let n = 0; n < SENT_ITEMS_KEPT + 5; n += 1) {
      await queue.enqueue(flag(`Sent ${n}`), key(n), T0 + n);
      await queue.markSent(key(n), 'ok', T0 + 1000 + n);
    }
    await queue.enqueue(flag('Waiting'), key(999), T0 - 1);

    const items = await queue.list();
    expect(items.filter((item) => item.status === 'sent')).toHaveLength(SENT_ITEMS_KEPT);
    expect(items.some((item) => item.idempotencyKey === key(0))).toBe(false);
    expect(items.some((item) => item.idempotencyKey === key(SENT_ITEMS_KEPT + 4))).toBe(true);
    expect(items[0]).toMatchObject({ idempotencyKey: key(999), status: 'queued' });
  });

  it('refuses new items when too many wait, without touching the others', async () => {
    await flagQueue.setValue(
      Array.from({ length: MAX_UNSENT_ITEMS }, (_, n) => ({
        idempotencyKey: key(n),
        flag: flag(`P${n}`),
        createdAt: T0,
        attempts: 0,
        status: 'queued' as const,
        nextAttemptAt: T0,
        lastError: null,
      })),
    );
    await expect(queue.enqueue(flag('One more'), key(9999), T0)).rejects.toBeInstanceOf(QueueFullError);
    expect(await queue.list()).toHaveLength(MAX_UNSENT_ITEMS);
  });

  it('re-queues items that were sending when the worker stopped', async () => {
    await queue.enqueue(flag('A'), key(1), T0);
    await queue.claimDue(T0);
    await expect(queue.recoverInterrupted(T0 + 5)).resolves.toBe(1);
    expect((await queue.list())[0]).toMatchObject({
      status: 'queued',
      attempts: 1,
      nextAttemptAt: T0 + 5,
      lastError: 'Interrupted while sending; sending again.',
    });
  });

  it('releases only the items waiting for settings', async () => {
    await queue.enqueue(flag('Token'), key(1), T0);
    await queue.enqueue(flag('Refused'), key(2), T0);
    await queue.markFailed(key(1), 'Token rejected', 'settings', T0);
    await queue.markFailed(key(2), 'Refused by the API', 'retry-button', T0);

    await expect(queue.release('settings', T0 + 1)).resolves.toBe(1);
    const [token, refused] = await queue.list();
    expect(token).toMatchObject({ status: 'queued', nextAttemptAt: T0 + 1, lastError: 'Token rejected' });
    expect(refused).toMatchObject({ status: 'failed', waitsFor: 'retry-button' });
  });

  it('retries by hand only what is waiting or failed, resetting the backoff', async () => {
    await queue.enqueue(flag('A'), key(1), T0);
    await queue.claimDue(T0);
    await queue.markFailed(key(1), 'Refused', 'retry-button', T0);

    await expect(queue.retry(key(1), T0 + 10)).resolves.toMatchObject({
      status: 'queued',
      attempts: 0,
      nextAttemptAt: T0 + 10,
    });
    await queue.claimDue(T0 + 10);
    await expect(queue.retry(key(1), T0 + 20)).resolves.toBeNull();
    await queue.markSent(key(1), 'ok', T0 + 30);
    await expect(queue.retry(key(1), T0 + 40)).resolves.toBeNull();
    await expect(queue.retry(key(2), T0 + 40)).resolves.toBeNull();
  });

  it('knows when the next queued item is due', async () => {
    await expect(queue.nextAttemptAt()).resolves.toBeNull();
    await queue.enqueue(flag('A'), key(1), T0);
    await queue.enqueue(flag('B'), key(2), T0);
    await queue.markForRetry(key(1), 'down', T0 + 90_000);
    await queue.markForRetry(key(2), 'down', T0 + 30_000);
    await expect(queue.nextAttemptAt()).resolves.toBe(T0 + 30_000);
  });
});

describe('describeFlag', () => {
  it.each([
    { flag: flag('Jane Doe'), label: 'Promotion: Jane Doe' },
    {
      flag: {
        kind: 'jobChange',
        input: {
          kind: 'LEFT_COMPANY',
          observedAt: '2026-11-23T09:00:00Z',
          profileUrl: 'https://www.linkedin.com/in/j%C3%B6rg-m/',
        },
      },
      label: 'Left company: jörg-m',
    },
    {
      flag: { kind: 'jobChange', input: { kind: 'LEAVING_SOON', observedAt: 'x', stakeholderId: 'U3Q' } },
      label: 'Leaving soon: a stakeholder',
    },
    { flag: { kind: 'addStakeholder', input: { accountId: 'QQ', fullName: 'Ann Smith' } }, label: 'Add Ann Smith' },
  ] as const)('labels $label', ({ flag: queued, label }) => {
    expect(describeFlag(queued as QueuedFlag)).toBe(label);
  });
});

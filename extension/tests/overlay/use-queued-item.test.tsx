// The overlay follows an item it queued, and lists the unsent flags about the person shown, by
// watching the queue's storage: a change the background writes shows at once, with no clock running
// and without asking the background.
import { act, cleanup, render, screen } from '@testing-library/react';
import { useEffect } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { QueuedStatus } from '@/overlay/QueuedStatus';
import { useQueuedFlagsAbout } from '@/overlay/use-queue-items';
import { useQueuedItem } from '@/overlay/use-queued-item';
import type { QueuedFlag, QueueItem } from '@/queue/queue-item';
import { flagQueue } from '@/utils/storage';

const KEY = '0f8e4c1a-5b2d-4e6f-9a7b-3c2d1e0f9a8b';
const OTHER_KEY = '1f8e4c1a-5b2d-4e6f-9a7b-3c2d1e0f9a8b';
const T0 = Date.parse('2026-11-23T10:00:00.000Z');

const FLAG: QueuedFlag = {
  kind: 'jobChange',
  input: { kind: 'LEFT_COMPANY', observedAt: '2026-11-23T10:00:00.000Z', stakeholderId: 'U3Q' },
};

function item(key: string, lastError: string | null = null): QueueItem {
  return {
    idempotencyKey: key,
    flag: FLAG,
    createdAt: T0,
    attempts: 0,
    status: 'queued',
    nextAttemptAt: T0,
    lastError,
  };
}

function sent(key: string, outcome: string): QueueItem {
  return { idempotencyKey: key, flag: FLAG, createdAt: T0, attempts: 1, status: 'sent', sentAt: T0 + 1, outcome };
}

/** Follows `queued` from its first render, as a form does once the background answered. */
function Follower({ queued }: { queued: QueueItem }) {
  const { state, follow } = useQueuedItem();
  useEffect(() => follow(queued), [follow, queued]);
  return <QueuedStatus state={state} />;
}

/** Lets storage events and React updates run (promises only: fake timers stay where they are). */
async function flush() {
  await act(async () => {
    for (let n = 0; n < 5; n += 1) await Promise.resolve();
  });
}

beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers();
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('useQueuedItem', () => {
  it('shows a change the background writes to the queue without any clock advancing', async () => {
    const sendMessage = vi.spyOn(fakeBrowser.runtime, 'sendMessage');
    await flagQueue.setValue([item(KEY)]);
    render(<Follower queued={item(KEY)} />);
    await flush();
    expect(screen.getByRole('status').textContent).toBe('Queued');

    await act(() => flagQueue.setValue([item(KEY, 'The API is down.')]));
    await flush();
    expect(screen.getByRole('status').textContent).toBe('Queued (will retry: The API is down.)');

    await act(() => flagQueue.setValue([sent(KEY, 'Flag recorded for Jane Doe.')]));
    await flush();
    expect(screen.getByRole('status').textContent).toBe('Sent. Flag recorded for Jane Doe.');

    expect(vi.getTimerCount()).toBe(0);
    expect(sendMessage).not.toHaveBeenCalled();
  });

  it('looks only at its own item', async () => {
    await flagQueue.setValue([item(KEY), item(OTHER_KEY)]);
    render(<Follower queued={item(KEY)} />);
    await flush();
    await act(() => flagQueue.setValue([item(KEY), sent(OTHER_KEY, 'Someone else’s flag.')]));
    await flush();
    expect(screen.getByRole('status').textContent).toBe('Queued');
  });

  it('catches up on a change written before it began watching', async () => {
    await flagQueue.setValue([sent(KEY, 'Flag recorded for Jane Doe.')]);
    render(<Follower queued={item(KEY)} />);
    await flush();
    expect(screen.getByRole('status').textContent).toBe('Sent. Flag recorded for Jane Doe.');
  });

  it('stops watching when it unmounts', async () => {
    const added = vi.spyOn(fakeBrowser.storage.local.onChanged, 'addListener');
    const removed = vi.spyOn(fakeBrowser.storage.local.onChanged, 'removeListener');
    const { unmount } = render(<Follower queued={item(KEY)} />);
    await flush();
    expect(added).toHaveBeenCalledTimes(1);
    const listener = added.mock.calls[0]?.[0];
    expect(removed).not.toHaveBeenCalled();

    unmount();
    expect(removed).toHaveBeenCalledWith(listener);
  });
});

/** The keys of the queue's items about `stakeholderId`, as the profile card gets them. */
function AboutPerson({ stakeholderId }: { stakeholderId: string }) {
  const items = useQueuedFlagsAbout({ stakeholderId, profileUrl: null });
  return <output>{items.map((queued) => queued.idempotencyKey).join(' ')}</output>;
}

describe('useQueuedFlagsAbout', () => {
  const ABOUT_OTHER = '2f8e4c1a-5b2d-4e6f-9a7b-3c2d1e0f9a8b';
  const ADD = '3f8e4c1a-5b2d-4e6f-9a7b-3c2d1e0f9a8b';
  const aboutSomeoneElse: QueueItem = {
    ...item(ABOUT_OTHER),
    flag: {
      kind: 'jobChange',
      input: { kind: 'PROMOTION', observedAt: '2026-11-23T10:00:00.000Z', stakeholderId: 'U3R' },
    },
  };
  const anAdd: QueueItem = {
    ...item(ADD),
    flag: { kind: 'addStakeholder', input: { accountId: 'QWM', fullName: 'Sam Lee' } },
  };

  it('keeps only the job-change items about the person, and follows the queue without asking or a clock', async () => {
    const sendMessage = vi.spyOn(fakeBrowser.runtime, 'sendMessage');
    await flagQueue.setValue([aboutSomeoneElse, item(KEY), anAdd]);
    render(<AboutPerson stakeholderId="U3Q" />);
    await flush();
    expect(screen.getByRole('status').textContent).toBe(KEY);

    await act(() => flagQueue.setValue([aboutSomeoneElse, sent(KEY, 'Flag recorded.'), item(OTHER_KEY), anAdd]));
    await flush();
    expect(screen.getByRole('status').textContent).toBe(`${KEY} ${OTHER_KEY}`);

    expect(vi.getTimerCount()).toBe(0);
    expect(sendMessage).not.toHaveBeenCalled();
  });

  it('shows nothing of the previous person once another is shown', async () => {
    await flagQueue.setValue([item(KEY), aboutSomeoneElse]);
    const { rerender } = render(<AboutPerson stakeholderId="U3Q" />);
    await flush();
    expect(screen.getByRole('status').textContent).toBe(KEY);
    rerender(<AboutPerson stakeholderId="U3R" />);
    expect(screen.getByRole('status').textContent).toBe('');
    await flush();
    expect(screen.getByRole('status').textContent).toBe(ABOUT_OTHER);
  });

  it('stops watching when it unmounts', async () => {
    const added = vi.spyOn(fakeBrowser.storage.local.onChanged, 'addListener');
    const removed = vi.spyOn(fakeBrowser.storage.local.onChanged, 'removeListener');
    const { unmount } = render(<AboutPerson stakeholderId="U3Q" />);
    await flush();
    expect(added).toHaveBeenCalledTimes(1);
    const listener = added.mock.calls[0]?.[0];
    unmount();
    expect(removed).toHaveBeenCalledWith(listener);
  });
});

import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { App } from '@/entrypoints/popup/App';
import type { QueueItem } from '@/queue/queue-item';
import { apiToken, apiUrl, flagQueue } from '@/utils/storage';
import { T0, useBackgroundWorld } from './support/background-world';
import { POPUP_SENDER, routeSendMessageFrom } from './support/extension-contexts';
import { API_PERMISSION, API_URL, KNOWN_PROFILE_URL, VALID_TOKEN } from './support/fake-api';

const world = useBackgroundWorld({ configured: false });

beforeEach(async () => {
  routeSendMessageFrom(POPUP_SENDER);
  await world.start();
});

afterEach(() => {
  cleanup();
});

function fillSettings(url: string, token: string) {
  fireEvent.change(screen.getByLabelText('API URL'), { target: { value: url } });
  fireEvent.change(screen.getByLabelText('API token'), { target: { value: token } });
}

describe('popup', () => {
  it('is titled Threadwatch and shows the not-connected state with the settings open', async () => {
    render(<App />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Threadwatch');
    expect((await screen.findByRole('status')).textContent).toBe('Not connected — open settings');
    expect(screen.getByText('Settings').closest('details')?.open).toBe(true);
  });

  it('saves the settings: asks for the API origin within the click, keeps the token out of the page, and shows who is connected', async () => {
    render(<App />);
    await screen.findByRole('status');
    fillSettings(`  ${API_URL}  `, VALID_TOKEN);

    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    // Requested synchronously, inside the user's gesture (Firefox requires it).
    expect(world.permissions.request).toHaveBeenCalledWith({ origins: [API_PERMISSION] });

    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Connected as Dana Rep (Acme Software).'));
    expect(screen.getByText('Connected as Dana Rep (Acme Software).', { selector: '.feedback' })).toBeTruthy();
    expect(await apiUrl.getValue()).toBe(API_URL);
    expect(await apiToken.getValue()).toBe(VALID_TOKEN);
    const tokenInput = screen.getByLabelText('API token') as HTMLInputElement;
    expect(tokenInput.value).toBe('');
    expect(tokenInput.placeholder).toBe(`Saved (${VALID_TOKEN.slice(0, 7)}…); enter a new one to replace it`);
    expect(document.body.innerHTML).not.toContain(VALID_TOKEN);
  });

  it('says when the user declines access to the API origin', async () => {
    world.permissions.userAllows = false;
    render(<App />);
    await screen.findByRole('status');
    fillSettings(API_URL, VALID_TOKEN);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));

    expect((await screen.findByRole('alert')).textContent).toBe(
      'Saved, but access to https://threadwatch.test was not allowed. Threadwatch cannot reach the API until you allow it: press Save again.',
    );
    // The settings were saved, and saving does not fold them away: the message stays in view.
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe(`Saved for ${API_URL}; not tested yet.`));
    expect(screen.getByText('Settings').closest('details')?.open).toBe(true);
    expect(world.api.received).toEqual([]);
  });

  it.each([
    {
      name: 'a rejected token',
      arrange: () => {
        world.api.token = `tw_${'R'.repeat(43)}`;
      },
      message: 'Token rejected: Invalid or revoked API token.',
    },
    {
      name: 'an unreachable API',
      arrange: () => {
        world.api.outage = true;
      },
      message:
        'Cannot reach the Threadwatch API at https://threadwatch.test. Check the URL and that the API is running.',
    },
  ])('explains $name after saving', async ({ arrange, message }) => {
    arrange();
    render(<App />);
    await screen.findByRole('status');
    fillSettings(API_URL, VALID_TOKEN);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));

    expect((await screen.findByRole('alert')).textContent).toBe(message);
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe(message));
  });

  it('says clearly when the saved token has expired, with the day and what to do, and opens the settings', async () => {
    world.api.expiredTokens.set(VALID_TOKEN, '2026-11-30T12:00:00.000Z');
    render(<App />);
    await screen.findByRole('status');
    fillSettings(API_URL, VALID_TOKEN);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));

    const expired = await waitFor(() => {
      const alert = document.querySelector('.connection--expired');
      expect(alert).not.toBeNull();
      return alert as HTMLElement;
    });
    expect(expired.getAttribute('role')).toBe('alert');
    expect(within(expired).getByText('Token expired')).toBeTruthy();
    expect(expired.textContent).toContain('Your token expired on 30 November 2026 — create a new one');
    expect(expired.textContent).toContain('Flags waiting in the queue are kept and sent then.');
    expect(expired.textContent).not.toContain('Token rejected');
    // Said once, in the connection line: the form below does not repeat it (once the save is done).
    await waitFor(() => expect(screen.getByRole('button', { name: 'Save' }).hasAttribute('disabled')).toBe(false));
    expect(document.body.textContent?.split('Your token expired').length).toBe(2);
    expect(screen.getAllByRole('alert')).toEqual([expired]);
    expect(screen.getByText('Settings').closest('details')?.open).toBe(true);
  });

  it('warns while the token expires within a week, and not before', async () => {
    const DAY = 86_400_000;
    world.api.tokenExpiresAt = new Date(Date.now() + 3 * DAY + 3_600_000).toISOString();
    render(<App />);
    await screen.findByRole('status');
    fillSettings(API_URL, VALID_TOKEN);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toMatch(
        /^Connected as Dana Rep \(Acme Software\)\.Your token expires in 4 days, on \d{1,2} \w+ 2026 — create a new one before then and save it here\.$/,
      ),
    );
    cleanup();

    world.api.tokenExpiresAt = new Date(Date.now() + 30 * DAY).toISOString();
    render(<App />);
    await screen.findByRole('status');
    fillSettings(API_URL, VALID_TOKEN);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Connected as Dana Rep (Acme Software).'));
  });

  it('refuses an unsafe URL before asking for any permission or saving', async () => {
    render(<App />);
    await screen.findByRole('status');
    fillSettings('http://threadwatch.example.com/graphql', VALID_TOKEN);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));

    expect((await screen.findByRole('alert')).textContent).toBe(
      'Use https:// for a remote API: plain http:// would send the token unencrypted.',
    );
    expect(world.permissions.request).not.toHaveBeenCalled();
    expect(await apiUrl.getValue()).toBeNull();
  });

  it('asks for a token when none is saved', async () => {
    render(<App />);
    await screen.findByRole('status');
    fillSettings(API_URL, '');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Enter an API token (create one with createApiToken, scope FLAGGING).',
    );
  });

  it('opens the dashboard in a tab', async () => {
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    const close = vi.spyOn(window, 'close').mockImplementation(() => undefined);
    render(<App />);
    fireEvent.click(screen.getByRole('button', { name: 'Open dashboard' }));
    await waitFor(() => expect(close).toHaveBeenCalled());
    expect(create).toHaveBeenCalledWith({ url: 'chrome-extension://test-extension-id/dashboard.html' });
  });
});

describe('popup queue list', () => {
  const flag = (observedName: string): QueueItem['flag'] => ({
    kind: 'jobChange',
    input: { kind: 'LEFT_COMPANY', observedAt: '2026-11-23T09:00:00Z', profileUrl: KNOWN_PROFILE_URL, observedName },
  });
  const key = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;

  const items: QueueItem[] = [
    {
      idempotencyKey: key(1),
      flag: flag('Refused Person'),
      createdAt: T0 - 4000,
      attempts: 1,
      status: 'failed',
      failedAt: T0 - 3000,
      reason: 'Refused by the API: input.observedName: Must not be empty.',
      waitsFor: 'retry-button',
    },
    {
      idempotencyKey: key(2),
      flag: flag('Waiting Person'),
      createdAt: T0 - 3000,
      attempts: 3,
      status: 'queued',
      nextAttemptAt: T0 + 120_000,
      lastError: 'Cannot reach the Threadwatch API at https://threadwatch.test.',
    },
    {
      idempotencyKey: key(3),
      flag: flag('Sent Person'),
      createdAt: T0 - 2000,
      attempts: 1,
      status: 'sent',
      sentAt: T0 - 1000,
      outcome: 'Flag recorded for Jane Doe.',
    },
  ];

  beforeEach(async () => {
    await apiUrl.setValue(API_URL);
    await apiToken.setValue(VALID_TOKEN);
    world.permissions.granted.add(API_PERMISSION);
  });

  it('shows what waits (with reasons and Retry) and what was sent', async () => {
    // Written while the background is running: the popup follows storage changes.
    render(<App />);
    expect(await screen.findByText('No flags yet. Flags you send from LinkedIn pages show up here.')).toBeTruthy();
    world.api.outage = true;
    await act(() => flagQueue.setValue(items));

    const waiting = await screen.findByRole('list', { name: 'Not sent yet' });
    const entries = within(waiting).getAllByRole('listitem');
    expect(entries.map((entry) => entry.getAttribute('data-status'))).toEqual(['queued', 'failed']);
    expect(within(entries[1] as HTMLElement).getByText('Left company: Refused Person')).toBeTruthy();
    expect(within(entries[1] as HTMLElement).getByText('Failed')).toBeTruthy();
    expect(
      within(entries[1] as HTMLElement).getByText('Refused by the API: input.observedName: Must not be empty.'),
    ).toBeTruthy();
    expect(within(entries[0] as HTMLElement).getByText(/^Waiting to retry at /)).toBeTruthy();
    expect(within(entries[0] as HTMLElement).getByText('3 attempts')).toBeTruthy();
    expect(screen.getAllByRole('button', { name: /^Retry / })).toHaveLength(2);

    const sent = screen.getByRole('list', { name: 'Sent' });
    expect(within(sent).getByText('Left company: Sent Person')).toBeTruthy();
    expect(within(sent).getByText('Flag recorded for Jane Doe.')).toBeTruthy();
    expect(within(sent).queryByRole('button')).toBeNull();
  });

  it('retries a failed flag from its Retry button until the API confirms it', async () => {
    await flagQueue.setValue([items[0] as QueueItem]);
    render(<App />);

    fireEvent.click(await screen.findByRole('button', { name: 'Retry Left company: Refused Person' }));

    const sent = await screen.findByRole('list', { name: 'Sent' });
    expect(within(sent).getByText('Left company: Refused Person')).toBeTruthy();
    expect(within(sent).getByText('Flag recorded for Jane Doe.')).toBeTruthy();
    expect(screen.queryByRole('list', { name: 'Not sent yet' })).toBeNull();
    expect([...world.api.flags.keys()]).toEqual([key(1)]);
  });

  it('says why a retry was refused', async () => {
    await flagQueue.setValue([items[0] as QueueItem]);
    render(<App />);
    const button = await screen.findByRole('button', { name: 'Retry Left company: Refused Person' });
    await flagQueue.setValue([]);
    fireEvent.click(button);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'This flag is being sent, already sent, or no longer in the queue.',
    );
  });
});

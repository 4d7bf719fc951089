import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { App } from '@/entrypoints/popup/App';
import { apiUrl } from '@/utils/storage';

describe('popup', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  afterEach(() => {
    cleanup();
  });

  it('is titled Threadwatch', () => {
    render(<App />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Threadwatch');
  });

  it('shows the not-connected state when no API URL is configured', async () => {
    render(<App />);
    const status = await screen.findByRole('status');
    expect(status.textContent).toBe('Not connected — open settings');
  });

  it('shows the configured API URL', async () => {
    await apiUrl.setValue('https://threadwatch.example.com');
    render(<App />);
    const status = await screen.findByRole('status');
    expect(status.textContent).toBe('Connected to https://threadwatch.example.com');
    expect(screen.queryByText(/Not connected/)).toBeNull();
  });

  it('follows changes to the API URL while open', async () => {
    render(<App />);
    await screen.findByText('Not connected — open settings');

    await act(() => apiUrl.setValue('http://localhost:4000'));
    expect(screen.getByRole('status').textContent).toBe('Connected to http://localhost:4000');

    await act(() => apiUrl.removeValue());
    expect(screen.getByRole('status').textContent).toBe('Not connected — open settings');
  });
});

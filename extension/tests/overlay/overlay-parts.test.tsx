import { act } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { matchCompany } from '@/overlay/company-match';
import { newIdempotencyKey } from '@/overlay/idempotency-key';
import { mountOverlay, OVERLAY_TAG } from '@/overlay/mount-overlay';
import { REREAD_AFTER_MS, URL_POLL_MS, watchPage } from '@/overlay/page-watcher';
import type { Position, ProfileSnapshot } from '@/readers/profile-reader';

function at(company: string | null, companyKey: string | null): Position {
  return {
    title: null,
    company: company ? { value: company, confidence: 'high', source: 'semantic' } : null,
    companyUrl: companyKey ? { value: companyKey, confidence: 'high', source: 'semantic' } : null,
    current: true,
  };
}

function snapshot(positions: Position[]): ProfileSnapshot {
  return {
    kind: 'profile',
    profileKey: null,
    name: null,
    headline: null,
    location: null,
    currentPositions: positions,
    warnings: [],
  };
}

const ACME = { name: 'Acme Corp', companyUrl: 'https://www.linkedin.com/company/acme/' };

describe('matchCompany', () => {
  it.each([
    { positions: [at('Acme', 'linkedin.com/company/acme')], account: ACME, state: 'same' },
    { positions: [at('Acme Corp', 'linkedin.com/company/acme-old')], account: ACME, state: 'different' },
    { positions: [at('  acme   CORP ', null)], account: ACME, state: 'same' },
    { positions: [at('Globex', null)], account: ACME, state: 'different' },
    {
      positions: [at('Acme Corp', 'linkedin.com/company/other')],
      account: { ...ACME, companyUrl: null },
      state: 'same',
    },
    {
      positions: [at('Globex', 'linkedin.com/company/globex'), at('Acme', 'linkedin.com/company/acme')],
      account: ACME,
      state: 'same',
    },
    { positions: [at(null, null)], account: ACME, state: 'unknown' },
    { positions: [], account: ACME, state: 'unknown' },
  ])('$positions.length position(s) vs $account.name → $state', ({ positions, account, state }) => {
    expect(matchCompany(snapshot(positions), account).state).toBe(state);
  });
});

describe('newIdempotencyKey', () => {
  it('makes distinct UUID v4 keys without crypto.randomUUID', () => {
    vi.spyOn(crypto, 'randomUUID').mockImplementation(() => {
      throw new Error('not in a secure context');
    });
    const keys = new Set(Array.from({ length: 50 }, newIdempotencyKey));
    expect(keys.size).toBe(50);
    for (const key of keys)
      expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('watchPage', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads the page at once, again shortly after, and again when the URL changes (single-page app)', () => {
    vi.useFakeTimers();
    const calls: string[] = [];
    const ctx = {
      setInterval: (handler: () => void, ms?: number) => window.setInterval(handler, ms),
      setTimeout: (handler: () => void, ms?: number) => window.setTimeout(handler, ms),
      addEventListener: (target: Window, type: 'popstate', handler: () => void) =>
        target.addEventListener(type, handler),
    };
    window.history.replaceState(null, '', '/in/jane-doe/');
    watchPage(ctx, window, (href) => calls.push(new URL(href).pathname));
    expect(calls).toEqual(['/in/jane-doe/']);
    vi.advanceTimersByTime(Math.max(...REREAD_AFTER_MS) + URL_POLL_MS);
    expect(calls).toEqual(['/in/jane-doe/', '/in/jane-doe/', '/in/jane-doe/']);

    window.history.pushState(null, '', '/company/acme/');
    vi.advanceTimersByTime(URL_POLL_MS);
    expect(calls.at(-1)).toBe('/company/acme/');
    const count = calls.length;
    vi.advanceTimersByTime(10 * URL_POLL_MS);
    expect(calls.length).toBe(count + REREAD_AFTER_MS.length);
  });
});

describe('mountOverlay', () => {
  it('renders into a shadow root on its own host element, with its styles inside, and removes it', async () => {
    const overlay = mountOverlay(document);
    await act(async () => {
      overlay.show(null);
    });
    expect(document.querySelector(OVERLAY_TAG)).toBeNull();
    await act(async () => {
      overlay.show({
        url: 'https://www.linkedin.com/company/acme/',
        key: 'linkedin.com/company/acme',
        snapshot: { kind: 'company', companyKey: null, name: null, website: null, industry: null, warnings: [] },
      });
    });
    const host = document.querySelector(OVERLAY_TAG);
    expect(host?.parentElement).toBe(document.documentElement);
    expect(host?.shadowRoot?.querySelector('style')?.textContent).toContain(':host');
    expect(host?.shadowRoot?.querySelector('aside')?.getAttribute('aria-label')).toBe('Threadwatch');
    expect(document.head.querySelectorAll('style')).toHaveLength(0);
    await act(async () => {
      overlay.remove();
    });
    expect(document.querySelector(OVERLAY_TAG)).toBeNull();
  });
});

import { act } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { matchCompany } from '@/overlay/company-match';
import { newIdempotencyKey } from '@/overlay/idempotency-key';
import { mountOverlay } from '@/overlay/mount-overlay';
import { OVERLAY_TAG } from '@/overlay/overlay-tag';
import { SETTLE_MS, watchPage } from '@/overlay/page-watcher';
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

  function context() {
    const invalidated: Array<() => void> = [];
    return {
      ctx: {
        setTimeout: (handler: () => void, ms?: number) => window.setTimeout(handler, ms),
        addEventListener: (target: Window, type: 'popstate', handler: () => void) =>
          target.addEventListener(type, handler),
        onInvalidated: (handler: () => void) => invalidated.push(handler),
      },
      invalidate: () => {
        for (const handler of invalidated) handler();
      },
    };
  }

  it('reads at once, on a URL change with the re-render, and when late content settles; never on a clock', async () => {
    vi.useFakeTimers();
    const calls: string[] = [];
    const { ctx, invalidate } = context();
    window.history.replaceState(null, '', '/in/jane-doe/');
    document.body.innerHTML = '<main><h1>Jane Doe</h1></main>';
    watchPage(ctx, window, (href) => calls.push(new URL(href).pathname));
    expect(calls).toEqual(['/in/jane-doe/']);
    // Nothing changes: nothing is read again, however long the rep stays.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toEqual(['/in/jane-doe/']);

    // The site navigates (pushState) and re-renders: read at once, then again once the burst settles.
    window.history.pushState(null, '', '/in/john-roe/');
    document.querySelector('h1')?.replaceChildren('John Roe');
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual(['/in/jane-doe/', '/in/john-roe/']);
    await vi.advanceTimersByTimeAsync(SETTLE_MS);
    expect(calls).toEqual(['/in/jane-doe/', '/in/john-roe/', '/in/john-roe/']);

    // A section arriving much later is read when it arrives, after a burst of mutations settles.
    await vi.advanceTimersByTimeAsync(3_000);
    const section = document.createElement('section');
    section.id = 'experience';
    document.querySelector('main')?.append(section);
    for (let index = 0; index < 5; index++) section.append(document.createElement('li'));
    await vi.advanceTimersByTimeAsync(SETTLE_MS - 1);
    expect(calls).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toEqual(['/in/jane-doe/', '/in/john-roe/', '/in/john-roe/', '/in/john-roe/']);

    // The overlay's own host element coming and going is not a page change.
    document.documentElement.append(document.createElement(OVERLAY_TAG));
    await vi.advanceTimersByTimeAsync(10 * SETTLE_MS);
    expect(calls).toHaveLength(4);

    // Back button: popstate.
    window.history.pushState(null, '', '/company/acme/');
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(calls.at(-1)).toBe('/company/acme/');

    // Invalidated (extension reloaded): nothing more.
    invalidate();
    const count = calls.length;
    window.history.pushState(null, '', '/in/someone-else/');
    document.body.append(document.createElement('div'));
    await vi.advanceTimersByTimeAsync(10 * SETTLE_MS);
    expect(calls).toHaveLength(count);
    document.querySelector(OVERLAY_TAG)?.remove();
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

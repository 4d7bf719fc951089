/**
 * The overlay card on a profile or company page: header, then whatever the lookups found (see
 * overlay-view.ts). Every string from the page or the API is rendered as text by React, never as
 * markup.
 */
import { useEffect, useState } from 'react';
import { CompanyCard } from './CompanyCard';
import { OfflineFlagButtons } from './OfflineFlagButtons';
import type { OverlayProblem } from './overlay-problem';
import { type OverlayPage, useOverlayView, useSend } from './overlay-view';
import { TrackedProfileCard } from './TrackedProfileCard';
import { UnknownPersonCard } from './UnknownPersonCard';

function ProblemNotice({ problem, onRetry }: { problem: OverlayProblem; onRetry: () => void }) {
  return (
    <section role="alert" aria-label="Threadwatch problem" className={`problem problem-${problem.kind}`}>
      <p className="name">{problem.title}</p>
      <p className="muted">{problem.detail}</p>
      <button type="button" onClick={onRetry}>
        Try again
      </button>
    </section>
  );
}

function OverlayBody({ page }: { page: OverlayPage }) {
  const { view, reload } = useOverlayView(page);
  const { snapshot } = page;
  switch (view.kind) {
    case 'loading':
      return (
        <p role="status" className="muted">
          Looking up…
        </p>
      );
    case 'problem':
      return (
        <>
          <ProblemNotice problem={view.problem} onRetry={reload} />
          {view.problem.kind === 'unreachable' && snapshot.kind === 'profile' ? (
            <OfflineFlagButtons snapshot={snapshot} pageUrl={page.url} />
          ) : null}
          {view.problem.kind === 'token-expired' && snapshot.kind === 'profile' ? (
            <OfflineFlagButtons snapshot={snapshot} pageUrl={page.url} until="a new token is saved" />
          ) : null}
        </>
      );
    case 'tracked':
      return snapshot.kind === 'profile' ? (
        <TrackedProfileCard
          stakeholder={view.stakeholder}
          lookupFlags={view.flags}
          snapshot={snapshot}
          pageUrl={page.url}
        />
      ) : null;
    case 'unknown-person':
      return snapshot.kind === 'profile' ? <UnknownPersonCard view={view} snapshot={snapshot} /> : null;
    case 'company':
      return <CompanyCard account={view.account} />;
  }
}

/** The card's width, and the narrowest it may shrink to beside the page's main column. */
const CARD_WIDTH = 320;
const NARROWEST = 240;

/**
 * Room right of the page's main column. A page whose main element spans the whole window says
 * nothing about where its column ends: the card floats at full width there.
 */
function roomBesideMain(): number {
  const main = document.querySelector('main, [role="main"]');
  const right = main ? main.getBoundingClientRect().right : window.innerWidth;
  if (right >= window.innerWidth - 24) return CARD_WIDTH;
  return Math.max(0, window.innerWidth - right - 24);
}

/** The card's width beside the main column, or null when there is no room: then it docks (collapsed). */
function useFit(): number | null {
  const [room, setRoom] = useState(() => roomBesideMain());
  useEffect(() => {
    const measure = () => setRoom(roomBesideMain());
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, []);
  return room >= NARROWEST ? Math.min(CARD_WIDTH, room) : null;
}

/** Collapsed or not, remembered across pages and restarts (through the background). */
function useCollapsed(): [boolean, (collapsed: boolean) => void] {
  const send = useSend();
  const [collapsed, setCollapsed] = useState<boolean | null>(null);
  useEffect(() => {
    let current = true;
    void send({ type: 'getOverlayPrefs' }).then((response) => {
      if (current) setCollapsed((value) => value ?? (response.type === 'ok' ? response.value.collapsed : false));
    });
    return () => {
      current = false;
    };
  }, [send]);
  const change = (value: boolean) => {
    setCollapsed(value);
    void send({ type: 'saveOverlayPrefs', collapsed: value });
  };
  return [collapsed ?? false, change];
}

export function Overlay({ page }: { page: OverlayPage }) {
  const [savedCollapsed, setCollapsed] = useCollapsed();
  const [openedDocked, setOpenedDocked] = useState(false);
  const width = useFit();
  // With no room beside the main column the card docks as its header; opening it is the rep's choice.
  const docked = width === null && !openedDocked;
  const collapsed = savedCollapsed || docked;
  const toggle = () => {
    if (docked) setOpenedDocked(true);
    else if (width === null && !savedCollapsed) setOpenedDocked(false);
    else setCollapsed(!savedCollapsed);
    if (docked && savedCollapsed) setCollapsed(false);
  };
  return (
    <aside
      className={`card${collapsed ? ' collapsed' : ''}${docked ? ' docked' : ''}`}
      style={width !== null && !collapsed ? { width } : undefined}
      aria-label="Threadwatch"
    >
      <header>
        <span className="brand">Threadwatch</span>
        <button
          type="button"
          className="toggle"
          aria-expanded={!collapsed}
          aria-label={collapsed ? 'Show Threadwatch' : 'Hide Threadwatch'}
          onClick={toggle}
        >
          {collapsed ? '▸' : '▾'}
        </button>
      </header>
      {/* Kept mounted while collapsed, so forms keep what the user typed. */}
      <div className="body" hidden={collapsed}>
        {/* A new page (key) starts fresh: no form or state carries over to another person. */}
        <OverlayBody key={page.key} page={page} />
      </div>
    </aside>
  );
}

/**
 * The overlay card on a profile or company page: header, then whatever the lookups found (see
 * overlay-view.ts). Every string from the page or the API is rendered as text by React, never as
 * markup.
 */
import { useState } from 'react';
import { CompanyCard } from './CompanyCard';
import type { OverlayProblem } from './overlay-problem';
import { type OverlayPage, useOverlayView } from './overlay-view';
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
      return <ProblemNotice problem={view.problem} onRetry={reload} />;
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

export function Overlay({ page }: { page: OverlayPage }) {
  const [collapsed, setCollapsed] = useState(false);
  return (
    <aside className={`card${collapsed ? ' collapsed' : ''}`} aria-label="Threadwatch">
      <header>
        <span className="brand">Threadwatch</span>
        <button
          type="button"
          className="toggle"
          aria-expanded={!collapsed}
          aria-label={collapsed ? 'Show Threadwatch' : 'Hide Threadwatch'}
          onClick={() => setCollapsed((value) => !value)}
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

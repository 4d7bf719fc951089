/**
 * The dashboard's account view: an account's name in the coverage-gaps or at-risk list opens a
 * panel with its relationship map, from the same company lookup the overlay's company card makes
 * (through the dashboard service). `AccountView` holds which account is open and draws the panel;
 * `AccountLink` is the account's name as a button that opens it.
 */
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { succeed } from '@/api/api-failure';
import type { CompanyLookupView } from '@/api/service';
import { RelationshipMap } from '@/overlay/RelationshipMap';
import { RELATIONSHIP_MAP_CSS } from '@/overlay/relationship-map-styles';
import type { DashboardService } from './dashboard-service';
import { Loading, ProblemNotice } from './SectionStatus';
import { useApiResult } from './use-api-result';

export interface AccountRef {
  id: string;
  name: string;
  companyUrl?: string | null;
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/**
 * The coverage figures are the last health check's; the map's lines are each thread as it stands
 * now. The caption says so, so that "1 live thread" beside two solid lines is explained, not a puzzle.
 */
function mapCaption(account: NonNullable<CompanyLookupView['account']>): string {
  const { coverage, stakeholders } = account;
  const people = plural(stakeholders.totalCount, 'stakeholder', 'stakeholders');
  const partial =
    stakeholders.totalCount > stakeholders.nodes.length
      ? ` (the map shows the first ${stakeholders.nodes.length})`
      : '';
  const threads = plural(coverage.liveThreadCount, 'live thread', 'live threads');
  return `${people}${partial}. At the last health check: coverage ${coverage.coveragePercent}%, ${threads}; the map's lines show each thread as it stands now.`;
}

const OpenAccount = createContext<((account: AccountRef) => void) | null>(null);

export function AccountView({ service, children }: { service: DashboardService; children: ReactNode }) {
  const [account, setAccount] = useState<AccountRef | null>(null);
  return (
    <OpenAccount.Provider value={setAccount}>
      {children}
      {account && (
        <AccountPanel key={account.id} service={service} account={account} onClose={() => setAccount(null)} />
      )}
    </OpenAccount.Provider>
  );
}

/** The account's name; a button that opens its account view where the dashboard has one. */
export function AccountLink({ account }: { account: AccountRef }) {
  const open = useContext(OpenAccount);
  if (!open) return <>{account.name}</>;
  return (
    <button type="button" className="account-link" onClick={() => open(account)} title="Open the account's map">
      {account.name}
    </button>
  );
}

function AccountPanel({
  service,
  account,
  onClose,
}: {
  service: DashboardService;
  account: AccountRef;
  onClose: () => void;
}) {
  const companyUrl = account.companyUrl?.trim() || null;
  const { state, reload } = useApiResult(`account-map:${account.id}`, () =>
    companyUrl ? service.accountMap(companyUrl) : Promise.resolve(succeed(null)),
  );
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const found = state.status === 'ready' ? state.value?.account : null;
  return (
    <aside className="account-view" aria-label={`Account: ${account.name}`}>
      <style>{RELATIONSHIP_MAP_CSS}</style>
      <header className="account-view__header">
        <h2>{account.name}</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </header>
      {state.status === 'loading' && <Loading what="the account's map" />}
      {state.status === 'error' && <ProblemNotice failure={state.failure} onRetry={reload} />}
      {state.status === 'ready' &&
        (found ? (
          <>
            <p className="section__intro">{mapCaption(found)}</p>
            <RelationshipMap
              stakeholders={found.stakeholders.nodes}
              missingRoles={found.coverage.missingRoles}
              startOpen
            />
          </>
        ) : (
          <p className="section__empty">
            {companyUrl
              ? 'The API finds no account at this company page any more.'
              : 'No company page is recorded for this account, so there is no map to draw.'}
          </p>
        ))}
    </aside>
  );
}

/**
 * The CS managers' dashboard: this week's changes by account, coverage gaps, at-risk accounts, open
 * departure cases and the turnover report, filtered by owner and tier, and the risk score's track record. It first opens the API from the saved settings and
 * reads the frame (organization, currency, members); if that fails, it says why (not connected,
 * token rejected, API unreachable, an API error) instead of showing empty sections.
 */
import { useMemo, useState } from 'react';
import { type ServiceResult, succeed } from '@/api/api-failure';
import { AccountView } from './AccountView';
import { AtRiskSection } from './AtRiskSection';
import { CoverageGapsSection } from './CoverageGapsSection';
import { DepartureCasesSection } from './DepartureCasesSection';
import { type DashboardFilters, NO_FILTERS } from './dashboard-filters';
import { type DashboardContext, type DashboardService, openDashboardService } from './dashboard-service';
import { FilterBar } from './FilterBar';
import { moneyFormat } from './money';
import { Loading, ProblemNotice } from './SectionStatus';
import { ThisWeekSection } from './ThisWeekSection';
import { TrackRecordSection } from './TrackRecordSection';
import { TurnoverReportSection } from './TurnoverReportSection';
import { useApiResult } from './use-api-result';

interface Frame {
  service: DashboardService;
  context: DashboardContext;
}

export interface DashboardProps {
  /** Where the service comes from; the saved settings by default. */
  openService?: () => Promise<ServiceResult<DashboardService>>;
  /** The day the default report period ends on. */
  today?: Date;
  /** For number and money formats; the browser's language by default. */
  locale?: string;
}

async function openFrame(open: () => Promise<ServiceResult<DashboardService>>): Promise<ServiceResult<Frame>> {
  const service = await open();
  if (!service.ok) return service;
  const context = await service.value.context();
  return context.ok ? succeed({ service: service.value, context: context.value }) : context;
}

function Sections({ frame, today, locale }: { frame: Frame; today: Date; locale: string | undefined }) {
  const [filters, setFilters] = useState<DashboardFilters>(NO_FILTERS);
  const { service, context } = frame;
  const money = useMemo(() => moneyFormat(context.viewer.organization.currency, locale), [context, locale]);
  return (
    <>
      <p className="dashboard__viewer">
        {context.viewer.organization.name} · signed in as {context.viewer.member.name} · amounts in{' '}
        {context.viewer.organization.currency}
      </p>
      <FilterBar filters={filters} owners={context.members} onChange={setFilters} />
      <ThisWeekSection service={service} filters={filters} money={money} now={today} />
      <AccountView service={service}>
        <CoverageGapsSection service={service} filters={filters} money={money} />
        <AtRiskSection service={service} filters={filters} money={money} />
      </AccountView>
      <DepartureCasesSection service={service} filters={filters} money={money} />
      <TurnoverReportSection service={service} filters={filters} money={money} today={today} />
      <TrackRecordSection service={service} today={today} />
    </>
  );
}

export function Dashboard({ openService = openDashboardService, today, locale }: DashboardProps) {
  const { state, reload } = useApiResult('frame', () => openFrame(openService));
  const [day] = useState(() => today ?? new Date());
  return (
    <main className="dashboard">
      <header className="dashboard__header">
        <h1>Threadwatch dashboard</h1>
      </header>
      {state.status === 'loading' && <Loading what="the dashboard" />}
      {state.status === 'error' && <ProblemNotice failure={state.failure} onRetry={reload} />}
      {state.status === 'ready' && <Sections frame={state.value} today={day} locale={locale} />}
    </main>
  );
}

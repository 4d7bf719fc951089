/**
 * "This week", at the top of the dashboard: the changes of the last seven days grouped by account
 * (most important first, from `accountChanges`), each with its band move, ARR, what changed and a
 * twelve-week risk sparkline; clicking an account opens its drawer (timeline, notes, a note form).
 * The owner and tier filters of the dashboard apply.
 */
import { useState } from 'react';
import { BAND_LABELS, TIER_LABELS } from '@/api/enum-labels';
import type { ChangeFilter, RiskBand } from '@/api/generated/graphql';
import { AccountDrawer } from './AccountDrawer';
import type { DashboardFilters } from './dashboard-filters';
import { factorLabel } from './dashboard-labels';
import type { AccountWeek } from './dashboard-service';
import { sparklinePoints, TREND_WEEKS, type WeekWindow, weekWindow } from './risk-trend';
import { EmptyList, type ListSectionProps, Loading, ProblemNotice } from './SectionStatus';
import { usePagedList } from './use-paged-list';

const SPARK = { width: 120, height: 28 };

export function changeFilter(filters: DashboardFilters): ChangeFilter {
  return {
    ...(filters.ownerId ? { owners: [filters.ownerId] } : {}),
    ...(filters.tiers.length > 0 ? { tiers: filters.tiers } : {}),
  };
}

function BandMove({ from, to }: { from: RiskBand | null | undefined; to: RiskBand }) {
  const label = (band: RiskBand) => <span className={`band band--${band.toLowerCase()}`}>{BAND_LABELS[band]}</span>;
  if (!from || from === to) return <span className="band-move">{label(to)}</span>;
  return (
    <span className="band-move">
      {label(from)} <span aria-hidden="true">→</span>
      <span className="visually-hidden">to</span> {label(to)}
    </span>
  );
}

function Sparkline({ week, period }: { week: AccountWeek; period: WeekWindow }) {
  const points = sparklinePoints(week.account.riskHistory, period.trendFrom, period.until, SPARK);
  const last = week.account.riskHistory.at(-1);
  const band = (last?.band ?? week.account.risk.band).toLowerCase();
  return (
    <svg
      className={`sparkline sparkline--${band}`}
      role="img"
      aria-label={`Risk over ${TREND_WEEKS} weeks for ${week.name}`}
      width={SPARK.width}
      height={SPARK.height}
      viewBox={`0 0 ${SPARK.width} ${SPARK.height}`}
    >
      <line className="sparkline__threshold" x1="0" x2={SPARK.width} y1={SPARK.height / 2} y2={SPARK.height / 2} />
      {points && <polyline points={points} fill="none" strokeWidth="2" />}
    </svg>
  );
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The week's facts as short chips, only those that happened. */
function chips(week: AccountWeek): { text: string; tone: 'danger' | 'good' | 'muted' }[] {
  const out: { text: string; tone: 'danger' | 'good' | 'muted' }[] = [];
  for (const factor of week.factorsGained) out.push({ text: `+ ${factorLabel(factor)}`, tone: 'danger' });
  for (const factor of week.factorsLost) out.push({ text: `− ${factorLabel(factor)}`, tone: 'good' });
  if (week.flagsRaised > 0) out.push({ text: plural(week.flagsRaised, 'flag') + ' raised', tone: 'muted' });
  if (week.flagsConfirmed > 0)
    out.push({ text: plural(week.flagsConfirmed, 'departure') + ' confirmed', tone: 'danger' });
  if (week.threadsLost > 0) out.push({ text: plural(week.threadsLost, 'thread') + ' lost', tone: 'danger' });
  if (week.casesOpened > 0) out.push({ text: plural(week.casesOpened, 'case') + ' opened', tone: 'danger' });
  if (week.casesClosed > 0) out.push({ text: plural(week.casesClosed, 'case') + ' closed', tone: 'good' });
  return out;
}

export function ThisWeekSection({ service, filters, money, now }: ListSectionProps & { now: Date }) {
  const [period] = useState(() => weekWindow(now));
  const [open, setOpen] = useState<{ id: string; name: string } | null>(null);
  const filter = changeFilter(filters);
  const key = JSON.stringify(filter);
  const list = usePagedList(key, (after: string | null) =>
    service.accountChanges({
      after,
      filter,
      since: period.since,
      until: period.until,
      historyFrom: period.trendFrom,
    }),
  );
  const { state } = list;
  const sinceDay = new Date(period.since).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });

  return (
    <section className="section this-week" aria-labelledby="this-week-title">
      <h2 id="this-week-title">This week</h2>
      <p className="section__intro">
        What changed at your accounts since {sinceDay}, most important first. The line shows each account’s risk over
        the last {TREND_WEEKS} weeks.
      </p>
      {state.status === 'loading' && <Loading what="this week’s changes" />}
      {state.status === 'error' && <ProblemNotice failure={state.failure} onRetry={list.reload} />}
      {state.status === 'ready' && state.nodes.length === 0 && (
        <EmptyList>Nothing changed at these accounts in the last seven days.</EmptyList>
      )}
      {state.status === 'ready' && state.nodes.length > 0 && (
        <>
          <ul className="week-list" aria-label="Accounts that changed this week">
            {state.nodes.map((week) => (
              <li key={week.account.id} className="week-card">
                <div className="week-card__head">
                  <button
                    type="button"
                    className="link-button week-card__name"
                    onClick={() => setOpen({ id: week.account.id, name: week.name })}
                    aria-haspopup="dialog"
                  >
                    {week.name}
                  </button>
                  <span className="muted">
                    {TIER_LABELS[week.account.tier]} · {week.account.owner?.name ?? 'Unassigned'}
                  </span>
                  <span className="week-card__arr">{money.format(week.arrMinor)} ARR</span>
                </div>
                <div className="week-card__body">
                  <div className="week-card__risk">
                    <BandMove from={week.bandFrom} to={week.bandTo ?? week.account.risk.band} />
                    <span className="muted">
                      {week.scoreFrom !== null && week.scoreFrom !== undefined && week.scoreFrom !== week.scoreTo
                        ? `${week.scoreFrom} → ${week.scoreTo ?? week.account.risk.score}/100`
                        : `${week.scoreTo ?? week.account.risk.score}/100`}
                    </span>
                  </div>
                  <Sparkline week={week} period={period} />
                  <div className="week-card__what">
                    <p className="week-card__sentence" title={week.sentence}>
                      {plural(week.changeCount, 'change')} this week
                    </p>
                    <ul className="chip-list">
                      {chips(week).map((chip) => (
                        <li key={chip.text} className={`tag tag--${chip.tone}`}>
                          {chip.text}
                        </li>
                      ))}
                    </ul>
                  </div>
                </div>
              </li>
            ))}
          </ul>
          {state.moreFailure && <ProblemNotice failure={state.moreFailure} />}
          {state.hasNextPage && (
            <button type="button" onClick={list.loadMore} disabled={state.loadingMore}>
              {state.loadingMore ? 'Loading…' : 'Load more accounts'}
            </button>
          )}
        </>
      )}
      {open && <AccountDrawer service={service} account={open} onClose={() => setOpen(null)} />}
    </section>
  );
}

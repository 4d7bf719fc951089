/**
 * The turnover report for a chosen period (the last 90 days at first) and the dashboard's owner:
 * the sentence for the executive meeting, the outlook split of the ARR at risk, chart and figures
 * by cause. An empty period says so plainly.
 */
import { type FormEvent, useId, useState } from 'react';
import type { ServiceResult } from '@/api/api-failure';
import { failWith } from '@/api/api-failure';
import { CAUSE_LABELS } from '@/api/enum-labels';
import type { DashboardFilters } from './dashboard-filters';
import { percent } from './dashboard-labels';
import type { DashboardService, TurnoverLine, TurnoverReport } from './dashboard-service';
import type { MoneyFormat } from './money';
import { formatDays, lastDays, periodRange, type ReportPeriod } from './report-period';
import { Loading, ProblemNotice } from './SectionStatus';
import { TurnoverChart } from './TurnoverChart';
import { useApiResult } from './use-api-result';

function average(value: number | null, format: (value: number) => string): string {
  return value === null ? '—' : format(value);
}

function LineRow({ line, money, total }: { line: TurnoverLine; money: MoneyFormat; total?: boolean }) {
  return (
    <tr className={total ? 'total' : undefined}>
      <th scope="row">{total ? 'All causes' : line.cause ? CAUSE_LABELS[line.cause] : 'Other'}</th>
      <td className="number">{line.openCount}</td>
      <td className="number">{money.format(line.openArrAtRiskMinor)}</td>
      <td className="number">
        {line.savedCount} · {money.format(line.savedArrMinor)}
      </td>
      <td className="number">
        {line.churnedCount} · {money.format(line.churnedArrMinor)}
      </td>
      <td className="number">{money.format(line.expectedSavedArrMinor)}</td>
      <td className="number">{average(line.averageDaysAtRisk, formatDays)}</td>
      <td className="number">{average(line.averagePlanCompletion, percent)}</td>
    </tr>
  );
}

function Report({ report, money }: { report: TurnoverReport; money: MoneyFormat }) {
  if (report.empty) {
    return (
      <>
        <p className="summary">{report.summary}</p>
        <p className="section__empty">No departure case was saved, lost or open in this period.</p>
      </>
    );
  }
  const { total } = report;
  return (
    <>
      <p className="summary">{report.summary}</p>
      <dl className="figures" aria-label="Outlook of the ARR at risk">
        <div>
          <dt>ARR at risk</dt>
          <dd>{money.format(total.openArrAtRiskMinor)}</dd>
        </div>
        <div>
          <dt>Likely saved</dt>
          <dd>{money.format(total.expectedSavedArrMinor)}</dd>
        </div>
        <div>
          <dt>Undecided</dt>
          <dd>{money.format(total.undecidedArrMinor)}</dd>
        </div>
        <div>
          <dt>High risk of churn</dt>
          <dd>{money.format(total.highRiskArrMinor)}</dd>
        </div>
        <div>
          <dt>Save rate</dt>
          <dd>{report.saveRate === null ? 'No case closed' : percent(report.saveRate)}</dd>
        </div>
      </dl>
      {report.byCause.length > 0 ? (
        <TurnoverChart lines={report.byCause} money={money} />
      ) : (
        <p className="section__empty">No departure cases in this period.</p>
      )}
      <table>
        <caption className="visually-hidden">Turnover by cause</caption>
        <thead>
          <tr>
            <th scope="col">Cause</th>
            <th scope="col">Open cases</th>
            <th scope="col">Open ARR at risk</th>
            <th scope="col">Saved</th>
            <th scope="col">Churned</th>
            <th scope="col">Expected saved ARR</th>
            <th scope="col">Average time at risk</th>
            <th scope="col">Average plan completion</th>
          </tr>
        </thead>
        <tbody>
          {report.byCause.map((line) => (
            <LineRow key={line.cause ?? 'none'} line={line} money={money} />
          ))}
        </tbody>
        <tfoot>
          <LineRow line={report.total} money={money} total />
        </tfoot>
      </table>
    </>
  );
}

export function TurnoverReportSection({
  service,
  filters,
  money,
  today,
}: {
  service: DashboardService;
  filters: DashboardFilters;
  money: MoneyFormat;
  today: Date;
}) {
  const id = useId();
  const [draft, setDraft] = useState<ReportPeriod>(() => lastDays(today));
  const [period, setPeriod] = useState<ReportPeriod>(draft);
  const [formError, setFormError] = useState<string | null>(null);
  const ownerId = filters.ownerId;
  const key = JSON.stringify({ period, ownerId });
  const { state, reload } = useApiResult(key, (): Promise<ServiceResult<TurnoverReport>> => {
    const range = periodRange(period);
    return range.ok
      ? service.turnoverReport({ from: range.from, to: range.to, ...(ownerId ? { ownerId } : {}) })
      : Promise.resolve(failWith({ kind: 'validation', message: range.reason }));
  });

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const range = periodRange(draft);
    if (!range.ok) {
      setFormError(range.reason);
      return;
    }
    setFormError(null);
    setPeriod(draft);
  }

  return (
    <section className="section" aria-labelledby="turnover-title">
      <h2 id="turnover-title">Turnover report</h2>
      <form className="section__controls" aria-label="Report period" onSubmit={apply}>
        <label htmlFor={`${id}-from`}>From</label>
        <input
          id={`${id}-from`}
          type="date"
          value={draft.from}
          onChange={(event) => setDraft({ ...draft, from: event.target.value })}
        />
        <label htmlFor={`${id}-to`}>To</label>
        <input
          id={`${id}-to`}
          type="date"
          value={draft.to}
          onChange={(event) => setDraft({ ...draft, to: event.target.value })}
        />
        <button type="submit">Show report</button>
      </form>
      {formError && (
        <p role="alert" className="problem__detail">
          {formError}
        </p>
      )}
      {state.status === 'loading' && <Loading what="the turnover report" />}
      {state.status === 'error' && <ProblemNotice failure={state.failure} onRetry={reload} />}
      {state.status === 'ready' && <Report report={state.value} money={money} />}
    </section>
  );
}

/**
 * Track record: how well the risk score told churn ahead. For the accounts with an outcome in the
 * last two years, the churn rate per band the score put them in some days before (chart), the AUC,
 * and the churn rate with and without each factor. A what-if edits the factor weights and re-runs
 * the evaluation on the same accounts (nothing is saved), to compare with the score as recorded.
 */
import { type FormEvent, useId, useMemo, useState } from 'react';
import type { RiskWeightInput } from '@/api/generated/graphql';
import { CalibrationChart } from './CalibrationChart';
import { factorLabel, percent } from './dashboard-labels';
import type { DashboardService, RiskEvaluation } from './dashboard-service';
import { Loading, ProblemNotice } from './SectionStatus';
import {
  aucWords,
  changedWeights,
  DEFAULT_HORIZON,
  HORIZONS,
  trackRecordPeriod,
  type WeightDraft,
} from './track-record';
import { useApiResult } from './use-api-result';

function rate(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : percent(value);
}

function LiftTable({ evaluation }: { evaluation: RiskEvaluation }) {
  const rows = evaluation.factorLifts.filter((lift) => lift.withFactor.accounts > 0);
  if (rows.length === 0) return <p className="section__empty">No factor had points before these outcomes.</p>;
  return (
    <table aria-label="Churn with and without each factor">
      <thead>
        <tr>
          <th scope="col">Factor</th>
          <th scope="col" className="number">
            With it: churned
          </th>
          <th scope="col" className="number">
            Without it: churned
          </th>
          <th scope="col" className="number">
            Lift
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((lift) => (
          <tr key={lift.factor}>
            <th scope="row">{factorLabel(lift.factor)}</th>
            <td className="number">
              {lift.withFactor.churned} of {lift.withFactor.accounts} ({rate(lift.withFactor.rate)})
            </td>
            <td className="number">
              {lift.withoutFactor.churned} of {lift.withoutFactor.accounts} ({rate(lift.withoutFactor.rate)})
            </td>
            <td className="number">
              {lift.lift === null || lift.lift === undefined ? '–' : `× ${lift.lift.toFixed(1)}`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Figures({ evaluation }: { evaluation: RiskEvaluation }) {
  const recorded = evaluation.recorded.auc;
  const candidate = evaluation.candidate?.auc;
  const delta =
    recorded !== null && recorded !== undefined && candidate !== null && candidate !== undefined
      ? candidate - recorded
      : null;
  return (
    <dl className="figures" aria-label="Track record figures">
      <div>
        <dt>Accounts judged</dt>
        <dd>{evaluation.sampleSize}</dd>
      </div>
      <div>
        <dt>Churned</dt>
        <dd>{evaluation.churned}</dd>
      </div>
      <div>
        <dt>AUC, score as recorded</dt>
        <dd className="auc auc--recorded">{aucWords(recorded)}</dd>
      </div>
      {evaluation.candidate && (
        <div>
          <dt>AUC, what-if weights</dt>
          <dd className="auc auc--candidate">
            {aucWords(candidate)}
            {delta !== null && (
              <span className={delta >= 0 ? 'delta delta--up' : 'delta delta--down'}>
                {' '}
                {delta >= 0 ? '+' : '−'}
                {Math.abs(delta).toFixed(2)}
              </span>
            )}
          </dd>
        </div>
      )}
    </dl>
  );
}

function WeightsForm({
  evaluation,
  draft,
  onDraft,
  onRun,
  onReset,
  applied,
}: {
  evaluation: RiskEvaluation;
  draft: WeightDraft;
  onDraft: (draft: WeightDraft) => void;
  onRun: (weights: RiskWeightInput[]) => void;
  onReset: () => void;
  applied: boolean;
}) {
  const [invalid, setInvalid] = useState<string[]>([]);
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = changedWeights(evaluation.currentWeights, draft);
    if (!result.ok) {
      setInvalid(result.invalid);
      return;
    }
    setInvalid([]);
    onRun(result.weights);
  };
  return (
    <form className="weights" onSubmit={submit} aria-label="What-if weights" noValidate>
      <p className="weights__intro">
        What if the factors weighed differently? Change the most points a factor can add (0–100) and re-run: the same
        accounts are scored again from each factor’s share at the time. Nothing is saved.
      </p>
      <div className="weights__grid">
        {evaluation.currentWeights.map(({ factor, maxPoints }) => (
          <label key={factor} className="weights__field" htmlFor={`${id}-${factor}`}>
            <span>{factorLabel(factor)}</span>
            <input
              id={`${id}-${factor}`}
              type="number"
              min={0}
              max={100}
              step={1}
              value={draft[factor] ?? String(maxPoints)}
              aria-invalid={invalid.includes(factor) || undefined}
              onChange={(event) => onDraft({ ...draft, [factor]: event.target.value })}
            />
          </label>
        ))}
      </div>
      {invalid.length > 0 && (
        <p role="alert" className="problem">
          Weights are numbers from 0 to 100: {invalid.map(factorLabel).join(', ')}.
        </p>
      )}
      <div className="section__controls">
        <button type="submit">Re-run with these weights</button>
        {applied && (
          <button type="button" onClick={onReset}>
            Back to the current weights
          </button>
        )}
      </div>
    </form>
  );
}

export function TrackRecordSection({ service, today }: { service: DashboardService; today: Date }) {
  const period = useMemo(() => trackRecordPeriod(today), [today]);
  const [horizon, setHorizon] = useState<number>(DEFAULT_HORIZON);
  const [weights, setWeights] = useState<RiskWeightInput[] | null>(null);
  const [draft, setDraft] = useState<WeightDraft>({});
  const key = JSON.stringify([period, horizon, weights]);
  const { state, reload } = useApiResult(key, () =>
    service.riskEvaluation({ ...period, horizonDays: horizon, weights }),
  );
  const horizonId = useId();
  return (
    <section className="section track-record" aria-labelledby="track-record-title">
      <h2 id="track-record-title">Track record</h2>
      <p className="summary">
        Did high scores come before churn? For each account with an outcome from {period.from} to {period.to}, the risk
        score it had some days before, against what happened.
      </p>
      <div className="section__controls">
        <label htmlFor={horizonId}>Score read</label>
        <select id={horizonId} value={horizon} onChange={(event) => setHorizon(Number(event.target.value))}>
          {HORIZONS.map((days) => (
            <option key={days} value={days}>
              {days} days before the outcome
            </option>
          ))}
        </select>
      </div>
      {state.status === 'loading' && <Loading what="the track record" />}
      {state.status === 'error' && <ProblemNotice failure={state.failure} onRetry={reload} />}
      {state.status === 'ready' && (
        <>
          {state.value.sampleSize === 0 ? (
            <p className="section__empty">
              No account with a recorded outcome and a risk score before it yet: record outcomes (churned, renewed,
              expanded) to build the track record.
            </p>
          ) : (
            <>
              <Figures evaluation={state.value} />
              <CalibrationChart
                recorded={state.value.recorded.calibration}
                candidate={state.value.candidate?.calibration ?? null}
                aucText={aucWords(state.value.recorded.auc)}
              />
              <LiftTable evaluation={state.value} />
            </>
          )}
          {state.value.excluded > 0 && (
            <p className="track-record__note">
              {state.value.excluded} {state.value.excluded === 1 ? 'account has' : 'accounts have'} an outcome but no
              risk score from before it, and {state.value.excluded === 1 ? 'is' : 'are'} left out.
            </p>
          )}
          <WeightsForm
            evaluation={state.value}
            draft={draft}
            onDraft={setDraft}
            onRun={setWeights}
            onReset={() => {
              setWeights(null);
              setDraft({});
            }}
            applied={weights !== null}
          />
          <p className="track-record__note">
            Read with care: a few dozen accounts make a rate swing widely; accounts without a score before the outcome
            are left out; a short horizon credits the score for what was already obvious; the scores shown are those of
            the weights in force at the time.
          </p>
        </>
      )}
    </section>
  );
}

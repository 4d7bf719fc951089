// The risk score's track record: riskModelEvaluation (the method is in domain/risk-evaluation.ts).
import { builder } from '../builder.ts';
import {
  DEFAULT_HORIZON_DAYS,
  evaluationPeriodProblem,
  MAX_HORIZON_DAYS,
  MIN_HORIZON_DAYS,
} from '../domain/outcomes.ts';
import { authScopesFor } from '../domain/permissions.ts';
import type { BandRow, FactorLift, RateCount, ScoreMetrics, Weights } from '../domain/risk-evaluation.ts';
import { ValidationError } from '../errors.ts';
import { evaluateRiskModel, type RiskModelEvaluation } from '../services/risk-evaluation.ts';
import { RiskBandEnum } from './health.ts';
import { RiskWeight, RiskWeightInput } from './settings.ts';

const BandCalibration = builder.objectRef<BandRow>('RiskBandCalibration').implement({
  description: 'How often the accounts of one band churned.',
  fields: (t) => ({
    band: t.expose('band', { type: RiskBandEnum }),
    accounts: t.exposeInt('accounts'),
    churned: t.exposeInt('churned'),
    rate: t.exposeFloat('rate', { nullable: true, description: 'churned / accounts; null with no account.' }),
  }),
});

const ScoreMetricsRef = builder.objectRef<ScoreMetrics>('RiskScoreMetrics').implement({
  fields: (t) => ({
    auc: t.exposeFloat('auc', {
      nullable: true,
      description:
        'The chance that a churned account scored higher than a retained one (ties half): 0.5 is a coin ' +
        'toss, 1 a perfect ranking. Null unless both churned and retained accounts are in the sample.',
    }),
    calibration: t.expose('calibration', { type: [BandCalibration], description: 'GREEN to RED.' }),
  }),
});

const ChurnRate = builder.objectRef<RateCount>('ChurnRate').implement({
  fields: (t) => ({
    accounts: t.exposeInt('accounts'),
    churned: t.exposeInt('churned'),
    rate: t.exposeFloat('rate', { nullable: true }),
  }),
});

const FactorLiftRef = builder.objectRef<FactorLift>('RiskFactorLift').implement({
  fields: (t) => ({
    factor: t.exposeString('factor'),
    withFactor: t.expose('withFactor', { type: ChurnRate, description: 'Accounts where the factor had points.' }),
    withoutFactor: t.expose('withoutFactor', { type: ChurnRate }),
    lift: t.exposeFloat('lift', {
      nullable: true,
      description: 'withFactor.rate / withoutFactor.rate; null when a side is empty or nobody churned without it.',
    }),
  }),
});

const weightList = (weights: Weights) => Object.entries(weights).map(([factor, maxPoints]) => ({ factor, maxPoints }));

const Evaluation = builder.objectRef<RiskModelEvaluation>('RiskModelEvaluation').implement({
  description:
    'How well the risk score told churn ahead: for each account with an outcome in the period (its first churn, ' +
    'else its latest outcome), the risk in force `horizonDays` before it, against what happened.',
  fields: (t) => ({
    from: t.expose('from', { type: 'Date' }),
    to: t.expose('to', { type: 'Date' }),
    horizonDays: t.exposeInt('horizonDays'),
    sampleSize: t.exposeInt('sampleSize', { description: 'Accounts judged.' }),
    churned: t.exposeInt('churned', { description: 'Of which churned.' }),
    excluded: t.exposeInt('excluded', {
      description: 'Accounts with an outcome in the period but no risk history by the judged day.',
    }),
    recorded: t.expose('recorded', { type: ScoreMetricsRef, description: 'The scores as recorded at the time.' }),
    candidate: t.expose('candidate', {
      type: ScoreMetricsRef,
      nullable: true,
      description: 'The same accounts scored under the weights sent (nothing is saved); null when none were sent.',
    }),
    factorLifts: t.expose('factorLifts', { type: [FactorLiftRef], description: 'Highest lift first.' }),
    currentWeights: t.field({ type: [RiskWeight], resolve: (evaluation) => weightList(evaluation.currentWeights) }),
    candidateWeights: t.field({
      type: [RiskWeight],
      nullable: true,
      resolve: (evaluation) => (evaluation.candidateWeights ? weightList(evaluation.candidateWeights) : null),
    }),
  }),
});

builder.queryField('riskModelEvaluation', (t) =>
  t.field({
    type: Evaluation,
    authScopes: authScopesFor('riskModelEvaluation'),
    description:
      'The risk score’s track record over outcomes from `from` to `to` (days, both included, at most five years), ' +
      'and the same under candidate weights when `weights` is sent (factors left out keep their current weight).',
    args: {
      from: t.arg({ type: 'Date', required: true }),
      to: t.arg({ type: 'Date', required: true }),
      horizonDays: t.arg.int({ defaultValue: DEFAULT_HORIZON_DAYS }),
      weights: t.arg({ type: [RiskWeightInput] }),
    },
    resolve: (_root, args, ctx) => {
      const problem = evaluationPeriodProblem(args.from, args.to);
      if (problem) throw ValidationError.at([problem.field], problem.message);
      const horizonDays = args.horizonDays ?? DEFAULT_HORIZON_DAYS;
      if (horizonDays < MIN_HORIZON_DAYS || horizonDays > MAX_HORIZON_DAYS)
        throw ValidationError.at(['horizonDays'], `Between ${MIN_HORIZON_DAYS} and ${MAX_HORIZON_DAYS} days.`);
      return evaluateRiskModel(ctx.prisma, ctx.viewer.organizationId, {
        from: args.from,
        to: args.to,
        horizonDays,
        weights: args.weights ?? null,
      });
    },
  }),
);

// The executive turnover report (seed 002): every figure of its sentence, the sentence, breakdowns.

import { builder } from '../builder.ts';
import { authScopesFor } from '../domain/permissions.ts';
import type {
  ReportLine as ReportLineType,
  SavedCase as SavedCaseType,
  TurnoverReport as TurnoverReportType,
} from '../domain/turnover-report.ts';
import { turnoverReportFor } from '../services/report.ts';
import { CaseCauseEnum, SaveReasonEnum } from './departure-case.ts';
import { AccountSegmentEnum } from './enums.ts';
import { mutationErrors } from './errors.ts';
import { Member } from './member.ts';

type Line = ReportLineType & {
  cause?: TurnoverReportType['byCause'][number]['cause'];
  segment?: TurnoverReportType['bySegment'][number]['segment'];
  ownerId?: string | null;
  ownerName?: string | null;
};

const ReportLine = builder.objectRef<Line>('TurnoverReportLine').implement({
  fields: (t) => ({
    cause: t.field({
      type: CaseCauseEnum,
      nullable: true,
      description: 'Set on the lines by cause.',
      resolve: (line) => line.cause ?? null,
    }),
    segment: t.field({
      type: AccountSegmentEnum,
      nullable: true,
      description: 'Set on the lines by segment.',
      resolve: (line) => line.segment ?? null,
    }),
    ownerName: t.string({
      nullable: true,
      description: 'Set on the lines by owner (null there: accounts without an owner).',
      resolve: (line) => line.ownerName ?? null,
    }),
    savedCount: t.exposeInt('savedCount'),
    savedArrMinor: t.expose('savedArrMinor', { type: 'Long' }),
    churnedCount: t.exposeInt('churnedCount'),
    churnedArrMinor: t.expose('churnedArrMinor', { type: 'Long' }),
    openCount: t.exposeInt('openCount'),
    openArrAtRiskMinor: t.expose('openArrAtRiskMinor', { type: 'Long' }),
    averageDaysAtRisk: t.exposeFloat('averageDaysAtRisk', { nullable: true }),
    averagePlanCompletion: t.exposeFloat('averagePlanCompletion', { nullable: true }),
    expectedSavedArrMinor: t.expose('expectedSavedArrMinor', {
      type: 'Long',
      description: 'Open ARR at risk whose case is likely saved.',
    }),
    undecidedArrMinor: t.expose('undecidedArrMinor', {
      type: 'Long',
      description: 'Open ARR at risk whose case is still at risk (undecided).',
    }),
    highRiskArrMinor: t.expose('highRiskArrMinor', {
      type: 'Long',
      description: 'Open ARR at risk whose case is at high risk of churn. The three add up to openArrAtRiskMinor.',
    }),
  }),
});

const SavedCase = builder.objectRef<SavedCaseType>('TurnoverReportSavedCase').implement({
  fields: (t) => ({
    accountName: t.exposeString('accountName'),
    arrMinor: t.expose('arrMinor', { type: 'Long' }),
    reasons: t.field({ type: [SaveReasonEnum], resolve: (item) => [...item.reasons] }),
    note: t.exposeString('note', { nullable: true }),
  }),
});

const TurnoverReport = builder.objectRef<TurnoverReportType>('TurnoverReport').implement({
  fields: (t) => ({
    from: t.expose('from', { type: 'DateTime' }),
    to: t.expose('to', { type: 'DateTime' }),
    currency: t.exposeString('currency'),
    locale: t.exposeString('locale'),
    empty: t.exposeBoolean('empty', { description: 'No case saved, lost or open in the period.' }),
    total: t.expose('total', { type: ReportLine }),
    byCause: t.field({ type: [ReportLine], resolve: (report) => report.byCause }),
    bySegment: t.field({ type: [ReportLine], resolve: (report) => report.bySegment }),
    byOwner: t.field({ type: [ReportLine], resolve: (report) => report.byOwner }),
    saved: t.field({
      type: [SavedCase],
      description: 'The cases saved in the period, with why.',
      resolve: (report) => report.saved,
    }),
    arrAtHighRiskMinor: t.field({
      type: 'Long',
      description: 'Open ARR at risk whose case is at high risk of churn (total.highRiskArrMinor).',
      resolve: (report) => report.total.highRiskArrMinor,
    }),
    saveRate: t.exposeFloat('saveRate', {
      nullable: true,
      description: 'Saved ÷ closed in the period; null when no case closed.',
    }),
    summary: t.exposeString('sentence', {
      description: 'The report as said at the executive meeting, in the organization’s currency and locale.',
    }),
  }),
});

builder.queryField('turnoverReport', (t) =>
  t.field({
    type: TurnoverReport,
    authScopes: authScopesFor('turnoverReport'),
    errors: { types: mutationErrors, union: { name: 'TurnoverReportResult' } },
    args: {
      from: t.arg({ type: 'DateTime', required: true }),
      to: t.arg({ type: 'DateTime', required: true }),
      ownerId: t.arg.globalID({ for: Member, description: 'Only cases of accounts this member owns.' }),
    },
    resolve: (_root, args, ctx) =>
      turnoverReportFor(ctx, { from: args.from, to: args.to, ownerId: args.ownerId?.id ?? null }),
  }),
);

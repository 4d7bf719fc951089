// Departure cases, their recovery plans, playbooks and the turnover report.
import type { DepartureCase as CaseRow, CaseStep as CaseStepRow } from '@threadwatch/db/client';
import { builder, inViewerOrganization, inViewerOrganizationPage } from '../builder.ts';
import { daysAtRisk } from '../domain/departures.ts';
import * as rules from '../domain/input-rules.ts';
import { planCompletion } from '../domain/playbooks.ts';
import type { ReportLine as ReportLineType, TurnoverReport as TurnoverReportType } from '../domain/turnover-report.ts';
import { closeCase, updateCase, updateStep } from '../services/cases.ts';
import { turnoverReportFor } from '../services/report.ts';
import { Account } from './account.ts';
import { DateRange, rangeWhere } from './date-range.ts';
import { mutationErrors } from './errors.ts';
import { Member } from './member.ts';
import { Stakeholder } from './stakeholder.ts';

export const CaseCauseEnum = builder.enumType('CaseCause', {
  values: ['MAIN_CONTACT_TURNOVER', 'ROLE_HOLDER_TURNOVER', 'OUR_REP_LEFT', 'EXECUTIVE_CHANGE'] as const,
});
const LearnedWhenEnum = builder.enumType('LearnedWhen', { values: ['BEFORE_DEPARTURE', 'AFTER_DEPARTURE'] as const });
const DestinationEnum = builder.enumType('Destination', { values: ['INTERNAL', 'EXTERNAL', 'UNKNOWN'] as const });
const RoleDispositionEnum = builder.enumType('RoleDisposition', {
  values: ['REPLACED', 'MERGED', 'ELIMINATED', 'UNKNOWN'] as const,
});
const ReplacementOriginEnum = builder.enumType('ReplacementOrigin', {
  values: {
    INTERNAL: { description: 'Limited onboarding.' },
    EXTERNAL_NEW_TO_FUNCTION: { description: 'Full onboarding.' },
    EXTERNAL_FROM_COMPETITOR: { description: 'Full onboarding, against the competitor.' },
  } as const,
});
const CaseOutcomeEnum = builder.enumType('CaseOutcome', { values: ['SAVED', 'CHURNED'] as const });

export const CaseStep = builder.prismaNode('CaseStep', {
  id: { field: 'id' },
  nullable: true,
  findUnique: inViewerOrganization,
  fields: (t) => ({
    position: t.exposeInt('position'),
    phase: t.exposeString('phase'),
    title: t.exposeString('title'),
    owner: t.relation('owner', { nullable: true }),
    dueOn: t.expose('dueOn', { type: 'Date', nullable: true }),
    done: t.boolean({ select: { doneAt: true }, resolve: (step) => step.doneAt !== null }),
    doneAt: t.expose('doneAt', { type: 'DateTime', nullable: true }),
  }),
});

export const DepartureCase = builder.prismaNode('DepartureCase', {
  id: { field: 'id' },
  nullable: true,
  findUnique: inViewerOrganization,
  fields: (t) => ({
    account: t.relation('account'),
    stakeholder: t.relation('stakeholder', {
      nullable: true,
      description: 'Null for our own rep leaving, or once erased.',
    }),
    cause: t.expose('cause', { type: CaseCauseEnum }),
    learned: t.expose('learned', { type: LearnedWhenEnum }),
    coverageAtOpen: t.exposeInt('coverageAtOpen', { description: 'Coverage % of the account when the case opened.' }),
    destination: t.expose('destination', { type: DestinationEnum }),
    destinationCompany: t.exposeString('destinationCompany', { nullable: true }),
    destinationAccount: t.relation('destinationAccount', {
      nullable: true,
      description: 'Set when the person went to one of our accounts: a warm lead.',
    }),
    roleDisposition: t.expose('roleDisposition', { type: RoleDispositionEnum }),
    replacement: t.relation('replacement', { nullable: true }),
    replacementOrigin: t.expose('replacementOrigin', { type: ReplacementOriginEnum, nullable: true }),
    arrAtRiskMinor: t.expose('arrAtRiskMinor', { type: 'Long' }),
    openedAt: t.expose('openedAt', { type: 'DateTime' }),
    closedAt: t.expose('closedAt', { type: 'DateTime', nullable: true }),
    outcome: t.expose('outcome', { type: CaseOutcomeEnum, nullable: true }),
    daysAtRisk: t.float({
      select: { openedAt: true, closedAt: true },
      resolve: (item) => daysAtRisk(item.openedAt, item.closedAt, new Date()),
    }),
    playbookName: t.exposeString('playbookName', { nullable: true }),
    steps: t.relation('steps', { query: { orderBy: { position: 'asc' } } }),
    planCompletion: t.float({
      description: 'Share of plan steps done, 0 to 1.',
      select: { steps: { select: { doneAt: true } } },
      resolve: (item) => planCompletion(item.steps),
    }),
  }),
});

const CaseFilter = builder.inputType('DepartureCaseFilter', {
  fields: (t) => ({
    open: t.boolean({ description: 'Only open (true) or closed (false) cases.' }),
    accountId: t.globalID({ for: Account }),
    ownerId: t.globalID({ for: Member, description: 'Cases of accounts this member owns.' }),
    causes: t.field({ type: [CaseCauseEnum] }),
    opened: t.field({ type: DateRange, description: 'Cases opened in this range.' }),
    closed: t.field({ type: DateRange, description: 'Cases closed in this range.' }),
  }),
});

builder.queryField('departureCases', (t) =>
  t.prismaConnection(
    {
      type: 'DepartureCase',
      cursor: 'id',
      maxSize: 100,
      description: 'Departure cases, most ARR at risk first.',
      authScopes: { read: true },
      args: { filter: t.arg({ type: CaseFilter }) },
      totalCount: (_root, args, ctx) =>
        ctx.prisma.departureCase.count({ where: caseWhere(ctx.viewer.organizationId, args.filter) }),
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.departureCase.findMany({
          ...inViewerOrganizationPage(query, ctx),
          where: caseWhere(ctx.viewer.organizationId, args.filter),
          orderBy: [{ arrAtRiskMinor: 'desc' }, { id: 'asc' }],
        }),
    },
    { name: 'DepartureCaseConnection' },
    { name: 'DepartureCaseEdge' },
  ),
);

function caseWhere(organizationId: string, filter: typeof CaseFilter.$inferInput | null | undefined) {
  return {
    organizationId,
    ...(filter?.open === true ? { closedAt: null } : filter?.open === false ? { closedAt: { not: null } } : {}),
    ...(filter?.accountId ? { accountId: filter.accountId.id } : {}),
    ...(filter?.ownerId ? { account: { ownerId: filter.ownerId.id } } : {}),
    ...(filter?.causes?.length ? { cause: { in: filter.causes } } : {}),
    ...(filter?.opened?.from || filter?.opened?.to
      ? { openedAt: rangeWhere(filter.opened, ['filter', 'opened']) }
      : {}),
    ...(filter?.closed?.from || filter?.closed?.to
      ? { closedAt: rangeWhere(filter.closed, ['filter', 'closed']) }
      : {}),
  };
}

const UpdateCaseInput = builder.inputType('UpdateDepartureCaseInput', {
  fields: (t) => ({
    id: t.globalID({ for: DepartureCase, required: true }),
    roleDisposition: t.field({ type: RoleDispositionEnum }),
    replacementId: t.globalID({ for: Stakeholder }),
    replacementOrigin: t.field({
      type: ReplacementOriginEnum,
      description: 'Adds the onboarding steps for that origin.',
    }),
    destination: t.field({ type: DestinationEnum }),
    destinationCompany: t.string({ validate: rules.companyName }),
    arrAtRiskMinor: t.field({ type: 'Long', validate: rules.amountMinor }),
  }),
});

const CasePayload = builder.objectRef<{ departureCase: CaseRow }>('DepartureCasePayload').implement({
  fields: (t) => ({ departureCase: t.expose('departureCase', { type: DepartureCase }) }),
});

const UpdateStepInput = builder.inputType('UpdateCaseStepInput', {
  fields: (t) => ({
    id: t.globalID({ for: CaseStep, required: true }),
    done: t.boolean(),
    ownerId: t.globalID({ for: Member }),
    dueOn: t.field({ type: 'Date' }),
  }),
});

const StepPayload = builder.objectRef<{ step: CaseStepRow }>('CaseStepPayload').implement({
  fields: (t) => ({ step: t.expose('step', { type: CaseStep }) }),
});

builder.mutationFields((t) => ({
  updateDepartureCase: t.field({
    type: CasePayload,
    authScopes: { manageCases: true },
    errors: { types: mutationErrors, union: { name: 'UpdateDepartureCaseResult' } },
    args: { input: t.arg({ type: UpdateCaseInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { id, replacementId, ...changes } = input;
      return {
        departureCase: await updateCase(ctx, id.id, {
          ...changes,
          ...(replacementId !== undefined ? { replacementId: replacementId?.id ?? null } : {}),
        }),
      };
    },
  }),
  closeDepartureCase: t.field({
    type: CasePayload,
    authScopes: { manageCases: true },
    errors: { types: mutationErrors, union: { name: 'CloseDepartureCaseResult' } },
    args: {
      id: t.arg.globalID({ for: DepartureCase, required: true }),
      outcome: t.arg({ type: CaseOutcomeEnum, required: true }),
    },
    resolve: async (_root, args, ctx) => ({ departureCase: await closeCase(ctx, args.id.id, args.outcome) }),
  }),
  updateCaseStep: t.field({
    type: StepPayload,
    authScopes: { manageCases: true },
    errors: { types: mutationErrors, union: { name: 'UpdateCaseStepResult' } },
    args: { input: t.arg({ type: UpdateStepInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { id, ownerId, ...changes } = input;
      return {
        step: await updateStep(ctx, id.id, {
          ...changes,
          ...(ownerId !== undefined ? { ownerId: ownerId?.id ?? null } : {}),
        }),
      };
    },
  }),
}));

const ReportLine = builder.objectRef<ReportLineType>('TurnoverReportLine').implement({
  fields: (t) => ({
    cause: t.field({
      type: CaseCauseEnum,
      nullable: true,
      description: 'Null on the total line.',
      resolve: (line) => line.cause as never,
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
      description: 'Σ open ARR at risk × save rate × (0.5 + 0.5 × plan completion); see the README.',
    }),
  }),
});

const TurnoverReport = builder.objectRef<TurnoverReportType>('TurnoverReport').implement({
  fields: (t) => ({
    from: t.expose('from', { type: 'DateTime' }),
    to: t.expose('to', { type: 'DateTime' }),
    total: t.expose('total', { type: ReportLine }),
    byCause: t.expose('byCause', { type: [ReportLine] }),
    arrAtHighRiskMinor: t.expose('arrAtHighRiskMinor', {
      type: 'Long',
      description: 'ARR of accounts in the red band.',
    }),
    saveRate: t.exposeFloat('saveRate', {
      description: 'Saved / closed over all closed cases (0.5 before any closed).',
    }),
    summary: t.exposeString('summary', { description: 'The report in one paragraph, for the executive meeting.' }),
  }),
});

builder.queryField('turnoverReport', (t) =>
  t.field({
    type: TurnoverReport,
    authScopes: { read: true },
    errors: { types: mutationErrors, union: { name: 'TurnoverReportResult' } },
    args: { from: t.arg({ type: 'DateTime', required: true }), to: t.arg({ type: 'DateTime', required: true }) },
    resolve: (_root, args, ctx) => turnoverReportFor(ctx, args.from, args.to),
  }),
);

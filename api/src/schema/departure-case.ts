// Departure cases, their recovery plans, playbooks and the turnover report.

import {
  type DepartureCase as CaseRow,
  type CaseStep as CaseStepRow,
  Destination,
  LearnedWhen,
  ReplacementOrigin,
  RoleDisposition,
  StepAssigneeRole,
} from '@threadwatch/db/client';
import { builder, inViewerOrganization, inViewerOrganizationPage } from '../builder.ts';
import type { CaseOutlookResult } from '../domain/case-outlook.ts';
import { daysAtRisk, riskStart, startOfUtcDay } from '../domain/departure-cases.ts';
import * as rules from '../domain/input-rules.ts';
import { authScopesFor } from '../domain/permissions.ts';
import { planCompletion } from '../domain/playbooks.ts';
import { CASE_OUTCOMES, CASE_OUTLOOKS, caseCauses, SAVE_REASONS } from '../domain/turnover-report.ts';
import { outlookOf, outlookSelect, requestCaseRecord, setCaseOutlook } from '../services/case-outlook.ts';
import { closeCase, updateCase, updateStep } from '../services/departure-cases.ts';
import { Account } from './account.ts';
import { DateRange, rangeWhere } from './date-range.ts';
import { describedValues } from './enums.ts';
import { mutationErrors } from './errors.ts';
import { Member } from './member.ts';
import { Stakeholder } from './stakeholder.ts';

export const CaseCauseEnum = builder.enumType('CaseCause', { values: caseCauses });
const LearnedWhenEnum = builder.enumType(LearnedWhen, { name: 'LearnedWhen' });
const DestinationEnum = builder.enumType(Destination, { name: 'Destination' });
const RoleDispositionEnum = builder.enumType(RoleDisposition, { name: 'RoleDisposition' });
const ReplacementOriginEnum = builder.enumType('ReplacementOrigin', {
  values: describedValues(ReplacementOrigin, {
    INTERNAL: 'Limited onboarding.',
    EXTERNAL_NEW_TO_FUNCTION: 'Full onboarding.',
    EXTERNAL_FROM_COMPETITOR: 'Full onboarding, against the competitor.',
  }),
});
const CaseOutcomeEnum = builder.enumType('CaseOutcome', { values: CASE_OUTCOMES });
export const CaseOutlookEnum = builder.enumType('CaseOutlook', {
  values: describedValues(CASE_OUTLOOKS, {
    LIKELY_SAVED: 'Likely to be saved: counts toward the expected save.',
    AT_RISK: 'Undecided.',
    HIGH_RISK: 'At high risk of churn.',
  }),
});
export const SaveReasonEnum = builder.enumType('SaveReason', { values: SAVE_REASONS });
const StepAssigneeRoleEnum = builder.enumType(StepAssigneeRole, { name: 'StepAssigneeRole' });

const OutlookReason = builder.objectRef<{ points: number; text: string }>('CaseOutlookReason').implement({
  fields: (t) => ({ points: t.exposeInt('points'), text: t.exposeString('text') }),
});

type OutlookView = CaseOutlookResult & { overriddenAt: Date | null };
const CaseOutlookView = builder.objectRef<OutlookView>('DepartureCaseOutlook').implement({
  description: 'Whether the case is likely saved, at risk, or at high risk of churn, and why.',
  fields: (t) => ({
    outlook: t.field({ type: CaseOutlookEnum, resolve: (item) => item.outlook }),
    computed: t.field({
      type: CaseOutlookEnum,
      description: 'What the reasons give, before any override.',
      resolve: (item) => item.computed,
    }),
    score: t.exposeInt('score'),
    reasons: t.field({ type: [OutlookReason], resolve: (item) => item.reasons }),
    overridden: t.exposeBoolean('overridden'),
    note: t.exposeString('note', { nullable: true, description: 'The owner’s note on the override.' }),
    overriddenAt: t.expose('overriddenAt', { type: 'DateTime', nullable: true }),
  }),
});

export const CaseStep = builder.prismaNode('CaseStep', {
  id: { field: 'id' },
  nullable: true,
  findUnique: inViewerOrganization,
  fields: (t) => ({
    position: t.exposeInt('position'),
    phase: t.exposeString('phase'),
    title: t.exposeString('title'),
    owner: t.relation('owner', { nullable: true }),
    assigneeRole: t.expose('assigneeRole', { type: StepAssigneeRoleEnum }),
    onboarding: t.exposeBoolean('onboarding', { description: 'Added for the replacement’s onboarding.' }),
    dueOn: t.expose('dueOn', { type: 'Date', nullable: true }),
    overdue: t.boolean({
      description: 'Not done and due before today.',
      select: { doneAt: true, dueOn: true },
      resolve: (step) => isOverdue(step, new Date()),
    }),
    done: t.boolean({ select: { doneAt: true }, resolve: (step) => step.doneAt !== null }),
    doneAt: t.expose('doneAt', { type: 'DateTime', nullable: true }),
  }),
});

function isOverdue(step: { doneAt: Date | null; dueOn: Date | null }, now: Date): boolean {
  return step.doneAt === null && step.dueOn !== null && step.dueOn < startOfUtcDay(now);
}

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
    departedOn: t.expose('departedOn', {
      type: 'Date',
      nullable: true,
      description: 'When the person left (or is to leave); null while unknown.',
    }),
    learnedOn: t.expose('learnedOn', { type: 'Date', description: 'When we learned of the departure.' }),
    atRiskSince: t.field({
      type: 'Date',
      description: 'Start of the time at risk: the departure, or when we learned of it if earlier.',
      select: { departedOn: true, learnedOn: true },
      resolve: (item) => riskStart(item),
    }),
    daysAtRisk: t.int({
      description: 'Whole days from atRiskSince to the close (or to now while open).',
      select: { departedOn: true, learnedOn: true, closedAt: true },
      resolve: (item) => daysAtRisk(item, new Date()),
    }),
    closeNote: t.exposeString('closeNote', { nullable: true }),
    saveReasons: t.field({
      type: [SaveReasonEnum],
      description: 'Why a saved case was saved, as far as the data tells.',
      select: { saveReasons: true },
      resolve: (item) => item.saveReasons,
    }),
    outlook: t.field({
      type: CaseOutlookView,
      nullable: true,
      description: 'Null once the case is closed.',
      select: { ...outlookSelect, closedAt: true, outlookOverriddenAt: true },
      resolve: async (item, _args, ctx) =>
        item.closedAt
          ? null
          : {
              ...outlookOf(item, await requestCaseRecord(ctx), new Date()),
              overriddenAt: item.outlookOverriddenAt,
            },
    }),
    nextStep: t.field({
      type: CaseStep,
      nullable: true,
      description: 'The first step not done, earliest due first.',
      select: (_args, _ctx, nested) => ({
        steps: nested({ where: { doneAt: null }, orderBy: [{ dueOn: 'asc' }, { position: 'asc' }], take: 1 }),
      }),
      resolve: (item) => item.steps[0] ?? null,
    }),
    overdueStepCount: t.int({
      select: { steps: { select: { doneAt: true, dueOn: true } } },
      resolve: (item) => item.steps.filter((step) => isOverdue(step, new Date())).length,
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

builder.prismaObjectFields('Account', (t) => ({
  departureCases: t.relation('cases', {
    args: { open: t.arg.boolean() },
    query: (args) => ({
      where: args.open === true ? { closedAt: null } : args.open === false ? { closedAt: { not: null } } : {},
      orderBy: { openedAt: 'desc' },
    }),
  }),
}));

builder.queryField('departureCases', (t) =>
  t.prismaConnection(
    {
      type: 'DepartureCase',
      cursor: 'id',
      maxSize: 100,
      description: 'Departure cases, most ARR at risk first.',
      authScopes: authScopesFor('departureCases'),
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
    departedOn: t.field({ type: 'Date', description: 'Not in the future for a case learned after the departure.' }),
    learnedOn: t.field({ type: 'Date' }),
  }),
});

const SetOutlookInput = builder.inputType('SetDepartureCaseOutlookInput', {
  fields: (t) => ({
    id: t.globalID({ for: DepartureCase, required: true }),
    outlook: t.field({ type: CaseOutlookEnum, description: 'Null clears the override.' }),
    note: t.string({ description: 'Required with an outlook: why.' }),
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
    authScopes: authScopesFor('updateDepartureCase'),
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
    authScopes: authScopesFor('closeDepartureCase'),
    errors: { types: mutationErrors, union: { name: 'CloseDepartureCaseResult' } },
    args: {
      id: t.arg.globalID({ for: DepartureCase, required: true }),
      outcome: t.arg({ type: CaseOutcomeEnum, required: true }),
      note: t.arg.string({ description: 'Why; required for SAVED when the case has no replacement.' }),
      markAccountChurned: t.arg.boolean({
        description: 'For CHURNED: mark the account churned too; its ARR stays on record as lost ARR.',
      }),
    },
    resolve: async (_root, args, ctx) => ({
      departureCase: await closeCase(ctx, args.id.id, args.outcome, {
        note: args.note,
        markAccountChurned: args.markAccountChurned,
      }),
    }),
  }),
  setDepartureCaseOutlook: t.field({
    type: CasePayload,
    authScopes: authScopesFor('setDepartureCaseOutlook'),
    errors: { types: mutationErrors, union: { name: 'SetDepartureCaseOutlookResult' } },
    args: { input: t.arg({ type: SetOutlookInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      departureCase: await setCaseOutlook(ctx, input.id.id, input.outlook ?? null, input.note),
    }),
  }),
  updateCaseStep: t.field({
    type: StepPayload,
    authScopes: authScopesFor('updateCaseStep'),
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

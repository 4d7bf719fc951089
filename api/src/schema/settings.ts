// Organization settings (required roles, thread thresholds, risk weights) and recovery playbooks.

import { startRun } from '../background-runner.ts';
import { builder } from '../builder.ts';
import { authScopesFor } from '../domain/permissions.ts';
import {
  DEFAULT_AUDIT_RETENTION_DAYS,
  type DigestSchedule,
  MAX_AUDIT_RETENTION_DAYS,
  MIN_AUDIT_RETENTION_DAYS,
  type OrganizationSettings,
  weekdays,
} from '../domain/settings.ts';
import { RECOMPUTE_BATCH_SIZE } from '../services/health-recompute.ts';
import { listPlaybooks, type PlaybookView, readSettings, savePlaybook, updateSettings } from '../services/settings.ts';
import { CaseCauseEnum } from './departure-case.ts';
import { AccountSegmentEnum, AccountTierEnum, BuyingRoleEnum, RelationshipStrengthEnum } from './enums.ts';
import { mutationErrors } from './errors.ts';
import { HealthRecomputeRun } from './health-recompute-run.ts';

const TierRoles = builder
  .objectRef<{ tier: 'STRATEGIC' | 'KEY' | 'STANDARD'; roles: string[] }>('TierRequiredRoles')
  .implement({
    fields: (t) => ({
      tier: t.expose('tier', { type: AccountTierEnum }),
      roles: t.field({ type: [BuyingRoleEnum], resolve: (entry) => entry.roles as never }),
    }),
  });

export const RiskWeight = builder.objectRef<{ factor: string; maxPoints: number }>('RiskWeight').implement({
  fields: (t) => ({ factor: t.exposeString('factor'), maxPoints: t.exposeFloat('maxPoints') }),
});

const WeekdayEnum = builder.enumType('Weekday', { values: weekdays });

const DigestScheduleRef = builder.objectRef<DigestSchedule>('DigestSchedule').implement({
  description: 'When the weekly digests of the last complete week (Monday to Sunday on this clock) go out.',
  fields: (t) => ({
    dayOfWeek: t.expose('dayOfWeek', { type: WeekdayEnum }),
    hour: t.exposeInt('hour', { description: '0..23 on the clock of the time zone.' }),
    timeZone: t.exposeString('timeZone', { description: 'An IANA time zone, e.g. Europe/Berlin.' }),
  }),
});

const DigestScheduleInput = builder.inputType('DigestScheduleInput', {
  description: 'Only what you send changes.',
  fields: (t) => ({
    dayOfWeek: t.field({ type: WeekdayEnum }),
    hour: t.int(),
    timeZone: t.string(),
  }),
});

const Settings = builder.objectRef<OrganizationSettings>('OrganizationSettings').implement({
  fields: (t) => ({
    requiredRoles: t.field({
      type: [TierRoles],
      resolve: (settings) =>
        (['STRATEGIC', 'KEY', 'STANDARD'] as const).map((tier) => ({ tier, roles: settings.requiredRoles[tier] })),
    }),
    liveWithinDays: t.int({
      description: 'A thread untouched for longer is stale.',
      resolve: (settings) => settings.threads.liveWithinDays,
    }),
    minimumLiveStrength: t.field({
      type: RelationshipStrengthEnum,
      resolve: (settings) => settings.threads.minimumLiveStrength,
    }),
    riskWeights: t.field({
      type: [RiskWeight],
      description: 'The most points each risk factor can add.',
      resolve: (settings) => Object.entries(settings.riskWeights).map(([factor, maxPoints]) => ({ factor, maxPoints })),
    }),
    digestSchedule: t.field({ type: DigestScheduleRef, resolve: (settings) => settings.digestSchedule }),
    auditRetentionDays: t.exposeInt('auditRetentionDays', {
      description: `How long the audit trail keeps its rows, in days (${MIN_AUDIT_RETENTION_DAYS}–${MAX_AUDIT_RETENTION_DAYS}, default ${DEFAULT_AUDIT_RETENTION_DAYS}); older rows are deleted in the background.`,
    }),
  }),
});

builder.prismaObjectFields('Organization', (t) => ({
  settings: t.field({ type: Settings, resolve: (_organization, _args, ctx) => readSettings(ctx) }),
}));

const TierRolesInput = builder.inputType('TierRequiredRolesInput', {
  fields: (t) => ({
    tier: t.field({ type: AccountTierEnum, required: true }),
    roles: t.field({ type: [BuyingRoleEnum], required: true }),
  }),
});
export const RiskWeightInput = builder.inputType('RiskWeightInput', {
  fields: (t) => ({ factor: t.string({ required: true }), maxPoints: t.float({ required: true }) }),
});
const UpdateSettingsInput = builder.inputType('UpdateOrganizationSettingsInput', {
  description:
    'Only what you send changes. Every account is reassessed under the new settings in the background (see `recompute`).',
  fields: (t) => ({
    requiredRoles: t.field({ type: [TierRolesInput] }),
    liveWithinDays: t.int(),
    minimumLiveStrength: t.field({ type: RelationshipStrengthEnum }),
    riskWeights: t.field({ type: [RiskWeightInput] }),
    digestSchedule: t.field({ type: DigestScheduleInput }),
    auditRetentionDays: t.int(),
  }),
});

const SettingsPayload = builder
  .objectRef<{ settings: OrganizationSettings; recomputeId: string }>('UpdateOrganizationSettingsPayload')
  .implement({
    fields: (t) => ({
      settings: t.expose('settings', { type: Settings }),
      recompute: t.prismaField({
        type: HealthRecomputeRun,
        description: `Every account reassessed under the new settings, in the background: an organization of up to ${RECOMPUTE_BATCH_SIZE} accounts is done when this answers.`,
        resolve: (query, payload, _args, ctx) =>
          ctx.prisma.backgroundRun.findUniqueOrThrow({ ...query, where: { id: payload.recomputeId } }),
      }),
    }),
  });

const PlaybookStepRef = builder
  .objectRef<{ phase: string; title: string; ownerRole: string; dueInDays: number }>('PlaybookStep')
  .implement({
    fields: (t) => ({
      phase: t.exposeString('phase'),
      title: t.exposeString('title'),
      ownerRole: t.exposeString('ownerRole', { description: 'ACCOUNT_OWNER or MANAGER.' }),
      dueInDays: t.exposeInt('dueInDays'),
    }),
  });

const PlaybookRef = builder.objectRef<PlaybookView>('Playbook').implement({
  fields: (t) => ({
    cause: t.expose('cause', { type: CaseCauseEnum }),
    segment: t.expose('segment', { type: AccountSegmentEnum, nullable: true, description: 'Null: any segment.' }),
    name: t.exposeString('name'),
    custom: t.exposeBoolean('custom', { description: 'False for the shipped default.' }),
    steps: t.expose('steps', { type: [PlaybookStepRef] }),
    internalOnboarding: t.field({ type: [PlaybookStepRef], resolve: (playbook) => playbook.onboarding.INTERNAL }),
    newToFunctionOnboarding: t.field({
      type: [PlaybookStepRef],
      resolve: (playbook) => playbook.onboarding.EXTERNAL_NEW_TO_FUNCTION,
    }),
    fromCompetitorOnboarding: t.field({
      type: [PlaybookStepRef],
      resolve: (playbook) => playbook.onboarding.EXTERNAL_FROM_COMPETITOR,
    }),
  }),
});

const PlaybookStepInput = builder.inputType('PlaybookStepInput', {
  fields: (t) => ({
    phase: t.string({ required: true }),
    title: t.string({ required: true }),
    ownerRole: t.string({ required: true }),
    dueInDays: t.int({ required: true }),
  }),
});
const SavePlaybookInput = builder.inputType('SavePlaybookInput', {
  fields: (t) => ({
    cause: t.field({ type: CaseCauseEnum, required: true }),
    segment: t.field({ type: AccountSegmentEnum }),
    name: t.string({ required: true }),
    steps: t.field({ type: [PlaybookStepInput], required: true }),
    internalOnboarding: t.field({ type: [PlaybookStepInput], required: true }),
    newToFunctionOnboarding: t.field({ type: [PlaybookStepInput], required: true }),
    fromCompetitorOnboarding: t.field({ type: [PlaybookStepInput], required: true }),
  }),
});
const PlaybookPayload = builder.objectRef<{ playbook: PlaybookView }>('SavePlaybookPayload').implement({
  fields: (t) => ({ playbook: t.expose('playbook', { type: PlaybookRef }) }),
});

builder.queryField('playbooks', (t) =>
  t.field({
    type: [PlaybookRef],
    authScopes: authScopesFor('playbooks'),
    resolve: (_root, _args, ctx) => listPlaybooks(ctx),
  }),
);

builder.mutationFields((t) => ({
  updateOrganizationSettings: t.field({
    type: SettingsPayload,
    authScopes: authScopesFor('updateOrganizationSettings'),
    errors: { types: mutationErrors, union: { name: 'UpdateOrganizationSettingsResult' } },
    args: { input: t.arg({ type: UpdateSettingsInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { settings, recompute, staleAccounts } = await updateSettings(ctx, {
        ...(input.requiredRoles
          ? { requiredRoles: Object.fromEntries(input.requiredRoles.map((entry) => [entry.tier, entry.roles])) }
          : {}),
        ...(input.liveWithinDays != null || input.minimumLiveStrength
          ? {
              threads: {
                ...(input.liveWithinDays != null ? { liveWithinDays: input.liveWithinDays } : {}),
                ...(input.minimumLiveStrength ? { minimumLiveStrength: input.minimumLiveStrength } : {}),
              },
            }
          : {}),
        ...(input.riskWeights
          ? { riskWeights: Object.fromEntries(input.riskWeights.map((entry) => [entry.factor, entry.maxPoints])) }
          : {}),
        ...(input.digestSchedule
          ? {
              digestSchedule: Object.fromEntries(
                Object.entries(input.digestSchedule).filter(([, value]) => value !== null && value !== undefined),
              ),
            }
          : {}),
        ...(input.auditRetentionDays != null ? { auditRetentionDays: input.auditRetentionDays } : {}),
      });
      await startRun(ctx.prisma, recompute.id, staleAccounts <= RECOMPUTE_BATCH_SIZE);
      return { settings, recomputeId: recompute.id };
    },
  }),
  savePlaybook: t.field({
    type: PlaybookPayload,
    description: 'Replaces the playbook for a scenario (and segment) with the organization’s own.',
    authScopes: authScopesFor('savePlaybook'),
    errors: { types: mutationErrors, union: { name: 'SavePlaybookResult' } },
    args: { input: t.arg({ type: SavePlaybookInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      playbook: await savePlaybook(ctx, input.cause, input.segment ?? null, {
        name: input.name,
        steps: input.steps,
        onboarding: {
          INTERNAL: input.internalOnboarding,
          EXTERNAL_NEW_TO_FUNCTION: input.newToFunctionOnboarding,
          EXTERNAL_FROM_COMPETITOR: input.fromCompetitorOnboarding,
        },
      }),
    }),
  }),
}));

// Organization settings (required roles, thread thresholds, risk weights, band cut-offs, zone
// thresholds) and recovery playbooks.

import { builder } from '../builder.ts';
import { authScopesFor } from '../domain/permissions.ts';
import { defaultRiskBands, defaultZoneRules, type RiskBands, type ZoneRules } from '../domain/risk.ts';
import {
  DEFAULT_AUDIT_RETENTION_DAYS,
  type DigestSchedule,
  MAX_AUDIT_RETENTION_DAYS,
  MAX_RECOVERABILITY_POINTS,
  MAX_VALUE_POINTS,
  MIN_AUDIT_RETENTION_DAYS,
  type OrganizationSettings,
  weekdays,
} from '../domain/settings.ts';
import { RECOMPUTE_BATCH_SIZE } from '../services/health-recompute.ts';
import { listPlaybooks, type PlaybookView, readSettings, savePlaybook, updateSettings } from '../services/settings.ts';
import { startRun } from '../workers/background-runner.ts';
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

const RiskBandsRef = builder.objectRef<RiskBands>('RiskBandCutOffs').implement({
  description: `Score cut-offs of the risk bands: GREEN below \`yellow\`, YELLOW from \`yellow\`, AMBER from \`amber\`, RED from \`red\` (defaults ${defaultRiskBands.yellow} / ${defaultRiskBands.amber} / ${defaultRiskBands.red}).`,
  fields: (t) => ({
    yellow: t.exposeInt('yellow'),
    amber: t.exposeInt('amber'),
    red: t.exposeInt('red'),
  }),
});

const RiskBandsInput = builder.inputType('RiskBandCutOffsInput', {
  description: 'Only what you send changes; the three must then increase strictly within 1..100.',
  fields: (t) => ({ yellow: t.int(), amber: t.int(), red: t.int() }),
});

const zoneFieldDescriptions = {
  valueThreshold: `Value points (0..${MAX_VALUE_POINTS}) that make the Red Zone with enough recoverability (default ${defaultZoneRules.valueThreshold}).`,
  exceptionalValue: `Value points that make the Red Zone whatever the recoverability; above valueThreshold (default ${defaultZoneRules.exceptionalValue}).`,
  recoverabilityThreshold: `Recoverability points (0..${MAX_RECOVERABILITY_POINTS}) needed with a value at or above the threshold (default ${defaultZoneRules.recoverabilityThreshold}).`,
  significantSharePercent: `Share of the portfolio's ARR, in percent, that earns 2 value points (default ${defaultZoneRules.significantSharePercent}).`,
  criticalSharePercent: `Share of the portfolio's ARR, in percent, that makes the Red Zone on its own; above significantSharePercent (default ${defaultZoneRules.criticalSharePercent}).`,
};

const ZoneRulesRef = builder.objectRef<ZoneRules>('RiskZoneThresholds').implement({
  description: 'When an amber or red account is in the Red Zone (worth saving) rather than the Dead Zone.',
  fields: (t) => ({
    valueThreshold: t.exposeInt('valueThreshold', { description: zoneFieldDescriptions.valueThreshold }),
    exceptionalValue: t.exposeInt('exceptionalValue', { description: zoneFieldDescriptions.exceptionalValue }),
    recoverabilityThreshold: t.exposeInt('recoverabilityThreshold', {
      description: zoneFieldDescriptions.recoverabilityThreshold,
    }),
    significantSharePercent: t.exposeFloat('significantSharePercent', {
      description: zoneFieldDescriptions.significantSharePercent,
    }),
    criticalSharePercent: t.exposeFloat('criticalSharePercent', {
      description: zoneFieldDescriptions.criticalSharePercent,
    }),
  }),
});

const ZoneRulesInput = builder.inputType('RiskZoneThresholdsInput', {
  description: 'Only what you send changes.',
  fields: (t) => ({
    valueThreshold: t.int({ description: zoneFieldDescriptions.valueThreshold }),
    exceptionalValue: t.int({ description: zoneFieldDescriptions.exceptionalValue }),
    recoverabilityThreshold: t.int({ description: zoneFieldDescriptions.recoverabilityThreshold }),
    significantSharePercent: t.float({ description: zoneFieldDescriptions.significantSharePercent }),
    criticalSharePercent: t.float({ description: zoneFieldDescriptions.criticalSharePercent }),
  }),
});

/** The fields of an input object that were sent (GraphQL gives null or undefined for the others). */
function sentFields(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null && value !== undefined));
}

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
    riskBands: t.field({ type: RiskBandsRef, resolve: (settings) => settings.riskBands }),
    riskZones: t.field({ type: ZoneRulesRef, resolve: (settings) => settings.riskZones }),
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
    riskBands: t.field({ type: RiskBandsInput }),
    riskZones: t.field({ type: ZoneRulesInput }),
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
        ...(input.riskBands ? { riskBands: sentFields(input.riskBands) } : {}),
        ...(input.riskZones ? { riskZones: sentFields(input.riskZones) } : {}),
        ...(input.digestSchedule ? { digestSchedule: sentFields(input.digestSchedule) } : {}),
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

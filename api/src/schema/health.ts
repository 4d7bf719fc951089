// Account health: turnover risk with its factors, coverage and multi-threading, and the lists CS
// managers triage from. All of it is stored on the account and kept current on every write.

import type { Prisma } from '@threadwatch/db/client';
import { builder, inViewerOrganizationPage } from '../builder.ts';
import { type Coverage, GAP_KINDS, GAP_SEVERITY, type Gap, type GapKind, worstGapKind } from '../domain/coverage.ts';
import { authScopesFor } from '../domain/permissions.ts';
import { RISK_BANDS, type RiskFactor, ZONES } from '../domain/risk.ts';
import { accountPage } from '../services/account-pages.ts';
import { type AtRiskFilter as AtRiskFilterValue, riskiestAccountPage } from '../services/at-risk-page.ts';
import { countGapAccounts, gapAccountPage } from '../services/coverage-gaps.ts';
import { AccountTierEnum, BuyingRoleEnum, describedValues } from './enums.ts';
import { Member } from './member.ts';
import { selectsField } from './selection.ts';

export const RiskBandEnum = builder.enumType('RiskBand', {
  values: describedValues(RISK_BANDS, {
    GREEN: 'Score 0–24.',
    YELLOW: 'Score 25–49.',
    AMBER: 'Score 50–74.',
    RED: 'Score 75–100.',
  }),
});
export const RiskZoneEnum = builder.enumType('RiskZone', {
  values: describedValues(ZONES, {
    RED_ZONE: 'At risk and worth saving.',
    DEAD_ZONE: 'Let go gracefully, with an exit interview.',
  }),
});
const gapKindDescriptions: Record<GapKind, string> = {
  UNFILLED_ROLE: 'A role the tier requires has no live thread to anyone holding it. Severity CRITICAL.',
  NO_LIVE_THREAD: 'No live thread to anyone at the account (0 live threads). Severity HIGH.',
  SINGLE_THREADED: 'Exactly one live thread holds the whole account. Severity MEDIUM.',
  STALE_THREAD: 'Every thread to a key person (the main contact or a required-role holder) is stale. Severity LOW.',
  UNCOVERED_DEPARTMENT: 'A department where a key person works has no live thread to anyone. Severity MINOR.',
};
const GapKindEnum = builder.enumType('GapKind', {
  description: 'Kinds of coverage gaps, most severe first.',
  values: Object.fromEntries(GAP_KINDS.map((kind) => [kind, { description: gapKindDescriptions[kind] }])) as Record<
    GapKind,
    { description: string }
  >,
});
const GapSeverityEnum = builder.enumType('GapSeverity', {
  description: 'How much a gap matters, from CRITICAL (rank 1) to MINOR (rank 5).',
  values: {
    CRITICAL: { description: 'Rank 1, weight 5: a required role without a live thread.' },
    HIGH: { description: 'Rank 2, weight 4: no live thread at all.' },
    MEDIUM: { description: 'Rank 3, weight 3: single-threaded.' },
    LOW: { description: 'Rank 4, weight 2: a key person reached only through stale threads.' },
    MINOR: { description: 'Rank 5, weight 1: a key person’s department without a live thread.' },
  } as const,
});

const RiskFactorRef = builder.objectRef<RiskFactor>('RiskFactor').implement({
  description: 'Every point of a score belongs to one factor, with a sentence that explains it.',
  fields: (t) => ({
    key: t.exposeString('key'),
    points: t.exposeInt('points'),
    explanation: t.exposeString('explanation'),
  }),
});

interface RiskShape {
  score: number;
  band: 'GREEN' | 'YELLOW' | 'AMBER' | 'RED';
  zone: 'RED_ZONE' | 'DEAD_ZONE' | null;
  factors: RiskFactor[];
  zoneReasons: string[];
  updatedAt: Date | null;
}

const Risk = builder.objectRef<RiskShape>('Risk').implement({
  fields: (t) => ({
    score: t.exposeInt('score', { description: '0–100, the sum of the factor points (capped at 100).' }),
    band: t.expose('band', { type: RiskBandEnum }),
    zone: t.expose('zone', { type: RiskZoneEnum, nullable: true, description: 'For amber and red accounts only.' }),
    factors: t.expose('factors', { type: [RiskFactorRef] }),
    zoneReasons: t.exposeStringList('zoneReasons'),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true }),
  }),
});

const GapRef = builder.objectRef<Gap>('CoverageGap').implement({
  fields: (t) => ({
    kind: t.expose('kind', { type: GapKindEnum }),
    severity: t.field({ type: GapSeverityEnum, resolve: (gap) => GAP_SEVERITY[gap.kind].severity }),
    severityRank: t.int({
      description: '1 (most severe: an unfilled required role) to 5 (a department without a thread).',
      resolve: (gap) => GAP_SEVERITY[gap.kind].rank,
    }),
    role: t.expose('role', { type: BuyingRoleEnum, nullable: true }),
    department: t.exposeString('department', { nullable: true }),
    stakeholder: t.prismaField({
      type: 'Stakeholder',
      nullable: true,
      resolve: (query, gap, _args, ctx) =>
        gap.stakeholderId
          ? ctx.prisma.stakeholder.findUnique({
              ...query,
              where: { organizationId_id: { organizationId: ctx.viewer.organizationId, id: gap.stakeholderId } },
            })
          : null,
    }),
    message: t.exposeString('message'),
  }),
});

const CoverageRef = builder.objectRef<Coverage>('Coverage').implement({
  description:
    'Required roles held by a stakeholder we have a live thread to, and how many independent threads there are.',
  fields: (t) => ({
    requiredRoles: t.expose('requiredRoles', { type: [BuyingRoleEnum] }),
    filledRoles: t.expose('filledRoles', { type: [BuyingRoleEnum] }),
    missingRoles: t.expose('missingRoles', { type: [BuyingRoleEnum] }),
    coveragePercent: t.exposeInt('coveragePercent'),
    liveThreadCount: t.exposeInt('liveThreadCount'),
    strongThreadCount: t.exposeInt('strongThreadCount'),
    staleThreadCount: t.exposeInt('staleThreadCount'),
    liveStakeholderCount: t.exposeInt('liveStakeholderCount'),
    members: t.prismaField({
      type: ['Member'],
      description: 'Our members holding live threads.',
      resolve: (query, coverage, _args, ctx) =>
        coverage.liveMemberIds.length === 0
          ? []
          : ctx.prisma.member.findMany({
              ...query,
              where: { organizationId: ctx.viewer.organizationId, id: { in: coverage.liveMemberIds } },
              orderBy: { name: 'asc' },
            }),
    }),
    departments: t.exposeStringList('departments'),
    uncoveredDepartments: t.exposeStringList('uncoveredDepartments'),
    noLiveThread: t.boolean({
      description: 'No live thread to anyone at the account (liveThreadCount 0).',
      resolve: (coverage) => coverage.liveThreadCount === 0,
    }),
    singleThreaded: t.boolean({
      description: 'Exactly one live thread holds the account (none is noLiveThread, not single-threaded).',
      resolve: (coverage) => coverage.liveThreadCount === 1,
    }),
    survivesStakeholderLoss: t.exposeBoolean('survivesStakeholderLoss', {
      description: 'A required role still has a live thread after losing any one stakeholder.',
    }),
    survivesMemberLoss: t.exposeBoolean('survivesMemberLoss', {
      description: 'A required role still has a live thread after losing any one of our members.',
    }),
    gaps: t.field({
      type: [GapRef],
      description: 'The gaps, most severe first; only those of `kinds` when given.',
      args: { kinds: t.arg({ type: [GapKindEnum] }) },
      resolve: (coverage, args) =>
        args.kinds?.length ? coverage.gaps.filter((gap) => args.kinds?.includes(gap.kind)) : coverage.gaps,
    }),
    severity: t.field({
      type: GapSeverityEnum,
      nullable: true,
      description: 'The severity of the most severe gap (null without gaps).',
      resolve: (coverage) => {
        const worst = worstGapKind(coverage.gaps);
        return worst ? GAP_SEVERITY[worst].severity : null;
      },
    }),
  }),
});

/** The stored coverage, or an empty one for an account not assessed yet. */
function storedCoverage(json: Prisma.JsonValue): Coverage {
  const value = (json ?? {}) as Partial<Coverage>;
  return {
    requiredRoles: value.requiredRoles ?? [],
    filledRoles: value.filledRoles ?? [],
    missingRoles: value.missingRoles ?? [],
    coveragePercent: value.coveragePercent ?? 100,
    liveThreadCount: value.liveThreadCount ?? 0,
    strongThreadCount: value.strongThreadCount ?? 0,
    staleThreadCount: value.staleThreadCount ?? 0,
    liveStakeholderCount: value.liveStakeholderCount ?? 0,
    liveMemberIds: value.liveMemberIds ?? [],
    departments: value.departments ?? [],
    uncoveredDepartments: value.uncoveredDepartments ?? [],
    singleThreaded: value.singleThreaded ?? true,
    survivesStakeholderLoss: value.survivesStakeholderLoss ?? false,
    survivesMemberLoss: value.survivesMemberLoss ?? false,
    gaps: value.gaps ?? [],
  };
}

builder.prismaObjectFields('Account', (t) => ({
  risk: t.field({
    type: Risk,
    select: {
      riskScore: true,
      riskBand: true,
      riskZone: true,
      riskFactors: true,
      zoneReasons: true,
      healthUpdatedAt: true,
    },
    resolve: (account) => ({
      score: account.riskScore,
      band: account.riskBand,
      zone: account.riskZone,
      factors: account.riskFactors as unknown as RiskFactor[],
      zoneReasons: account.zoneReasons as unknown as string[],
      updatedAt: account.healthUpdatedAt,
    }),
  }),
  coverage: t.field({
    type: CoverageRef,
    select: { coverage: true },
    resolve: (account) => storedCoverage(account.coverage),
  }),
}));

const AtRiskFilter = builder.inputType('AtRiskFilter', {
  fields: (t) => ({
    bands: t.field({ type: [RiskBandEnum], description: 'AMBER and RED when omitted.' }),
    zones: t.field({ type: [RiskZoneEnum] }),
    ownerId: t.globalID({ for: Member }),
    tiers: t.field({ type: [AccountTierEnum] }),
  }),
});
const AtRiskOrder = builder.enumType('AtRiskOrder', {
  values: { RISK: { description: 'Highest score first.' }, ARR_AT_RISK: { description: 'Most ARR first.' } } as const,
});

const GapFilter = builder.inputType('CoverageGapFilter', {
  fields: (t) => ({
    ownerId: t.globalID({ for: Member }),
    tiers: t.field({ type: [AccountTierEnum] }),
    kinds: t.field({
      type: [GapKindEnum],
      description:
        'Accounts with at least one gap of these kinds (all kinds when omitted or empty); the ranking then weighs the most severe of these kinds only.',
    }),
  }),
});

builder.queryFields((t) => ({
  atRiskAccounts: t.prismaConnection(
    {
      type: 'Account',
      cursor: 'id',
      maxSize: 100,
      description: 'Accounts by turnover risk (stored, so this is an index read).',
      authScopes: authScopesFor('atRiskAccounts'),
      args: { filter: t.arg({ type: AtRiskFilter }), orderBy: t.arg({ type: AtRiskOrder, defaultValue: 'RISK' }) },
      // By risk, the page's statement counts too (see services/at-risk-page.ts).
      totalCount: (_root, args, ctx) =>
        pageCounts.get(args) ??
        ctx.prisma.account.count({ where: atRiskWhere(ctx.viewer.organizationId, args.filter) }),
      resolve: (query, _root, args, ctx, info) =>
        args.orderBy === 'ARR_AT_RISK'
          ? accountPage(
              ctx,
              inViewerOrganizationPage(query, ctx),
              atRiskWhere(ctx.viewer.organizationId, args.filter),
              [{ arrMinor: 'desc' }, { id: 'asc' }],
            )
          : riskiestAccountPage(
              ctx,
              inViewerOrganizationPage(query, ctx),
              atRiskFilter(args.filter),
              selectsField(info, 'totalCount') ? (count) => pageCounts.set(args, count) : undefined,
            ),
    },
    { name: 'AtRiskAccountConnection' },
    { name: 'AtRiskAccountEdge' },
  ),
  coverageGaps: t.prismaConnection(
    {
      type: 'Account',
      cursor: 'id',
      maxSize: 100,
      description:
        'Accounts with coverage gaps, most gap exposure first: ARR × the weight of the account’s most severe gap (5 for an unfilled required role, 4 no live thread, 3 single-threaded, 2 a stale key thread, 1 a department without a thread), then ARR, then id. Each account lists its gaps in coverage.gaps.',
      authScopes: authScopesFor('coverageGaps'),
      args: { filter: t.arg({ type: GapFilter }) },
      totalCount: (_root, args, ctx) => countGapAccounts(ctx, gapFilter(args.filter)),
      resolve: (query, _root, args, ctx) =>
        gapAccountPage(ctx, inViewerOrganizationPage(query, ctx), gapFilter(args.filter)),
    },
    { name: 'CoverageGapAccountConnection' },
    { name: 'CoverageGapAccountEdge' },
  ),
}));

/** The count a page's statement brought, by the field's arguments (one object per execution). */
const pageCounts = new WeakMap<object, Promise<number>>();

function atRiskFilter(filter: typeof AtRiskFilter.$inferInput | null | undefined): AtRiskFilterValue {
  return {
    bands: filter?.bands?.length ? filter.bands : ['AMBER', 'RED'],
    zones: filter?.zones ?? null,
    ownerId: filter?.ownerId?.id ?? null,
    tiers: filter?.tiers ?? null,
  };
}

function atRiskWhere(
  organizationId: string,
  filter: typeof AtRiskFilter.$inferInput | null | undefined,
): Prisma.AccountWhereInput {
  const { bands, zones, ownerId, tiers } = atRiskFilter(filter);
  // Churned accounts are stored green and without gaps, so these filters need no lifecycle test
  // and stay index-only reads.
  return {
    organizationId,
    riskBand: { in: bands },
    ...(zones?.length ? { riskZone: { in: zones } } : {}),
    ...(ownerId ? { ownerId } : {}),
    ...(tiers?.length ? { tier: { in: tiers } } : {}),
  };
}

function gapFilter(filter: typeof GapFilter.$inferInput | null | undefined) {
  return {
    ownerId: filter?.ownerId?.id ?? null,
    tiers: filter?.tiers ?? null,
    kinds: filter?.kinds ?? null,
  };
}

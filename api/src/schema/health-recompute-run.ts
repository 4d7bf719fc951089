// The recompute of an organization's stored health after a settings change or a release that changes
// the risk rules, as a background run (services/health-recompute.ts).

import { builder } from '../builder.ts';
import { authScopesFor } from '../domain/permissions.ts';
import { BackgroundRunStatusEnum } from './background-run.ts';

export const HealthRecomputeRun = builder.prismaNode('BackgroundRun', {
  variant: 'HealthRecomputeRun',
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({
    organizationId_id: { organizationId: ctx.viewer.organizationId, id },
    kind: 'HEALTH_RECOMPUTE' as const,
  }),
  authScopes: { read: true },
  description:
    'Recomputing the stored health of every account whose health was computed under other settings or rules.',
  fields: (t) => ({
    status: t.expose('status', { type: BackgroundRunStatusEnum }),
    settingsVersion: t.int({
      description: 'The settings version that asked for it.',
      select: { input: true },
      resolve: (run) => Number((run.input as { settingsVersion?: number }).settingsVersion ?? 0),
    }),
    accountsDone: t.exposeInt('done', { description: 'Accounts recomputed and committed.' }),
    accountsTotal: t.exposeInt('total', {
      nullable: true,
      description: 'Accounts stale when the run started (null until it starts).',
    }),
    error: t.exposeString('error', { nullable: true }),
    attempts: t.exposeInt('attempts', { description: 'Times a process claimed it (more than 1: resumed).' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.queryField('healthRecomputeRuns', (t) =>
  t.prismaField({
    type: [HealthRecomputeRun],
    description: "The organization's health recomputes, newest first (at most 20).",
    authScopes: authScopesFor('healthRecomputeRuns'),
    resolve: (query, _root, _args, ctx) =>
      ctx.prisma.backgroundRun.findMany({
        ...query,
        where: { organizationId: ctx.viewer.organizationId, kind: 'HEALTH_RECOMPUTE' },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: 20,
      }),
  }),
);

// The audit trail for admins: who did what to the organization's administration and security, when,
// from which request and address (services/audit.ts). The CSV export is http/audit-export.ts.
import { ActorKind } from '@threadwatch/db/client';
import { builder, inViewerOrganizationPage } from '../builder.ts';
import { AUDIT_KINDS } from '../domain/audit.ts';
import { loggedChangeSentence } from '../domain/changes.ts';
import { authScopesFor } from '../domain/permissions.ts';
import { encodeId } from '../global-id.ts';
import { AUDIT_ORDER, auditWhere } from '../services/audit.ts';
import { Member } from './member.ts';

const AuditKindEnum = builder.enumType('AuditKind', {
  description: 'The kinds of change the audit trail holds.',
  values: AUDIT_KINDS,
});
const AuditActorKindEnum = builder.enumType(ActorKind, { name: 'AuditActorKind' });

export const AuditEntry = builder.prismaObject('Event', {
  variant: 'AuditEntry',
  description: 'One administration or security change: what, who, when, and the request it came with.',
  fields: (t) => ({
    kind: t.field({ type: AuditKindEnum, resolve: (event) => event.kind as (typeof AUDIT_KINDS)[number] }),
    sentence: t.string({
      description: 'The change in one plain line.',
      select: {
        account: { select: { name: true } },
        actor: { select: { name: true } },
        organization: { select: { currency: true } },
      },
      resolve: (event) => loggedChangeSentence(event, event.organization.currency),
    }),
    actorKind: t.expose('actorKind', {
      type: AuditActorKindEnum,
      description: 'MEMBER, IMPORT (an import run by a member) or SYSTEM (background work).',
    }),
    actor: t.relation('actor', { nullable: true, description: 'The member; null for the system.' }),
    occurredAt: t.expose('occurredAt', { type: 'DateTime' }),
    requestId: t.exposeString('requestId', {
      nullable: true,
      description: 'The x-request-id of the request that made it (in the API’s logs too); null for background work.',
    }),
    clientAddress: t.exposeString('clientAddress', {
      nullable: true,
      description: 'The address the request came from (see TRUSTED_PROXY_HOPS); null for background work.',
    }),
    subjectType: t.exposeString('subjectType', { nullable: true, description: 'What it is about: a type name.' }),
    subjectId: t.id({
      nullable: true,
      description: 'What it is about (a member, token, webhook endpoint, …), as a global id; null once erased.',
      resolve: (event) => (event.subjectType && event.subjectId ? encodeId(event.subjectType, event.subjectId) : null),
    }),
  }),
});

const AuditLogFilterInput = builder.inputType('AuditLogFilter', {
  fields: (t) => ({
    kinds: t.field({ type: [AuditKindEnum] }),
    actors: t.globalIDList({ for: Member, description: 'Changes made by any of these members.' }),
    subjects: t.globalIDList({ description: 'Changes about any of these (global ids of any type).' }),
  }),
});

type FilterInput = typeof AuditLogFilterInput.$inferInput | null | undefined;
const filterOf = (filter: FilterInput) => ({
  kinds: filter?.kinds ?? null,
  actorIds: filter?.actors?.map((id) => id.id) ?? null,
  subjects: filter?.subjects ?? null,
});

builder.queryField('auditLog', (t) =>
  t.prismaConnection(
    {
      type: AuditEntry,
      cursor: 'id',
      maxSize: 100,
      defaultSize: 50,
      description:
        'The audit trail in [since, until) (at most 366 days), newest first: administration and security ' +
        'changes with who made them, from which request and address. Admins only.',
      authScopes: authScopesFor('auditLog'),
      args: {
        since: t.arg({ type: 'DateTime', required: true }),
        until: t.arg({ type: 'DateTime', required: true }),
        filter: t.arg({ type: AuditLogFilterInput }),
      },
      totalCount: (_root, args, ctx) =>
        ctx.prisma.event.count({
          where: auditWhere(ctx.viewer.organizationId, args.since, args.until, filterOf(args.filter)),
        }),
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.event.findMany({
          ...inViewerOrganizationPage(query, ctx),
          where: auditWhere(ctx.viewer.organizationId, args.since, args.until, filterOf(args.filter)),
          orderBy: AUDIT_ORDER,
        }),
    },
    { name: 'AuditLogConnection' },
    { name: 'AuditLogEdge' },
  ),
);

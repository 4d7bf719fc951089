// Our own team: members, their organization, and who is calling (viewer).

import type { Member as MemberRow } from '@threadwatch/db/client';
import { builder, inViewerOrganization } from '../builder.ts';
import { MEMBER_STATUSES, memberStatus } from '../domain/members.ts';
import { authScopesFor } from '../domain/permissions.ts';
import { describedValues, MemberRoleEnum, TokenScopeEnum } from './enums.ts';
import { columnReader } from './loaded-columns.ts';

/** The columns every view of a member shows, loaded with each row (see loaded-columns.ts). */
const column = columnReader<Pick<MemberRow, 'id' | 'name'>>((ctx) => ctx.prisma.member);

export const MemberStatusEnum = builder.enumType('MemberStatus', {
  values: describedValues(MEMBER_STATUSES, {
    ACTIVE: 'Holds or may hold tokens; their threads count.',
    INVITED: 'Invited; has not exchanged the invitation code yet.',
    DEACTIVATED: 'Left the team: tokens revoked, threads no longer count.',
  }),
});

export const Organization = builder.prismaObject('Organization', {
  fields: (t) => ({
    name: t.exposeString('name'),
    slug: t.exposeString('slug'),
    currency: t.exposeString('currency', { description: 'ISO 4217 code of every amount, kept in minor units.' }),
  }),
});

export const Member = builder.prismaNode('Member', {
  id: { field: 'id' },
  nullable: true,
  // Select mode: each query loads the columns every view shows, and the others the request asks for.
  select: { id: true, name: true },
  findUnique: inViewerOrganization,
  fields: (t) => ({
    name: t.string({ resolve: column('name') }),
    email: t.exposeString('email'),
    role: t.expose('role', { type: MemberRoleEnum }),
    active: t.boolean({ select: { deactivatedAt: true }, resolve: (member) => member.deactivatedAt === null }),
    status: t.field({
      type: MemberStatusEnum,
      select: { deactivatedAt: true, joinedAt: true },
      resolve: (member) => memberStatus(member),
    }),
    joinedAt: t.expose('joinedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the member joined; null while invited.',
    }),
  }),
});

builder.queryField('members', (t) =>
  t.prismaField({
    type: ['Member'],
    description: 'Everyone on our team, active first, by name.',
    authScopes: authScopesFor('members'),
    resolve: (query, _root, _args, ctx) =>
      ctx.prisma.member.findMany({
        ...query,
        where: { organizationId: ctx.viewer.organizationId },
        orderBy: [{ deactivatedAt: { sort: 'desc', nulls: 'first' } }, { name: 'asc' }],
      }),
  }),
);

export const Viewer = builder.objectRef<{ memberId: string; organizationId: string }>('Viewer').implement({
  description: 'The member and organization the API token belongs to.',
  fields: (t) => ({
    member: t.prismaField({
      type: 'Member',
      resolve: (query, viewer, _args, ctx) =>
        ctx.prisma.member.findUniqueOrThrow({ ...query, where: { id: viewer.memberId } }),
    }),
    organization: t.prismaField({
      type: 'Organization',
      resolve: (query, viewer, _args, ctx) =>
        ctx.prisma.organization.findUniqueOrThrow({ ...query, where: { id: viewer.organizationId } }),
    }),
    role: t.field({ type: MemberRoleEnum, resolve: (_viewer, _args, ctx) => ctx.viewer.role }),
    tokenScope: t.field({ type: TokenScopeEnum, resolve: (_viewer, _args, ctx) => ctx.viewer.scope }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: Viewer,
    authScopes: authScopesFor('viewer'),
    resolve: (_root, _args, ctx) => ({ memberId: ctx.viewer.memberId, organizationId: ctx.viewer.organizationId }),
  }),
);

// API tokens: created with the secret shown once, listed without it, revoked at will.
import type { ApiToken as ApiTokenRow } from '@threadwatch/db/client';
import { builder, inViewerOrganization } from '../builder.ts';
import * as rules from '../domain/input-rules.ts';
import { authScopesFor, mayManageEveryonesTokens } from '../domain/permissions.ts';
import { createApiToken, revokeApiToken } from '../services/api-tokens.ts';
import { TokenScopeEnum } from './enums.ts';
import { mutationErrors } from './errors.ts';
import { Member } from './member.ts';

export const ApiToken = builder.prismaNode('ApiToken', {
  id: { field: 'id' },
  nullable: true,
  // A token is seen by its owner and by admins; to anyone else it is answered exactly like a missing one.
  findUnique: (id, ctx) => ({
    ...inViewerOrganization(id, ctx),
    ...(mayManageEveryonesTokens(ctx.viewer) ? {} : { memberId: ctx.viewer.memberId }),
  }),
  fields: (t) => ({
    name: t.exposeString('name'),
    prefix: t.exposeString('prefix', { description: 'The first characters of the secret.' }),
    scope: t.expose('scope', { type: TokenScopeEnum }),
    member: t.relation('member'),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.queryField('apiTokens', (t) =>
  t.prismaField({
    type: ['ApiToken'],
    description: 'Your own tokens, newest first.',
    authScopes: authScopesFor('apiTokens'),
    resolve: (query, _root, _args, ctx) =>
      ctx.prisma.apiToken.findMany({
        ...query,
        where: { organizationId: ctx.viewer.organizationId, memberId: ctx.viewer.memberId },
        orderBy: { createdAt: 'desc' },
      }),
  }),
);

const CreateApiTokenInput = builder.inputType('CreateApiTokenInput', {
  fields: (t) => ({
    name: t.string({ required: true, validate: rules.tokenName }),
    scope: t.field({ type: TokenScopeEnum, defaultValue: 'FULL' }),
    expiresAt: t.field({ type: 'DateTime' }),
    memberId: t.globalID({ for: Member, description: 'Another member (admins only); yourself by default.' }),
  }),
});

const CreateApiTokenPayload = builder
  .objectRef<{ token: ApiTokenRow; secret: string }>('CreateApiTokenPayload')
  .implement({
    fields: (t) => ({
      token: t.expose('token', { type: ApiToken }),
      secret: t.exposeString('secret', { description: 'The bearer secret. Shown this once; store it now.' }),
    }),
  });

const RevokeApiTokenPayload = builder.objectRef<{ token: ApiTokenRow }>('RevokeApiTokenPayload').implement({
  fields: (t) => ({ token: t.expose('token', { type: ApiToken }) }),
});

builder.mutationFields((t) => ({
  createApiToken: t.field({
    type: CreateApiTokenPayload,
    description:
      'Only a FULL token creates tokens: your own, or (admins) any member’s. A member holds a limited number of live tokens.',
    authScopes: authScopesFor('createApiToken'),
    errors: { types: mutationErrors, union: { name: 'CreateApiTokenResult' } },
    args: { input: t.arg({ type: CreateApiTokenInput, required: true }) },
    resolve: (_root, { input }, ctx) => createApiToken(ctx, { ...input, memberId: input.memberId?.id ?? null }),
  }),
  revokeApiToken: t.field({
    type: RevokeApiTokenPayload,
    authScopes: authScopesFor('revokeApiToken'),
    errors: { types: mutationErrors, union: { name: 'RevokeApiTokenResult' } },
    args: { id: t.arg.globalID({ for: ApiToken, required: true }) },
    resolve: async (_root, args, ctx) => ({ token: await revokeApiToken(ctx, args.id.id) }),
  }),
}));

// API tokens: created with the secret shown once, listed without it, revoked at will (one, or all of
// a member's); each expires, and records when it was last used.
import type { ApiToken as ApiTokenRow } from '@threadwatch/db/client';
import { builder, inViewerOrganization } from '../builder.ts';
import * as rules from '../domain/input-rules.ts';
import { authScopesFor, mayManageEveryonesTokens, mayManageTokensOf } from '../domain/permissions.ts';
import { NotFoundError } from '../errors.ts';
import { createApiToken, revokeApiToken, revokeMemberTokens } from '../services/api-tokens.ts';
import { TokenScopeEnum } from './enums.ts';
import { mutationErrors } from './errors.ts';
import { Member, Viewer } from './member.ts';

const ApiTokenStatusEnum = builder.enumType('ApiTokenStatus', {
  description: 'ACTIVE tokens work; EXPIRED and REVOKED ones are refused (TOKEN_EXPIRED, UNAUTHENTICATED).',
  values: ['ACTIVE', 'EXPIRED', 'REVOKED'] as const,
});

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
    status: t.field({
      type: ApiTokenStatusEnum,
      resolve: (token) => (token.revokedAt ? 'REVOKED' : token.expiresAt <= new Date() ? 'EXPIRED' : 'ACTIVE'),
    }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', description: 'When the token stops working.' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    lastUsedAt: t.expose('lastUsedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When a request last used the token, to the minute (written at most once a minute).',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.queryField('apiTokens', (t) =>
  t.prismaField({
    type: ['ApiToken'],
    description:
      'Your own tokens, newest first; with memberId (admins with a FULL token), that member’s. Anyone else’s is NOT_FOUND.',
    authScopes: authScopesFor('apiTokens'),
    args: {
      memberId: t.arg.globalID({ for: Member, description: 'Another member (admins only); yourself by default.' }),
    },
    resolve: (query, _root, args, ctx) => {
      const memberId = args.memberId?.id ?? ctx.viewer.memberId;
      if (!mayManageTokensOf(ctx.viewer, memberId)) throw new NotFoundError('Member');
      return ctx.prisma.apiToken.findMany({
        ...query,
        where: { organizationId: ctx.viewer.organizationId, memberId },
        orderBy: { createdAt: 'desc' },
      });
    },
  }),
);

builder.objectField(Viewer, 'token', (t) =>
  t.prismaField({
    type: 'ApiToken',
    description: 'The token this request was sent with (its expiry, to warn before it runs out).',
    resolve: (query, _viewer, _args, ctx) =>
      ctx.prisma.apiToken.findUniqueOrThrow({ ...query, where: { id: ctx.viewer.tokenId } }),
  }),
);

const CreateApiTokenInput = builder.inputType('CreateApiTokenInput', {
  fields: (t) => ({
    name: t.string({ required: true, validate: rules.tokenName }),
    scope: t.field({ type: TokenScopeEnum, defaultValue: 'FULL' }),
    expiresAt: t.field({
      type: 'DateTime',
      description:
        'When the token stops working: in the future, at most the maximum lifetime away (365 days unless configured).',
    }),
    expiresInDays: t.int({
      description:
        'Or: days from now until it stops working. Neither gives the default lifetime (90 days unless configured).',
    }),
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

const RevokeMemberTokensPayload = builder
  .objectRef<{ memberId: string; revokedCount: number }>('RevokeMemberTokensPayload')
  .implement({
    fields: (t) => ({
      member: t.prismaField({
        type: 'Member',
        resolve: (query, payload, _args, ctx) =>
          ctx.prisma.member.findUniqueOrThrow({ ...query, where: { id: payload.memberId } }),
      }),
      revokedCount: t.exposeInt('revokedCount', { description: 'Tokens this call revoked (0 when none was left).' }),
    }),
  });

builder.mutationFields((t) => ({
  createApiToken: t.field({
    type: CreateApiTokenPayload,
    description:
      'Only a FULL token creates tokens: your own, or (admins) any member’s. A member holds a limited number of live tokens; every token expires.',
    authScopes: authScopesFor('createApiToken'),
    errors: { types: mutationErrors, union: { name: 'CreateApiTokenResult' } },
    args: { input: t.arg({ type: CreateApiTokenInput, required: true }) },
    resolve: (_root, { input }, ctx) => createApiToken(ctx, { ...input, memberId: input.memberId?.id ?? null }),
  }),
  revokeApiToken: t.field({
    type: RevokeApiTokenPayload,
    description: 'Ends one token: your own, or (admins with a FULL token) any member’s.',
    authScopes: authScopesFor('revokeApiToken'),
    errors: { types: mutationErrors, union: { name: 'RevokeApiTokenResult' } },
    args: { id: t.arg.globalID({ for: ApiToken, required: true }) },
    resolve: async (_root, args, ctx) => ({ token: await revokeApiToken(ctx, args.id.id) }),
  }),
  revokeMemberTokens: t.field({
    type: RevokeMemberTokensPayload,
    description: 'Ends every token of a member at once: your own, or (admins with a FULL token) any member’s.',
    authScopes: authScopesFor('revokeMemberTokens'),
    errors: { types: mutationErrors, union: { name: 'RevokeMemberTokensResult' } },
    args: { memberId: t.arg.globalID({ for: Member, required: true }) },
    resolve: (_root, args, ctx) => revokeMemberTokens(ctx, args.memberId.id),
  }),
}));

// Administering members: invitations (and the invitee's exchange of the code), roles, deactivation
// through the handover, reactivation. Admins only (manageMembers); the exchange is made with the
// invitation code as the request's credential (`Authorization: Invitation twi_…`).
import type { Account as AccountRow, ApiToken as ApiTokenRow, Member as MemberRow } from '@threadwatch/db/client';
import { builder } from '../builder.ts';
import * as rules from '../domain/input-rules.ts';
import { authScopesFor } from '../domain/permissions.ts';
import { InvitationError, LastAdminError } from '../errors.ts';
import {
  acceptInvitation,
  changeMemberRole,
  deactivateMember,
  inviteMember,
  reactivateMember,
} from '../services/members.ts';
import { Account } from './account.ts';
import { ApiToken } from './api-token.ts';
import { MemberRoleEnum } from './enums.ts';
import { mutationErrors } from './errors.ts';
import { Member } from './member.ts';

const InviteMemberInput = builder.inputType('InviteMemberInput', {
  fields: (t) => ({
    name: t.string({ required: true, validate: rules.personName }),
    email: t.string({ required: true, validate: rules.email }),
    role: t.field({ type: MemberRoleEnum, required: true }),
  }),
});

const InviteMemberPayload = builder
  .objectRef<{ member: MemberRow; code: string; expiresAt: Date }>('InviteMemberPayload')
  .implement({
    fields: (t) => ({
      member: t.expose('member', { type: Member }),
      code: t.exposeString('code', {
        description:
          'The one-time invitation code. Shown this once: give it to the invitee, who exchanges it with acceptInvitation.',
      }),
      expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    }),
  });

const AcceptInvitationInput = builder.inputType('AcceptInvitationInput', {
  fields: (t) => ({ tokenName: t.string({ required: true, validate: rules.tokenName }) }),
});

const AcceptInvitationPayload = builder
  .objectRef<{ member: MemberRow; token: ApiTokenRow; secret: string }>('AcceptInvitationPayload')
  .implement({
    fields: (t) => ({
      member: t.expose('member', { type: Member }),
      token: t.expose('token', { type: ApiToken }),
      secret: t.exposeString('secret', { description: 'Your bearer token. Shown this once; store it now.' }),
    }),
  });

const ChangeMemberRoleInput = builder.inputType('ChangeMemberRoleInput', {
  fields: (t) => ({
    memberId: t.globalID({ for: Member, required: true }),
    role: t.field({ type: MemberRoleEnum, required: true }),
  }),
});

const DeactivateMemberInput = builder.inputType('DeactivateMemberInput', {
  fields: (t) => ({
    memberId: t.globalID({ for: Member, required: true }),
    handOverToMemberId: t.globalID({
      for: Member,
      required: true,
      description: 'The active member who takes over their accounts (see handOverAccounts).',
    }),
  }),
});

const MemberPayload = builder.objectRef<{ member: MemberRow }>('MemberPayload').implement({
  fields: (t) => ({ member: t.expose('member', { type: Member }) }),
});

const DeactivateMemberPayload = builder
  .objectRef<{ member: MemberRow; accounts: AccountRow[]; casesOpened: number }>('DeactivateMemberPayload')
  .implement({
    fields: (t) => ({
      member: t.expose('member', { type: Member }),
      accounts: t.expose('accounts', {
        type: [Account],
        description: 'Every account handed over or that lost threads.',
      }),
      casesOpened: t.exposeInt('casesOpened'),
    }),
  });

const adminErrors = [...mutationErrors, LastAdminError];

builder.mutationFields((t) => ({
  inviteMember: t.field({
    type: InviteMemberPayload,
    description: 'Invites a member (status INVITED) and returns their one-time invitation code (admins).',
    authScopes: authScopesFor('inviteMember'),
    errors: { types: mutationErrors, union: { name: 'InviteMemberResult' } },
    args: { input: t.arg({ type: InviteMemberInput, required: true }) },
    resolve: (_root, { input }, ctx) => inviteMember(ctx, input),
  }),
  acceptInvitation: t.field({
    type: AcceptInvitationPayload,
    description:
      'Exchanges an invitation code for your own token. Send the code as the credential: `Authorization: Invitation twi_…`.',
    authScopes: authScopesFor('acceptInvitation'),
    errors: { types: [...mutationErrors, InvitationError], union: { name: 'AcceptInvitationResult' } },
    args: { input: t.arg({ type: AcceptInvitationInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const code = ctx.principal?.kind === 'invitee' ? ctx.principal.code : '';
      const joined = await acceptInvitation(ctx.prisma, code, input.tokenName, ctx.tokenLifetime);
      // From here on the request speaks for the member who joined: the payload is read as them.
      ctx.viewer = {
        organizationId: joined.member.organizationId,
        memberId: joined.member.id,
        role: joined.member.role,
        tokenId: joined.token.id,
        scope: joined.token.scope,
      };
      return joined;
    },
  }),
  changeMemberRole: t.field({
    type: MemberPayload,
    description: 'Changes a member’s role (admins). Never leaves the organization without an active admin.',
    authScopes: authScopesFor('changeMemberRole'),
    errors: { types: adminErrors, union: { name: 'ChangeMemberRoleResult' } },
    args: { input: t.arg({ type: ChangeMemberRoleInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      member: await changeMemberRole(ctx, input.memberId.id, input.role),
    }),
  }),
  deactivateMember: t.field({
    type: DeactivateMemberPayload,
    description:
      'A member leaves (admins): their accounts go to another member, their tokens and invitations stop working. Never the last active admin.',
    authScopes: authScopesFor('deactivateMember'),
    errors: { types: adminErrors, union: { name: 'DeactivateMemberResult' } },
    args: { input: t.arg({ type: DeactivateMemberInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      deactivateMember(ctx, { memberId: input.memberId.id, handOverToMemberId: input.handOverToMemberId.id }),
  }),
  reactivateMember: t.field({
    type: MemberPayload,
    description:
      'Brings a deactivated member back (admins). Their old tokens stay revoked: create a new one with createApiToken.',
    authScopes: authScopesFor('reactivateMember'),
    errors: { types: mutationErrors, union: { name: 'ReactivateMemberResult' } },
    args: { memberId: t.arg.globalID({ for: Member, required: true }) },
    resolve: async (_root, args, ctx) => ({ member: await reactivateMember(ctx, args.memberId.id) }),
  }),
}));

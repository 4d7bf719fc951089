// Creating an organization with its first admin: for the operator hosting many organizations, with
// the operator token (THREADWATCH_OPERATOR_TOKEN). The same as `pnpm run org:create`.
import type { Member as MemberRow, Organization as OrganizationRow } from '@threadwatch/db/client';
import { builder } from '../builder.ts';
import { authScopesFor } from '../domain/permissions.ts';
import { createOrganizationWithAdmin } from '../services/organizations.ts';
import { mutationErrors } from './errors.ts';

const CreateOrganizationInput = builder.inputType('CreateOrganizationInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    currency: t.string({ required: true, description: 'ISO 4217 code of every amount, e.g. USD or EUR.' }),
    timeZone: t.string({
      required: true,
      description: 'IANA time zone, e.g. Europe/Berlin: the clock of the weekly digest.',
    }),
    adminName: t.string({ required: true }),
    adminEmail: t.string({ required: true }),
    idempotencyKey: t.string({
      description:
        'Unique per organization (use a UUID): a retry with the same key and the same input answers the organization ' +
        'it created, with a fresh admin token (the earlier answer’s token is revoked); other input under the key is a ConflictError.',
    }),
  }),
});

const CreateOrganizationPayload = builder
  .objectRef<{ organization: OrganizationRow; admin: MemberRow; secret: string; replayed: boolean }>(
    'CreateOrganizationPayload',
  )
  .implement({
    fields: (t) => ({
      organizationName: t.string({ resolve: (payload) => payload.organization.name }),
      slug: t.string({ resolve: (payload) => payload.organization.slug }),
      adminEmail: t.string({ resolve: (payload) => payload.admin.email }),
      adminToken: t.exposeString('secret', {
        description: 'The first admin’s bearer token. Shown this once: hand it to the admin.',
      }),
      replayed: t.exposeBoolean('replayed', {
        description: 'True when this answers a retry: the organization was created earlier under the same key.',
      }),
    }),
  });

builder.mutationField('createOrganization', (t) =>
  t.field({
    type: CreateOrganizationPayload,
    description:
      'Creates an organization and its first ADMIN member (operator token only). The operator reads nothing of it afterwards.',
    authScopes: authScopesFor('createOrganization'),
    errors: { types: mutationErrors, union: { name: 'CreateOrganizationResult' } },
    args: { input: t.arg({ type: CreateOrganizationInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      createOrganizationWithAdmin(ctx.prisma, input, new Date(), ['input'], ctx.tokenLifetime),
  }),
);

// Accounts: the customer and prospect companies whose relationships we watch.

import type { Account as AccountRow, Prisma } from '@threadwatch/db/client';
import {
  builder,
  type InputFields,
  inViewerOrganization,
  inViewerOrganizationCursor,
  inViewerOrganizationPage,
} from '../builder.ts';
import * as rules from '../domain/input-rules.ts';
import { companyUrlFromKey } from '../domain/linkedin-url.ts';
import { likeLiteral } from '../domain/name-search.ts';
import { authScopesFor } from '../domain/permissions.ts';
import { accountPage } from '../services/account-pages.ts';
import { createAccount, updateAccount } from '../services/accounts.ts';
import {
  AccountLifecycleEnum,
  AccountSegmentEnum,
  AccountTierEnum,
  AdvocacyEnum,
  LevelEnum,
  StakeholderStatusEnum,
} from './enums.ts';
import { mutationErrors } from './errors.ts';
import { columnReader } from './loaded-columns.ts';
import { Member } from './member.ts';

/** The columns every view of an account shows, loaded with each row (see loaded-columns.ts). */
const column = columnReader<Pick<AccountRow, 'id' | 'name' | 'arrMinor'>>((ctx) => ctx.prisma.account);

export const Account = builder.prismaNode('Account', {
  id: { field: 'id' },
  nullable: true,
  // Select mode: each query loads the columns every view shows, and the others the request asks for.
  select: { id: true, name: true, arrMinor: true },
  findUnique: inViewerOrganization,
  fields: (t) => ({
    name: t.string({ resolve: column('name') }),
    domains: t.exposeStringList('domains'),
    companyUrl: t.string({
      nullable: true,
      description: 'The company page, as a link.',
      select: { companyUrl: true },
      resolve: (account) => (account.companyUrl ? companyUrlFromKey(account.companyUrl) : null),
    }),
    crmId: t.exposeString('crmId', { nullable: true }),
    arrMinor: t.field({
      type: 'Long',
      description: 'ARR in minor units of the organization currency.',
      resolve: column('arrMinor'),
    }),
    tier: t.expose('tier', { type: AccountTierEnum }),
    segment: t.expose('segment', { type: AccountSegmentEnum }),
    lifecycle: t.expose('lifecycle', { type: AccountLifecycleEnum }),
    renewalDate: t.expose('renewalDate', { type: 'Date', nullable: true }),
    owner: t.relation('owner', { nullable: true }),
    growthPotential: t.expose('growthPotential', { type: LevelEnum }),
    strategicValue: t.expose('strategicValue', { type: LevelEnum }),
    marketInfluence: t.expose('marketInfluence', { type: LevelEnum }),
    advocacy: t.expose('advocacy', { type: AdvocacyEnum }),
    referenceable: t.exposeBoolean('referenceable'),
    vocal: t.exposeBoolean('vocal', { description: 'Speaks publicly about us (reviews, communities).' }),
    stakeholders: t.relatedConnection(
      'stakeholders',
      {
        cursor: 'id',
        maxSize: 100,
        totalCount: true,
        args: { status: t.arg({ type: StakeholderStatusEnum }) },
        query: (args, ctx) => ({
          where: args.status ? { status: args.status } : {},
          orderBy: [{ isMainContact: 'desc' }, { fullName: 'asc' }, { id: 'asc' }],
          ...inViewerOrganizationCursor(args, ctx),
        }),
      },
      { name: 'AccountStakeholderConnection' },
      { name: 'AccountStakeholderEdge' },
    ),
    warmLeads: t.prismaField({
      type: ['Stakeholder'],
      description: 'People we know from other accounts who now work here: warm introductions.',
      resolve: (query, account, _args, ctx) =>
        ctx.prisma.stakeholder.findMany({
          ...query,
          where: {
            organizationId: ctx.viewer.organizationId,
            accountId: { not: account.id },
            employments: { some: { accountId: account.id, endedOn: null } },
          },
          orderBy: { fullName: 'asc' },
          take: 50,
        }),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const AccountFilter = builder.inputType('AccountFilter', {
  fields: (t) => ({
    search: t.string({ description: 'Part of the name, any case.', validate: rules.searchTerm }),
    tiers: t.field({ type: [AccountTierEnum] }),
    lifecycles: t.field({ type: [AccountLifecycleEnum] }),
    ownerId: t.globalID({ for: Member }),
    arrMinorAtLeast: t.field({ type: 'Long' }),
    arrMinorAtMost: t.field({ type: 'Long' }),
    renewalFrom: t.field({ type: 'Date' }),
    renewalTo: t.field({ type: 'Date' }),
  }),
});

const AccountOrderField = builder.enumType('AccountOrderField', {
  values: ['NAME', 'ARR', 'RENEWAL_DATE', 'CREATED_AT'] as const,
});
const OrderDirection = builder.enumType('OrderDirection', { values: ['ASC', 'DESC'] as const });
const AccountOrder = builder.inputType('AccountOrder', {
  fields: (t) => ({
    field: t.field({ type: AccountOrderField, required: true }),
    direction: t.field({ type: OrderDirection, defaultValue: 'ASC' }),
  }),
});

type Filter = typeof AccountFilter.$inferInput;

function accountWhere(organizationId: string, filter: Filter | null | undefined): Prisma.AccountWhereInput {
  const where: Prisma.AccountWhereInput = { organizationId };
  if (!filter) return where;
  if (filter.search) where.name = { contains: likeLiteral(filter.search), mode: 'insensitive' };
  if (filter.tiers?.length) where.tier = { in: filter.tiers };
  if (filter.lifecycles?.length) where.lifecycle = { in: filter.lifecycles };
  if (filter.ownerId) where.ownerId = filter.ownerId.id;
  if (filter.arrMinorAtLeast != null || filter.arrMinorAtMost != null) {
    where.arrMinor = {
      ...(filter.arrMinorAtLeast != null ? { gte: filter.arrMinorAtLeast } : {}),
      ...(filter.arrMinorAtMost != null ? { lte: filter.arrMinorAtMost } : {}),
    };
  }
  if (filter.renewalFrom || filter.renewalTo) {
    where.renewalDate = {
      ...(filter.renewalFrom ? { gte: filter.renewalFrom } : {}),
      ...(filter.renewalTo ? { lte: filter.renewalTo } : {}),
    };
  }
  return where;
}

function accountOrder(
  order: typeof AccountOrder.$inferInput | null | undefined,
): Prisma.AccountOrderByWithRelationInput[] {
  const direction = order?.direction === 'DESC' ? 'desc' : 'asc';
  const tieBreak = { id: direction } as const;
  switch (order?.field) {
    case 'ARR':
      return [{ arrMinor: direction }, tieBreak];
    case 'RENEWAL_DATE':
      return [{ renewalDate: { sort: direction, nulls: 'last' } }, tieBreak];
    case 'CREATED_AT':
      return [{ createdAt: direction }, tieBreak];
    default:
      return [{ name: direction }, tieBreak];
  }
}

builder.queryFields((t) => ({
  account: t.prismaField({
    type: 'Account',
    nullable: true,
    authScopes: authScopesFor('account'),
    args: { id: t.arg.globalID({ for: Account, required: true }) },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.account.findUnique({
        ...query,
        where: { organizationId_id: { organizationId: ctx.viewer.organizationId, id: args.id.id } },
      }),
  }),
  accounts: t.prismaConnection(
    {
      type: 'Account',
      cursor: 'id',
      maxSize: 100,
      defaultSize: 20,
      description: 'Accounts of the organization. `first` is capped at 100.',
      authScopes: authScopesFor('accounts'),
      args: { filter: t.arg({ type: AccountFilter }), orderBy: t.arg({ type: AccountOrder }) },
      totalCount: (_root, args, ctx) =>
        ctx.prisma.account.count({ where: accountWhere(ctx.viewer.organizationId, args.filter) }),
      resolve: (query, _root, args, ctx) =>
        accountPage(
          ctx,
          inViewerOrganizationPage(query, ctx),
          accountWhere(ctx.viewer.organizationId, args.filter),
          accountOrder(args.orderBy),
        ),
    },
    { name: 'AccountConnection' },
    { name: 'AccountEdge' },
  ),
}));

/** What may be set on an account, both when creating and when updating it. */
const accountFields = (t: InputFields) => ({
  domains: t.stringList({ validate: rules.webDomains }),
  companyUrl: t.string({ validate: rules.companyUrl, description: 'A company page URL, any variant.' }),
  crmId: t.string({ validate: rules.crmId }),
  arrMinor: t.field({ type: 'Long', validate: rules.amountMinor }),
  tier: t.field({ type: AccountTierEnum }),
  segment: t.field({ type: AccountSegmentEnum }),
  lifecycle: t.field({ type: AccountLifecycleEnum }),
  renewalDate: t.field({ type: 'Date' }),
  ownerId: t.globalID({ for: Member }),
  growthPotential: t.field({ type: LevelEnum }),
  strategicValue: t.field({ type: LevelEnum }),
  marketInfluence: t.field({ type: LevelEnum }),
  advocacy: t.field({ type: AdvocacyEnum }),
  referenceable: t.boolean(),
  vocal: t.boolean(),
});

const CreateAccountInput = builder.inputType('CreateAccountInput', {
  fields: (t) => ({ name: t.string({ required: true, validate: rules.companyName }), ...accountFields(t) }),
});

const UpdateAccountInput = builder.inputType('UpdateAccountInput', {
  description: 'Only the fields you send change; send null to clear an optional field.',
  fields: (t) => ({
    id: t.globalID({ for: Account, required: true }),
    name: t.string({ validate: rules.companyName }),
    ...accountFields(t),
  }),
});

const AccountPayload = builder.objectRef<{ account: AccountRow }>('AccountPayload').implement({
  fields: (t) => ({ account: t.expose('account', { type: Account }) }),
});

builder.mutationFields((t) => ({
  createAccount: t.field({
    type: AccountPayload,
    authScopes: authScopesFor('createAccount'),
    errors: { types: mutationErrors, union: { name: 'CreateAccountResult' } },
    args: { input: t.arg({ type: CreateAccountInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      account: await createAccount(ctx, { ...input, ownerId: input.ownerId?.id }),
    }),
  }),
  updateAccount: t.field({
    type: AccountPayload,
    authScopes: authScopesFor('updateAccount'),
    errors: { types: mutationErrors, union: { name: 'UpdateAccountResult' } },
    args: { input: t.arg({ type: UpdateAccountInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { id, ownerId, ...fields } = input;
      return {
        account: await updateAccount(ctx, id.id, { ...fields, ownerId: ownerId === null ? null : ownerId?.id }),
      };
    },
  }),
}));

// Stakeholders: people at accounts, their employment history, and the extension's profile lookup.

import type { Prisma, Stakeholder as StakeholderRow } from '@threadwatch/db/client';
import { builder, type InputFields, inViewerOrganization, inViewerOrganizationPage } from '../builder.ts';
import { employmentPeriodProblem, isCurrentEmployment } from '../domain/employments.ts';
import * as rules from '../domain/input-rules.ts';
import { profileUrlFromKey } from '../domain/linkedin-url.ts';
import { likeLiteral } from '../domain/name-search.ts';
import { authScopesFor } from '../domain/permissions.ts';
import { ValidationError } from '../errors.ts';
import { encodeId } from '../global-id.ts';
import { addEmployment, createStakeholder, eraseStakeholder, updateStakeholder } from '../services/stakeholders.ts';
import { Account } from './account.ts';
import { rangeWhere } from './date-range.ts';
import { BuyingRoleEnum, LevelEnum, SeniorityEnum, SentimentEnum, StakeholderStatusEnum } from './enums.ts';
import { mutationErrors } from './errors.ts';
import { columnReader } from './loaded-columns.ts';

/** The columns every view of a person shows, loaded with each row (see loaded-columns.ts). */
const column = columnReader<Pick<StakeholderRow, 'id' | 'fullName' | 'status' | 'buyingRoles'>>(
  (ctx) => ctx.prisma.stakeholder,
);

export const Stakeholder = builder.prismaNode('Stakeholder', {
  id: { field: 'id' },
  nullable: true,
  // Select mode: each query loads the columns every view shows, and the others the request asks for.
  select: { id: true, fullName: true, status: true, buyingRoles: true },
  findUnique: inViewerOrganization,
  fields: (t) => ({
    fullName: t.string({ resolve: column('fullName') }),
    title: t.exposeString('title', { nullable: true }),
    department: t.exposeString('department', { nullable: true }),
    seniority: t.expose('seniority', { type: SeniorityEnum, nullable: true }),
    buyingRoles: t.field({ type: [BuyingRoleEnum], resolve: column('buyingRoles') }),
    isMainContact: t.exposeBoolean('isMainContact'),
    influence: t.expose('influence', { type: LevelEnum }),
    sentiment: t.expose('sentiment', { type: SentimentEnum }),
    profileUrl: t.string({
      nullable: true,
      description: 'The profile page, as a link.',
      select: { profileUrl: true },
      resolve: (stakeholder) => (stakeholder.profileUrl ? profileUrlFromKey(stakeholder.profileUrl) : null),
    }),
    email: t.exposeString('email', { nullable: true }),
    crmId: t.exposeString('crmId', { nullable: true }),
    lastEngagedAt: t.expose('lastEngagedAt', { type: 'DateTime', nullable: true }),
    status: t.field({ type: StakeholderStatusEnum, resolve: column('status') }),
    account: t.relation('account'),
    employments: t.relation('employments', {
      description: 'Positions, newest first. Rows are closed, never overwritten.',
      query: { orderBy: [{ startedOn: { sort: 'desc', nulls: 'last' } }, { createdAt: 'desc' }] },
    }),
    relationships: t.relation('relationships', {
      description: 'Our threads to this person, strongest and freshest first.',
      query: { orderBy: [{ strength: 'asc' }, { lastTouchAt: { sort: 'desc', nulls: 'last' } }] },
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.prismaObject('Employment', {
  fields: (t) => ({
    id: t.exposeID('id'),
    companyName: t.exposeString('companyName'),
    companyUrl: t.exposeString('companyUrl', { nullable: true }),
    account: t.relation('account', { nullable: true, description: 'Set when the company is one of our accounts.' }),
    title: t.exposeString('title', { nullable: true }),
    startedOn: t.expose('startedOn', { type: 'Date', nullable: true }),
    endedOn: t.expose('endedOn', { type: 'Date', nullable: true }),
    current: t.boolean({ select: { endedOn: true }, resolve: isCurrentEmployment }),
  }),
});

const StakeholderFilter = builder.inputType('StakeholderFilter', {
  fields: (t) => ({
    accountId: t.globalID({ for: Account }),
    search: t.string({ description: 'Part of the name, any case.', validate: rules.searchTerm }),
    statuses: t.field({ type: [StakeholderStatusEnum] }),
    buyingRole: t.field({ type: BuyingRoleEnum }),
    mainContactsOnly: t.boolean(),
    updatedSince: t.field({ type: 'DateTime', description: 'Changed at or after this time.' }),
  }),
});

function stakeholderWhere(
  organizationId: string,
  filter: typeof StakeholderFilter.$inferInput | null | undefined,
): Prisma.StakeholderWhereInput {
  const where: Prisma.StakeholderWhereInput = { organizationId };
  if (!filter) return where;
  if (filter.accountId) where.accountId = filter.accountId.id;
  if (filter.search) where.fullName = { contains: likeLiteral(filter.search), mode: 'insensitive' };
  if (filter.statuses?.length) where.status = { in: filter.statuses };
  if (filter.buyingRole) where.buyingRoles = { has: filter.buyingRole };
  if (filter.mainContactsOnly) where.isMainContact = true;
  if (filter.updatedSince) where.updatedAt = rangeWhere({ from: filter.updatedSince }, ['filter', 'updatedSince']);
  return where;
}

builder.queryFields((t) => ({
  stakeholder: t.prismaField({
    type: 'Stakeholder',
    nullable: true,
    authScopes: authScopesFor('stakeholder'),
    args: { id: t.arg.globalID({ for: Stakeholder, required: true }) },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.stakeholder.findUnique({
        ...query,
        where: { organizationId_id: { organizationId: ctx.viewer.organizationId, id: args.id.id } },
      }),
  }),
  stakeholders: t.prismaConnection(
    {
      type: 'Stakeholder',
      cursor: 'id',
      maxSize: 100,
      defaultSize: 20,
      description: 'Stakeholders of the organization, by name. `first` is capped at 100.',
      authScopes: authScopesFor('stakeholders'),
      args: { filter: t.arg({ type: StakeholderFilter }) },
      totalCount: (_root, args, ctx) =>
        ctx.prisma.stakeholder.count({ where: stakeholderWhere(ctx.viewer.organizationId, args.filter) }),
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.stakeholder.findMany({
          ...inViewerOrganizationPage(query, ctx),
          where: stakeholderWhere(ctx.viewer.organizationId, args.filter),
          orderBy: [{ fullName: 'asc' }, { id: 'asc' }],
        }),
    },
    { name: 'StakeholderConnection' },
    { name: 'StakeholderEdge' },
  ),
}));

/** What may be set on a stakeholder, both when adding and when updating them. */
export const stakeholderFields = (t: InputFields) => ({
  title: t.string({ validate: rules.title }),
  department: t.string({ validate: rules.department }),
  seniority: t.field({ type: SeniorityEnum }),
  buyingRoles: t.field({ type: [BuyingRoleEnum] }),
  isMainContact: t.boolean(),
  influence: t.field({ type: LevelEnum }),
  sentiment: t.field({ type: SentimentEnum }),
  profileUrl: t.string({ validate: rules.profileUrl, description: 'A profile URL, any variant.' }),
  email: t.string({ validate: rules.email }),
  crmId: t.string({ validate: rules.crmId }),
  lastEngagedAt: t.field({ type: 'DateTime' }),
});

const CreateStakeholderInput = builder.inputType('CreateStakeholderInput', {
  fields: (t) => ({
    accountId: t.globalID({ for: Account, required: true }),
    fullName: t.string({ required: true, validate: rules.personName }),
    ...stakeholderFields(t),
    startedOn: t.field({ type: 'Date', description: 'When the current position began, if known.' }),
    allowErasedPerson: t.boolean({ description: 'Re-add a person whose data was erased before.' }),
  }),
});

const UpdateStakeholderInput = builder.inputType('UpdateStakeholderInput', {
  description: 'Only the fields you send change. A new title starts a new position in the employment history.',
  fields: (t) => ({
    id: t.globalID({ for: Stakeholder, required: true }),
    fullName: t.string({ validate: rules.personName }),
    ...stakeholderFields(t),
    status: t.field({ type: StakeholderStatusEnum }),
  }),
});

const AddEmploymentInput = builder.inputType('AddEmploymentInput', {
  fields: (t) => ({
    stakeholderId: t.globalID({ for: Stakeholder, required: true }),
    companyName: t.string({ required: true, validate: rules.companyName }),
    companyUrl: t.string({ validate: rules.companyUrl }),
    title: t.string({ validate: rules.title }),
    startedOn: t.field({ type: 'Date' }),
    endedOn: t.field({ type: 'Date' }),
  }),
});

const StakeholderPayload = builder.objectRef<{ stakeholder: StakeholderRow }>('StakeholderPayload').implement({
  fields: (t) => ({ stakeholder: t.expose('stakeholder', { type: Stakeholder }) }),
});

const EraseStakeholderPayload = builder.objectRef<{ erasedId: string }>('EraseStakeholderPayload').implement({
  fields: (t) => ({
    erasedId: t.exposeID('erasedId', {
      description: 'The id the stakeholder had. Nothing of their personal data remains.',
    }),
  }),
});

builder.mutationFields((t) => ({
  createStakeholder: t.field({
    type: StakeholderPayload,
    authScopes: authScopesFor('createStakeholder'),
    errors: { types: mutationErrors, union: { name: 'CreateStakeholderResult' } },
    args: { input: t.arg({ type: CreateStakeholderInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      stakeholder: await createStakeholder(ctx, { ...input, accountId: input.accountId.id }),
    }),
  }),
  updateStakeholder: t.field({
    type: StakeholderPayload,
    authScopes: authScopesFor('updateStakeholder'),
    errors: { types: mutationErrors, union: { name: 'UpdateStakeholderResult' } },
    args: { input: t.arg({ type: UpdateStakeholderInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { id, ...fields } = input;
      return { stakeholder: await updateStakeholder(ctx, id.id, fields) };
    },
  }),
  eraseStakeholder: t.field({
    type: EraseStakeholderPayload,
    description: 'Deletes the person and every copy of their personal data. Cannot be undone.',
    authScopes: authScopesFor('eraseStakeholder'),
    errors: { types: mutationErrors, union: { name: 'EraseStakeholderResult' } },
    args: { id: t.arg.globalID({ for: Stakeholder, required: true }) },
    resolve: async (_root, args, ctx) => {
      const { erasedId } = await eraseStakeholder(ctx, args.id.id);
      return { erasedId: encodeId('Stakeholder', erasedId) };
    },
  }),
  addEmployment: t.field({
    type: StakeholderPayload,
    description: 'Appends a position (past or current) to a stakeholder’s history.',
    authScopes: authScopesFor('addEmployment'),
    errors: { types: mutationErrors, union: { name: 'AddEmploymentResult' } },
    args: { input: t.arg({ type: AddEmploymentInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const problem = employmentPeriodProblem(input);
      if (problem) throw ValidationError.at(['input', problem.field], problem.message);
      const employment = await addEmployment(ctx, { ...input, stakeholderId: input.stakeholderId.id });
      return {
        stakeholder: await ctx.prisma.stakeholder.findUniqueOrThrow({ where: { id: employment.stakeholderId } }),
      };
    },
  }),
}));

// Job-change flags and coverage-gap additions: what reps record from the pages they browse.

import {
  FlagMatch,
  type JobChangeFlag as FlagRow,
  FlagSource,
  type Prisma,
  type Stakeholder as StakeholderRow,
} from '@threadwatch/db/client';
import { z } from 'zod';
import { builder, inViewerOrganization, inViewerOrganizationPage } from '../builder.ts';
import { idempotencyKey } from '../domain/idempotency.ts';
import * as rules from '../domain/input-rules.ts';
import { FLAG_STATUSES, type FlagStatus, JOB_CHANGE_KINDS, observedAtProblem } from '../domain/job-change-flags.ts';
import { companyUrlFromKey } from '../domain/linkedin-url.ts';
import { authScopesFor } from '../domain/permissions.ts';
import { ValidationError } from '../errors.ts';
import { confirmJobChange, flagJobChange, rejectJobChange } from '../services/job-change-flags.ts';
import { addFromPage, updateStakeholder } from '../services/stakeholders.ts';
import { Account } from './account.ts';
import { DateRange, rangeWhere } from './date-range.ts';
import { BuyingRoleEnum, describedValues, SeniorityEnum } from './enums.ts';
import { mutationErrors } from './errors.ts';
import { Stakeholder } from './stakeholder.ts';

export const JobChangeKindEnum = builder.enumType('JobChangeKind', {
  values: describedValues(JOB_CHANGE_KINDS, {
    LEFT_COMPANY: 'Left the company.',
    INTERNAL_MOVE: 'Moved to another role at the same company.',
    PROMOTION: 'Promoted in place.',
    LEAVING_SOON: 'Announced they are leaving.',
  }),
});
const FlagMatchEnum = builder.enumType(FlagMatch, { name: 'FlagMatch' });
const FlagSourceEnum = builder.enumType('FlagSource', {
  values: describedValues(FlagSource, {
    PAGE: 'Seen on a profile page.',
    IMPORT: 'A CRM import showed the person at another company.',
  }),
});
const FlagStatusEnum = builder.enumType('FlagStatus', { values: FLAG_STATUSES });

export const JobChangeFlag = builder.prismaNode('JobChangeFlag', {
  id: { field: 'id' },
  nullable: true,
  findUnique: inViewerOrganization,
  fields: (t) => ({
    stakeholder: t.relation('stakeholder'),
    kind: t.expose('kind', { type: JobChangeKindEnum }),
    status: t.expose('status', { type: FlagStatusEnum }),
    matchedBy: t.expose('matchedBy', { type: FlagMatchEnum }),
    observedName: t.exposeString('observedName', { nullable: true }),
    observedTitle: t.exposeString('observedTitle', { nullable: true }),
    observedCompany: t.exposeString('observedCompany', { nullable: true }),
    observedCompanyUrl: t.string({
      nullable: true,
      select: { observedCompanyUrl: true },
      resolve: (flag) => (flag.observedCompanyUrl ? companyUrlFromKey(flag.observedCompanyUrl) : null),
    }),
    pageUrl: t.exposeString('pageUrl', { nullable: true }),
    source: t.expose('source', { type: FlagSourceEnum }),
    importFileName: t.exposeString('importFileName', {
      nullable: true,
      description: 'The imported file (imports only).',
    }),
    importRowNumber: t.exposeInt('importRowNumber', {
      nullable: true,
      description: 'The row of the imported file, the header being row 1 (imports only).',
    }),
    observedAt: t.expose('observedAt', { type: 'DateTime' }),
    flaggedBy: t.relation('flaggedBy'),
    reviewedAt: t.expose('reviewedAt', { type: 'DateTime', nullable: true }),
    reviewNote: t.exposeString('reviewNote', { nullable: true }),
    idempotencyKey: t.exposeString('idempotencyKey'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

type FlagArgs = {
  status?: FlagStatus | null;
  accountId?: { id: string } | null;
  observed?: typeof DateRange.$inferInput | null;
  created?: typeof DateRange.$inferInput | null;
};

function flagWhere(organizationId: string, args: FlagArgs): Prisma.JobChangeFlagWhereInput {
  const observedAt = rangeWhere(args.observed, ['observed']);
  const createdAt = rangeWhere(args.created, ['created']);
  return {
    organizationId,
    ...(args.status ? { status: args.status } : {}),
    ...(args.accountId ? { stakeholder: { accountId: args.accountId.id } } : {}),
    ...(observedAt ? { observedAt } : {}),
    ...(createdAt ? { createdAt } : {}),
  };
}

builder.queryField('jobChangeFlags', (t) =>
  t.prismaConnection(
    {
      type: 'JobChangeFlag',
      cursor: 'id',
      maxSize: 100,
      description: 'Flags, newest first; pending ones are the review queue.',
      authScopes: authScopesFor('jobChangeFlags'),
      args: {
        status: t.arg({ type: FlagStatusEnum }),
        accountId: t.arg.globalID({ for: Account }),
        observed: t.arg({ type: DateRange, description: 'Seen on the page in this range.' }),
        created: t.arg({ type: DateRange, description: 'Recorded in this range.' }),
      },
      totalCount: (_root, args, ctx) =>
        ctx.prisma.jobChangeFlag.count({ where: flagWhere(ctx.viewer.organizationId, args) }),
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.jobChangeFlag.findMany({
          ...inViewerOrganizationPage(query, ctx),
          where: flagWhere(ctx.viewer.organizationId, args),
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        }),
    },
    { name: 'JobChangeFlagConnection' },
    { name: 'JobChangeFlagEdge' },
  ),
);

const pageUrl = z
  .string()
  .trim()
  .max(2048, 'Must be at most 2048 characters.')
  .refine((value) => {
    try {
      return ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, 'Must be an http(s) URL.');

const FlagJobChangeInput = builder.inputType('FlagJobChangeInput', {
  description:
    'What was seen on a profile page. Give the stakeholder, their profile URL, or their name with the account.',
  fields: (t) => ({
    idempotencyKey: t.string({
      required: true,
      validate: idempotencyKey,
      description: 'Unique per flag; a retry with the same key is the same flag.',
    }),
    kind: t.field({ type: JobChangeKindEnum, required: true }),
    stakeholderId: t.globalID({ for: Stakeholder, description: 'Linked by hand.' }),
    profileUrl: t.string({ validate: rules.profileUrl }),
    accountId: t.globalID({
      for: Account,
      description: 'With observedName: match by name among this account’s stakeholders.',
    }),
    observedName: t.string({ validate: rules.personName }),
    observedTitle: t.string({ validate: rules.title }),
    observedCompany: t.string({ validate: rules.companyName }),
    observedCompanyUrl: t.string({ validate: rules.companyUrl }),
    pageUrl: t.string({ validate: pageUrl }),
    observedAt: t.field({ type: 'DateTime', required: true }),
  }),
});

const FlagPayload = builder
  .objectRef<{ flag: FlagRow; replayed: boolean; sighting: boolean }>('FlagPayload')
  .implement({
    fields: (t) => ({
      flag: t.expose('flag', { type: JobChangeFlag }),
      sighting: t.exposeBoolean('sighting', {
        description:
          'True when the person already had a pending flag of this kind: this was added to it as another sighting.',
      }),
      replayed: t.exposeBoolean('replayed', {
        description: 'True when this repeated an earlier request with the same key.',
      }),
    }),
  });

const ConfirmJobChangeInput = builder.inputType('ConfirmJobChangeInput', {
  fields: (t) => ({
    id: t.globalID({ for: JobChangeFlag, required: true }),
    destinationCompany: t.string({ validate: rules.companyName, description: 'Correct where the person went.' }),
    destinationCompanyUrl: t.string({ validate: rules.companyUrl }),
    newTitle: t.string({ validate: rules.title }),
    effectiveOn: t.field({ type: 'Date' }),
  }),
});

const ReviewPayload = builder.objectRef<{ flag: FlagRow }>('ReviewFlagPayload').implement({
  fields: (t) => ({ flag: t.expose('flag', { type: JobChangeFlag }) }),
});

const AddStakeholderFromPageInput = builder.inputType('AddStakeholderFromPageInput', {
  fields: (t) => ({
    accountId: t.globalID({ for: Account, required: true }),
    fullName: t.string({ required: true, validate: rules.personName }),
    title: t.string({ validate: rules.title }),
    department: t.string({ validate: rules.department }),
    seniority: t.field({ type: SeniorityEnum }),
    buyingRoles: t.field({ type: [BuyingRoleEnum] }),
    profileUrl: t.string({ validate: rules.profileUrl }),
    idempotencyKey: t.string({ validate: idempotencyKey }),
    notADuplicate: t.boolean({ description: 'Add even though someone of this name is tracked at the account.' }),
  }),
});

interface AddOutcome {
  stakeholder: StakeholderRow | null;
  replayed: boolean;
  duplicateIds: string[];
}

const AddStakeholderFromPagePayload = builder.objectRef<AddOutcome>('AddStakeholderFromPagePayload').implement({
  description: 'Either the person added, or the possible duplicates to link instead (then nothing was added).',
  fields: (t) => ({
    stakeholder: t.expose('stakeholder', { type: Stakeholder, nullable: true }),
    replayed: t.exposeBoolean('replayed', { description: 'True when this repeated an earlier add with the same key.' }),
    possibleDuplicates: t.field({
      type: [Stakeholder],
      description: 'The same profile URL anywhere, or the same name at the account. Empty when the person was added.',
      resolve: (parent, _args, ctx) =>
        parent.duplicateIds.length === 0
          ? []
          : ctx.prisma.stakeholder.findMany({
              where: { organizationId: ctx.viewer.organizationId, id: { in: parent.duplicateIds } },
              orderBy: { fullName: 'asc' },
            }),
    }),
  }),
});

const LinkProfileInput = builder.inputType('LinkProfileInput', {
  fields: (t) => ({
    stakeholderId: t.globalID({ for: Stakeholder, required: true }),
    profileUrl: t.string({ required: true, validate: rules.profileUrl }),
  }),
});

const LinkedProfile = builder.objectRef<{ stakeholder: StakeholderRow }>('LinkProfilePayload').implement({
  fields: (t) => ({ stakeholder: t.expose('stakeholder', { type: Stakeholder }) }),
});

builder.mutationFields((t) => ({
  flagJobChange: t.field({
    type: FlagPayload,
    authScopes: authScopesFor('flagJobChange'),
    errors: { types: mutationErrors, union: { name: 'FlagJobChangeResult' } },
    args: { input: t.arg({ type: FlagJobChangeInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      const problem = observedAtProblem(input.observedAt, new Date());
      if (problem) throw ValidationError.at(['input', 'observedAt'], problem);
      return flagJobChange(ctx, {
        ...input,
        stakeholderId: input.stakeholderId?.id ?? null,
        accountId: input.accountId?.id ?? null,
      });
    },
  }),
  confirmJobChange: t.field({
    type: ReviewPayload,
    description: 'Applies the change: status, employment history, and a departure case for a key person.',
    authScopes: authScopesFor('confirmJobChange'),
    errors: { types: mutationErrors, union: { name: 'ConfirmJobChangeResult' } },
    args: { input: t.arg({ type: ConfirmJobChangeInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ flag: await confirmJobChange(ctx, input.id.id, input) }),
  }),
  rejectJobChange: t.field({
    type: ReviewPayload,
    description: 'Marks the flag a false positive. The record is kept.',
    authScopes: authScopesFor('rejectJobChange'),
    errors: { types: mutationErrors, union: { name: 'RejectJobChangeResult' } },
    args: {
      id: t.arg.globalID({ for: JobChangeFlag, required: true }),
      note: t.arg.string({ validate: rules.text(500) }),
    },
    resolve: async (_root, args, ctx) => ({ flag: await rejectJobChange(ctx, args.id.id, args.note ?? null) }),
  }),
  addStakeholderFromPage: t.field({
    type: AddStakeholderFromPagePayload,
    description: 'Adds a person seen on a company page; possible duplicates are returned for linking instead.',
    authScopes: authScopesFor('addStakeholderFromPage'),
    errors: { types: mutationErrors, union: { name: 'AddStakeholderFromPageResult' } },
    args: { input: t.arg({ type: AddStakeholderFromPageInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const result = await addFromPage(ctx, { ...input, accountId: input.accountId.id });
      return result.kind === 'added'
        ? { stakeholder: result.stakeholder, replayed: result.replayed, duplicateIds: [] }
        : { stakeholder: null, replayed: false, duplicateIds: result.candidates.map((candidate) => candidate.id) };
    },
  }),
  linkProfileToStakeholder: t.field({
    type: LinkedProfile,
    description: 'Links a profile page to a tracked person (manual linking of a duplicate).',
    authScopes: authScopesFor('linkProfileToStakeholder'),
    errors: { types: mutationErrors, union: { name: 'LinkProfileResult' } },
    args: { input: t.arg({ type: LinkProfileInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      stakeholder: await updateStakeholder(ctx, input.stakeholderId.id, { profileUrl: input.profileUrl }),
    }),
  }),
}));

// Account outcomes (churned, renewed, expanded): what the risk score's track record is judged against.
import { AccountOutcomeKind, type AccountOutcome as OutcomeRow } from '@threadwatch/db/client';
import { builder, inViewerOrganization, inViewerOrganizationPage } from '../builder.ts';
import * as rules from '../domain/input-rules.ts';
import { authScopesFor } from '../domain/permissions.ts';
import { encodeId } from '../global-id.ts';
import { correctOutcome, deleteOutcome, recordOutcome } from '../services/outcomes.ts';
import { Account } from './account.ts';
import { DateRange, rangeWhere } from './date-range.ts';
import { describedValues } from './enums.ts';
import { mutationErrors } from './errors.ts';

export const AccountOutcomeKindEnum = builder.enumType('AccountOutcomeKind', {
  values: describedValues(AccountOutcomeKind, {
    CHURNED: 'The customer left. Recording it marks the account CHURNED unless it renewed later.',
    RENEWED: 'The contract was renewed.',
    EXPANDED: 'The contract was renewed with more ARR.',
  }),
});

export const AccountOutcome = builder.prismaNode('AccountOutcome', {
  id: { field: 'id' },
  nullable: true,
  findUnique: inViewerOrganization,
  description: 'What became of an account on a day, with the ARR concerned.',
  fields: (t) => ({
    account: t.relation('account'),
    kind: t.expose('kind', { type: AccountOutcomeKindEnum }),
    occurredOn: t.expose('occurredOn', { type: 'Date' }),
    arrMinor: t.expose('arrMinor', {
      type: 'Long',
      description: 'Minor units of the organization currency: the ARR lost, renewed, or after the expansion.',
    }),
    note: t.exposeString('note', { nullable: true }),
    recordedAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectFields('Account', (t) => ({
  outcomes: t.relation('outcomes', {
    description: 'Outcomes, newest first (at most 100).',
    query: { orderBy: [{ occurredOn: 'desc' }, { id: 'asc' }], take: 100 },
  }),
}));

const OutcomeFilter = builder.inputType('AccountOutcomeFilter', {
  fields: (t) => ({
    occurred: t.field({ type: DateRange }),
    kinds: t.field({ type: [AccountOutcomeKindEnum] }),
    accountId: t.globalID({ for: Account }),
  }),
});

builder.queryField('accountOutcomes', (t) =>
  t.prismaConnection(
    {
      type: 'AccountOutcome',
      cursor: 'id',
      maxSize: 100,
      description: 'Outcomes of the organization’s accounts, newest first.',
      authScopes: authScopesFor('accountOutcomes'),
      args: { filter: t.arg({ type: OutcomeFilter }) },
      totalCount: (_root, args, ctx) =>
        ctx.prisma.accountOutcome.count({ where: outcomeWhere(ctx.viewer.organizationId, args.filter) }),
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.accountOutcome.findMany({
          ...inViewerOrganizationPage(query, ctx),
          where: outcomeWhere(ctx.viewer.organizationId, args.filter),
          orderBy: [{ occurredOn: 'desc' }, { id: 'asc' }],
        }),
    },
    { name: 'AccountOutcomeConnection' },
    { name: 'AccountOutcomeEdge' },
  ),
);

function outcomeWhere(organizationId: string, filter: typeof OutcomeFilter.$inferInput | null | undefined) {
  const occurred = rangeWhere(filter?.occurred, ['filter', 'occurred']);
  return {
    organizationId,
    ...(occurred ? { occurredOn: occurred } : {}),
    ...(filter?.kinds?.length ? { kind: { in: filter.kinds } } : {}),
    ...(filter?.accountId ? { accountId: filter.accountId.id } : {}),
  };
}

const RecordOutcomeInput = builder.inputType('RecordAccountOutcomeInput', {
  description:
    'Recording the same kind, day, ARR and note again answers the outcome already recorded; other values on ' +
    'the same kind and day are a CONFLICT (correct that outcome instead).',
  fields: (t) => ({
    accountId: t.globalID({ for: Account, required: true }),
    kind: t.field({ type: AccountOutcomeKindEnum, required: true }),
    occurredOn: t.field({ type: 'Date', required: true, description: 'Today or earlier.' }),
    arrMinor: t.field({ type: 'Long', validate: rules.amountMinor, description: 'Defaults to the account’s ARR.' }),
    note: t.string({ validate: rules.text(1000) }),
  }),
});

const CorrectOutcomeInput = builder.inputType('CorrectAccountOutcomeInput', {
  description: 'Only what you send changes; a null note clears it.',
  fields: (t) => ({
    id: t.globalID({ for: AccountOutcome, required: true }),
    kind: t.field({ type: AccountOutcomeKindEnum }),
    occurredOn: t.field({ type: 'Date' }),
    arrMinor: t.field({ type: 'Long', validate: rules.amountMinor }),
    note: t.string({ validate: rules.text(1000) }),
  }),
});

const OutcomePayload = builder.objectRef<{ outcome: OutcomeRow }>('AccountOutcomePayload').implement({
  fields: (t) => ({ outcome: t.expose('outcome', { type: AccountOutcome }) }),
});
const DeleteOutcomePayload = builder.objectRef<{ deletedId: string }>('DeleteAccountOutcomePayload').implement({
  fields: (t) => ({ deletedId: t.exposeID('deletedId') }),
});

builder.mutationFields((t) => ({
  recordAccountOutcome: t.field({
    type: OutcomePayload,
    authScopes: authScopesFor('recordAccountOutcome'),
    errors: { types: mutationErrors, union: { name: 'RecordAccountOutcomeResult' } },
    args: { input: t.arg({ type: RecordOutcomeInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      outcome: await recordOutcome(ctx, {
        accountId: input.accountId.id,
        kind: input.kind,
        occurredOn: input.occurredOn,
        arrMinor: input.arrMinor ?? null,
        ...(input.note !== undefined ? { note: input.note } : {}),
      }),
    }),
  }),
  correctAccountOutcome: t.field({
    type: OutcomePayload,
    authScopes: authScopesFor('correctAccountOutcome'),
    errors: { types: mutationErrors, union: { name: 'CorrectAccountOutcomeResult' } },
    args: { input: t.arg({ type: CorrectOutcomeInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      outcome: await correctOutcome(ctx, input.id.id, {
        kind: input.kind ?? null,
        occurredOn: input.occurredOn ?? null,
        arrMinor: input.arrMinor ?? null,
        ...(input.note !== undefined ? { note: input.note } : {}),
      }),
    }),
  }),
  deleteAccountOutcome: t.field({
    type: DeleteOutcomePayload,
    authScopes: authScopesFor('deleteAccountOutcome'),
    errors: { types: mutationErrors, union: { name: 'DeleteAccountOutcomeResult' } },
    args: { id: t.arg.globalID({ for: AccountOutcome, required: true }) },
    resolve: async (_root, args, ctx) => ({
      deletedId: encodeId('AccountOutcome', await deleteOutcome(ctx, args.id.id)),
    }),
  }),
}));

// The event log through GraphQL: each change with its sentence, the change feed, the weekly
// meeting's per-account summary, and an account's risk history.

import { PothosValidationError } from '@pothos/core';
import { ActorKind, ChangeKind, RiskPointCause } from '@threadwatch/db/client';
import { builder, inViewerOrganization, inViewerOrganizationPage } from '../builder.ts';
import type { Context } from '../context.ts';
import {
  type ChangeOnlyKind,
  changeOnlyKind,
  type FactorPoints,
  loggedChangeSentence,
  NON_FEED_KINDS,
  NOTIFICATION_KIND,
} from '../domain/changes.ts';
import { authScopesFor } from '../domain/permissions.ts';
import { encodeId } from '../global-id.ts';
import {
  type AccountChanges,
  accountChangesCount,
  accountChangesFor,
  changeWhere,
  checkRange,
  riskHistoryOf,
} from '../services/changes.ts';
import { Account } from './account.ts';
import { AccountTierEnum } from './enums.ts';
import { RiskBandEnum as RiskBandRef, RiskZoneEnum as RiskZoneRef } from './health.ts';
import { Member } from './member.ts';

// Every kind of the log but a notification's: notifications are read as webhook deliveries.
export const ChangeKindEnum = builder.enumType('ChangeKind', {
  values: Object.values(ChangeKind).filter((kind): kind is ChangeOnlyKind => kind !== NOTIFICATION_KIND),
});
const ActorKindEnum = builder.enumType(ActorKind, {
  name: 'ActorKind',
  description: 'MEMBER: a member did it; IMPORT: an import run by a member; SYSTEM: time passing or a consequence.',
});
const RiskPointCauseEnum = builder.enumType(RiskPointCause, { name: 'RiskPointCause' });

const currencies = new WeakMap<Context, Promise<string>>();
/** The organization's currency, read once per request. */
function currencyOf(ctx: Context): Promise<string> {
  let currency = currencies.get(ctx);
  if (!currency) {
    currency = ctx.prisma.organization
      .findUniqueOrThrow({ where: { id: ctx.viewer.organizationId }, select: { currency: true } })
      .then((row) => row.currency);
    currencies.set(ctx, currency);
  }
  return currency;
}

export const Change = builder.prismaNode('Event', {
  name: 'Change',
  id: { field: 'id' },
  nullable: true,
  // Administration changes are the audit trail's, for admins (auditLog), and notifications the
  // webhook delivery log's: node(id) does not find them.
  findUnique: (id, ctx) => ({ ...inViewerOrganization(id, ctx), kind: { notIn: [...NON_FEED_KINDS] } }),
  description: 'Something that happened, with who did it and when. Append-only.',
  fields: (t) => ({
    kind: t.field({ type: ChangeKindEnum, resolve: (event) => changeOnlyKind(event.kind) }),
    actorKind: t.expose('actorKind', { type: ActorKindEnum }),
    actor: t.relation('actor', { nullable: true, description: 'The member (null for the system).' }),
    account: t.relation('account', { nullable: true, description: 'Null for organization-wide changes.' }),
    subjectId: t.id({
      nullable: true,
      description: 'What the change is about (a stakeholder, flag, case or the account).',
      resolve: (event) => (event.subjectType && event.subjectId ? encodeId(event.subjectType, event.subjectId) : null),
    }),
    occurredAt: t.expose('occurredAt', { type: 'DateTime' }),
    importance: t.exposeInt('importance', { description: 'Higher matters more for the weekly meeting.' }),
    details: t.string({
      description: 'What changed, as JSON (names at the time; a person erased since is null).',
      resolve: (event) => JSON.stringify(event.payload),
    }),
    sentence: t.string({
      description: 'The change in one plain line.',
      select: { account: { select: { name: true } }, actor: { select: { name: true } } },
      resolve: async (event, _args, ctx) => loggedChangeSentence(event, await currencyOf(ctx)),
    }),
  }),
});

export const ChangeFilterInput = builder.inputType('ChangeFilter', {
  fields: (t) => ({
    owners: t.globalIDList({ for: Member, description: 'Accounts owned by any of these members.' }),
    tiers: t.field({ type: [AccountTierEnum] }),
    kinds: t.field({ type: [ChangeKindEnum] }),
    accounts: t.globalIDList({ for: Account }),
  }),
});

const ChangeOrder = builder.enumType('ChangeOrder', {
  values: {
    CHRONOLOGICAL: { description: 'Newest first.' },
    IMPORTANCE: { description: 'Most important first, then newest.' },
  } as const,
});

type FilterInput = typeof ChangeFilterInput.$inferInput | null | undefined;
const filterOf = (filter: FilterInput) => ({
  ownerIds: filter?.owners?.map((id) => id.id) ?? null,
  tiers: filter?.tiers ?? null,
  kinds: filter?.kinds ?? null,
  accountIds: filter?.accounts?.map((id) => id.id) ?? null,
});

builder.queryField('changes', (t) =>
  t.prismaConnection(
    {
      type: 'Event',
      cursor: 'id',
      maxSize: 100,
      defaultSize: 50,
      description: 'Changes in [since, until) (at most 366 days), newest or most important first.',
      authScopes: authScopesFor('changes'),
      args: {
        since: t.arg({ type: 'DateTime', required: true }),
        until: t.arg({ type: 'DateTime', required: true }),
        filter: t.arg({ type: ChangeFilterInput }),
        order: t.arg({ type: ChangeOrder, defaultValue: 'CHRONOLOGICAL' }),
      },
      totalCount: (_root, args, ctx) =>
        ctx.prisma.event.count({ where: changeWhere(ctx, args.since, args.until, filterOf(args.filter)) }),
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.event.findMany({
          ...inViewerOrganizationPage(query, ctx),
          where: changeWhere(ctx, args.since, args.until, filterOf(args.filter)),
          orderBy:
            args.order === 'IMPORTANCE'
              ? [{ importance: 'desc' }, { occurredAt: 'desc' }, { seq: 'desc' }]
              : [{ occurredAt: 'desc' }, { seq: 'desc' }],
        }),
    },
    { name: 'ChangeConnection' },
    { name: 'ChangeEdge' },
  ),
);

export const AccountChangesRef = builder.objectRef<AccountChanges>('AccountChanges').implement({
  description: 'One account’s changes over a period, summed up for the weekly at-risk meeting.',
  fields: (t) => ({
    account: t.field({
      type: Account,
      resolve: (row, _args, ctx) =>
        ctx.prisma.account.findUniqueOrThrow({
          where: { organizationId_id: { organizationId: ctx.viewer.organizationId, id: row.accountId } },
        }),
    }),
    name: t.exposeString('name'),
    arrMinor: t.expose('arrMinor', { type: 'Long' }),
    currency: t.exposeString('currency'),
    bandFrom: t.field({ type: RiskBandRef, nullable: true, resolve: (row) => row.bandFrom }),
    bandTo: t.field({ type: RiskBandRef, nullable: true, resolve: (row) => row.bandTo }),
    scoreFrom: t.exposeInt('scoreFrom', { nullable: true }),
    scoreTo: t.exposeInt('scoreTo', { nullable: true }),
    factorsGained: t.exposeStringList('factorsGained'),
    factorsLost: t.exposeStringList('factorsLost'),
    casesOpened: t.exposeInt('casesOpened'),
    casesClosed: t.exposeInt('casesClosed'),
    flagsRaised: t.exposeInt('flagsRaised'),
    flagsConfirmed: t.exposeInt('flagsConfirmed'),
    threadsLost: t.exposeInt('threadsLost'),
    changeCount: t.exposeInt('changeCount'),
    sentence: t.exposeString('sentence'),
  }),
});

const offsetCursor = (offset: number) => Buffer.from(String(offset)).toString('base64url');

/** A cursor of the per-account summary: the position in the list. Anything else is refused as the library refuses cursors. */
function cursorOffset(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const offset = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(offset)) throw new PothosValidationError(`Invalid cursor: ${cursor}`);
  return offset;
}

function pageSize(name: 'first' | 'last', value: number | null | undefined): number | null {
  if (value == null) return null;
  if (value < 0) throw new PothosValidationError(`Argument "${name}" must be a non-negative integer`);
  return Math.min(value, 100);
}

/**
 * The page `first`/`after` or `last`/`before` ask for, as positions in the ranked list: forward from
 * after the `after` cursor, or backward up to the `before` cursor (from the end without one: the
 * list's length is counted, then only the tail is ranked and read).
 */
async function accountChangesWindow(
  args: { first?: number | null; after?: string | null; last?: number | null; before?: string | null },
  read: (page: { offset: number; limit: number }) => Promise<{ rows: AccountChanges[]; hasMore: boolean }>,
  count: () => Promise<number>,
): Promise<{ offset: number; rows: AccountChanges[]; hasNextPage: boolean }> {
  const first = pageSize('first', args.first);
  const last = pageSize('last', args.last);
  const after = args.after ? cursorOffset(args.after) + 1 : 0;
  const before = args.before ? cursorOffset(args.before) : null;
  if (last === null || first !== null) {
    const limit = Math.min(first ?? 50, before === null ? Number.MAX_SAFE_INTEGER : Math.max(0, before - after));
    const { rows, hasMore } = await read({ offset: after, limit });
    return { offset: after, rows, hasNextPage: hasMore || before !== null };
  }
  if (before !== null) {
    const offset = Math.max(after, before - last);
    const { rows } = await read({ offset, limit: Math.max(0, before - offset) });
    return { offset, rows, hasNextPage: true };
  }
  // The end of the list: its length, then the tail alone.
  const total = await count();
  const offset = Math.max(after, total - last);
  const { rows } = await read({ offset, limit: Math.max(0, total - offset) });
  return { offset, rows, hasNextPage: false };
}

builder.queryField('accountChanges', (t) =>
  t.connection(
    {
      type: AccountChangesRef,
      description: 'The period’s changes grouped per account, most important first, then by ARR.',
      authScopes: authScopesFor('accountChanges'),
      args: {
        since: t.arg({ type: 'DateTime', required: true }),
        until: t.arg({ type: 'DateTime', required: true }),
        filter: t.arg({ type: ChangeFilterInput }),
      },
      resolve: async (_root, args, ctx) => {
        const filter = filterOf(args.filter);
        const window = await accountChangesWindow(
          args,
          (page) => accountChangesFor(ctx, args.since, args.until, filter, page),
          () => accountChangesCount(ctx, args.since, args.until, filter),
        );
        const { offset, rows: page } = window;
        return {
          edges: page.map((node, index) => ({ node, cursor: offsetCursor(offset + index) })),
          pageInfo: {
            hasNextPage: window.hasNextPage,
            hasPreviousPage: offset > 0,
            startCursor: page.length ? offsetCursor(offset) : null,
            endCursor: page.length ? offsetCursor(offset + page.length - 1) : null,
          },
        };
      },
    },
    { name: 'AccountChangesConnection' },
    { name: 'AccountChangesEdge' },
  ),
);

const FactorPointsRef = builder.objectRef<FactorPoints>('RiskFactorPoints').implement({
  fields: (t) => ({
    key: t.exposeString('key'),
    points: t.exposeInt('points'),
    fraction: t.float({
      nullable: true,
      description:
        'The share of its weight the factor earned, 0..1 (points = round(weight × fraction)); null on points ' +
        'written before fractions were kept.',
      resolve: (factor) => factor.fraction ?? null,
    }),
  }),
});

builder.prismaObject('RiskPoint', {
  description: 'An account’s stored risk at one moment: written whenever its score, band or zone changes.',
  // Select mode: a history reads only the columns the request asks for.
  select: { at: true },
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime' }),
    score: t.exposeInt('score'),
    band: t.field({ type: RiskBandRef, select: { band: true }, resolve: (point) => point.band }),
    zone: t.field({ type: RiskZoneRef, nullable: true, select: { zone: true }, resolve: (point) => point.zone }),
    cause: t.expose('cause', { type: RiskPointCauseEnum }),
    factors: t.field({
      type: [FactorPointsRef],
      select: { factors: true },
      resolve: (point) => point.factors as unknown as FactorPoints[],
    }),
  }),
});

builder.prismaObjectField('Account', 'riskHistory', (t) =>
  t.prismaField({
    type: ['RiskPoint'],
    description:
      'The risk over [from, to] (at most 366 days; default the last year), oldest first. The first point is ' +
      'the one in force at `from` (the last written at or before it), when the account had one then, so a ' +
      'steady account still has its risk; the points written after `from`, up to `to`, follow.',
    args: { from: t.arg({ type: 'DateTime' }), to: t.arg({ type: 'DateTime' }) },
    resolve: (query, account, args, ctx) => {
      const to = args.to ?? new Date();
      const from = args.from ?? new Date(to.getTime() - 365 * 86_400_000);
      // A bound left out is the default, not the request's: the error names the bound that was sent.
      checkRange(from, to, [args.from ? 'from' : 'to', args.to ? 'to' : 'from']);
      return riskHistoryOf(
        ctx.prisma,
        query,
        { organizationId: ctx.viewer.organizationId, accountId: account.id },
        from,
        to,
      );
    },
  }),
);

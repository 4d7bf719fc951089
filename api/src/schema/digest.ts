// The weekly digest through GraphQL: one owner's (or the organization's) week of changes, its
// headline counts, the per-account lines and the rendered text.

import { builder } from '../builder.ts';
import type { DigestHeadline } from '../domain/digest.ts';
import { authScopesFor } from '../domain/permissions.ts';
import { type Digest, digestFor } from '../services/digest.ts';
import { AccountChangesRef } from './changes.ts';
import { Member } from './member.ts';

const DigestHeadlineRef = builder.objectRef<DigestHeadline>('DigestHeadline').implement({
  description: 'The week in counts.',
  fields: (t) => ({
    accountsChanged: t.exposeInt('accountsChanged'),
    bandsRose: t.exposeInt('bandsRose', {
      description: 'Accounts whose band at the end of the week is higher than at its start.',
    }),
    bandsFell: t.exposeInt('bandsFell'),
    bandsRoseBySettings: t.exposeInt('bandsRoseBySettings', {
      description:
        'Of bandsRose, the accounts a change of settings or risk rules alone raised (their own changes did not).',
    }),
    bandsFellBySettings: t.exposeInt('bandsFellBySettings', {
      description:
        'Of bandsFell, the accounts a change of settings or risk rules alone lowered (their own changes did not).',
    }),
    casesOpened: t.exposeInt('casesOpened'),
    casesClosed: t.exposeInt('casesClosed'),
    flagsRaised: t.exposeInt('flagsRaised'),
    threadsLost: t.exposeInt('threadsLost'),
    arrTurnedAmberOrRedMinor: t.field({
      type: 'Long',
      description: 'ARR of the accounts whose band rose into amber or red, in minor units of the currency.',
      resolve: (headline) => BigInt(headline.arrTurnedAmberOrRedMinor),
    }),
  }),
});

const DigestRef = builder.objectRef<Digest>('Digest').implement({
  description: 'A week of changes for an account owner (or every account), as the weekly digest sends it.',
  fields: (t) => ({
    owner: t.field({
      type: Member,
      nullable: true,
      description: 'Null for the organization-wide digest.',
      resolve: (digest, _args, ctx) =>
        digest.owner
          ? ctx.prisma.member.findFirst({ where: { id: digest.owner.id, organizationId: ctx.viewer.organizationId } })
          : null,
    }),
    weekStart: t.field({
      type: 'DateTime',
      description: 'Monday 00:00 on the schedule’s clock.',
      resolve: (digest) => digest.week.start,
    }),
    weekEnd: t.field({
      type: 'DateTime',
      description: 'The next Monday 00:00 (exclusive).',
      resolve: (digest) => digest.week.end,
    }),
    timeZone: t.exposeString('timeZone'),
    currency: t.exposeString('currency'),
    headline: t.field({ type: DigestHeadlineRef, resolve: (digest) => digest.headline }),
    accounts: t.field({
      type: [AccountChangesRef],
      description: 'One entry per account that changed, most important first, then by ARR.',
      resolve: (digest) => digest.accounts,
    }),
    text: t.exposeString('text', { description: 'The digest as plain text, as the webhook sends it.' }),
  }),
});

builder.queryField('digest', (t) =>
  t.field({
    type: DigestRef,
    description:
      'The weekly digest of an owner’s accounts (without ownerId: every account) for the week (Monday to Sunday on the digest schedule’s clock) of `weekOf`; without it, the last complete week.',
    authScopes: authScopesFor('digest'),
    args: {
      ownerId: t.arg.globalID({ for: Member }),
      weekOf: t.arg({ type: 'Date' }),
    },
    resolve: (_root, args, ctx) =>
      digestFor(ctx.prisma, ctx.viewer.organizationId, args.ownerId?.id ?? null, args.weekOf ?? null),
  }),
);

// When one of our own members leaves: the accounts that hang on them, and the handover.

import type { Account as AccountRow } from '@threadwatch/db/client';
import { builder } from '../builder.ts';
import { authScopesFor } from '../domain/permissions.ts';
import { handOverAccounts, soleThreadAccounts } from '../services/team.ts';
import { Account } from './account.ts';
import { mutationErrors } from './errors.ts';
import { Member } from './member.ts';

builder.queryField('soleThreadAccounts', (t) =>
  t.field({
    type: [Account],
    description:
      'Accounts whose only live threads run through this member, most ARR first: what we lose if they leave.',
    authScopes: authScopesFor('soleThreadAccounts'),
    args: { memberId: t.arg.globalID({ for: Member, required: true }) },
    resolve: (_root, args, ctx) => soleThreadAccounts(ctx, args.memberId.id),
  }),
);

const HandOverInput = builder.inputType('HandOverAccountsInput', {
  fields: (t) => ({
    fromMemberId: t.globalID({ for: Member, required: true }),
    toMemberId: t.globalID({ for: Member, required: true }),
    deactivate: t.boolean({
      defaultValue: false,
      description:
        'The member is leaving: revoke their tokens and open an "our account manager left" case per dependent account.',
    }),
  }),
});

const HandOverPayload = builder
  .objectRef<{ accounts: AccountRow[]; casesOpened: number }>('HandOverAccountsPayload')
  .implement({
    fields: (t) => ({
      accounts: t.expose('accounts', {
        type: [Account],
        description: 'Every account that changed owner or lost threads.',
      }),
      casesOpened: t.exposeInt('casesOpened'),
    }),
  });

builder.mutationField('handOverAccounts', (t) =>
  t.field({
    type: HandOverPayload,
    description: 'Reassigns a member’s accounts (owned, or hanging on their threads alone) to another member.',
    authScopes: authScopesFor('handOverAccounts'),
    errors: { types: mutationErrors, union: { name: 'HandOverAccountsResult' } },
    args: { input: t.arg({ type: HandOverInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      handOverAccounts(ctx, {
        fromMemberId: input.fromMemberId.id,
        toMemberId: input.toMemberId.id,
        deactivate: input.deactivate ?? false,
      }),
  }),
);

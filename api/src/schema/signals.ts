// Change events and measured signals at an account: inputs of the turnover risk.

import type { AccountEvent as EventRow, AccountSignal as SignalRow } from '@threadwatch/db/client';
import { z } from 'zod';
import { builder } from '../builder.ts';
import * as rules from '../domain/input-rules.ts';
import { authScopesFor } from '../domain/permissions.ts';
import { EVENT_KINDS, SIGNAL_KINDS } from '../domain/risk.ts';
import { ValidationError } from '../errors.ts';
import { recordEvent, recordSignal } from '../services/signals.ts';
import { Account } from './account.ts';
import { describedValues } from './enums.ts';
import { mutationErrors } from './errors.ts';

const EventKindEnum = builder.enumType('EventKind', {
  values: describedValues(EVENT_KINDS, {
    NEW_EXECUTIVE: 'A new CEO or senior executive.',
    MERGER_ACQUISITION: 'A merger or acquisition.',
    BUDGET_CUTS: 'Budget cuts or financial trouble.',
    MARKET_SHIFT: 'A major shift in the account’s market.',
    PRODUCT_CANCELLATION: 'The account cancels one of its own products or product lines.',
    LITIGATION_INVESTIGATION: 'Litigation, or a consumer or government investigation.',
    ACCOUNT_MANAGER_CHANGED: 'Our account manager for the account changed.',
  }),
});
const SignalKindEnum = builder.enumType('SignalKind', {
  values: describedValues(SIGNAL_KINDS, {
    ENGAGEMENT_TREND: 'Percent change in meetings, calls, e-mails and visits (-30 = down 30 %).',
    SUPPORT_TICKETS: 'Percent change in support tickets and complaints.',
    PRODUCT_USAGE: 'Percent change in product adoption and usage.',
    ARR_GROWTH: 'Percent change in ARR over the last year.',
    NPS: 'Net promoter score, -100 to 100.',
    RENEWAL_RESISTANCE: '1 when the account avoids renewal talks, 0 when not.',
    REFERRALS: 'Percent change in referrals and advocacy.',
  }),
});

const AccountEvent = builder.prismaObject('AccountEvent', {
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.expose('kind', { type: EventKindEnum }),
    occurredOn: t.expose('occurredOn', { type: 'Date' }),
    note: t.exposeString('note', { nullable: true }),
  }),
});

const AccountSignal = builder.prismaObject('AccountSignal', {
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.expose('kind', { type: SignalKindEnum }),
    value: t.exposeFloat('value'),
    observedAt: t.expose('observedAt', { type: 'DateTime' }),
    note: t.exposeString('note', { nullable: true }),
  }),
});

builder.prismaObjectFields('Account', (t) => ({
  events: t.relation('events', {
    description: 'Change events, newest first.',
    query: { orderBy: { occurredOn: 'desc' }, take: 50 },
  }),
  signals: t.relation('signals', {
    description: 'Measured signals, newest first.',
    query: { orderBy: { observedAt: 'desc' }, take: 50 },
  }),
}));

const RecordEventInput = builder.inputType('RecordAccountEventInput', {
  fields: (t) => ({
    accountId: t.globalID({ for: Account, required: true }),
    kind: t.field({ type: EventKindEnum, required: true }),
    occurredOn: t.field({ type: 'Date', required: true }),
    note: t.string({ validate: rules.text(1000) }),
  }),
});

const RecordSignalInput = builder.inputType('RecordAccountSignalInput', {
  fields: (t) => ({
    accountId: t.globalID({ for: Account, required: true }),
    kind: t.field({ type: SignalKindEnum, required: true }),
    value: t.float({ required: true, validate: z.number().finite() }),
    observedAt: t.field({ type: 'DateTime', required: true }),
    note: t.string({ validate: rules.text(1000) }),
  }),
});

/** The range each signal's value must lie in. */
const signalRanges: Record<SignalRow['kind'], [number, number]> = {
  ENGAGEMENT_TREND: [-100, 1000],
  SUPPORT_TICKETS: [-100, 1000],
  PRODUCT_USAGE: [-100, 1000],
  ARR_GROWTH: [-100, 1000],
  REFERRALS: [-100, 1000],
  NPS: [-100, 100],
  RENEWAL_RESISTANCE: [0, 1],
};

const EventPayload = builder.objectRef<{ event: EventRow }>('RecordAccountEventPayload').implement({
  fields: (t) => ({ event: t.expose('event', { type: AccountEvent }) }),
});
const SignalPayload = builder.objectRef<{ signal: SignalRow }>('RecordAccountSignalPayload').implement({
  fields: (t) => ({ signal: t.expose('signal', { type: AccountSignal }) }),
});

builder.mutationFields((t) => ({
  recordAccountEvent: t.field({
    type: EventPayload,
    authScopes: authScopesFor('recordAccountEvent'),
    errors: { types: mutationErrors, union: { name: 'RecordAccountEventResult' } },
    args: { input: t.arg({ type: RecordEventInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      event: await recordEvent(ctx, { ...input, accountId: input.accountId.id }),
    }),
  }),
  recordAccountSignal: t.field({
    type: SignalPayload,
    authScopes: authScopesFor('recordAccountSignal'),
    errors: { types: mutationErrors, union: { name: 'RecordAccountSignalResult' } },
    args: { input: t.arg({ type: RecordSignalInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const [low, high] = signalRanges[input.kind];
      if (input.value < low || input.value > high) {
        throw ValidationError.at(['input', 'value'], `A ${input.kind} value must be between ${low} and ${high}.`);
      }
      if (input.observedAt.getTime() > Date.now() + 5 * 60_000)
        throw ValidationError.at(['input', 'observedAt'], 'Must not be in the future.');
      return { signal: await recordSignal(ctx, { ...input, accountId: input.accountId.id }) };
    },
  }),
}));

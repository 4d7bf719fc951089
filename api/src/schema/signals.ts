// Change events and measured signals at an account: inputs of the turnover risk.

import type { AccountEvent as EventRow, AccountSignal as SignalRow } from '@threadwatch/db/client';
import { z } from 'zod';
import { builder } from '../builder.ts';
import {
  EVENT_KINDS,
  EVENTS,
  kindDescriptions,
  SIGNAL_KINDS,
  SIGNALS,
  signalReadingProblems,
} from '../domain/account-signals.ts';
import * as rules from '../domain/input-rules.ts';
import { authScopesFor } from '../domain/permissions.ts';
import { ValidationError } from '../errors.ts';
import { recordEvent, recordSignal } from '../services/signals.ts';
import { Account } from './account.ts';
import { describedValues } from './enums.ts';
import { mutationErrors } from './errors.ts';

const EventKindEnum = builder.enumType('EventKind', { values: describedValues(EVENT_KINDS, kindDescriptions(EVENTS)) });
const SignalKindEnum = builder.enumType('SignalKind', {
  values: describedValues(SIGNAL_KINDS, kindDescriptions(SIGNALS)),
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
      const [problem] = signalReadingProblems(input, new Date());
      if (problem) throw ValidationError.at(['input', problem.field], problem.message);
      return { signal: await recordSignal(ctx, { ...input, accountId: input.accountId.id }) };
    },
  }),
}));

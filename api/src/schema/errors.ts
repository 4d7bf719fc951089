// Expected failures as GraphQL types: an Error interface and one object type per error class.
import { builder } from '../builder.ts';
import {
  ConflictError,
  ForbiddenError,
  InvitationError,
  LastAdminError,
  NotFoundError,
  ValidationError,
  type ValidationIssue,
} from '../errors.ts';
import { encodeId } from '../global-id.ts';

export const ErrorInterface = builder.interfaceRef<Error & { code?: string }>('Error').implement({
  description: 'An expected failure. `code` is stable; `message` is for people.',
  fields: (t) => ({
    message: t.exposeString('message'),
    code: t.string({ resolve: (error) => error.code ?? 'ERROR' }),
  }),
});

const ValidationIssueRef = builder.objectRef<ValidationIssue>('ValidationIssue').implement({
  fields: (t) => ({
    path: t.exposeStringList('path', { description: 'Where in the input the problem is, e.g. ["input", "email"].' }),
    message: t.exposeString('message'),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ValidationError,
  fields: (t) => ({ issues: t.field({ type: [ValidationIssueRef], resolve: (error) => error.issues }) }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof NotFoundError,
  fields: (t) => ({ entity: t.exposeString('entity') }),
});

builder.objectType(ForbiddenError, {
  name: 'ForbiddenError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ForbiddenError,
  fields: () => ({}),
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ConflictError,
  fields: (t) => ({
    existingId: t.id({
      nullable: true,
      description: 'The record the input collides with, when you may see it.',
      resolve: (error) => (error.existing ? encodeId(error.existing.typename, error.existing.id) : null),
    }),
  }),
});

const InvitationProblemEnum = builder.enumType('InvitationProblem', {
  values: ['UNKNOWN', 'USED', 'EXPIRED'] as const,
});

builder.objectType(InvitationError, {
  name: 'InvitationError',
  description: 'The invitation code is unknown, already used or expired; nothing was changed.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof InvitationError,
  fields: (t) => ({ reason: t.field({ type: InvitationProblemEnum, resolve: (error) => error.reason }) }),
});

builder.objectType(LastAdminError, {
  name: 'LastAdminError',
  description: 'The change would leave the organization without an active admin; nothing was changed.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof LastAdminError,
  fields: () => ({}),
});

/** The errors every mutation can answer with. */
export const mutationErrors = [ValidationError, NotFoundError, ForbiddenError, ConflictError];

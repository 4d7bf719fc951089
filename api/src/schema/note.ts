// Notes: plain text that members attach to accounts, stakeholders and cases; they show in timelines.

import type { Note as NoteRow } from '@threadwatch/db/client';
import { builder, inViewerOrganization } from '../builder.ts';
import type { ChangePayload } from '../domain/changes.ts';
import { noteBody } from '../domain/notes.ts';
import { authScopesFor } from '../domain/permissions.ts';
import { addNote } from '../services/notes.ts';
import { Account } from './account.ts';
import { Change } from './changes.ts';
import { DepartureCase } from './departure-case.ts';
import { mutationErrors } from './errors.ts';
import { Stakeholder } from './stakeholder.ts';

export const Note = builder.prismaNode('Note', {
  id: { field: 'id' },
  nullable: true,
  findUnique: inViewerOrganization,
  description: 'A member’s note. `body` is plain text: show it as text, never as markup.',
  fields: (t) => ({
    body: t.exposeString('body'),
    author: t.relation('author'),
    account: t.relation('account'),
    stakeholder: t.relation('stakeholder', { nullable: true }),
    departureCase: t.relation('departureCase', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.objectField(Change, 'note', (t) =>
  t.field({
    type: Note,
    nullable: true,
    description: 'For NOTE_ADDED: the note (null once deleted with its person).',
    resolve: (event, _args, ctx) => {
      const noteId = (event.payload as ChangePayload).noteId;
      return noteId ? ctx.prisma.note.findUnique({ where: inViewerOrganization(noteId, ctx) }) : null;
    },
  }),
);

const AddNoteInput = builder.inputType('AddNoteInput', {
  description: 'Exactly one of accountId, stakeholderId and caseId.',
  fields: (t) => ({
    accountId: t.globalID({ for: Account }),
    stakeholderId: t.globalID({ for: Stakeholder }),
    caseId: t.globalID({ for: DepartureCase }),
    body: t.string({ required: true, validate: noteBody, description: 'Plain text, up to 10,000 characters.' }),
  }),
});

const AddNotePayload = builder.objectRef<{ note: NoteRow }>('AddNotePayload').implement({
  fields: (t) => ({ note: t.expose('note', { type: Note }) }),
});

builder.mutationField('addNote', (t) =>
  t.field({
    type: AddNotePayload,
    authScopes: authScopesFor('addNote'),
    errors: { types: mutationErrors, union: { name: 'AddNoteResult' } },
    args: { input: t.arg({ type: AddNoteInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      note: await addNote(ctx, {
        accountId: input.accountId?.id ?? null,
        stakeholderId: input.stakeholderId?.id ?? null,
        caseId: input.caseId?.id ?? null,
        body: input.body,
      }),
    }),
  }),
);

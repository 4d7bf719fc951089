// Members' notes on accounts, stakeholders and cases. Each note is also a change in the event log,
// so it shows in the timelines; erasing a person deletes the notes on them (the database cascades).
import type { Context } from '../context.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { memberActor, recordChange } from './events.ts';

export interface NewNote {
  accountId?: string | null;
  stakeholderId?: string | null;
  caseId?: string | null;
  body: string;
}

export async function addNote(ctx: Context, input: NewNote) {
  const organizationId = ctx.viewer.organizationId;
  const targets = [input.accountId, input.stakeholderId, input.caseId].filter(Boolean).length;
  if (targets !== 1) {
    throw ValidationError.at(['input'], 'Give exactly one of accountId, stakeholderId and caseId.');
  }
  const where = { organizationId_id: { organizationId, id: '' } };
  let target: { accountId: string; stakeholderId: string | null; caseId: string | null; person: string | null };
  if (input.stakeholderId) {
    where.organizationId_id.id = input.stakeholderId;
    const person = await ctx.prisma.stakeholder.findUnique({
      where,
      select: { id: true, fullName: true, accountId: true },
    });
    if (!person) throw new NotFoundError('Stakeholder');
    target = { accountId: person.accountId, stakeholderId: person.id, caseId: null, person: person.fullName };
  } else if (input.caseId) {
    where.organizationId_id.id = input.caseId;
    const found = await ctx.prisma.departureCase.findUnique({ where, select: { id: true, accountId: true } });
    if (!found) throw new NotFoundError('Departure case');
    target = { accountId: found.accountId, stakeholderId: null, caseId: found.id, person: null };
  } else {
    where.organizationId_id.id = input.accountId ?? '';
    const account = await ctx.prisma.account.findUnique({ where, select: { id: true } });
    if (!account) throw new NotFoundError('Account');
    target = { accountId: account.id, stakeholderId: null, caseId: null, person: null };
  }
  return ctx.prisma.$transaction(async (tx) => {
    const note = await tx.note.create({
      data: {
        organizationId,
        accountId: target.accountId,
        stakeholderId: target.stakeholderId,
        caseId: target.caseId,
        authorId: ctx.viewer.memberId,
        body: input.body,
      },
    });
    await recordChange(tx, {
      organizationId,
      kind: 'NOTE_ADDED',
      actor: memberActor(ctx.viewer.memberId),
      accountId: target.accountId,
      subject: target.stakeholderId
        ? { type: 'Stakeholder', id: target.stakeholderId }
        : target.caseId
          ? { type: 'DepartureCase', id: target.caseId }
          : { type: 'Account', id: target.accountId },
      stakeholderId: target.stakeholderId,
      payload: {
        on: target.stakeholderId ? 'STAKEHOLDER' : target.caseId ? 'CASE' : 'ACCOUNT',
        noteId: note.id,
        ...(target.person ? { person: target.person } : {}),
      },
      occurredAt: note.createdAt,
    });
    return note;
  });
}

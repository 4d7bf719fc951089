// Relationship rows: one of our members and a tracked stakeholder (by CRM id, e-mail or profile URL).
// A thread is created or its strength updated; its last touch only moves forward, so an older export
// never makes a thread look staler than it is.
import { randomUUID } from 'node:crypto';
import type { Prisma } from '@threadwatch/db/client';
import { type KeyHit, matchRecord } from '../domain/csv-import-matching.ts';
import type { RelationshipRow } from '../domain/csv-import-rows.ts';
import {
  anyOf,
  type BatchContext,
  type BatchOutcome,
  type BatchRow,
  columnOf,
  conflicting,
  earlierRow,
  type ImportRowResult,
  indexBy,
  memberIssue,
  outcome,
  rejected,
  remember,
  unique,
} from './import-batch.ts';

type Tx = Prisma.TransactionClient;

async function loadPeople(db: Tx, ctx: BatchContext, rows: readonly BatchRow<RelationshipRow>[]) {
  const or: Prisma.StakeholderWhereInput[] = anyOf({
    crmId: rows.map((row) => row.value.stakeholderCrmId),
    email: rows.map((row) => row.value.stakeholderEmail),
    profileUrl: rows.map((row) => row.value.stakeholderProfileUrl),
  });
  const people = (
    await db.stakeholder.findMany({
      where: { organizationId: ctx.organizationId, OR: or },
      select: { id: true, crmId: true, email: true, profileUrl: true, fullName: true, accountId: true },
    })
  ).map((person) => ({ ...person, label: person.fullName }));
  type Person = (typeof people)[number];
  const byCrmId = indexBy(people, (person) => person.crmId);
  const byEmail = indexBy(people, (person) => person.email);
  const byUrl = indexBy(people, (person) => person.profileUrl);
  return (row: RelationshipRow): KeyHit<Person>[] => {
    const hits: KeyHit<Person>[] = [];
    if (row.stakeholderCrmId)
      hits.push({ key: 'CRM_ID', field: 'stakeholderCrmId', record: byCrmId.get(row.stakeholderCrmId) });
    if (row.stakeholderProfileUrl)
      hits.push({ key: 'PROFILE_URL', field: 'stakeholderProfileUrl', record: byUrl.get(row.stakeholderProfileUrl) });
    if (row.stakeholderEmail)
      hits.push({ key: 'EMAIL', field: 'stakeholderEmail', record: byEmail.get(row.stakeholderEmail) });
    return hits;
  };
}

export async function importRelationshipBatch(
  db: Tx,
  ctx: BatchContext,
  rows: readonly BatchRow<RelationshipRow>[],
): Promise<BatchOutcome> {
  const hitsOf = await loadPeople(db, ctx, rows);
  const planned: Array<{
    row: BatchRow<RelationshipRow>;
    result: ImportRowResult;
    memberId: string;
    stakeholderId: string;
    accountId: string;
  }> = [];
  const results: ImportRowResult[] = [];

  for (const row of rows) {
    const r = row.value;
    const found = ctx.members.find(r.member);
    const issue = memberIssue(found, row.headers.member, r.member);
    if (issue || !found || found === 'ambiguous') {
      if (issue) results.push(rejected(row.rowNumber, issue));
      continue;
    }
    const hits = hitsOf(r);
    const match = matchRecord(r.stakeholderCrmId, hits, []);
    if (match.kind === 'conflict') {
      results.push(conflicting(row, match));
      continue;
    }
    if (match.kind === 'new') {
      const first = hits[0];
      results.push(
        rejected(row.rowNumber, {
          column: columnOf(row, first?.field ?? null),
          message: 'No tracked stakeholder has this CRM id, e-mail or profile URL: import the stakeholders first.',
        }),
      );
      continue;
    }
    const key = `thread:${found.id}:${match.record.id}`;
    const earlier = earlierRow(ctx, [key]);
    if (earlier !== null) {
      results.push(
        outcome(row.rowNumber, 'DUPLICATE', 'Relationship', null, `Same thread as row ${earlier}: skipped.`),
      );
      continue;
    }
    remember(ctx, [key], row.rowNumber);
    const result = outcome(row.rowNumber, 'CREATED', 'Relationship', null);
    results.push(result);
    planned.push({
      row,
      result,
      memberId: found.id,
      stakeholderId: match.record.id,
      accountId: match.record.accountId,
    });
  }

  const existing = planned.length
    ? await db.relationship.findMany({
        where: {
          organizationId: ctx.organizationId,
          memberId: { in: unique(planned.map((item) => item.memberId)) },
          stakeholderId: { in: unique(planned.map((item) => item.stakeholderId)) },
        },
        select: { id: true, memberId: true, stakeholderId: true, strength: true, lastTouchAt: true },
      })
    : [];
  const byPair = new Map(existing.map((thread) => [`${thread.memberId}:${thread.stakeholderId}`, thread]));
  const creates: Prisma.RelationshipCreateManyInput[] = [];
  const updates: Array<{ id: string; data: Prisma.RelationshipUpdateManyMutationInput }> = [];
  const touched = new Set<string>();
  for (const item of planned) {
    const { result } = item;
    const r = item.row.value;
    const thread = byPair.get(`${item.memberId}:${item.stakeholderId}`);
    if (!thread) {
      const id = randomUUID();
      creates.push({
        id,
        organizationId: ctx.organizationId,
        memberId: item.memberId,
        stakeholderId: item.stakeholderId,
        strength: r.strength ?? 'MEDIUM',
        lastTouchAt: r.lastTouchAt,
      });
      result.recordId = id;
      if (!r.strength) result.message = 'No strength given: medium.';
      touched.add(item.accountId);
      continue;
    }
    const data: Prisma.RelationshipUpdateManyMutationInput = {};
    if (r.strength && r.strength !== thread.strength) data.strength = r.strength;
    if (r.lastTouchAt && (!thread.lastTouchAt || r.lastTouchAt > thread.lastTouchAt)) data.lastTouchAt = r.lastTouchAt;
    result.recordId = thread.id;
    if (Object.keys(data).length) {
      updates.push({ id: thread.id, data });
      touched.add(item.accountId);
      result.outcome = 'UPDATED';
      result.message = `Changed: ${Object.keys(data).join(', ')}.`;
    } else {
      result.outcome = 'UNCHANGED';
    }
  }

  if (ctx.apply) {
    if (creates.length) await db.relationship.createMany({ data: creates });
    for (const { id, data } of updates) await db.relationship.update({ where: { id }, data });
  }
  return { results, touchedAccountIds: [...touched] };
}

// The weekly digest: built from the per-account summary of the week's changes (accountChanges),
// queried on demand, and sent as one WEEKLY_DIGEST webhook event per owner and one organization-wide
// when the organization's schedule makes the last complete week due.
import type { Prisma, PrismaClient } from '@threadwatch/db/client';
import {
  type DigestHeadline,
  type DigestWeek,
  digestHeadline,
  dueWeek,
  MAX_DIGEST_LINES,
  renderDigest,
  weekAt,
  weekOfDay,
} from '../domain/digest.ts';
import { publicId } from '../domain/public-ids.ts';
import { parseSettings } from '../domain/settings.ts';
import type { DigestEventData } from '../domain/webhook-payloads.ts';
import { NotFoundError } from '../errors.ts';
import { type AccountChanges, organizationAccountChanges } from './changes.ts';
import { enqueueEvent } from './webhook-events.ts';

type Db = PrismaClient | Prisma.TransactionClient;

/** The claim key of the organization-wide digest (owners' digests use the member id). */
export const ORGANIZATION_SCOPE = 'ORGANIZATION';

export interface Digest {
  owner: { id: string; name: string } | null;
  week: DigestWeek;
  timeZone: string;
  currency: string;
  headline: DigestHeadline;
  accounts: AccountChanges[];
  text: string;
}

/** The digest of one owner's accounts (ownerId null: every account) over one digest week. */
export async function buildDigest(
  db: Db,
  organizationId: string,
  ownerId: string | null,
  week: DigestWeek,
  timeZone: string,
): Promise<Digest> {
  const [organization, owner] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { name: true, currency: true } }),
    ownerId
      ? db.member.findFirst({ where: { id: ownerId, organizationId }, select: { id: true, name: true } })
      : Promise.resolve(null),
  ]);
  if (ownerId && !owner) throw new NotFoundError('Member');
  const accounts = await organizationAccountChanges(db, organizationId, week.start, week.end, {
    ownerIds: ownerId ? [ownerId] : null,
  });
  const lines = accounts.map((row) => ({
    name: row.name,
    arrMinor: Number(row.arrMinor),
    summary: row,
    sentence: row.sentence,
  }));
  const headline = digestHeadline(lines);
  return {
    owner,
    week,
    timeZone,
    currency: organization.currency,
    headline,
    accounts,
    text: renderDigest({
      ownerName: owner?.name ?? null,
      organizationName: organization.name,
      week,
      timeZone,
      currency: organization.currency,
      headline,
      lines,
    }),
  };
}

/** The digest week of a day on the organization's schedule clock; without a day, the last complete week. */
export async function digestFor(
  db: Db,
  organizationId: string,
  ownerId: string | null,
  weekOf: Date | null,
  now = new Date(),
): Promise<Digest> {
  const organization = await db.organization.findUniqueOrThrow({
    where: { id: organizationId },
    select: { settings: true },
  });
  const { timeZone } = parseSettings(organization.settings).digestSchedule;
  const week = weekOf
    ? weekOfDay(weekOf, timeZone)
    : weekOfDay(new Date(weekAt(now, timeZone).start.getTime() - 3 * 86_400_000), timeZone);
  return buildDigest(db, organizationId, ownerId, week, timeZone);
}

export function digestEventData(digest: Digest): DigestEventData {
  return {
    owner: digest.owner ? { id: publicId('Member', digest.owner.id), name: digest.owner.name } : null,
    week: {
      start: digest.week.start.toISOString(),
      end: digest.week.end.toISOString(),
      firstDay: digest.week.firstDay,
      lastDay: digest.week.lastDay,
      timeZone: digest.timeZone,
    },
    currency: digest.currency,
    headline: digest.headline,
    accounts: digest.accounts.slice(0, MAX_DIGEST_LINES).map((row) => ({
      account: { id: publicId('Account', row.accountId), name: row.name },
      arrMinor: Number(row.arrMinor),
      bandFrom: row.bandFrom,
      bandTo: row.bandTo,
      sentence: row.sentence,
    })),
    text: digest.text,
  };
}

/**
 * Sends every digest whose week is due at `now`: for each organization whose schedule has come, one
 * per owner of accounts and one organization-wide. A digest is claimed by its unique
 * (organization, owner, week) row in the transaction that enqueues it, so however many processes
 * run this at once, each goes out once. Organizations without an endpoint subscribed to
 * WEEKLY_DIGEST are skipped (and get the week's digest if one subscribes before the week ends).
 * Returns the number of digests sent.
 */
export async function sendDueDigests(prisma: PrismaClient, now = new Date()): Promise<number> {
  const subscribed = await prisma.organization.findMany({
    where: { webhookEndpoints: { some: { active: true, events: { has: 'WEEKLY_DIGEST' } } } },
    select: { id: true, settings: true },
  });
  let sent = 0;
  for (const organization of subscribed) {
    const { timeZone, ...schedule } = parseSettings(organization.settings).digestSchedule;
    const week = dueWeek(now, { ...schedule, timeZone });
    if (!week) continue;
    const owners = await prisma.account.findMany({
      where: { organizationId: organization.id, ownerId: { not: null } },
      distinct: ['ownerId'],
      select: { ownerId: true },
      orderBy: { ownerId: 'asc' },
    });
    const scopes = [...owners.map((row) => row.ownerId as string), null];
    for (const ownerId of scopes) {
      const done = await prisma.$transaction(async (tx) => {
        const claim = await tx.weeklyDigestSend.createMany({
          data: [{ organizationId: organization.id, scope: ownerId ?? ORGANIZATION_SCOPE, weekStart: week.start }],
          skipDuplicates: true,
        });
        if (claim.count === 0) return false;
        const digest = await buildDigest(tx, organization.id, ownerId, week, timeZone);
        await enqueueEvent(tx, organization.id, 'WEEKLY_DIGEST', () => digestEventData(digest), {
          occurredAt: now,
          ownerId,
        });
        return true;
      });
      if (done) sent += 1;
    }
  }
  return sent;
}

// Tombstones of erased people: keyed hashes of their identifiers, so that no write stores an erased
// person's profile URL or e-mail address again without meaning to. Every write path that stores a
// person's identifiers (adding, updating, linking a profile, adding from a page, importing) asks here.
import { createHash } from 'node:crypto';
import type { Prisma } from '@threadwatch/db/client';
import { ConflictError } from '../errors.ts';

type Db = Prisma.TransactionClient;

/** The identifiers of a person that a tombstone remembers. */
export interface PersonIdentifiers {
  profileUrl?: string | null;
  email?: string | null;
}

export interface Erasure {
  column: 'profileUrl' | 'email';
  erasedAt: Date;
}

/** Keyed hash of an erased identifier: enough to recognise it again, not to recover it. */
export function tombstoneHash(organizationId: string, value: string): string {
  return createHash('sha256').update(`${organizationId}\u0000${value}`).digest('hex');
}

/**
 * Looks up the tombstones of many people's identifiers in one query; the answer tells, for any of
 * them, which identifier was erased and when (null: none was).
 */
export async function erasedIdentifiers(
  db: Db,
  organizationId: string,
  people: readonly PersonIdentifiers[],
): Promise<(person: PersonIdentifiers) => Erasure | null> {
  const hashes = (column: 'profileUrl' | 'email') => [
    ...new Set(people.flatMap((person) => (person[column] ? [tombstoneHash(organizationId, person[column])] : []))),
  ];
  const profileUrlHashes = hashes('profileUrl');
  const emailHashes = hashes('email');
  const or: Prisma.ErasureTombstoneWhereInput[] = [
    ...(profileUrlHashes.length ? [{ profileUrlHash: { in: profileUrlHashes } }] : []),
    ...(emailHashes.length ? [{ emailHash: { in: emailHashes } }] : []),
  ];
  const tombstones = or.length
    ? await db.erasureTombstone.findMany({
        where: { organizationId, OR: or },
        select: { profileUrlHash: true, emailHash: true, erasedAt: true },
      })
    : [];
  const erasedOn = new Map<string, Date>();
  for (const tombstone of tombstones) {
    if (tombstone.profileUrlHash) erasedOn.set(`profileUrl:${tombstone.profileUrlHash}`, tombstone.erasedAt);
    if (tombstone.emailHash) erasedOn.set(`email:${tombstone.emailHash}`, tombstone.erasedAt);
  }
  return (person) => {
    for (const column of ['profileUrl', 'email'] as const) {
      const value = person[column];
      const erasedAt = value ? erasedOn.get(`${column}:${tombstoneHash(organizationId, value)}`) : undefined;
      if (erasedAt) return { column, erasedAt };
    }
    return null;
  };
}

/** Refuses to store an erased person's identifiers: a ConflictError that says when they were erased. */
export async function refuseErasedIdentifiers(db: Db, organizationId: string, person: PersonIdentifiers) {
  const erasure = (await erasedIdentifiers(db, organizationId, [person]))(person);
  if (erasure) {
    throw new ConflictError(
      `This person's data was erased on ${erasure.erasedAt.toISOString().slice(0, 10)}. ` +
        'Set allowErasedPerson to add them again deliberately.',
    );
  }
}

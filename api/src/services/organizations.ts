// A new organization with its first admin: from the command line (pnpm run org:create) or from the
// hosting operator (createOrganization). The admin's token is returned once. Under an idempotency
// key, a retry answers the organization the key created, with a fresh token for its first admin.
import type { Organization, PrismaClient } from '@threadwatch/db/client';
import { forgetTokens } from '../context.ts';
import type { TokenLifetime } from '../domain/api-tokens.ts';
import { assertSameRequest, requestHash } from '../domain/idempotency.ts';
import { type NewOrganization, newOrganization, slugFor } from '../domain/members.ts';
import { defaultSettings } from '../domain/settings.ts';
import { ConflictError, ValidationError } from '../errors.ts';
import { issueMemberToken, revokeNamedTokens, tokenExpiryFor } from './api-tokens.ts';
import { recordChange, systemActor } from './events.ts';
import { recordMemberChange } from './members.ts';
import { uniqueViolation } from './prisma-errors.ts';

/** The name of the token a new organization's first admin is given. */
export const FIRST_ADMIN_TOKEN = 'First admin token';

export interface NewOrganizationInput {
  name: string;
  currency: string;
  /** IANA time zone: the organization's clock, kept as the weekly digest's time zone. */
  timeZone: string;
  adminName: string;
  adminEmail: string;
  /** The operator's key (8–100 letters, digits, . _ : -): a retry with it is the same creation. */
  idempotencyKey?: string | null;
}

/** Checks the input; every problem is reported at once, under `path` (e.g. ['input'] or ['--']). */
export function checkNewOrganization(input: NewOrganizationInput, path: string[] = ['input']) {
  const parsed = newOrganization.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ValidationError(
    parsed.error.issues.map((issue) => ({
      path: [...path, ...issue.path.map((segment) => String(segment))],
      message: issue.message,
    })),
  );
}

/**
 * Creates the organization, its first ADMIN member and that member's token, in one transaction.
 * With an idempotency key already used: the same input answers that organization again (`replayed`)
 * with a fresh token for its first admin, the token of every earlier answer revoked, while the first
 * answer may still have been lost (see replayRefusal); other input is a ConflictError and changes
 * nothing.
 */
export async function createOrganizationWithAdmin(
  prisma: PrismaClient,
  input: NewOrganizationInput,
  now = new Date(),
  path: string[] = ['input'],
  lifetime?: TokenLifetime,
) {
  const checked = checkNewOrganization(input, path);
  const key = checked.idempotencyKey ?? null;
  if (key === null) return createNew(prisma, checked, null, null, now, lifetime);
  const hash = requestHash(checked);
  const createdUnderKey = () => prisma.organization.findUnique({ where: { creationKey: key } });
  const earlier = await createdUnderKey();
  if (earlier) return answerAgain(prisma, earlier, checked, hash, now, lifetime);
  try {
    return await createNew(prisma, checked, key, hash, now, lifetime);
  } catch (error) {
    // A concurrent request under the same key created it first (its slug or its key came first).
    if (uniqueViolation(error) === null) throw error;
    const winner = await createdUnderKey();
    if (!winner) throw error;
    return answerAgain(prisma, winner, checked, hash, now, lifetime);
  }
}

function createNew(
  prisma: PrismaClient,
  checked: NewOrganization,
  key: string | null,
  hash: string | null,
  now: Date,
  lifetime: TokenLifetime | undefined,
) {
  return prisma.$transaction(async (tx) => {
    const base = slugFor(checked.name);
    const taken = new Set(
      (await tx.organization.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } })).map(
        (row) => row.slug,
      ),
    );
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    const organization = await tx.organization.create({
      data: {
        name: checked.name,
        slug,
        currency: checked.currency,
        settings: { digestSchedule: { ...defaultSettings.digestSchedule, timeZone: checked.timeZone } },
        creationKey: key,
        creationRequestHash: hash,
        createdAt: now,
      },
    });
    const admin = await tx.member.create({
      data: {
        organizationId: organization.id,
        name: checked.adminName,
        email: checked.adminEmail,
        role: 'ADMIN',
        joinedAt: now,
        createdAt: now,
      },
    });
    await recordChange(tx, {
      organizationId: organization.id,
      kind: 'ORGANIZATION_CREATED',
      actor: systemActor,
      subject: { type: 'Organization', id: organization.id },
      occurredAt: now,
    });
    await recordMemberChange(tx, organization.id, 'MEMBER_ADDED', systemActor, admin, now);
    const { secret, token } = await issueMemberToken(
      tx,
      {
        organizationId: organization.id,
        memberId: admin.id,
        name: FIRST_ADMIN_TOKEN,
        expiresAt: tokenExpiryFor({ tokenLifetime: lifetime }, now),
      },
      systemActor,
    );
    return { organization, admin, token, secret, timeZone: checked.timeZone, replayed: false };
  });
}

/**
 * The answer to a retry: the organization created under the key and a fresh first-admin token (the
 * earlier answers' tokens, which only those answers ever showed, are revoked). Concurrent retries
 * take turns on the organization's row, so one first-admin token is live at a time.
 */
async function answerAgain(
  prisma: PrismaClient,
  organization: Organization,
  checked: NewOrganization,
  hash: string,
  now: Date,
  lifetime: TokenLifetime | undefined,
) {
  assertSameRequest(organization.creationRequestHash, hash, 'organization');
  const answer = await prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT "id" FROM "Organization" WHERE "id" = ${organization.id}::uuid FOR UPDATE`;
    const admin = await tx.member.findUnique({
      where: { organizationId_email: { organizationId: organization.id, email: checked.adminEmail } },
    });
    if (admin?.role !== 'ADMIN' || admin.deactivatedAt) {
      throw new ConflictError(
        'The organization created under this idempotency key no longer has this first admin as an active admin.',
      );
    }
    const record = { organizationId: organization.id, memberId: admin.id, name: FIRST_ADMIN_TOKEN };
    const unanswered = replayRefusal(organization, now, await tx.apiToken.findMany({ where: record }));
    if (unanswered) throw new ConflictError(unanswered);
    const revoked = await revokeNamedTokens(tx, record, systemActor, now);
    const { secret, token } = await issueMemberToken(
      tx,
      { ...record, expiresAt: tokenExpiryFor({ tokenLifetime: lifetime }, now) },
      systemActor,
    );
    return { organization, admin, token, secret, timeZone: checked.timeZone, replayed: true, revoked };
  });
  for (const tokenId of answer.revoked) forgetTokens({ tokenId });
  return answer;
}

/** How long a creation may be asked for again under its idempotency key. */
export const CREATION_REPLAY_HOURS = 24;

/**
 * Why a retry under the key is not answered with a new first-admin token, or null when it is: a retry
 * stands for an answer that was lost, so it is answered only within CREATION_REPLAY_HOURS of the
 * creation and only while no first-admin token was ever used (a used token means the answer arrived,
 * and a new one would take over the admin's access).
 */
export function replayRefusal(
  organization: Pick<Organization, 'createdAt' | 'slug'>,
  now: Date,
  firstAdminTokens: ReadonlyArray<{ lastUsedAt: Date | null }>,
): string | null {
  if (now.getTime() - organization.createdAt.getTime() > CREATION_REPLAY_HOURS * 3_600_000)
    return `The organization created under this idempotency key (${organization.slug}) was created more than ${CREATION_REPLAY_HOURS} hours ago; its admin issues tokens now.`;
  if (firstAdminTokens.some((token) => token.lastUsedAt !== null))
    return `The organization created under this idempotency key (${organization.slug}) is in use: its first admin token was used, so the answer arrived; no new token is issued.`;
  return null;
}

/** Whether the database holds no organization yet (a fresh install without demo data). */
export async function hasNoOrganization(prisma: PrismaClient): Promise<boolean> {
  return (await prisma.organization.count()) === 0;
}

// A new organization with its first admin: from the command line (pnpm run org:create) or from the
// hosting operator (createOrganization). The admin's token is returned once.
import type { PrismaClient } from '@threadwatch/db/client';
import type { TokenLifetime } from '../domain/api-tokens.ts';
import { newOrganization, slugFor } from '../domain/members.ts';
import { defaultSettings } from '../domain/settings.ts';
import { ValidationError } from '../errors.ts';
import { issueMemberToken, tokenExpiryFor } from './api-tokens.ts';
import { recordChange, systemActor } from './events.ts';

export interface NewOrganizationInput {
  name: string;
  currency: string;
  /** IANA time zone: the organization's clock, kept as the weekly digest's time zone. */
  timeZone: string;
  adminName: string;
  adminEmail: string;
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

/** Creates the organization, its first ADMIN member and that member's token, in one transaction. */
export async function createOrganizationWithAdmin(
  prisma: PrismaClient,
  input: NewOrganizationInput,
  now = new Date(),
  path: string[] = ['input'],
  lifetime?: TokenLifetime,
) {
  const checked = checkNewOrganization(input, path);
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
    await recordChange(tx, {
      organizationId: organization.id,
      kind: 'MEMBER_ADDED',
      actor: systemActor,
      subject: { type: 'Member', id: admin.id },
      payload: { member: admin.name, role: admin.role },
      occurredAt: now,
    });
    const { secret, token } = await issueMemberToken(
      tx,
      {
        organizationId: organization.id,
        memberId: admin.id,
        name: 'First admin token',
        expiresAt: tokenExpiryFor({ tokenLifetime: lifetime }, now),
      },
      systemActor,
    );
    return { organization, admin, token, secret, timeZone: checked.timeZone };
  });
}

/** Whether the database holds no organization yet (a fresh install without demo data). */
export async function hasNoOrganization(prisma: PrismaClient): Promise<boolean> {
  return (await prisma.organization.count()) === 0;
}

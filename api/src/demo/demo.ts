// The demo organization for a first start: seeded once, with a token the newcomer can use at once.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PrismaClient } from '@threadwatch/db/client';
import { hasDemoData, seedDemo } from '@threadwatch/db/seed';
import { hashToken, type TokenLifetime } from '../domain/api-tokens.ts';
import { isKeyPerson } from '../domain/departure-cases.ts';
import { storeNewToken, tokenExpiryFor } from '../services/api-tokens.ts';
import { openOrUpdateCase } from '../services/departure-cases.ts';
import { caseChange, flagChange, memberActor, recordChange } from '../services/events.ts';
import { organizationSettings, refreshOrganizationHealth } from '../services/health.ts';
import { writeDemoAdministration } from './administration.ts';
import { writeDemoHistory } from './history.ts';
import { writeDemoTrackRecord } from './track-record.ts';

const DEMO_SLUG = 'demo';

/** Seeds the demo organization when it is missing; reports progress on long seeds. */
export async function ensureDemoData(prisma: PrismaClient, onProgress?: (done: number, total: number) => void) {
  if (await hasDemoData(prisma, DEMO_SLUG)) return false;
  const seeded = await seedDemo(prisma, { organizationSlug: DEMO_SLUG, ...(onProgress ? { onProgress } : {}) });
  const organizationId = seeded.organizationId;
  // The turnover history needs assessed accounts (a case records the coverage at its opening).
  await refreshOrganizationHealth(prisma, organizationId);
  await seedTurnoverHistory(prisma, organizationId);
  // Neither assessment is a change anyone made or time brought: the one after the turnover history
  // is the accounts' first (a point, no risk move), and the demo history, which ends at that risk,
  // takes the place of both assessments' points.
  await prisma.account.updateMany({ where: { organizationId }, data: { healthUpdatedAt: null } });
  await refreshOrganizationHealth(prisma, organizationId);
  await prisma.riskPoint.deleteMany({ where: { organizationId } });
  await writeDemoHistory(prisma, organizationId);
  // Two years of outcomes and the risk before them, for the score's track record.
  await writeDemoTrackRecord(prisma, organizationId);
  await writeDemoAdministration(prisma, organizationId);
  return true;
}

/**
 * What a team that has used Threadwatch for a while sees: the seeded departures as confirmed flags
 * with their cases and plans in various stages (a few already saved or lost), and pending
 * "leaving soon" flags for the suspected departures.
 */
async function seedTurnoverHistory(prisma: PrismaClient, organizationId: string) {
  const settings = await organizationSettings(prisma, organizationId);
  const members = await prisma.member.findMany({ where: { organizationId }, orderBy: { email: 'asc' } });
  const reviewer = members.find((member) => member.role === 'MANAGER') ?? members[0];
  const reps = members.filter((member) => member.role === 'REP');
  if (!reviewer || reps.length === 0) return;
  const people = await prisma.stakeholder.findMany({
    where: { organizationId, status: { in: ['DEPARTED', 'SUSPECTED_DEPARTURE'] } },
    include: { account: true, employments: { orderBy: { createdAt: 'asc' } } },
    orderBy: { profileUrl: 'asc' },
  });
  for (const [index, person] of people.entries()) {
    const flaggedBy = reps[index % reps.length]!;
    const left = person.employments.find((job) => job.accountId === person.account.id && job.endedOn !== null);
    const next = person.employments.find((job) => job.endedOn === null && job.accountId !== person.account.id);
    const observedAt = left?.endedOn ?? new Date(Date.now() - (index + 3) * 86_400_000);
    await prisma.$transaction(async (tx) => {
      const departed = person.status === 'DEPARTED';
      const flag = await tx.jobChangeFlag.create({
        data: {
          organizationId,
          stakeholderId: person.id,
          kind: departed ? 'LEFT_COMPANY' : 'LEAVING_SOON',
          status: departed ? 'CONFIRMED' : 'PENDING',
          matchedBy: 'PROFILE_URL',
          observedName: person.fullName,
          observedTitle: next?.title ?? person.title,
          observedCompany: next?.companyName ?? null,
          observedCompanyUrl: next?.companyUrl ?? null,
          pageUrl: person.profileUrl ? `https://www.${person.profileUrl}/` : null,
          observedAt,
          flaggedById: flaggedBy.id,
          idempotencyKey: `demo-${person.id}`,
          requestHash: 'demo',
          ...(departed ? { reviewedById: reviewer.id, reviewedAt: observedAt } : {}),
        },
      });
      // The log tells what the flags and cases below did, when they did it, as the API would have.
      await recordChange(
        tx,
        flagChange(organizationId, 'FLAG_RAISED', memberActor(flaggedBy.id), flag, person, observedAt),
      );
      if (departed) {
        await recordChange(
          tx,
          flagChange(organizationId, 'FLAG_CONFIRMED', memberActor(reviewer.id), flag, person, observedAt),
        );
      }
      if (!departed || !isKeyPerson(person, settings.requiredRoles[person.account.tier])) return;
      const opened = await openOrUpdateCase(tx, {
        organizationId,
        account: person.account,
        person,
        flagKind: 'LEFT_COMPANY',
        destination: 'EXTERNAL',
        destinationCompany: next?.companyName ?? null,
        destinationAccountId: next?.accountId ?? null,
        requiredRoles: settings.requiredRoles[person.account.tier],
        effectiveOn: observedAt,
        now: observedAt,
        actor: memberActor(reviewer.id),
      });
      const steps = await tx.caseStep.findMany({ where: { caseId: opened.id }, orderBy: { position: 'asc' } });
      const done = steps.slice(0, index % (steps.length + 1));
      await tx.caseStep.updateMany({
        where: { id: { in: done.map((step) => step.id) } },
        data: { doneAt: observedAt },
      });
      for (const step of done) {
        await recordChange(
          tx,
          caseChange(
            organizationId,
            'CASE_STEP_DONE',
            memberActor(reviewer.id),
            opened,
            { step: step.title },
            observedAt,
          ),
        );
      }
      if (index % 6 === 1 || index % 6 === 4) {
        const closedAt = new Date(Math.min(observedAt.getTime() + 40 * 86_400_000, Date.now()));
        const outcome = index % 6 === 1 ? 'SAVED' : 'CHURNED';
        await tx.departureCase.update({
          where: { id: opened.id },
          data: { closedAt, outcome, openFor: null },
        });
        await recordChange(
          tx,
          caseChange(organizationId, 'CASE_CLOSED', memberActor(reviewer.id), opened, { outcome }, closedAt),
        );
      }
    });
  }
}

/**
 * A working token of the demo organization's admin. The secret is kept beside the embedded
 * database (never in the repository) so every start prints the same one; a new one is issued when
 * that file is missing or its token no longer works. It expires like any token (the default
 * lifetime, TOKEN_LIFETIME_DAYS).
 */
export async function demoToken(prisma: PrismaClient, dataDir: string, lifetime?: TokenLifetime): Promise<string> {
  const file = join(dataDir, 'demo-token');
  const saved = (await readFile(file, 'utf8').catch(() => '')).trim();
  if (saved) {
    const expiresAt = await liveTokenExpiry(prisma, saved);
    if (expiresAt && expiresAt > new Date()) return saved;
  }
  const organization = await prisma.organization.findUniqueOrThrow({ where: { slug: DEMO_SLUG } });
  const admin = await prisma.member.findFirstOrThrow({
    where: { organizationId: organization.id, role: 'ADMIN', deactivatedAt: null },
    orderBy: { createdAt: 'asc' },
  });
  const { secret } = await storeNewToken(prisma, {
    organizationId: organization.id,
    memberId: admin.id,
    name: 'Demo token',
    expiresAt: tokenExpiryFor({ tokenLifetime: lifetime }),
  });
  await writeFile(
    file,
    `${secret}
`,
    { mode: 0o600 },
  );
  return secret;
}

/** When a stored, unrevoked token stops working; null for a revoked or unknown secret. */
export async function liveTokenExpiry(prisma: PrismaClient, secret: string): Promise<Date | null> {
  const token = await prisma.apiToken.findUnique({ where: { tokenHash: hashToken(secret) } });
  return token && !token.revokedAt ? token.expiresAt : null;
}

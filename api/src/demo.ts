// The demo organization for a first start: seeded once, with a token the newcomer can use at once.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PrismaClient } from '@threadwatch/db/client';
import { hasDemoData, seedDemo } from '@threadwatch/db/seed';
import { hashToken, issueToken } from './domain/api-tokens.ts';
import { refreshOrganizationHealth } from './services/health.ts';

const DEMO_SLUG = 'demo';

/** Seeds the demo organization when it is missing; reports progress on long seeds. */
export async function ensureDemoData(prisma: PrismaClient, onProgress?: (done: number, total: number) => void) {
  if (await hasDemoData(prisma, DEMO_SLUG)) return false;
  const seeded = await seedDemo(prisma, { organizationSlug: DEMO_SLUG, ...(onProgress ? { onProgress } : {}) });
  await refreshOrganizationHealth(prisma, seeded.organizationId);
  return true;
}

/**
 * A working token of the demo organization's admin. The secret is kept beside the embedded
 * database (never in the repository) so every start prints the same one; a new one is issued when
 * that file is missing or its token no longer works.
 */
export async function demoToken(prisma: PrismaClient, dataDir: string): Promise<string> {
  const file = join(dataDir, 'demo-token');
  const saved = (await readFile(file, 'utf8').catch(() => '')).trim();
  if (saved) {
    const token = await prisma.apiToken.findUnique({ where: { tokenHash: hashToken(saved) } });
    if (token && !token.revokedAt && (!token.expiresAt || token.expiresAt > new Date())) return saved;
  }
  const organization = await prisma.organization.findUniqueOrThrow({ where: { slug: DEMO_SLUG } });
  const admin = await prisma.member.findFirstOrThrow({
    where: { organizationId: organization.id, role: 'ADMIN', deactivatedAt: null },
    orderBy: { createdAt: 'asc' },
  });
  const issued = issueToken();
  await prisma.apiToken.create({
    data: {
      organizationId: organization.id,
      memberId: admin.id,
      name: 'Demo token',
      tokenHash: issued.hash,
      prefix: issued.prefix,
      scope: 'FULL',
    },
  });
  await writeFile(file, `${issued.secret}\n`, { mode: 0o600 });
  return issued.secret;
}

// Time alone changes some risk inputs (renewals come closer, threads go stale): every hour, each
// organization's accounts whose health is a day old are recomputed. Several API processes may do
// this at once; the work is idempotent. The same hourly run sends the weekly digests that are due and
// deletes audit-trail rows past their organization's retention.
import type { PrismaClient } from '@threadwatch/db/client';
import type { Logger } from '../logger.ts';
import { pruneAuditTrail } from '../services/audit.ts';
import { sendDueDigests } from '../services/digest.ts';
import { refreshOrganizationHealth } from '../services/health.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export async function refreshStaleHealth(prisma: PrismaClient, now = new Date()): Promise<number> {
  const organizations = await prisma.organization.findMany({ select: { id: true } });
  let refreshed = 0;
  for (const organization of organizations) {
    refreshed += await refreshOrganizationHealth(prisma, organization.id, {
      now,
      olderThan: new Date(now.getTime() - DAY_MS),
      drift: true,
    });
  }
  return refreshed;
}

export function startHealthRefresher(prisma: PrismaClient, logger: Logger, everyMs = HOUR_MS) {
  let running: Promise<void> | null = null;
  const run = () => {
    if (running) return;
    running = refreshStaleHealth(prisma)
      .then((count) => {
        if (count > 0) logger.info('account health refreshed', { accounts: count });
      })
      .catch((error: unknown) => logger.error('account health refresh failed', { error: String(error) }))
      // Weekly digests whose schedule has come (sent once per owner and week, across processes).
      .then(() => sendDueDigests(prisma))
      .then((count) => {
        if (count) logger.info('weekly digests sent', { digests: count });
      })
      .catch((error: unknown) => logger.error('weekly digests failed', { error: String(error) }))
      // Audit rows older than each organization's audit retention, in batches.
      .then(() => pruneAuditTrail(prisma))
      .then((count) => {
        if (count) logger.info('audit trail pruned', { rows: count });
      })
      .catch((error: unknown) => logger.error('audit trail retention failed', { error: String(error) }))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(run, everyMs);
  timer.unref();
  run();
  return { stop: () => clearInterval(timer) };
}

// Recomputing an organization's stored health in the background, as a run: after its settings change
// (the change and the run are committed together) and after a release that changes the risk rules
// (RISK_RULES_VERSION). The run recomputes the accounts whose health is stale, in id order and in
// batches, each batch committed with the run's progress; a resumed run goes on after the last account
// it committed. Requests keep reading the stored health meanwhile: a stale row shows the old rules
// until its batch commits.
import type { BackgroundRun, Prisma, PrismaClient } from '@threadwatch/db/client';
import { type BulkTally, emptyBulkTally, mergeBulkTallies, readBulkTally } from '../domain/bulk-changes.ts';
import type { RiskMoveCause } from '../domain/changes.ts';
import { RISK_RULES_VERSION } from '../domain/risk.ts';
import { commitProgress, createRun, type RunControl, yieldToEventLoop } from './background-runs.ts';
import { memberActor, systemActor } from './events.ts';
import { organizationSettings, refreshAccountHealth, staleHealth } from './health.ts';
import { type BulkCauseInput, enqueueBulkSummary } from './webhook-events.ts';

type Db = Parameters<typeof createRun>[0];

/** Accounts per transaction. */
export const RECOMPUTE_BATCH_SIZE = 100;

/**
 * Queues the recompute for an organization's current settings version (one run per version and
 * rules version: processes starting together queue it once).
 */
export async function queueHealthRecompute(
  db: Db,
  organizationId: string,
  settingsVersion: number,
  memberId: string | null = null,
  /** The settings the member changed (what the run's webhook summary names as its cause). */
  settingsKeys: string[] = [],
): Promise<BackgroundRun> {
  const key = `rules-${RISK_RULES_VERSION}-settings-${settingsVersion}`;
  const cause: BulkCauseInput = memberId
    ? { kind: 'SETTINGS_CHANGED', keys: settingsKeys, memberId }
    : { kind: 'RULES_CHANGED', rulesVersion: RISK_RULES_VERSION };
  const { run } = await createRun(db, {
    organizationId,
    kind: 'HEALTH_RECOMPUTE',
    memberId,
    idempotencyKey: key,
    payload: { key },
    input: { rulesVersion: RISK_RULES_VERSION, settingsVersion, cause },
  });
  return run;
}

/** What a recompute run keeps with its progress: the tally of the bands it moved, and whether its summary was sent. */
interface RecomputeProgress {
  bulk: BulkTally;
  summarySent: boolean;
}

function recomputeProgress(run: Pick<BackgroundRun, 'progress'>): RecomputeProgress {
  const stored = (run.progress ?? {}) as { bulk?: unknown; summarySent?: unknown };
  return { bulk: readBulkTally(stored.bulk), summarySent: stored.summarySent === true };
}

function recomputeCause(run: Pick<BackgroundRun, 'input' | 'memberId'>): BulkCauseInput {
  const input = (run.input ?? {}) as { cause?: BulkCauseInput; rulesVersion?: number };
  if (input.cause) return input.cause;
  return run.memberId
    ? { kind: 'SETTINGS_CHANGED', keys: [], memberId: run.memberId }
    : { kind: 'RULES_CHANGED', rulesVersion: input.rulesVersion ?? RISK_RULES_VERSION };
}

/** The cause a recompute's risk moves carry in the event log. */
function riskMoveCause(cause: BulkCauseInput): RiskMoveCause {
  return cause.kind === 'SETTINGS_CHANGED'
    ? { kind: 'SETTINGS_CHANGED', keys: cause.keys }
    : { kind: 'RULES_CHANGED', rulesVersion: cause.kind === 'RULES_CHANGED' ? cause.rulesVersion : RISK_RULES_VERSION };
}

/**
 * At start-up: queues a recompute for every organization with stale stored health (after a release
 * that changed the risk rules, every one). Returns the runs queued.
 */
export async function queueStaleRecomputes(prisma: PrismaClient): Promise<BackgroundRun[]> {
  const organizations = await prisma.organization.findMany({ select: { id: true, settingsVersion: true } });
  const queued: BackgroundRun[] = [];
  for (const organization of organizations) {
    const stale = await prisma.account.findFirst({
      where: { organizationId: organization.id, ...staleHealth(organization.settingsVersion) },
      select: { id: true },
    });
    if (stale) queued.push(await queueHealthRecompute(prisma, organization.id, organization.settingsVersion));
  }
  return queued.filter((run) => run.status === 'QUEUED' || run.status === 'RUNNING');
}

export async function processHealthRecompute(
  prisma: PrismaClient,
  run: BackgroundRun,
  control: RunControl,
  batchSize = RECOMPUTE_BATCH_SIZE,
): Promise<'done' | 'stopped'> {
  const organizationId = run.organizationId;
  let done = run.done;
  let cursor = run.cursor;
  let total = run.total;
  if (total === null) {
    const { version } = await organizationSettings(prisma, organizationId);
    total = await prisma.account.count({ where: { organizationId, ...staleHealth(version) } });
    await prisma.backgroundRun.updateMany({ where: { id: run.id, leaseOwner: control.owner }, data: { total } });
  }
  // The bands moved so far (committed with each batch, so a resumed run goes on counting).
  let progress = recomputeProgress(run);
  for (;;) {
    if (control.stopping()) return 'stopped';
    const committed = await prisma.$transaction(
      async (tx) => {
        // The current settings (a newer change than the one that queued this run is used as well).
        const settings = await organizationSettings(tx, organizationId);
        const batch = await tx.account.findMany({
          where: { organizationId, ...(cursor ? { id: { gt: cursor } } : {}), ...staleHealth(settings.version) },
          select: { id: true },
          orderBy: { id: 'asc' },
          take: batchSize,
        });
        const ids = batch.map((row) => row.id);
        const last = ids.at(-1);
        if (!last) {
          // The end: one summary of every band the run moved, sent with the run's last commit.
          if (!progress.summarySent) {
            await enqueueBulkSummary(tx, organizationId, recomputeCause(run), progress.bulk);
            const sent = { ...progress, summarySent: true };
            await commitProgress(tx, run.id, control.owner, { progress: sent as unknown as Prisma.InputJsonValue });
          }
          return null;
        }
        // The moves are the settings change's: its member's (a release's new rules: the system's).
        const actor = run.memberId ? memberActor(run.memberId) : systemActor;
        const bulk = { tally: emptyBulkTally(), cause: riskMoveCause(recomputeCause(run)) };
        await refreshAccountHealth(tx, organizationId, ids, { actor, now: new Date(), settings, bulk });
        const next = { done: done + ids.length, cursor: last };
        const nextProgress = { ...progress, bulk: mergeBulkTallies(progress.bulk, bulk.tally) };
        await commitProgress(tx, run.id, control.owner, {
          ...next,
          ...(next.done > (total ?? 0) ? { total: next.done } : {}),
          progress: nextProgress as unknown as Prisma.InputJsonValue,
        });
        return { ...next, progress: nextProgress };
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
    if (!committed) return 'done';
    done = committed.done;
    cursor = committed.cursor;
    progress = committed.progress;
    if (done > (total ?? 0)) total = done;
    control.progressed({ id: run.id, done, total });
    await yieldToEventLoop();
  }
}

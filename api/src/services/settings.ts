// Organization settings and playbooks: what a team tunes for itself.
import type { AccountSegment, BackgroundRun, CaseCause, Prisma } from '@threadwatch/db/client';
import type { Context } from '../context.ts';
import { defaultPlaybook, type Playbook, playbookSchema } from '../domain/playbooks.ts';
import {
  mergeSettings,
  type OrganizationSettings,
  parseSettings,
  settingsIssues,
  settingsPatchSchema,
} from '../domain/settings.ts';
import { ValidationError } from '../errors.ts';
import { memberActor, recordChange } from './events.ts';
import { queueHealthRecompute } from './health-recompute.ts';

export async function readSettings(ctx: Context): Promise<OrganizationSettings> {
  const organization = await ctx.prisma.organization.findUniqueOrThrow({
    where: { id: ctx.viewer.organizationId },
    select: { settings: true },
  });
  return parseSettings(organization.settings);
}

/**
 * Applies a patch. The new settings, their new version and the recompute of every account's health
 * under them are committed together; the recompute runs in the background (see health-recompute.ts).
 * Two changes at once take turns on the organization's row, so neither is lost.
 */
export async function updateSettings(
  ctx: Context,
  patch: unknown,
): Promise<{ settings: OrganizationSettings; recompute: BackgroundRun; staleAccounts: number }> {
  const parsed = settingsPatchSchema.safeParse(patch);
  if (!parsed.success) {
    throw new ValidationError(
      parsed.error.issues.map((issue) => ({ path: ['input', ...issue.path.map(String)], message: issue.message })),
    );
  }
  const organizationId = ctx.viewer.organizationId;
  return ctx.prisma.$transaction(async (tx) => {
    const current = await tx.organization.update({
      where: { id: organizationId },
      data: { settingsVersion: { increment: 1 } },
      select: { settings: true, settingsVersion: true },
    });
    const settings = mergeSettings(parseSettings(current.settings), parsed.data);
    // Cut-offs and thresholds are judged together with what the patch keeps; refusing rolls the
    // version back with everything else.
    const issues = settingsIssues(settings);
    if (issues.length > 0) {
      throw new ValidationError(issues.map((issue) => ({ path: ['input', ...issue.path], message: issue.message })));
    }
    await tx.organization.update({
      where: { id: organizationId },
      data: { settings: settings as unknown as Prisma.InputJsonValue },
    });
    const keys = Object.keys(parsed.data).sort();
    await recordChange(tx, {
      organizationId,
      kind: 'SETTINGS_CHANGED',
      actor: memberActor(ctx.viewer.memberId),
      payload: { keys },
    });
    const recompute = await queueHealthRecompute(
      tx,
      organizationId,
      current.settingsVersion,
      ctx.viewer.memberId,
      keys,
    );
    const staleAccounts = await tx.account.count({ where: { organizationId } });
    return { settings, recompute, staleAccounts };
  });
}

export interface PlaybookView extends Playbook {
  cause: CaseCause;
  segment: AccountSegment | null;
  custom: boolean;
}

const causes: CaseCause[] = ['MAIN_CONTACT_TURNOVER', 'ROLE_HOLDER_TURNOVER', 'OUR_REP_LEFT', 'EXECUTIVE_CHANGE'];

/** Every playbook in force: the organization's own, and the defaults it has not replaced. */
export async function listPlaybooks(ctx: Context): Promise<PlaybookView[]> {
  const stored = await ctx.prisma.playbookTemplate.findMany({ where: { organizationId: ctx.viewer.organizationId } });
  const views: PlaybookView[] = stored.map((row) => ({
    ...(row.steps as unknown as Omit<Playbook, 'name'>),
    name: row.name,
    cause: row.cause,
    segment: row.segment,
    custom: true,
  }));
  for (const cause of causes) {
    if (!stored.some((row) => row.cause === cause && row.segment === null)) {
      views.push({ ...defaultPlaybook(cause, 'MID_MARKET'), cause, segment: null, custom: false });
    }
  }
  return views.sort(
    (a, b) => causes.indexOf(a.cause) - causes.indexOf(b.cause) || String(a.segment).localeCompare(String(b.segment)),
  );
}

export async function savePlaybook(
  ctx: Context,
  cause: CaseCause,
  segment: AccountSegment | null,
  playbook: unknown,
): Promise<PlaybookView> {
  const parsed = playbookSchema.safeParse(playbook);
  if (!parsed.success) {
    throw new ValidationError(
      parsed.error.issues.map((issue) => ({ path: ['input', ...issue.path.map(String)], message: issue.message })),
    );
  }
  const { name, ...steps } = parsed.data;
  const organizationId = ctx.viewer.organizationId;
  const existing = await ctx.prisma.playbookTemplate.findFirst({ where: { organizationId, cause, segment } });
  const data = { name, steps: steps as unknown as Prisma.InputJsonValue };
  if (existing) await ctx.prisma.playbookTemplate.update({ where: { id: existing.id }, data });
  else await ctx.prisma.playbookTemplate.create({ data: { organizationId, cause, segment, ...data } });
  return { ...parsed.data, cause, segment, custom: true };
}

// Organization settings and playbooks: what a team tunes for itself.
import type { AccountSegment, CaseCause, Prisma } from '@threadwatch/db/client';
import type { Context } from '../context.ts';
import { defaultPlaybook, type Playbook, playbookSchema } from '../domain/playbooks.ts';
import { mergeSettings, type OrganizationSettings, parseSettings, settingsPatchSchema } from '../domain/settings.ts';
import { ValidationError } from '../errors.ts';
import { memberActor, recordChange } from './events.ts';
import { refreshOrganizationHealth } from './health.ts';

export async function readSettings(ctx: Context): Promise<OrganizationSettings> {
  const organization = await ctx.prisma.organization.findUniqueOrThrow({
    where: { id: ctx.viewer.organizationId },
    select: { settings: true },
  });
  return parseSettings(organization.settings);
}

/** Applies a patch, then recomputes every account's health under the new rules. */
export async function updateSettings(ctx: Context, patch: unknown): Promise<OrganizationSettings> {
  const parsed = settingsPatchSchema.safeParse(patch);
  if (!parsed.success) {
    throw new ValidationError(
      parsed.error.issues.map((issue) => ({ path: ['input', ...issue.path.map(String)], message: issue.message })),
    );
  }
  const next = mergeSettings(await readSettings(ctx), parsed.data);
  await ctx.prisma.$transaction(async (tx) => {
    await tx.organization.update({
      where: { id: ctx.viewer.organizationId },
      data: { settings: next as unknown as Prisma.InputJsonValue },
    });
    await recordChange(tx, {
      organizationId: ctx.viewer.organizationId,
      kind: 'SETTINGS_CHANGED',
      actor: memberActor(ctx.viewer.memberId),
      payload: { keys: Object.keys(parsed.data).sort() },
    });
  });
  await refreshOrganizationHealth(ctx.prisma, ctx.viewer.organizationId);
  return next;
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

// The facts behind a case's outlook, read from the database, and the owner's override.
import type { Prisma } from '@threadwatch/db/client';
import type { Context } from '../context.ts';
import {
  type CaseOutlookResult,
  caseOutlook,
  type Outlook,
  type OutlookFacts,
  overrideNoteProblem,
} from '../domain/case-outlook.ts';
import { startOfUtcDay } from '../domain/departure-cases.ts';
import { planCompletion } from '../domain/playbooks.ts';
import { isLiveThread } from '../domain/relationships.ts';
import { parseSettings } from '../domain/settings.ts';
import type { SaveReason } from '../domain/turnover-report.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';

type Db = Prisma.TransactionClient;

/** What a case's outlook needs of the case row. */
export const outlookSelect = {
  cause: true,
  replacementId: true,
  outlookOverride: true,
  outlookNote: true,
  organization: { select: { settings: true } },
  account: { select: { riskBand: true, segment: true } },
  steps: { select: { doneAt: true, dueOn: true, onboarding: true } },
  replacement: {
    select: {
      relationships: { select: { strength: true, lastTouchAt: true, member: { select: { deactivatedAt: true } } } },
    },
  },
} satisfies Prisma.DepartureCaseSelect;

export type OutlookRow = Prisma.DepartureCaseGetPayload<{ select: typeof outlookSelect }>;

/** Closed cases per cause and segment: the organization's own track record. */
export type CaseRecord = Map<string, { saved: number; churned: number }>;

const recordKey = (cause: string, segment: string) => `${cause}/${segment}`;

export async function caseRecord(db: Db, organizationId: string): Promise<CaseRecord> {
  const rows = await db.$queryRaw<Array<{ cause: string; segment: string; saved: number; churned: number }>>`
    SELECT c."cause"::text AS cause, a."segment"::text AS segment,
           count(*) FILTER (WHERE c."outcome" = 'SAVED')::int AS saved,
           count(*) FILTER (WHERE c."outcome" = 'CHURNED')::int AS churned
    FROM "DepartureCase" c JOIN "Account" a ON a."id" = c."accountId"
    WHERE c."organizationId" = ${organizationId}::uuid AND c."closedAt" IS NOT NULL
    GROUP BY 1, 2`;
  return new Map(rows.map((row) => [recordKey(row.cause, row.segment), { saved: row.saved, churned: row.churned }]));
}

const records = new WeakMap<object, Promise<CaseRecord>>();

/** The track record, read once per request. */
export function requestCaseRecord(ctx: Context): Promise<CaseRecord> {
  let found = records.get(ctx);
  if (!found) {
    found = caseRecord(ctx.prisma, ctx.viewer.organizationId);
    records.set(ctx, found);
  }
  return found;
}

/** The replacement has a live thread, by the organization's thread settings (the rule coverage uses). */
function engaged(row: Pick<OutlookRow, 'replacement' | 'organization'>, now: Date): boolean {
  const settings = parseSettings(row.organization.settings).threads;
  return (row.replacement?.relationships ?? []).some((thread) =>
    isLiveThread({ ...thread, memberActive: thread.member.deactivatedAt === null }, now, settings),
  );
}

function onboarded(row: Pick<OutlookRow, 'steps'>): boolean {
  const onboarding = row.steps.filter((item) => item.onboarding);
  return onboarding.length > 0 && onboarding.every((item) => item.doneAt !== null);
}

export function outlookFacts(row: OutlookRow, record: CaseRecord, now: Date): OutlookFacts {
  const today = startOfUtcDay(now);
  const due = row.steps.filter((item) => item.dueOn !== null && item.dueOn <= today).length;
  return {
    planCompletion: planCompletion(row.steps),
    dueShare: row.steps.length === 0 ? 0 : due / row.steps.length,
    replacement: row.replacementId === null ? 'NONE' : onboarded(row) ? 'ONBOARDED' : 'IDENTIFIED',
    newContactEngaged: engaged(row, now),
    band: row.account.riskBand,
    record: record.get(recordKey(row.cause, row.account.segment)) ?? { saved: 0, churned: 0 },
    override: row.outlookOverride && row.outlookNote ? { outlook: row.outlookOverride, note: row.outlookNote } : null,
  };
}

export function outlookOf(row: OutlookRow, record: CaseRecord, now: Date): CaseOutlookResult {
  return caseOutlook(outlookFacts(row, record, now));
}

/** Why a case being closed as saved was saved, as far as the data tells. */
export async function saveReasonsOf(db: Db, organizationId: string, id: string, now: Date): Promise<SaveReason[]> {
  const row = await db.departureCase.findUniqueOrThrow({
    where: { organizationId_id: { organizationId, id } },
    select: {
      steps: outlookSelect.steps,
      replacement: outlookSelect.replacement,
      organization: outlookSelect.organization,
    },
  });
  return [
    ...(onboarded(row) ? (['ONBOARDING_COMPLETE'] as const) : []),
    ...(engaged(row, now) ? (['NEW_CONTACT_ENGAGED'] as const) : []),
  ];
}

/** The case owner's (or a manager's) outlook for an open case, with the required note; null clears it. */
export async function setCaseOutlook(
  ctx: Context,
  id: string,
  outlook: Outlook | null,
  note: string | null | undefined,
  now = new Date(),
) {
  const { organizationId, memberId, role } = ctx.viewer;
  const problem = outlook === null ? null : overrideNoteProblem(note);
  if (problem) throw ValidationError.at(['input', 'note'], problem);
  return ctx.prisma.$transaction(async (tx) => {
    const current = await tx.departureCase.findUnique({
      where: { organizationId_id: { organizationId, id } },
      select: { closedAt: true, account: { select: { ownerId: true } } },
    });
    if (!current) throw new NotFoundError('Departure case');
    if (current.closedAt) throw new ConflictError('This case is closed.');
    if (current.account.ownerId !== memberId && role !== 'MANAGER' && role !== 'ADMIN') {
      throw new ForbiddenError('Only the case owner or a manager can override its outlook.');
    }
    return tx.departureCase.update({
      where: { id },
      data:
        outlook === null
          ? { outlookOverride: null, outlookNote: null, outlookOverriddenById: null, outlookOverriddenAt: null }
          : {
              outlookOverride: outlook,
              outlookNote: note?.trim() ?? null,
              outlookOverriddenById: memberId,
              outlookOverriddenAt: now,
            },
    });
  });
}

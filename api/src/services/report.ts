// The turnover report from the organization's cases, optionally for one account owner.
import type { Context } from '../context.ts';
import { planCompletion } from '../domain/playbooks.ts';
import { turnoverReport } from '../domain/turnover-report.ts';
import { ValidationError } from '../errors.ts';
import { caseRecord, outlookOf, outlookSelect } from './case-outlook.ts';

const DAY_MS = 86_400_000;
/** The longest period the report covers. */
export const MAX_REPORT_DAYS = 3 * 366;

export interface ReportQuery {
  from: Date;
  to: Date;
  /** Only cases of accounts this member owns. */
  ownerId?: string | null;
  /** Longest period accepted, in days. */
  maxDays?: number;
}

export function checkReportPeriod(from: Date, to: Date, maxDays: number, path: string[] = []): void {
  if (to <= from) throw ValidationError.at([...path, 'to'], 'Must be after from.');
  if (to.getTime() - from.getTime() > maxDays * DAY_MS) {
    throw ValidationError.at([...path, 'to'], `A report covers at most ${maxDays} days.`);
  }
}

export async function turnoverReportFor(ctx: Context, query: ReportQuery, now = new Date()) {
  const { from, to } = query;
  checkReportPeriod(from, to, query.maxDays ?? MAX_REPORT_DAYS);
  const organizationId = ctx.viewer.organizationId;
  const [organization, cases, record] = await Promise.all([
    ctx.prisma.organization.findUniqueOrThrow({
      where: { id: organizationId },
      select: { currency: true, locale: true },
    }),
    ctx.prisma.departureCase.findMany({
      where: {
        organizationId,
        openedAt: { lte: to },
        OR: [{ closedAt: null }, { closedAt: { gte: from } }],
        ...(query.ownerId ? { account: { ownerId: query.ownerId } } : {}),
      },
      orderBy: [{ openedAt: 'asc' }, { id: 'asc' }],
      select: {
        ...outlookSelect,
        id: true,
        arrAtRiskMinor: true,
        departedOn: true,
        learnedOn: true,
        openedAt: true,
        closedAt: true,
        outcome: true,
        saveReasons: true,
        closeNote: true,
        account: {
          select: { ...outlookSelect.account.select, name: true, ownerId: true, owner: { select: { name: true } } },
        },
      },
    }),
    caseRecord(ctx.prisma, organizationId),
  ]);
  return turnoverReport({
    from,
    to,
    now,
    currency: organization.currency,
    locale: organization.locale,
    cases: cases.map((item) => ({
      id: item.id,
      accountName: item.account.name,
      cause: item.cause,
      segment: item.account.segment,
      ownerId: item.account.ownerId,
      ownerName: item.account.owner?.name ?? null,
      arrAtRiskMinor: item.arrAtRiskMinor,
      departedOn: item.departedOn,
      learnedOn: item.learnedOn,
      openedAt: item.openedAt,
      closedAt: item.closedAt,
      outcome: item.outcome,
      planCompletion: planCompletion(item.steps),
      outlook: outlookOf(item, record, now).outlook,
      saveReasons: item.saveReasons,
      closeNote: item.closeNote,
    })),
  });
}

// The turnover report from the organization's cases.
import type { Context } from '../context.ts';
import { planCompletion } from '../domain/playbooks.ts';
import { turnoverReport } from '../domain/turnover-report.ts';
import { ValidationError } from '../errors.ts';

const MAX_PERIOD_MS = 3 * 366 * 86_400_000;

export async function turnoverReportFor(ctx: Context, from: Date, to: Date) {
  if (to <= from) throw ValidationError.at(['to'], 'Must be after from.');
  if (to.getTime() - from.getTime() > MAX_PERIOD_MS)
    throw ValidationError.at(['to'], 'A report covers at most three years.');
  const organizationId = ctx.viewer.organizationId;
  const [organization, cases, highRisk] = await Promise.all([
    ctx.prisma.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { currency: true } }),
    ctx.prisma.departureCase.findMany({
      where: { organizationId, openedAt: { lte: to } },
      select: {
        cause: true,
        arrAtRiskMinor: true,
        openedAt: true,
        closedAt: true,
        outcome: true,
        steps: { select: { doneAt: true } },
      },
    }),
    ctx.prisma.account.aggregate({
      where: { organizationId, riskBand: 'RED', lifecycle: { not: 'CHURNED' } },
      _sum: { arrMinor: true },
    }),
  ]);
  return turnoverReport({
    from,
    to,
    currency: organization.currency,
    highRiskArrMinor: highRisk._sum.arrMinor ?? 0n,
    cases: cases.map((item) => ({
      cause: item.cause,
      arrAtRiskMinor: item.arrAtRiskMinor,
      openedAt: item.openedAt,
      closedAt: item.closedAt,
      outcome: item.outcome,
      planCompletion: planCompletion(item.steps),
    })),
  });
}

// Twelve weeks of past risk for demo and bench portfolios, so a first start shows trends and a week
// of changes rather than everything created at seed time. Deterministic: every number is drawn from
// a hash of the account id and the week, and the history ends at each account's current risk.
import { createHash } from 'node:crypto';
import type { Prisma, PrismaClient } from '@threadwatch/db/client';
import { type Band, type ChangePayload, changeImportance, diffFactors, type FactorPoints } from '../domain/changes.ts';
import { bandFor } from '../domain/risk.ts';
import { factorPoints } from '../services/events.ts';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** A number in [0, 1) fixed by the key. */
function draw(key: string): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32;
}

interface State {
  score: number;
  band: Band;
  zone: 'RED_ZONE' | 'DEAD_ZONE' | null;
  factors: FactorPoints[];
}

/** The state one step earlier: the top factor was `delta` points smaller (it vanishes at 0, appears below 0). */
function earlier(state: State, delta: number, zoneIfHigh: State['zone']): State {
  const factors = state.factors.map((factor) => ({ ...factor }));
  const top = factors[0];
  if (top) {
    top.points -= delta;
    if (top.points <= 0) factors.shift();
  } else if (delta < 0) {
    factors.push({ key: 'engagementTrend', points: -delta });
  }
  const score = Math.max(
    0,
    Math.min(
      100,
      factors.reduce((sum, factor) => sum + factor.points, 0),
    ),
  );
  const band = bandFor(score);
  return { score, band, zone: band === 'AMBER' || band === 'RED' ? zoneIfHigh : null, factors };
}

/**
 * Writes, for every account of the organization, a risk point and a RISK_MOVED change for each
 * week in the last `weeks` (not the current day) in which its risk moved; about a third of the
 * accounts move in any week. Returns how many points were written.
 */
export async function writeDemoHistory(
  prisma: PrismaClient,
  organizationId: string,
  options: { now?: Date; weeks?: number } = {},
): Promise<number> {
  const now = options.now ?? new Date();
  const weeks = options.weeks ?? 12;
  const accounts = await prisma.account.findMany({
    where: { organizationId },
    select: { id: true, riskScore: true, riskBand: true, riskZone: true, riskFactors: true },
    orderBy: { id: 'asc' },
  });
  let written = 0;
  for (let start = 0; start < accounts.length; start += 500) {
    const points: Prisma.RiskPointCreateManyInput[] = [];
    const events: Prisma.EventCreateManyInput[] = [];
    for (const account of accounts.slice(start, start + 500)) {
      let state: State = {
        score: account.riskScore,
        band: account.riskBand,
        zone: account.riskZone,
        factors: factorPoints(account.riskFactors),
      };
      const zoneIfHigh = account.riskZone ?? (draw(`${account.id}/zone`) < 0.6 ? 'RED_ZONE' : 'DEAD_ZONE');
      // Walk back from today: in week w the risk moved from `before` to `state`.
      const moves: Array<{ at: Date; before: State; after: State }> = [];
      for (let week = 1; week <= weeks; week++) {
        if (draw(`${account.id}/${week}/moved`) >= 0.34) continue;
        const size = 2 + Math.floor(draw(`${account.id}/${week}/size`) * 14);
        const delta = draw(`${account.id}/${week}/sign`) < 0.6 ? size : -size;
        const before = earlier(state, delta, zoneIfHigh);
        if (before.score === state.score && before.band === state.band) continue;
        const at = new Date(
          now.getTime() - (week - 1) * WEEK_MS - DAY_MS - Math.floor(draw(`${account.id}/${week}/at`) * 5 * DAY_MS),
        );
        moves.push({ at, before, after: state });
        state = before;
      }
      const first = moves.at(-1)?.at ?? new Date(now.getTime() - weeks * WEEK_MS);
      points.push({
        organizationId,
        accountId: account.id,
        at: new Date(first.getTime() - WEEK_MS),
        cause: 'CHANGE',
        ...pointOf(state),
      });
      for (const move of moves.reverse()) {
        points.push({ organizationId, accountId: account.id, at: move.at, cause: 'CHANGE', ...pointOf(move.after) });
        const payload: ChangePayload = {
          from: { score: move.before.score, band: move.before.band, zone: move.before.zone },
          to: { score: move.after.score, band: move.after.band, zone: move.after.zone },
          factors: diffFactors(move.before.factors, move.after.factors),
        };
        events.push({
          organizationId,
          kind: 'RISK_MOVED',
          actorKind: 'SYSTEM',
          accountId: account.id,
          subjectType: 'Account',
          subjectId: account.id,
          payload: payload as Prisma.InputJsonValue,
          importance: changeImportance('RISK_MOVED', payload),
          occurredAt: move.at,
        });
      }
    }
    await prisma.riskPoint.createMany({ data: points });
    await prisma.event.createMany({ data: events });
    written += points.length;
  }
  return written;
}

function pointOf(state: State) {
  return {
    score: state.score,
    band: state.band,
    zone: state.zone,
    factors: state.factors as unknown as Prisma.InputJsonValue,
  };
}

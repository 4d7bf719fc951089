/**
 * The track record view's own logic: its period and horizons, reading the AUC in words, the weights
 * a what-if sends, and the geometry of the calibration chart (plain SVG). No React here.
 */
import type { RiskBand, RiskWeightInput } from '@/api/generated/graphql';

/** The outcomes judged: the last two years, today included. */
export const TRACK_RECORD_DAYS = 730;
/** How long before each outcome the score is read, in days; 90 by default. */
export const HORIZONS = [30, 60, 90, 180] as const;
export const DEFAULT_HORIZON = 90;

const DAY_MS = 86_400_000;

export function trackRecordPeriod(today: Date): { from: string; to: string } {
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: iso(today.getTime() - (TRACK_RECORD_DAYS - 1) * DAY_MS), to: iso(today.getTime()) };
}

/** The AUC to two decimals with a reading of it, or why there is none. */
export function aucWords(auc: number | null | undefined): string {
  if (auc === null || auc === undefined) return 'No AUC yet: it needs accounts that churned and accounts that stayed.';
  const reading =
    auc >= 0.8
      ? 'strong'
      : auc >= 0.7
        ? 'good'
        : auc >= 0.6
          ? 'fair'
          : auc > 0.5
            ? 'barely better than chance'
            : 'no better than chance';
  return `${auc.toFixed(2)} (${reading})`;
}

/** A weight as typed: a number from 0 to 100, or null. */
export function parseWeight(text: string): number | null {
  if (text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 && value <= 100 ? value : null;
}

export type WeightDraft = Record<string, string>;

/**
 * The weights a what-if sends: every factor whose typed weight differs from its current one. null
 * with the factors whose typed value is not a weight (nothing is sent then).
 */
export function changedWeights(
  current: ReadonlyArray<{ factor: string; maxPoints: number }>,
  draft: WeightDraft,
): { ok: true; weights: RiskWeightInput[] } | { ok: false; invalid: string[] } {
  const weights: RiskWeightInput[] = [];
  const invalid: string[] = [];
  for (const { factor, maxPoints } of current) {
    const text = draft[factor];
    if (text === undefined) continue;
    const value = parseWeight(text);
    if (value === null) invalid.push(factor);
    else if (value !== maxPoints) weights.push({ factor, maxPoints: value });
  }
  return invalid.length > 0 ? { ok: false, invalid } : { ok: true, weights };
}

export interface BandRate {
  band: RiskBand;
  accounts: number;
  churned: number;
  rate?: number | null;
}

/** "12 accounts · 5 churned", one account in the singular. */
export function bandCounts(row: { accounts: number; churned: number }): string {
  return `${row.accounts} ${row.accounts === 1 ? 'account' : 'accounts'} · ${row.churned} churned`;
}

export interface CalibrationBar {
  band: RiskBand;
  series: 'recorded' | 'candidate';
  x: number;
  y: number;
  width: number;
  height: number;
  /** The churn rate in words above the bar ("40 %", or "–" for an empty band). */
  label: string;
  /** Accounts and churned below the band. */
  accounts: number;
  churned: number;
}

export const CHART = { width: 720, height: 310, top: 40, right: 16, bottom: 72, left: 48 } as const;

/**
 * One bar per band (two with a what-if: the recorded score, then the candidate weights), height the
 * churn rate on a 0–100 % axis. An empty band has a bar of height 0.
 */
export function calibrationBars(
  recorded: readonly BandRate[],
  candidate: readonly BandRate[] | null,
): CalibrationBar[] {
  const plotWidth = CHART.width - CHART.left - CHART.right;
  const plotHeight = CHART.height - CHART.top - CHART.bottom;
  const groupWidth = plotWidth / Math.max(1, recorded.length);
  const series: Array<[CalibrationBar['series'], readonly BandRate[]]> = candidate
    ? [
        ['recorded', recorded],
        ['candidate', candidate],
      ]
    : [['recorded', recorded]];
  const barWidth = (groupWidth * 0.6) / series.length;
  return series.flatMap(([name, rows], seriesIndex) =>
    rows.map((row, index) => {
      const rate = row.rate ?? 0;
      const height = Math.max(0, Math.min(1, rate)) * plotHeight;
      return {
        band: row.band,
        series: name,
        x: CHART.left + index * groupWidth + groupWidth * 0.2 + seriesIndex * barWidth,
        y: CHART.top + plotHeight - height,
        width: barWidth,
        height,
        label: row.rate === null || row.rate === undefined ? '–' : `${Math.round(row.rate * 100)} %`,
        accounts: row.accounts,
        churned: row.churned,
      };
    }),
  );
}

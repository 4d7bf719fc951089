/**
 * The "This week" section's time windows and its risk sparkline: the week just past (the seven days
 * up to now) and the twelve weeks of risk behind it, drawn as a step line (a score holds until the
 * next point) in a small SVG box where 0 is the bottom and 100 the top. A risk point is written only
 * when the score changes, so the score at the start of the twelve weeks is the last point before
 * them: the history read from `trendFrom` opens with it.
 */

const DAY_MS = 86_400_000;
export const TREND_WEEKS = 12;

export interface WeekWindow {
  /** Start of the week's changes (seven days ago), ISO DateTime. */
  since: string;
  /** Now, ISO DateTime. */
  until: string;
  /** Start of the risk history read and drawn (twelve weeks ago), ISO DateTime. */
  trendFrom: string;
}

export function weekWindow(now: Date): WeekWindow {
  const until = now.getTime();
  return {
    since: new Date(until - 7 * DAY_MS).toISOString(),
    until: new Date(until).toISOString(),
    trendFrom: new Date(until - TREND_WEEKS * 7 * DAY_MS).toISOString(),
  };
}

export interface TrendPoint {
  at: string;
  score: number;
}

export interface SparklineBox {
  width: number;
  height: number;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/**
 * The `points` attribute of an SVG polyline for the risk over [from, to]: the score in force at
 * `from` (the last point at or before it) held until the next point, each point's score held until
 * the following one, the last up to `to`. Scores are clamped to 0–100, points after `to` left out.
 * Empty when no point is known at or before `to`.
 */
export function sparklinePoints(points: TrendPoint[], from: string, to: string, box: SparklineBox): string {
  const start = Date.parse(from);
  const end = Date.parse(to);
  const span = Math.max(end - start, 1);
  const known = points
    .map((point) => ({ at: Date.parse(point.at), score: point.score }))
    .filter((point) => Number.isFinite(point.at) && Number.isFinite(point.score) && point.at <= end)
    .sort((a, b) => a.at - b.at);
  const before = known.filter((point) => point.at <= start).at(-1);
  const sorted = [...(before ? [{ at: start, score: before.score }] : []), ...known.filter((p) => p.at > start)];
  if (sorted.length === 0) return '';
  const x = (at: number) => round((Math.min(Math.max(at - start, 0), span) / span) * box.width);
  const y = (score: number) => round(box.height - (Math.min(Math.max(score, 0), 100) / 100) * box.height);
  const coordinates: string[] = [];
  sorted.forEach((point, index) => {
    if (index > 0) coordinates.push(`${x(point.at)},${y(sorted[index - 1]!.score)}`);
    coordinates.push(`${x(point.at)},${y(point.score)}`);
  });
  coordinates.push(`${box.width},${y(sorted[sorted.length - 1]!.score)}`);
  return coordinates.join(' ');
}

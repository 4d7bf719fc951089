/**
 * The turnover report by cause as grouped bars: open ARR at risk, saved ARR and churned ARR, in
 * major units of the organization's currency. The table beside it carries the same figures for
 * screen readers and for reading exact values.
 */

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { CAUSE_LABELS } from '@/api/enum-labels';
import type { TurnoverLine } from './dashboard-service';
import type { MoneyFormat } from './money';

export const CHART_SERIES = [
  { key: 'open', name: 'Open ARR at risk', color: '#dc6803' },
  { key: 'saved', name: 'Saved ARR', color: '#039855' },
  { key: 'churned', name: 'Churned ARR', color: '#d92d20' },
] as const;

interface ChartRow {
  cause: string;
  open: number;
  saved: number;
  churned: number;
}

export function chartRows(lines: readonly TurnoverLine[]): ChartRow[] {
  return lines.map((line) => ({
    cause: line.cause ? CAUSE_LABELS[line.cause] : 'All causes',
    open: line.openArrAtRiskMinor,
    saved: line.savedArrMinor,
    churned: line.churnedArrMinor,
  }));
}

export function TurnoverChart({ lines, money }: { lines: readonly TurnoverLine[]; money: MoneyFormat }) {
  const rows = chartRows(lines);
  return (
    <figure className="chart">
      <BarChart
        width={720}
        height={280}
        data={rows}
        margin={{ top: 8, right: 16, bottom: 8, left: 16 }}
        accessibilityLayer
      >
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="cause" />
        <YAxis tickFormatter={(value: number) => money.compact(value)} width={72} />
        <Tooltip formatter={(value) => (typeof value === 'number' ? money.format(value) : String(value))} />
        <Legend />
        {CHART_SERIES.map((series) => (
          <Bar key={series.key} dataKey={series.key} name={series.name} fill={series.color} />
        ))}
      </BarChart>
      <figcaption>ARR by cause of departure: still at risk in open cases, saved, and churned.</figcaption>
    </figure>
  );
}

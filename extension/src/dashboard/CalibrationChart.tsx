/**
 * Churn rate per risk band as bars, in plain SVG: the recorded score, and beside it the candidate
 * weights of a what-if. Each band says how many accounts it holds and how many churned; the table
 * in the section carries the same figures for screen readers.
 */
import { BAND_LABELS } from '@/api/enum-labels';
import { type BandRate, bandCounts, CHART, calibrationBars } from './track-record';

const BAND_COLORS: Record<string, string> = { GREEN: '#12b76a', YELLOW: '#fdb022', AMBER: '#f79009', RED: '#f04438' };
const CANDIDATE_COLOR = '#475467';
const TICKS = [0, 0.25, 0.5, 0.75, 1];

export function CalibrationChart({
  recorded,
  candidate,
  aucText,
}: {
  recorded: readonly BandRate[];
  candidate: readonly BandRate[] | null;
  aucText: string;
}) {
  const bars = calibrationBars(recorded, candidate);
  const plotHeight = CHART.height - CHART.top - CHART.bottom;
  const groupWidth = (CHART.width - CHART.left - CHART.right) / Math.max(1, recorded.length);
  const summary = recorded
    .map((row) => `${BAND_LABELS[row.band]} ${row.churned} of ${row.accounts} churned`)
    .join(', ');
  return (
    <figure className="chart calibration">
      <svg
        width={CHART.width}
        height={CHART.height}
        viewBox={`0 0 ${CHART.width} ${CHART.height}`}
        role="img"
        aria-label={`Churn rate per risk band: ${summary}. AUC ${aucText}`}
      >
        {TICKS.map((tick) => {
          const y = CHART.top + plotHeight - tick * plotHeight;
          return (
            <g key={tick} className="calibration__tick">
              <line x1={CHART.left} x2={CHART.width - CHART.right} y1={y} y2={y} stroke="#eaecf0" />
              <text x={CHART.left - 6} y={y + 4} textAnchor="end" fontSize="11" fill="#667085">
                {Math.round(tick * 100)} %
              </text>
            </g>
          );
        })}
        {bars.map((bar) => (
          <g key={`${bar.series}-${bar.band}`} className={`calibration__bar calibration__bar--${bar.series}`}>
            <rect
              x={bar.x}
              y={bar.y}
              width={bar.width}
              height={bar.height}
              fill={bar.series === 'recorded' ? BAND_COLORS[bar.band] : CANDIDATE_COLOR}
              rx="2"
            />
            <text x={bar.x + bar.width / 2} y={bar.y - 5} textAnchor="middle" fontSize="12" fontWeight="600">
              {bar.label}
            </text>
          </g>
        ))}
        {recorded.map((row, index) => {
          const x = CHART.left + index * groupWidth + groupWidth / 2;
          const y = CHART.height - CHART.bottom;
          return (
            <g key={row.band} className="calibration__band">
              <line
                x1={CHART.left + index * groupWidth + 4}
                x2={x + groupWidth / 2 - 4}
                y1={y}
                y2={y}
                stroke="#98a2b3"
              />
              <text x={x} y={y + 18} textAnchor="middle" fontSize="12" fontWeight="600">
                {BAND_LABELS[row.band]}
              </text>
              <text x={x} y={y + 34} textAnchor="middle" fontSize="11" fill="#475467">
                {candidate ? `Recorded: ${row.accounts} · ${row.churned} churned` : bandCounts(row)}
              </text>
              {candidate?.[index] && (
                <text x={x} y={y + 50} textAnchor="middle" fontSize="11" fill={CANDIDATE_COLOR}>
                  What-if: {candidate[index].accounts} · {candidate[index].churned} churned
                </text>
              )}
            </g>
          );
        })}
        {candidate && (
          <g className="calibration__legend" fontSize="11">
            <rect x={CHART.width - CHART.right - 190} y={4} width={10} height={10} fill={BAND_COLORS.AMBER} />
            <text x={CHART.width - CHART.right - 176} y={13}>
              As recorded
            </text>
            <rect x={CHART.width - CHART.right - 100} y={4} width={10} height={10} fill={CANDIDATE_COLOR} />
            <text x={CHART.width - CHART.right - 86} y={13}>
              What-if weights
            </text>
          </g>
        )}
      </svg>
      <figcaption>
        Share of accounts that churned, by the risk band they were in before the outcome
        {candidate
          ? ' (coloured: the score as recorded; grey: the what-if weights; under each band: accounts · churned)'
          : ''}
        . AUC {aucText}.
      </figcaption>
    </figure>
  );
}

import { BAND_LABELS } from '@/api/enum-labels';
import type { RiskBand } from '@/api/generated/graphql';

export function RiskBadge({ band, score }: { band: RiskBand; score: number }) {
  return (
    <span className={`band band-${band.toLowerCase()}`}>
      {BAND_LABELS[band]} risk ({score})
    </span>
  );
}

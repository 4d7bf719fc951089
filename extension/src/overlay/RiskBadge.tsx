import type { RiskBand } from '@/api/generated/graphql';
import { BAND_LABELS } from './overlay-labels';

export function RiskBadge({ band, score }: { band: RiskBand; score: number }) {
  return (
    <span className={`band band-${band.toLowerCase()}`}>
      {BAND_LABELS[band]} risk ({score})
    </span>
  );
}

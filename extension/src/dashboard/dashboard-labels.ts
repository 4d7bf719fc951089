/** The dashboard's own wording; the schema's enums have their labels in api/enum-labels.ts. */
import type { AccountTier, RiskZone } from '@/api/generated/graphql';

/** Tiers in the order the filter offers them. */
export const TIERS = ['STRATEGIC', 'KEY', 'STANDARD'] as const satisfies readonly AccountTier[];

export const ZONE_HINTS: Record<RiskZone, string> = {
  RED_ZONE: 'worth saving',
  DEAD_ZONE: 'let go gracefully, with an exit interview',
};

export function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}

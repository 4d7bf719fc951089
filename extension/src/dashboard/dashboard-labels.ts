/** Words for the schema's enums as CS managers say them. */
import type { AccountTier, BuyingRole, CaseCause, GapKind, RiskBand, RiskZone } from '@/api/generated/graphql';

export const TIER_LABELS: Record<AccountTier, string> = {
  STRATEGIC: 'Strategic',
  KEY: 'Key',
  STANDARD: 'Standard',
};

/** Tiers in the order the filter offers them. */
export const TIERS = ['STRATEGIC', 'KEY', 'STANDARD'] as const satisfies readonly AccountTier[];

export const BAND_LABELS: Record<RiskBand, string> = {
  GREEN: 'Green',
  YELLOW: 'Yellow',
  AMBER: 'Amber',
  RED: 'Red',
};

export const ZONE_LABELS: Record<RiskZone, string> = {
  RED_ZONE: 'Red Zone',
  DEAD_ZONE: 'Dead Zone',
};

export const ZONE_HINTS: Record<RiskZone, string> = {
  RED_ZONE: 'worth saving',
  DEAD_ZONE: 'let go gracefully, with an exit interview',
};

export const CAUSE_LABELS: Record<CaseCause, string> = {
  MAIN_CONTACT_TURNOVER: 'Main contact left',
  ROLE_HOLDER_TURNOVER: 'Role holder left',
  EXECUTIVE_CHANGE: 'Executive change',
  OUR_REP_LEFT: 'Our account manager left',
};

export const GAP_LABELS: Record<GapKind, string> = {
  UNFILLED_ROLE: 'Unfilled role',
  UNCOVERED_DEPARTMENT: 'Department without a thread',
  STALE_THREAD: 'Stale relationship',
  SINGLE_THREADED: 'Single-threaded',
};

export const ROLE_LABELS: Record<BuyingRole, string> = {
  CHAMPION: 'Champion',
  ECONOMIC_BUYER: 'Economic buyer',
  EXECUTIVE_SPONSOR: 'Executive sponsor',
  DECISION_MAKER: 'Decision maker',
  TECHNICAL_EVALUATOR: 'Technical evaluator',
  USER: 'User',
};

export function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}

/** Words for the schema's enums, as the overlay, the dashboard and the popup show them. */
import type {
  AccountTier,
  BuyingRole,
  CaseCause,
  GapKind,
  JobChangeKind,
  RelationshipStrength,
  RiskBand,
  RiskZone,
  StakeholderStatus,
} from './generated/graphql';

export const TIER_LABELS: Record<AccountTier, string> = {
  STRATEGIC: 'Strategic',
  KEY: 'Key',
  STANDARD: 'Standard',
};

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

export const CAUSE_LABELS: Record<CaseCause, string> = {
  MAIN_CONTACT_TURNOVER: 'Main contact left',
  ROLE_HOLDER_TURNOVER: 'Role holder left',
  EXECUTIVE_CHANGE: 'Executive change',
  OUR_REP_LEFT: 'Our account manager left',
};

/** Gap kinds, most severe first. */
export const GAP_LABELS: Record<GapKind, string> = {
  UNFILLED_ROLE: 'Unfilled role',
  NO_LIVE_THREAD: 'No live thread',
  SINGLE_THREADED: 'Single-threaded',
  STALE_THREAD: 'Stale relationship',
  UNCOVERED_DEPARTMENT: 'Department without a thread',
};

export const ROLE_LABELS: Record<BuyingRole, string> = {
  CHAMPION: 'Champion',
  ECONOMIC_BUYER: 'Economic buyer',
  EXECUTIVE_SPONSOR: 'Executive sponsor',
  DECISION_MAKER: 'Decision maker',
  TECHNICAL_EVALUATOR: 'Technical evaluator',
  USER: 'User',
};

export const STAKEHOLDER_STATUS_LABELS: Record<StakeholderStatus, string> = {
  ACTIVE: 'Active',
  SUSPECTED_DEPARTURE: 'Suspected departure',
  DEPARTED: 'Departed',
};

/** Lower case: shown inside a line ("Ana · strong · live"). */
export const STRENGTH_LABELS: Record<RelationshipStrength, string> = {
  STRONG: 'strong',
  MEDIUM: 'medium',
  WEAK: 'weak',
};

export const JOB_CHANGE_KIND_LABELS: Record<JobChangeKind, string> = {
  LEFT_COMPANY: 'Left company',
  INTERNAL_MOVE: 'Internal move',
  PROMOTION: 'Promotion',
  LEAVING_SOON: 'Leaving soon',
};

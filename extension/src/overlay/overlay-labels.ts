/** Words the overlay shows for the schema's enums. */
import type {
  AccountTier,
  BuyingRole,
  JobChangeKind,
  RelationshipStrength,
  RiskBand,
  StakeholderStatus,
} from '@/api/generated/graphql';

export const ROLE_LABELS: Record<BuyingRole, string> = {
  CHAMPION: 'Champion',
  ECONOMIC_BUYER: 'Economic buyer',
  EXECUTIVE_SPONSOR: 'Executive sponsor',
  DECISION_MAKER: 'Decision maker',
  TECHNICAL_EVALUATOR: 'Technical evaluator',
  USER: 'User',
};

export const STATUS_LABELS: Record<StakeholderStatus, string> = {
  ACTIVE: 'Active',
  SUSPECTED_DEPARTURE: 'Suspected departure',
  DEPARTED: 'Departed',
};

export const BAND_LABELS: Record<RiskBand, string> = {
  GREEN: 'Green',
  YELLOW: 'Yellow',
  AMBER: 'Amber',
  RED: 'Red',
};

export const STRENGTH_LABELS: Record<RelationshipStrength, string> = {
  STRONG: 'strong',
  MEDIUM: 'medium',
  WEAK: 'weak',
};

export const TIER_LABELS: Record<AccountTier, string> = {
  STRATEGIC: 'Strategic',
  KEY: 'Key',
  STANDARD: 'Standard',
};

export const KIND_LABELS: Record<JobChangeKind, string> = {
  LEFT_COMPANY: 'Left company',
  INTERNAL_MOVE: 'Internal move',
  PROMOTION: 'Promotion',
  LEAVING_SOON: 'Leaving soon',
};

export function roleList(roles: readonly BuyingRole[]): string {
  return roles.length > 0 ? roles.map((role) => ROLE_LABELS[role]).join(', ') : 'No buying role';
}

/** The dashboard's filters and the API filter inputs they become (empty choices are left out). */
import type {
  AccountTier,
  AtRiskFilter,
  CoverageGapFilter,
  DepartureCaseFilter,
  RiskZone,
} from '@/api/generated/graphql';

export interface DashboardFilters {
  /** Accounts this member owns; null for everyone's. */
  ownerId: string | null;
  /** Empty for every tier. */
  tiers: AccountTier[];
}

export const NO_FILTERS: DashboardFilters = { ownerId: null, tiers: [] };

function ownerAndTiers(filters: DashboardFilters): { ownerId?: string; tiers?: AccountTier[] } {
  return {
    ...(filters.ownerId ? { ownerId: filters.ownerId } : {}),
    ...(filters.tiers.length > 0 ? { tiers: filters.tiers } : {}),
  };
}

export function coverageGapFilter(filters: DashboardFilters): CoverageGapFilter {
  return ownerAndTiers(filters);
}

export function atRiskFilter(filters: DashboardFilters, zone: RiskZone | null): AtRiskFilter {
  return { ...ownerAndTiers(filters), ...(zone ? { zones: [zone] } : {}) };
}

/** Departure cases have no tier filter in the API: only open cases of the chosen owner. */
export function openCaseFilter(filters: DashboardFilters): DepartureCaseFilter {
  return { open: true, ...(filters.ownerId ? { ownerId: filters.ownerId } : {}) };
}

/** Owner and tier filters shared by the dashboard's lists. */
import { useId } from 'react';
import { TIER_LABELS } from '@/api/enum-labels';
import type { AccountTier } from '@/api/generated/graphql';
import type { DashboardFilters } from './dashboard-filters';
import { TIERS } from './dashboard-labels';

export interface OwnerOption {
  id: string;
  name: string;
  active: boolean;
}

export function FilterBar({
  filters,
  owners,
  onChange,
}: {
  filters: DashboardFilters;
  owners: readonly OwnerOption[];
  onChange: (filters: DashboardFilters) => void;
}) {
  const id = useId();

  function toggleTier(tier: AccountTier, checked: boolean) {
    const tiers = checked ? [...filters.tiers, tier] : filters.tiers.filter((value) => value !== tier);
    onChange({ ...filters, tiers: TIERS.filter((value) => tiers.includes(value)) });
  }

  return (
    <form className="filters" aria-label="Filters" onSubmit={(event) => event.preventDefault()}>
      <div className="filters__field">
        <label htmlFor={`${id}-owner`}>Owner</label>
        <select
          id={`${id}-owner`}
          value={filters.ownerId ?? ''}
          onChange={(event) => onChange({ ...filters, ownerId: event.target.value === '' ? null : event.target.value })}
        >
          <option value="">All owners</option>
          {owners.map((owner) => (
            <option key={owner.id} value={owner.id}>
              {owner.active ? owner.name : `${owner.name} (inactive)`}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="filters__tiers">
        <legend>Tier</legend>
        {TIERS.map((tier) => (
          <label key={tier}>
            <input
              type="checkbox"
              checked={filters.tiers.includes(tier)}
              onChange={(event) => toggleTier(tier, event.target.checked)}
            />
            {TIER_LABELS[tier]}
          </label>
        ))}
      </fieldset>
      <p className="filters__note">
        No tier ticked shows every tier. Departure cases and the turnover report filter by owner only.
      </p>
    </form>
  );
}

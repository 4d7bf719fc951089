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

/** Risk factor keys (api/src/domain/risk.ts) in a CS manager's words. */
const FACTOR_LABELS: Record<string, string> = {
  departedRoleHolder: 'Key person left',
  mainContactLost: 'No main contact left',
  suspectedDeparture: 'Suspected departure',
  unconfirmedDeparture: 'Seen leaving (unconfirmed)',
  openCase: 'Open departure case',
  coverageGap: 'Coverage gap',
  singleThreaded: 'Single-threaded',
  memberConcentration: 'Relationships held by one rep',
  staleThreads: 'Stale threads',
  disengagedKeyContact: 'Key contact negative or silent',
  engagementDrop: 'Engagement dropped',
  usageDrop: 'Usage dropped',
  supportUptick: 'More support tickets',
  negativeSentiment: 'Negative sentiment',
  arrDecline: 'ARR declining',
  renewalProximity: 'Renewal close',
  renewalResistance: 'Renewal resistance',
  changeEvent: 'Change at the company',
  accountManagerChanged: 'Account manager changed',
  advocacyDrop: 'Advocacy dropped',
};

/** A factor key in words: its label, or a key the dashboard does not know yet split into words. */
export function factorLabel(key: string): string {
  const label = Object.hasOwn(FACTOR_LABELS, key) ? FACTOR_LABELS[key] : undefined;
  if (label) return label;
  const words = key
    .replace(/([A-Z])/g, ' $1')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

// Webhook events without I/O: the event types, the data each carries (as receivers get it), and what
// erasing a person leaves of it. How an event becomes a request body is in webhook-bodies.ts.
import type { DigestHeadline } from './digest.ts';

export const WEBHOOK_EVENT_TYPES = [
  'FLAG_CREATED',
  'FLAG_CONFIRMED',
  'DEPARTURE_CASE_OPENED',
  'DEPARTURE_CASE_CLOSED',
  'RISK_BAND_CHANGED',
  'COVERAGE_GAP_OPENED',
  'WEBHOOK_ENDPOINT_PAUSED',
  'WEEKLY_DIGEST',
  'RISK_BANDS_CHANGED',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The event type as receivers see it in bodies and headers: `flag.created`, `risk_band.changed`, … */
export function eventName(type: WebhookEventType): string {
  const names: Record<WebhookEventType, string> = {
    FLAG_CREATED: 'flag.created',
    FLAG_CONFIRMED: 'flag.confirmed',
    DEPARTURE_CASE_OPENED: 'departure_case.opened',
    DEPARTURE_CASE_CLOSED: 'departure_case.closed',
    RISK_BAND_CHANGED: 'risk_band.changed',
    COVERAGE_GAP_OPENED: 'coverage_gap.opened',
    WEBHOOK_ENDPOINT_PAUSED: 'webhook_endpoint.paused',
    WEEKLY_DIGEST: 'digest.weekly',
    RISK_BANDS_CHANGED: 'risk_bands.changed',
  };
  return names[type];
}

// ---------------------------------------------------------------------------------------------
// Payloads. Ids are the API's global ids. A person appears by id and name only (no contact data,
// no page evidence); erasing the person replaces them with null (see scrubPerson).

export interface AccountRef {
  id: string;
  name: string;
}

export interface PersonRef {
  id: string;
  name: string;
}

export interface FlagEventData {
  flag: { id: string; kind: string; status: string; matchedBy: string; observedAt: string };
  account: AccountRef;
  stakeholder: PersonRef | null;
}

export interface CaseEventData {
  departureCase: {
    id: string;
    cause: string;
    learned: string;
    destination: string;
    destinationCompany: string | null;
    arrAtRiskMinor: number;
    coverageAtOpen: number;
    openedAt: string;
    closedAt: string | null;
    outcome: string | null;
  };
  account: AccountRef;
  stakeholder: PersonRef | null;
}

export interface RiskBandEventData {
  account: AccountRef;
  previousBand: string;
  band: string;
  score: number;
  zone: string | null;
}

export interface GapEventData {
  account: AccountRef;
  coveragePercent: number;
  openedGaps: Array<{ kind: string; role: string | null; department: string | null; message: string }>;
}

/** Sent to an organization's other endpoints when one is paused (never its URL: it may hold a token). */
export interface EndpointPausedEventData {
  endpoint: { id: string; description: string | null };
  pausedAt: string;
  reason: string;
  consecutiveFailures: number;
  nextProbeAt: string;
}

/** One owner's (or, with owner null, the organization's) weekly digest; amounts in minor units of `currency`. */
export interface DigestEventData {
  owner: { id: string; name: string } | null;
  week: { start: string; end: string; firstDay: string; lastDay: string; timeZone: string };
  currency: string;
  headline: DigestHeadline;
  accounts: Array<{
    account: AccountRef;
    arrMinor: number;
    bandFrom: string | null;
    bandTo: string | null;
    sentence: string;
  }>;
  /** The digest as plain text. */
  text: string;
}

/**
 * One bulk change (a settings change, an import, a handover) summed up: sent once instead of one
 * RISK_BAND_CHANGED / COVERAGE_GAP_OPENED per account. `owner` is null in the organization-wide
 * summary; an owner's scoped endpoints get one of that owner's accounts only. Amounts in minor units
 * of `currency`.
 */
export interface BulkSummaryEventData {
  cause:
    | { kind: 'SETTINGS_CHANGED'; keys: string[]; member: MemberRef | null }
    | { kind: 'RULES_CHANGED'; rulesVersion: number }
    | { kind: 'IMPORT'; fileName: string; importKind: string; member: MemberRef | null }
    | { kind: 'HANDOVER'; from: MemberRef | null; to: MemberRef | null; member: MemberRef | null };
  owner: MemberRef | null;
  currency: string;
  /** Accounts whose band moved or that opened coverage gaps. */
  accountsChanged: number;
  accountsMoved: number;
  rose: number;
  fell: number;
  arrRoseMinor: number;
  /** Per band (red first), the accounts whose risk rose into it and fell into it. */
  bands: Array<{ band: string; rose: number; fell: number }>;
  accountsWithNewGaps: number;
  gapsOpened: number;
  /** The largest accounts by ARR (at most 10) that moved or opened gaps. */
  accounts: Array<{
    account: AccountRef;
    arrMinor: number;
    bandFrom: string;
    bandTo: string;
    score: number;
    gapsOpened: number;
  }>;
  /** The headline as plain text. */
  headline: string;
  /** The band counts as plain text lines. */
  bandLines: string[];
  /** One plain text line per listed account. */
  lines: string[];
}

export interface MemberRef {
  id: string;
  name: string;
}

export type WebhookEventData =
  | { type: 'FLAG_CREATED' | 'FLAG_CONFIRMED'; data: FlagEventData }
  | { type: 'DEPARTURE_CASE_OPENED' | 'DEPARTURE_CASE_CLOSED'; data: CaseEventData }
  | { type: 'RISK_BAND_CHANGED'; data: RiskBandEventData }
  | { type: 'COVERAGE_GAP_OPENED'; data: GapEventData }
  | { type: 'WEBHOOK_ENDPOINT_PAUSED'; data: EndpointPausedEventData }
  | { type: 'WEEKLY_DIGEST'; data: DigestEventData }
  | { type: 'RISK_BANDS_CHANGED'; data: BulkSummaryEventData };

/** The data an event of type T carries. */
export interface EventDataByType {
  FLAG_CREATED: FlagEventData;
  FLAG_CONFIRMED: FlagEventData;
  DEPARTURE_CASE_OPENED: CaseEventData;
  DEPARTURE_CASE_CLOSED: CaseEventData;
  RISK_BAND_CHANGED: RiskBandEventData;
  COVERAGE_GAP_OPENED: GapEventData;
  WEBHOOK_ENDPOINT_PAUSED: EndpointPausedEventData;
  WEEKLY_DIGEST: DigestEventData;
  RISK_BANDS_CHANGED: BulkSummaryEventData;
}

export type StoredEvent = WebhookEventData & { id: string; occurredAt: Date };

/**
 * The event type of the notification a delivery sends. Deliveries are written of notifications only
 * (Event rows of kind NOTIFICATION), which all have one; anything else is a defect, not an event.
 */
export function notificationType(event: { notificationType: WebhookEventType | null }): WebhookEventType {
  if (event.notificationType === null)
    throw new Error('A webhook delivery points at an event that is no notification.');
  return event.notificationType;
}

/**
 * The payload once the person it names is erased: no name, no id, nor where they went. What the
 * event says about the account stays.
 */
export function scrubPerson(data: Record<string, unknown>): Record<string, unknown> {
  const scrubbed: Record<string, unknown> = { ...data };
  if ('stakeholder' in scrubbed) scrubbed.stakeholder = null;
  const departureCase = scrubbed.departureCase;
  if (departureCase && typeof departureCase === 'object') {
    scrubbed.departureCase = { ...(departureCase as Record<string, unknown>), destinationCompany: null };
  }
  return scrubbed;
}

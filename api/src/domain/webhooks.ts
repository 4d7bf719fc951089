// Webhooks without I/O: event payloads, the request body in each format, signatures and their
// verification, the retry schedule, and which endpoint URLs are acceptable.
//
// Signature: `Threadwatch-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>]`, where each v1 is
// HMAC-SHA256(secret, `${t}.${body}`) in lower-case hex. During a rotation's overlap the body is
// signed with the new secret and the previous one, so a receiver holding either accepts it.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { bySettingsText, type DigestHeadline } from './digest.ts';
import { hostProblem } from './webhook-address.ts';

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
export type WebhookFormat = 'GENERIC' | 'SLACK';

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

// ---------------------------------------------------------------------------------------------
// Bodies

/** The JSON body of the generic format: `{ id, type, occurredAt, data }`. */
export function genericBody(event: StoredEvent): Record<string, unknown> {
  return { id: event.id, type: eventName(event.type), occurredAt: event.occurredAt.toISOString(), data: event.data };
}

/** Slack's mrkdwn treats &, < and > as markup; names come from web pages and must not inject links or mentions. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const words = (value: string) => value.toLowerCase().replace(/_/g, ' ');
const person = (ref: PersonRef | null) => (ref ? `*${slackEscape(ref.name)}*` : 'An erased person');
const account = (ref: AccountRef) => `*${slackEscape(ref.name)}*`;

function money(minor: number): string {
  return (minor / 100).toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 0 });
}

/** One sentence saying what happened, in Slack mrkdwn. */
export function eventSentence(event: WebhookEventData): string {
  switch (event.type) {
    case 'FLAG_CREATED':
      return `${person(event.data.stakeholder)} at ${account(event.data.account)} was flagged: ${words(event.data.flag.kind)}.`;
    case 'FLAG_CONFIRMED':
      return `Confirmed: ${person(event.data.stakeholder)} at ${account(event.data.account)}, ${words(event.data.flag.kind)}.`;
    case 'DEPARTURE_CASE_OPENED':
      return `Departure case opened at ${account(event.data.account)} (${words(event.data.departureCase.cause)}${
        event.data.stakeholder ? `: ${person(event.data.stakeholder)}` : ''
      }). ARR at risk: ${money(event.data.departureCase.arrAtRiskMinor)}.`;
    case 'DEPARTURE_CASE_CLOSED':
      return `Departure case at ${account(event.data.account)} closed: ${words(event.data.departureCase.outcome ?? 'closed')}.`;
    case 'RISK_BAND_CHANGED':
      return `Turnover risk at ${account(event.data.account)} went from ${words(event.data.previousBand)} to ${words(
        event.data.band,
      )} (score ${event.data.score}).`;
    case 'COVERAGE_GAP_OPENED':
      return `New coverage ${event.data.openedGaps.length === 1 ? 'gap' : 'gaps'} at ${account(event.data.account)} (coverage ${
        event.data.coveragePercent
      }%).`;
    case 'WEBHOOK_ENDPOINT_PAUSED':
      return `Webhook endpoint ${
        event.data.endpoint.description ? `*${slackEscape(event.data.endpoint.description)}* ` : ''
      }paused after ${event.data.consecutiveFailures} failed attempts in a row (${slackEscape(
        event.data.reason,
      )}): it gets one probe every while until one is delivered, or resume it.`;
    case 'WEEKLY_DIGEST':
      return `Weekly digest for ${
        event.data.owner ? `*${slackEscape(event.data.owner.name)}*` : 'the whole organization'
      }, ${event.data.week.firstDay} to ${event.data.week.lastDay}: ${event.data.headline.accountsChanged} ${
        event.data.headline.accountsChanged === 1 ? 'account' : 'accounts'
      } changed, risk rose at ${event.data.headline.bandsRose}, fell at ${event.data.headline.bandsFell}${bySettingsText(
        event.data.headline,
      )}; ${slackEscape(
        event.data.currency,
      )} ${money(event.data.headline.arrTurnedAmberOrRedMinor)} went amber or red.`;
    case 'RISK_BANDS_CHANGED':
      return `${event.data.owner ? `For *${slackEscape(event.data.owner.name)}*: ` : ''}${slackEscape(event.data.headline)}`;
  }
}

/** A Slack incoming-webhook message: `text` for notifications, `blocks` for the channel. */
export function slackMessage(event: StoredEvent): { text: string; blocks: Array<Record<string, unknown>> } {
  const sentence = eventSentence(event);
  const blocks: Array<Record<string, unknown>> = [{ type: 'section', text: { type: 'mrkdwn', text: sentence } }];
  if (event.type === 'COVERAGE_GAP_OPENED') {
    const lines = event.data.openedGaps.slice(0, 10).map((gap) => `• ${slackEscape(gap.message)}`);
    if (lines.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } });
  }
  if (event.type === 'WEEKLY_DIGEST') {
    const lines = event.data.accounts.slice(0, 20).map((line) => `• ${slackEscape(line.sentence)}`);
    const more = event.data.accounts.length - lines.length;
    if (more > 0) lines.push(`…and ${more} more`);
    if (lines.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } });
  }
  if (event.type === 'RISK_BANDS_CHANGED') {
    const lines = [
      ...event.data.bandLines.map((line) => slackEscape(line)),
      ...event.data.lines.map((line) => `• ${slackEscape(line)}`),
    ];
    const more = event.data.accountsChanged - event.data.lines.length;
    if (more > 0) lines.push(`…and ${more} more`);
    if (lines.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } });
  }
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `Threadwatch · ${eventName(event.type)} · ${event.occurredAt.toISOString()}` }],
  });
  return { text: sentence, blocks };
}

/** The exact request body for an endpoint's format. */
export function webhookBody(event: StoredEvent, format: WebhookFormat): string {
  return JSON.stringify(format === 'SLACK' ? slackMessage(event) : genericBody(event));
}

// ---------------------------------------------------------------------------------------------
// Secrets and signatures

export const SECRET_PREFIX = 'whsec_';
export const SIGNATURE_HEADER = 'Threadwatch-Signature';

export function newSigningSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function signature(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The header value: one v1 per secret, the current secret first. */
export function signatureHeader(secrets: readonly string[], timestamp: number, body: string): string {
  return [`t=${timestamp}`, ...secrets.map((secret) => `v1=${signature(secret, timestamp, body)}`)].join(',');
}

export interface SigningKeys {
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
}

/** The secrets that sign now: the current one, and the previous one until its overlap ends. */
export function activeSecrets(keys: SigningKeys, now: Date): string[] {
  const previousValid =
    keys.previousSecret && keys.previousSecretExpiresAt && keys.previousSecretExpiresAt.getTime() > now.getTime();
  return previousValid && keys.previousSecret ? [keys.secret, keys.previousSecret] : [keys.secret];
}

export function parseSignatureHeader(header: string): { timestamp: number; signatures: string[] } | null {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const separator = part.indexOf('=');
    if (separator < 1) return null;
    const key = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value) || timestamp !== null) return null;
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (/^[0-9a-f]{64}$/.test(value)) signatures.push(value);
    }
  }
  return timestamp === null || signatures.length === 0 ? null : { timestamp, signatures };
}

export type Verification =
  | { ok: true; timestamp: number }
  | { ok: false; reason: 'malformed' | 'timestamp-outside-tolerance' | 'no-matching-signature' };

/**
 * What a receiver does: parse the header, refuse a timestamp further than `toleranceSeconds` from
 * now (replays), and accept when any v1 matches the HMAC under the receiver's secret.
 */
export function verifySignature(
  header: string | null | undefined,
  body: string,
  secret: string,
  now: Date = new Date(),
  toleranceSeconds = 300,
): Verification {
  const parsed = header ? parseSignatureHeader(header) : null;
  if (!parsed) return { ok: false, reason: 'malformed' };
  if (Math.abs(Math.floor(now.getTime() / 1000) - parsed.timestamp) > toleranceSeconds) {
    return { ok: false, reason: 'timestamp-outside-tolerance' };
  }
  const expected = Buffer.from(signature(secret, parsed.timestamp, body), 'hex');
  const matches = parsed.signatures.some((candidate) => timingSafeEqual(Buffer.from(candidate, 'hex'), expected));
  return matches ? { ok: true, timestamp: parsed.timestamp } : { ok: false, reason: 'no-matching-signature' };
}

// ---------------------------------------------------------------------------------------------
// Retries

export interface RetryPolicy {
  /** Delay before the second attempt; each later one doubles it. */
  baseDelayMs: number;
  /** No delay exceeds this. */
  maxDelayMs: number;
  /** After this many attempts a delivery is FAILED. */
  maxAttempts: number;
}

/** Waits of 30 s, 1 min, 2, 4, 8, 16, 32 min, 1 h, 1 h (each jittered down to half): ten attempts within about three hours. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 30_000, maxDelayMs: 3_600_000, maxAttempts: 10 };

/**
 * When to try again after `attempts` failed attempts, or null to give up. The delay doubles from
 * the base up to the cap, and is spread over its upper half (jitter in [0.5, 1)) so that many
 * deliveries failing together do not come back together.
 */
export function nextAttemptDelay(attempts: number, policy: RetryPolicy, random: number = Math.random()): number | null {
  if (attempts >= policy.maxAttempts) return null;
  const exponential = policy.baseDelayMs * 2 ** Math.max(0, attempts - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  const jitter = 0.5 + 0.5 * Math.min(Math.max(random, 0), 0.999_999);
  return Math.round(capped * jitter);
}

// ---------------------------------------------------------------------------------------------
// Circuit breaker

export interface BreakerPolicy {
  /** Failed attempts in a row that pause an endpoint. */
  failureThreshold: number;
  /** A paused endpoint gets one probe delivery this long after the pause, and after each failed probe. */
  coolDownMs: number;
}

export const DEFAULT_BREAKER_POLICY: BreakerPolicy = { failureThreshold: 10, coolDownMs: 15 * 60_000 };

export interface BreakerState {
  consecutiveFailures: number;
  pausedAt: Date | null;
  pausedReason: string | null;
  nextProbeAt: Date | null;
}

/**
 * The endpoint's breaker after an attempt: a delivered attempt closes it; a failure counts, pauses
 * the endpoint at the threshold, and a failure while paused (a probe) waits another cool-down.
 * `paused` says whether this attempt is the one that paused it.
 */
export function breakerAfterAttempt(
  state: BreakerState,
  attempt: { delivered: boolean; error: string | null },
  policy: BreakerPolicy,
  now: Date,
): BreakerState & { paused: boolean } {
  if (attempt.delivered) {
    return { consecutiveFailures: 0, pausedAt: null, pausedReason: null, nextProbeAt: null, paused: false };
  }
  const consecutiveFailures = state.consecutiveFailures + 1;
  const nextProbeAt = new Date(now.getTime() + policy.coolDownMs);
  if (state.pausedAt) return { ...state, consecutiveFailures, nextProbeAt, paused: false };
  if (consecutiveFailures < policy.failureThreshold) return { ...state, consecutiveFailures, paused: false };
  return { consecutiveFailures, pausedAt: now, pausedReason: attempt.error ?? 'failed', nextProbeAt, paused: true };
}

/** 2xx is delivered; anything else (including redirects, which are not followed) is retried. */
export function isDelivered(statusCode: number): boolean {
  return statusCode >= 200 && statusCode < 300;
}

// ---------------------------------------------------------------------------------------------
// Endpoint URLs

export const MAX_URL_LENGTH = 2048;

/**
 * Checks an endpoint URL: http(s) only, a host, no credentials, no fragment; and, unless private
 * addresses are allowed, a host that is not a loopback, private, link-local or otherwise special
 * address (in any spelling) nor a local name. Returns the problem, or null.
 */
export function webhookUrlProblem(value: string, policy: { allowPrivateAddresses: boolean }): string | null {
  if (value.length > MAX_URL_LENGTH) return `Must be at most ${MAX_URL_LENGTH} characters.`;
  if (/[\s\p{Cc}]/u.test(value)) return 'Must not contain spaces or control characters.';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Must be an absolute URL such as https://hooks.example.com/threadwatch.';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'Must start with https:// or http://.';
  if (!url.hostname) return 'Must name a host.';
  if (url.username || url.password) return 'Must not contain a user name or password: use the signing secret.';
  if (url.hash) return 'Must not contain a fragment (#…).';
  if (!policy.allowPrivateAddresses) {
    const problem = hostProblem(url.hostname);
    if (problem) return `Must point at a public address: ${problem}.`;
  }
  return null;
}

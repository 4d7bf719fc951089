// The event log without I/O: what each kind of change carries, the one-line sentence it reads as,
// how much it matters for the weekly meeting, how risk factors moved between two assessments, the
// per-account summary of a week, and the rules for date ranges.

/**
 * Administration and security changes: they make the audit trail and stay out of the weekly change
 * feed, the digests and account timelines (which read only the other kinds).
 */
export const ADMINISTRATION_KINDS = [
  'ORGANIZATION_CREATED',
  'MEMBER_ADDED',
  'MEMBER_INVITED',
  'MEMBER_JOINED',
  'MEMBER_ROLE_CHANGED',
  'MEMBER_DEACTIVATED',
  'MEMBER_REACTIVATED',
  'TOKEN_CREATED',
  'TOKEN_REVOKED',
  'WEBHOOK_ENDPOINT_CREATED',
  'WEBHOOK_ENDPOINT_CHANGED',
  'WEBHOOK_SECRET_ROTATED',
  'WEBHOOK_ENDPOINT_DELETED',
  'REPORT_EXPORTED',
  'AUDIT_LOG_EXPORTED',
] as const;
export type AdministrationKind = (typeof ADMINISTRATION_KINDS)[number];

/**
 * A notification was issued: a webhook event, logged with the data its receivers are sent (the row's
 * notificationType and notificationPayload). The webhook outbox and its delivery log read it; it is
 * in no change feed, per-account summary, digest, timeline or audit trail.
 */
export const NOTIFICATION_KIND = 'NOTIFICATION';

/** The kinds the change feed, the per-account summary, digests and timelines never show. */
export const NON_FEED_KINDS = [...ADMINISTRATION_KINDS, NOTIFICATION_KIND] as const;

export const CHANGE_KINDS = [
  'FLAG_RAISED',
  'FLAG_CONFIRMED',
  'FLAG_REJECTED',
  'STAKEHOLDER_ADDED',
  'STAKEHOLDER_CHANGED',
  'STAKEHOLDER_DEPARTED',
  'STAKEHOLDER_ERASED',
  'THREAD_CREATED',
  'THREAD_CHANGED',
  'THREAD_WENT_STALE',
  'CASE_OPENED',
  'CASE_STEP_DONE',
  'CASE_CLOSED',
  'SIGNAL_RECORDED',
  'ACCOUNT_EVENT_RECORDED',
  'OWNER_CHANGED',
  'HANDOVER',
  'SETTINGS_CHANGED',
  'IMPORT_FINISHED',
  'RISK_MOVED',
  'NOTE_ADDED',
  'LEAD_LINKED',
  ...ADMINISTRATION_KINDS,
  NOTIFICATION_KIND,
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];
/** Every kind but a notification's: the changes people make or time brings. */
export type ChangeOnlyKind = Exclude<ChangeKind, typeof NOTIFICATION_KIND>;

export type Band = 'GREEN' | 'YELLOW' | 'AMBER' | 'RED';
export type Zone = 'RED_ZONE' | 'DEAD_ZONE';

export interface RiskState {
  score: number;
  band: Band;
  zone: Zone | null;
}

export interface FactorPoints {
  key: string;
  points: number;
  /**
   * 0..1, how much of its weight the factor earned (points = round(weight × fraction)); stored in risk
   * history points so a score can be recomputed under other weights. Absent on older points.
   */
  fraction?: number;
}

export interface FactorMoves {
  appeared: FactorPoints[];
  grew: Array<{ key: string; from: number; to: number }>;
  shrank: Array<{ key: string; from: number; to: number }>;
  vanished: FactorPoints[];
}

/**
 * What a change's payload may hold. Every field is optional so that a payload scrubbed on erasure
 * (person set to null) still renders. People appear by name only.
 */
export interface ChangePayload {
  person?: string | null;
  member?: string | null;
  flagKind?: string;
  fields?: string[];
  strength?: string;
  cause?: string;
  arrAtRiskMinor?: number;
  outcome?: string | null;
  step?: string;
  signalKind?: string;
  value?: number;
  eventKind?: string;
  fromOwner?: string | null;
  toOwner?: string | null;
  accounts?: number;
  keys?: string[];
  fileName?: string;
  created?: number;
  updated?: number;
  failed?: number;
  from?: RiskState;
  to?: RiskState;
  factors?: FactorMoves;
  /** LEAD_LINKED: the account the person left (by name). */
  formerAccount?: string | null;
  /** A risk move's cause when a bulk change made it (settings, risk rules, an import, a handover). */
  bulkCause?: RiskMoveCause;
  /** Administration: the member acted on (by name), roles, a token's or endpoint's name, an export's format. */
  role?: string;
  fromRole?: string;
  toRole?: string;
  token?: string;
  endpoint?: string;
  format?: string;
  /** A note's target: the account, a person (by name) or a departure case. */
  on?: 'ACCOUNT' | 'STAKEHOLDER' | 'CASE';
  noteId?: string;
}

export interface ChangeView {
  kind: ChangeKind;
  payload: ChangePayload;
  /** The account's current name; null for organization-wide changes. */
  accountName: string | null;
  /** Who made it: a member's name, or null for the system. */
  actorName: string | null;
  actorKind: 'MEMBER' | 'IMPORT' | 'SYSTEM';
}

const words = (value: string) => value.toLowerCase().replace(/_/g, ' ');
const someone = (name: string | null | undefined) => name ?? 'an erased person';
const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** Minor units as a whole amount with the currency's code: `USD 120,000`. */
export function formatMoney(minor: number, currency: string): string {
  const whole = Math.round(minor / 100).toLocaleString('en-US');
  return `${currency} ${whole}`;
}

function by(change: ChangeView): string {
  if (change.actorKind === 'SYSTEM') return '';
  if (change.actorKind === 'IMPORT') return change.actorName ? ` (import by ${change.actorName})` : ' (import)';
  return change.actorName ? ` (by ${change.actorName})` : '';
}

/**
 * What caused a risk move that no write to the account itself made: a bulk change (the kinds of
 * BulkCause in bulk-changes.ts), as the RISK_MOVED payload stores it, with names at the time. Who made
 * it is the change's actor.
 */
export type RiskMoveCause =
  | { kind: 'SETTINGS_CHANGED'; keys: string[] }
  | { kind: 'RULES_CHANGED'; rulesVersion: number }
  | { kind: 'IMPORT'; fileName: string }
  | { kind: 'HANDOVER'; fromOwner: string | null; toOwner: string | null };

/** Settings keys in words. */
export const SETTING_WORDS: Readonly<Record<string, string>> = {
  riskWeights: 'risk weights',
  requiredRoles: 'required roles',
  threads: 'thread freshness',
  digestSchedule: 'digest schedule',
};

/** `a`, `a and b`, `a, b and c`. */
export const listWords = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

/** Whether a risk move came from a change of settings or risk rules rather than from changes to the account. */
export const isSettingsCause = (cause: RiskMoveCause | null | undefined) =>
  cause?.kind === 'SETTINGS_CHANGED' || cause?.kind === 'RULES_CHANGED';

/** `after Ann changed the settings (risk weights)`: what made a risk move, who when a member did. */
export function riskCauseWords(cause: RiskMoveCause, actorName: string | null): string {
  const byActor = actorName ? ` by ${actorName}` : '';
  switch (cause.kind) {
    case 'SETTINGS_CHANGED': {
      const keys = (cause.keys ?? []).map((key) => SETTING_WORDS[key] ?? key);
      const which = keys.length ? ` (${listWords(keys)})` : '';
      return actorName ? `after ${actorName} changed the settings${which}` : `after a settings change${which}`;
    }
    case 'RULES_CHANGED':
      return 'after a new version of the risk rules';
    case 'IMPORT':
      return `after the import of ${cause.fileName ?? 'a file'}${byActor}`;
    case 'HANDOVER':
      return `after the handover from ${cause.fromOwner ?? 'nobody'} to ${cause.toOwner ?? 'nobody'}${byActor}`;
  }
}

function riskSentence(payload: ChangePayload, actorName: string | null): string {
  const from = payload.from;
  const to = payload.to;
  const cause = payload.bulkCause ? `, ${riskCauseWords(payload.bulkCause, actorName)}` : '';
  if (!from || !to) return `risk moved${cause}`;
  const band = from.band === to.band ? `stays ${words(to.band)}` : `${words(from.band)} → ${words(to.band)}`;
  const zone =
    from.zone !== to.zone
      ? `, ${to.zone ? `now in the ${words(to.zone)}` : `out of the ${words(from.zone ?? '')}`}`
      : '';
  return `risk ${band}, score ${from.score} → ${to.score}${zone}${cause}`;
}

/** One plain line saying what happened, e.g. `Acme: Dana Ruiz flagged as left company (by Ann).` */
export function changeSentence(change: ChangeView, currency = 'USD'): string {
  const p = change.payload;
  const at = change.accountName ? `${change.accountName}: ` : '';
  const actor = by(change);
  switch (change.kind) {
    case 'FLAG_RAISED':
      return `${at}${someone(p.person)} flagged as ${words(p.flagKind ?? 'job change')}${actor}.`;
    case 'FLAG_CONFIRMED':
      return `${at}${someone(p.person)} confirmed as ${words(p.flagKind ?? 'job change')}${actor}.`;
    case 'FLAG_REJECTED':
      return `${at}flag on ${someone(p.person)} rejected${actor}.`;
    case 'STAKEHOLDER_ADDED':
      return `${at}${someone(p.person)} added as a stakeholder${actor}.`;
    case 'STAKEHOLDER_CHANGED':
      return `${at}${someone(p.person)} updated (${(p.fields ?? []).join(', ') || 'details'})${actor}.`;
    case 'STAKEHOLDER_DEPARTED':
      return `${at}${someone(p.person)} departed${actor}.`;
    case 'STAKEHOLDER_ERASED':
      return `${at}a stakeholder's personal data was erased${actor}.`;
    case 'THREAD_CREATED':
      return `${at}new ${words(p.strength ?? 'medium')} thread from ${p.member ?? 'a member'} to ${someone(p.person)}${actor}.`;
    case 'THREAD_CHANGED':
      return `${at}thread from ${p.member ?? 'a member'} to ${someone(p.person)} is now ${words(p.strength ?? 'medium')}${actor}.`;
    case 'THREAD_WENT_STALE':
      return `${at}thread from ${p.member ?? 'a member'} to ${someone(p.person)} went stale.`;
    case 'CASE_OPENED':
      return `${at}departure case opened (${words(p.cause ?? 'departure')}${p.person ? `: ${p.person}` : ''}), ${formatMoney(
        p.arrAtRiskMinor ?? 0,
        currency,
      )} at risk${actor}.`;
    case 'CASE_STEP_DONE':
      return `${at}case step done: ${p.step ?? 'a step'}${actor}.`;
    case 'CASE_CLOSED':
      return `${at}departure case closed: ${words(p.outcome ?? 'closed')}${actor}.`;
    case 'SIGNAL_RECORDED':
      return `${at}${words(p.signalKind ?? 'signal')} recorded: ${p.value ?? '?'}${actor}.`;
    case 'ACCOUNT_EVENT_RECORDED':
      return `${at}${words(p.eventKind ?? 'event')} recorded${actor}.`;
    case 'OWNER_CHANGED':
      return `${at}owner ${p.fromOwner ?? 'nobody'} → ${p.toOwner ?? 'nobody'}${actor}.`;
    case 'HANDOVER':
      return `${plural(p.accounts ?? 0, 'account')} handed over from ${p.fromOwner ?? 'nobody'} to ${p.toOwner ?? 'nobody'}${actor}.`;
    case 'SETTINGS_CHANGED':
      return `Settings changed (${(p.keys ?? []).join(', ') || 'none'})${actor}.`;
    case 'IMPORT_FINISHED':
      return `Import of ${p.fileName ?? 'a file'} finished: ${p.created ?? 0} created, ${p.updated ?? 0} updated, ${
        p.failed ?? 0
      } failed${actor}.`;
    case 'RISK_MOVED':
      return `${at}${riskSentence(p, change.actorKind === 'SYSTEM' ? null : change.actorName)}.`;
    case 'NOTE_ADDED':
      return `${at}note added${
        p.on === 'STAKEHOLDER' ? ` on ${someone(p.person)}` : p.on === 'CASE' ? ' on the departure case' : ''
      }${actor}.`;
    case 'LEAD_LINKED':
      return `${at}${someone(p.person)}, who left ${p.formerAccount ?? 'one of our accounts'}, now counts as a warm lead here${actor}.`;
    case 'NOTIFICATION':
      return `Notification issued${actor}.`;
    default:
      return administrationSentence(change.kind, p, actor);
  }
}

function administrationSentence(kind: AdministrationKind, p: ChangePayload, actor: string): string {
  const member = p.member ?? 'a member';
  const token = p.token ? ` "${p.token}"` : '';
  const endpoint = p.endpoint ? ` ${p.endpoint}` : '';
  switch (kind) {
    case 'ORGANIZATION_CREATED':
      return `Organization created${actor}.`;
    case 'MEMBER_ADDED':
      return `${member} added as ${words(p.role ?? 'member')}${actor}.`;
    case 'MEMBER_INVITED':
      return `${member} invited as ${words(p.role ?? 'member')}${actor}.`;
    case 'MEMBER_JOINED':
      return `${member} accepted the invitation.`;
    case 'MEMBER_ROLE_CHANGED':
      return `${member}'s role ${words(p.fromRole ?? 'none')} → ${words(p.toRole ?? 'none')}${actor}.`;
    case 'MEMBER_DEACTIVATED':
      return `${member} deactivated${actor}.`;
    case 'MEMBER_REACTIVATED':
      return `${member} reactivated${actor}.`;
    case 'TOKEN_CREATED':
      return `Token${token} created for ${member}${actor}.`;
    case 'TOKEN_REVOKED':
      return `Token${token} of ${member} revoked${actor}.`;
    case 'WEBHOOK_ENDPOINT_CREATED':
      return `Webhook endpoint${endpoint} created${actor}.`;
    case 'WEBHOOK_ENDPOINT_CHANGED':
      return `Webhook endpoint${endpoint} changed (${(p.fields ?? []).join(', ') || 'nothing'})${actor}.`;
    case 'WEBHOOK_SECRET_ROTATED':
      return `Webhook endpoint${endpoint} secret rotated${actor}.`;
    case 'WEBHOOK_ENDPOINT_DELETED':
      return `Webhook endpoint${endpoint} deleted${actor}.`;
    case 'REPORT_EXPORTED':
      return `Turnover report exported as ${p.format ?? 'a file'}${actor}.`;
    case 'AUDIT_LOG_EXPORTED':
      return `Audit log exported as ${p.format ?? 'a file'}${actor}.`;
  }
}

const administrationKinds: ReadonlySet<ChangeKind> = new Set(ADMINISTRATION_KINDS);

/** Whether a kind belongs to the audit trail only (not the weekly change feed). */
export function isAdministrationKind(kind: ChangeKind): kind is AdministrationKind {
  return administrationKinds.has(kind);
}

const nonFeedKinds: ReadonlySet<ChangeKind> = new Set(NON_FEED_KINDS);

/** A change's kind: the readers of changes never select a notification, so one here is a defect. */
export function changeOnlyKind(kind: ChangeKind): ChangeOnlyKind {
  if (kind === NOTIFICATION_KIND) throw new Error('A notification was read as a change.');
  return kind;
}

/** Whether the change feed, the per-account summary, digests and timelines show a kind. */
export function isFeedKind(kind: ChangeKind): boolean {
  return !nonFeedKinds.has(kind);
}

/** What a row of the log holds that its sentence needs (names as they are now). */
export interface LoggedChange {
  kind: ChangeKind;
  payload: unknown;
  actorKind: ChangeView['actorKind'];
  account?: { name: string } | null;
  actor?: { name: string } | null;
}

/** The sentence of a change as the log stores it: the feed's, the timeline's and the audit trail's. */
export function loggedChangeSentence(row: LoggedChange, currency: string): string {
  return changeSentence(
    {
      kind: row.kind,
      payload: row.payload as ChangePayload,
      accountName: row.account?.name ?? null,
      actorName: row.actor?.name ?? null,
      actorKind: row.actorKind,
    },
    currency,
  );
}

/** The bands from the lowest risk up. */
export const BAND_RANK: Readonly<Record<Band, number>> = { GREEN: 0, YELLOW: 1, AMBER: 2, RED: 3 };

/** Bands from one to the other: positive when the risk rose. */
export const bandStep = (from: Pick<RiskState, 'band'>, to: Pick<RiskState, 'band'>) =>
  BAND_RANK[to.band] - BAND_RANK[from.band];

/** Higher first in the most-important-first order: what the weekly meeting must not miss. */
export function changeImportance(kind: ChangeKind, payload: ChangePayload): number {
  switch (kind) {
    case 'RISK_MOVED': {
      const from = payload.from;
      const to = payload.to;
      if (!from || !to) return 20;
      const bandMove = BAND_RANK[to.band] - BAND_RANK[from.band];
      const scoreMove = Math.min(20, Math.abs(to.score - from.score));
      return bandMove > 0 ? 80 + bandMove * 5 : bandMove < 0 ? 60 : 20 + scoreMove;
    }
    case 'CASE_OPENED':
    case 'STAKEHOLDER_DEPARTED':
      return 90;
    case 'FLAG_CONFIRMED':
    case 'CASE_CLOSED':
      return 75;
    case 'FLAG_RAISED':
    case 'THREAD_WENT_STALE':
      return 55;
    case 'OWNER_CHANGED':
    case 'HANDOVER':
      return 50;
    case 'ACCOUNT_EVENT_RECORDED':
    case 'SIGNAL_RECORDED':
      return 40;
    case 'FLAG_REJECTED':
    case 'CASE_STEP_DONE':
    case 'STAKEHOLDER_ADDED':
    case 'THREAD_CREATED':
      return 30;
    case 'SETTINGS_CHANGED':
    case 'IMPORT_FINISHED':
      return 25;
    case 'STAKEHOLDER_CHANGED':
    case 'THREAD_CHANGED':
    case 'STAKEHOLDER_ERASED':
      return 10;
    case 'NOTE_ADDED':
    case 'LEAD_LINKED':
      return 15;
    default:
      return 0;
  }
}

/** How the factors moved from one assessment to the next, each list by key. */
export function diffFactors(before: readonly FactorPoints[], after: readonly FactorPoints[]): FactorMoves {
  const old = new Map(before.map((factor) => [factor.key, factor.points]));
  const now = new Map(after.map((factor) => [factor.key, factor.points]));
  const moves: FactorMoves = { appeared: [], grew: [], shrank: [], vanished: [] };
  for (const [key, points] of [...now].sort(([a], [b]) => a.localeCompare(b))) {
    const was = old.get(key);
    if (was === undefined) moves.appeared.push({ key, points });
    else if (points > was) moves.grew.push({ key, from: was, to: points });
    else if (points < was) moves.shrank.push({ key, from: was, to: points });
  }
  for (const [key, points] of [...old].sort(([a], [b]) => a.localeCompare(b))) {
    if (!now.has(key)) moves.vanished.push({ key, points });
  }
  return moves;
}

export function riskMoved(from: RiskState, to: RiskState): boolean {
  return from.score !== to.score || from.band !== to.band || from.zone !== to.zone;
}

// ---------------------------------------------------------------------------------------------
// The weekly meeting: a period's changes summed up per account.

export interface AccountChangeInput {
  kind: ChangeKind;
  payload: ChangePayload;
  occurredAt: Date;
}

export interface AccountSummary {
  bandFrom: Band | null;
  bandTo: Band | null;
  scoreFrom: number | null;
  scoreTo: number | null;
  factorsGained: string[];
  factorsLost: string[];
  casesOpened: number;
  casesClosed: number;
  /** Of the cases closed, how many were saved and how many churned. */
  casesSaved: number;
  casesChurned: number;
  flagsRaised: number;
  flagsConfirmed: number;
  threadsLost: number;
  changeCount: number;
  /**
   * How many bands the risk moved, up (positive) or down, through moves a change of settings or risk
   * rules made (see isSettingsCause); the rest of the move from bandFrom to bandTo is the account's
   * own changes'.
   */
  bandStepsBySettings: number;
}

/** One account's changes (any order) summed up: the first and last risk, factors net of the period, counts. */
export function summarizeAccount(changes: readonly AccountChangeInput[]): AccountSummary {
  const sorted = [...changes].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  const risks = sorted.filter((change) => change.kind === 'RISK_MOVED' && change.payload.from && change.payload.to);
  const first = risks[0]?.payload.from ?? null;
  const last = risks.at(-1)?.payload.to ?? null;
  const gained = new Set<string>();
  const lost = new Set<string>();
  for (const change of risks) {
    for (const factor of change.payload.factors?.appeared ?? []) {
      if (lost.has(factor.key)) lost.delete(factor.key);
      else gained.add(factor.key);
    }
    for (const factor of change.payload.factors?.vanished ?? []) {
      if (gained.has(factor.key)) gained.delete(factor.key);
      else lost.add(factor.key);
    }
  }
  const count = (kind: ChangeKind) => sorted.filter((change) => change.kind === kind).length;
  return {
    bandFrom: first?.band ?? null,
    bandTo: last?.band ?? null,
    scoreFrom: first?.score ?? null,
    scoreTo: last?.score ?? null,
    factorsGained: [...gained].sort(),
    factorsLost: [...lost].sort(),
    casesOpened: count('CASE_OPENED'),
    casesClosed: count('CASE_CLOSED'),
    casesSaved: sorted.filter((change) => change.kind === 'CASE_CLOSED' && change.payload.outcome === 'SAVED').length,
    casesChurned: sorted.filter((change) => change.kind === 'CASE_CLOSED' && change.payload.outcome === 'CHURNED')
      .length,
    flagsRaised: count('FLAG_RAISED'),
    flagsConfirmed: count('FLAG_CONFIRMED'),
    threadsLost: count('THREAD_WENT_STALE'),
    changeCount: sorted.length,
    bandStepsBySettings: risks
      .filter((change) => isSettingsCause(change.payload.bulkCause))
      .reduce((steps, { payload }) => steps + bandStep(payload.from as RiskState, payload.to as RiskState), 0),
  };
}

/** A factor key in words: `departedRoleHolder` → `departed role holder`. */
export function factorWords(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/** How closed cases ended: ` (saved)` when all ended alike, ` (1 saved, 1 churned)` otherwise. */
function closedOutcomes(summary: AccountSummary): string {
  const { casesClosed, casesSaved, casesChurned } = summary;
  if (casesSaved === casesClosed) return ' (saved)';
  if (casesChurned === casesClosed) return ' (churned)';
  const known = [casesSaved ? `${casesSaved} saved` : '', casesChurned ? `${casesChurned} churned` : ''].filter(
    Boolean,
  );
  return known.length ? ` (${known.join(', ')})` : '';
}

/** One line for the meeting: `Acme (USD 400,000): amber → red, score 48 → 71; gained …`. */
export function accountSummarySentence(
  name: string,
  arrMinor: number,
  summary: AccountSummary,
  currency = 'USD',
): string {
  const parts: string[] = [];
  if (summary.bandFrom && summary.bandTo && summary.scoreFrom !== null && summary.scoreTo !== null) {
    const band =
      summary.bandFrom === summary.bandTo
        ? words(summary.bandTo)
        : `${words(summary.bandFrom)} → ${words(summary.bandTo)}`;
    parts.push(`${band}, score ${summary.scoreFrom} → ${summary.scoreTo}`);
  }
  const bySettings = summary.bandStepsBySettings ?? 0;
  if (bySettings !== 0) {
    parts.push(
      `risk ${bySettings > 0 ? 'raised' : 'lowered'} ${plural(Math.abs(bySettings), 'band')} by a change of settings or risk rules`,
    );
  }
  if (summary.factorsGained.length) parts.push(`gained ${summary.factorsGained.map(factorWords).join(', ')}`);
  if (summary.factorsLost.length) parts.push(`lost ${summary.factorsLost.map(factorWords).join(', ')}`);
  if (summary.casesOpened) parts.push(`${plural(summary.casesOpened, 'case')} opened`);
  if (summary.casesClosed) parts.push(`${plural(summary.casesClosed, 'case')} closed${closedOutcomes(summary)}`);
  if (summary.flagsRaised) parts.push(`${plural(summary.flagsRaised, 'flag')} raised`);
  if (summary.flagsConfirmed) parts.push(`${plural(summary.flagsConfirmed, 'flag')} confirmed`);
  if (summary.threadsLost) parts.push(`${plural(summary.threadsLost, 'thread')} lost`);
  if (parts.length === 0) parts.push(plural(summary.changeCount, 'change'));
  return `${name} (${formatMoney(arrMinor, currency)}): ${parts.join('; ')}.`;
}

// ---------------------------------------------------------------------------------------------
// Date ranges

export const MAX_RANGE_DAYS = 366;
const DAY_MS = 86_400_000;

export type RangeProblem = { field: 'from' | 'to'; message: string } | null;

/** Why a [from, to] range is refused, or null: from after to, or longer than 366 days. */
export function rangeProblem(from: Date | null | undefined, to: Date | null | undefined): RangeProblem {
  if (from && Number.isNaN(from.getTime())) return { field: 'from', message: 'Not a valid date.' };
  if (to && Number.isNaN(to.getTime())) return { field: 'to', message: 'Not a valid date.' };
  if (from && to && from.getTime() > to.getTime()) return { field: 'from', message: 'The range starts after it ends.' };
  if (from && to && to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) {
    return { field: 'to', message: `The range is longer than ${MAX_RANGE_DAYS} days.` };
  }
  return null;
}

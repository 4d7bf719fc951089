/**
 * The protocol between extension contexts (popup, content scripts) and the background, carried
 * over `runtime.sendMessage`: every request type with its validation schema, who may send it, and
 * the response it gets.
 *
 * Everything arriving on `runtime.onMessage` is untrusted until `parseRuntimeRequest` accepts it:
 * content scripts relay text from web pages, so every string is bounded, free of control
 * characters, and every URL, ID and enum is checked (the API checks again). Senders import only
 * types from here (see runtime-client.ts), so the schemas stay in the background bundle.
 */
import { normalizeCompanyUrl, normalizeProfileUrl } from '@threadwatch/api/linkedin-url';
import { z } from 'zod';
import type { ApiFailure } from '@/api/api-failure';
import { BUYING_ROLES, JOB_CHANGE_KINDS, SENIORITIES } from '@/api/enum-values';
import type { CompanyLookupView, ProfileLinked, ProfileLookupView, StakeholderAdded } from '@/api/service';
import {
  FLAG_SUBJECT_RULE,
  hasBrokenUnicode,
  hasControlCharacters,
  hasRepeatedRole,
  isAcceptedPageUrl,
  isIdempotencyKey,
  looksLikeGlobalId,
  MAX_DEPARTMENT_LENGTH,
  MAX_ID_LENGTH,
  MAX_TEXT_LENGTH,
  MAX_URL_LENGTH,
  namesFlagSubject,
} from '@/flags/flag-rules';
import type { QueueItem } from '@/queue/queue-item';
import { MAX_API_URL_LENGTH, MAX_TOKEN_LENGTH, parseApiUrl, parseToken } from '@/settings/api-settings';
import type { ConnectionCheck } from '@/settings/connection-check';
import type { SettingsSummary } from '@/settings/settings-store';

/** One line of text from a page: trimmed, 1..max characters, no control characters. */
function text(max: number) {
  return z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !hasControlCharacters(value), 'must not contain control characters')
    .refine((value) => !hasBrokenUnicode(value), 'must be valid Unicode text');
}

function linkedInUrl(normalize: typeof normalizeProfileUrl) {
  return z
    .string()
    .max(MAX_URL_LENGTH, `must be at most ${MAX_URL_LENGTH} characters`)
    .superRefine((value, context) => {
      const result = normalize(value);
      if (!result.ok) context.addIssue({ code: 'custom', message: result.reason });
    });
}

const profileUrl = linkedInUrl(normalizeProfileUrl);
const companyUrl = linkedInUrl(normalizeCompanyUrl);
const pageUrl = z
  .string()
  .max(MAX_URL_LENGTH, `must be at most ${MAX_URL_LENGTH} characters`)
  .refine((value) => isAcceptedPageUrl(value), 'must be an http(s) URL on linkedin.com');
const globalId = z
  .string()
  .min(1)
  .max(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`)
  .refine((value) => looksLikeGlobalId(value), 'must be a Threadwatch ID');

const jobChangeFlag = z
  .strictObject({
    kind: z.enum(JOB_CHANGE_KINDS),
    observedAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date and time' }),
    stakeholderId: globalId.optional(),
    profileUrl: profileUrl.optional(),
    accountId: globalId.optional(),
    observedName: text(MAX_TEXT_LENGTH).optional(),
    observedTitle: text(MAX_TEXT_LENGTH).optional(),
    observedCompany: text(MAX_TEXT_LENGTH).optional(),
    observedCompanyUrl: companyUrl.optional(),
    pageUrl: pageUrl.optional(),
  })
  .refine(namesFlagSubject, FLAG_SUBJECT_RULE);

const stakeholderToAdd = z.strictObject({
  accountId: globalId,
  fullName: text(MAX_TEXT_LENGTH),
  title: text(MAX_TEXT_LENGTH).optional(),
  department: text(MAX_DEPARTMENT_LENGTH).optional(),
  seniority: z.enum(SENIORITIES).optional(),
  buyingRoles: z
    .array(z.enum(BUYING_ROLES))
    .max(BUYING_ROLES.length)
    .refine((roles) => !hasRepeatedRole(roles), 'must not repeat a role')
    .optional(),
  profileUrl: profileUrl.optional(),
  notADuplicate: z.boolean().optional(),
});

const settingsUrl = z
  .string()
  .max(MAX_API_URL_LENGTH)
  .superRefine((value, context) => {
    const result = parseApiUrl(value);
    if (!result.ok) context.addIssue({ code: 'custom', message: result.reason });
  });

const settingsToken = z
  .string()
  .max(MAX_TOKEN_LENGTH)
  .superRefine((value, context) => {
    const result = parseToken(value);
    if (!result.ok) context.addIssue({ code: 'custom', message: result.reason });
  });

const requestSchemas = {
  ping: z.strictObject({ type: z.literal('ping') }),
  lookupProfile: z.strictObject({ type: z.literal('lookupProfile'), url: profileUrl }),
  lookupCompany: z.strictObject({ type: z.literal('lookupCompany'), url: companyUrl }),
  enqueueFlag: z.strictObject({ type: z.literal('enqueueFlag'), flag: jobChangeFlag }),
  enqueueAddStakeholder: z.strictObject({ type: z.literal('enqueueAddStakeholder'), stakeholder: stakeholderToAdd }),
  linkProfile: z.strictObject({ type: z.literal('linkProfile'), stakeholderId: globalId, profileUrl }),
  getQueue: z.strictObject({ type: z.literal('getQueue') }),
  /**
   * Adds a person now and answers with the result (the person, or the possible duplicates to link
   * instead), for the overlay's duplicate flow; queues the add when the API cannot be reached. The
   * sender makes the key and keeps it while the person is unchanged, so sending again is the same add.
   */
  addStakeholder: z.strictObject({
    type: z.literal('addStakeholder'),
    stakeholder: stakeholderToAdd,
    idempotencyKey: z.string().refine(isIdempotencyKey, 'must be a UUID'),
  }),
  retryItem: z.strictObject({
    type: z.literal('retryItem'),
    idempotencyKey: z.string().refine(isIdempotencyKey, 'must be a queue item key'),
  }),
  getSettings: z.strictObject({ type: z.literal('getSettings') }),
  saveSettings: z.strictObject({
    type: z.literal('saveSettings'),
    apiUrl: settingsUrl,
    token: settingsToken.optional(),
  }),
  testConnection: z.strictObject({ type: z.literal('testConnection') }),
  /** The overlay's own preferences (collapsed or not), kept across pages and restarts. */
  getOverlayPrefs: z.strictObject({ type: z.literal('getOverlayPrefs') }),
  /** Puts the overlay's UI (a separately built script) on the sender's page; see linkedin.content. */
  loadOverlay: z.strictObject({ type: z.literal('loadOverlay') }),
  saveOverlayPrefs: z.strictObject({ type: z.literal('saveOverlayPrefs'), collapsed: z.boolean() }),
};

type RequestSchemas = typeof requestSchemas;
export type RuntimeRequestType = keyof RequestSchemas;
/** A request as the background handles it (validated, strings trimmed). */
export type RuntimeRequest<K extends RuntimeRequestType = RuntimeRequestType> = z.output<RequestSchemas[K]>;
/** A request as a sender writes it. */
export type RuntimeRequestInput<K extends RuntimeRequestType = RuntimeRequestType> = z.input<RequestSchemas[K]>;

/** What each request answers with, on success. */
export interface RuntimeResponses {
  ping: { version: string };
  lookupProfile: ProfileLookupView;
  lookupCompany: CompanyLookupView;
  enqueueFlag: { item: QueueItem };
  enqueueAddStakeholder: { item: QueueItem };
  linkProfile: ProfileLinked;
  getQueue: { items: QueueItem[] };
  /** Added, or possible duplicates to choose from; or queued, when the API could not be reached. */
  addStakeholder: StakeholderAdded | StakeholderQueued;
  retryItem: { item: QueueItem };
  /** Never the token: whether there is one and its first characters. */
  getSettings: SettingsSummary;
  saveSettings: SettingsSummary;
  /** A failed test is still an answer: `check.state` says how it went. */
  testConnection: { check: ConnectionCheck };
  getOverlayPrefs: OverlayPrefs;
  saveOverlayPrefs: OverlayPrefs;
  loadOverlay: { loaded: boolean };
}

/** An add that could not reach the API, queued under its key to be sent when the API is back. */
export interface StakeholderQueued {
  added: false;
  queued: QueueItem;
}

export interface OverlayPrefs {
  collapsed: boolean;
}

export type RuntimeErrorCode =
  /** The message is not a valid request. */
  | 'invalid-request'
  /** The sender may not send this request. */
  | 'sender-rejected'
  | 'queue-full'
  /** No queue item with that key can be retried. */
  | 'not-retryable'
  /** The API call failed: see `failure`. */
  | 'api'
  /** The background failed unexpectedly (e.g. storage is unavailable). */
  | 'internal'
  /** The background could not be reached (set by the sender's side, runtime-client.ts). */
  | 'no-background';

/**
 * A request the background could not answer with a value. An API failure travels as the API layer
 * made it (`failure`); `reason` is its message, or the background's own sentence for other codes.
 */
export type RuntimeError =
  | { type: 'error'; code: 'api'; reason: string; failure: ApiFailure }
  | { type: 'error'; code: Exclude<RuntimeErrorCode, 'api'>; reason: string };

export type RuntimeResponse<K extends RuntimeRequestType = RuntimeRequestType> =
  | { type: 'ok'; value: RuntimeResponses[K] }
  | RuntimeError;

/** Where a message came from, as the background established it (see sender-policy.ts). */
export type SenderKind = 'extension-page' | 'content-script';

const ANYONE: readonly SenderKind[] = ['extension-page', 'content-script'];
const EXTENSION_PAGES: readonly SenderKind[] = ['extension-page'];

/** Who may send what. Settings, the token and the whole queue are for extension pages only. */
export const REQUEST_AUDIENCE: { readonly [K in RuntimeRequestType]: readonly SenderKind[] } = {
  ping: ANYONE,
  getOverlayPrefs: ANYONE,
  loadOverlay: ['content-script'],
  saveOverlayPrefs: ANYONE,
  lookupProfile: ANYONE,
  lookupCompany: ANYONE,
  enqueueFlag: ANYONE,
  enqueueAddStakeholder: ANYONE,
  linkProfile: ANYONE,
  getQueue: EXTENSION_PAGES,
  addStakeholder: ANYONE,
  retryItem: EXTENSION_PAGES,
  getSettings: EXTENSION_PAGES,
  saveSettings: EXTENSION_PAGES,
  testConnection: EXTENSION_PAGES,
};

export type ParsedRequest = { ok: true; request: RuntimeRequest } | { ok: false; reason: string };

function isRequestType(type: string): type is RuntimeRequestType {
  return Object.hasOwn(requestSchemas, type);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function explain(type: RuntimeRequestType, error: z.ZodError): string {
  const [issue] = error.issues;
  if (!issue) return `invalid "${type}" message`;
  const where = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const fields = issue.keys.map((key) => (where ? `${where}.${key}` : key));
    return `unexpected field(s) on "${type}" message: ${fields.join(', ')}`;
  }
  return `invalid "${type}" message: ${where ? `${where} ` : ''}${issue.message}`;
}

export function parseRuntimeRequest(message: unknown): ParsedRequest {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return { ok: false, reason: `message must be an object, got ${describe(message)}` };
  }
  const type = 'type' in message ? message.type : undefined;
  if (typeof type !== 'string') {
    return { ok: false, reason: `message.type must be a string, got ${describe(type)}` };
  }
  if (!isRequestType(type)) {
    return { ok: false, reason: `unknown message type "${type.slice(0, 60)}"` };
  }
  const parsed = requestSchemas[type].safeParse(message);
  return parsed.success ? { ok: true, request: parsed.data } : { ok: false, reason: explain(type, parsed.error) };
}

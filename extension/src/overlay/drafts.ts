/**
 * The overlay's forms: their starting values from the page reader (with a hint where the reader
 * was unsure), and the messages built from what the user confirmed. Everything from the page is
 * untrusted text: it is trimmed and capped here, and the background validates it again.
 */
import { companyUrlFromKey, normalizeProfileUrl, profileUrlFromKey } from '@threadwatch/api/linkedin-url';
import type { BuyingRole, JobChangeKind } from '@/api/generated/graphql';
import type { Field, Position, ProfileSnapshot } from '@/readers/profile-reader';
import { isLinkedInPageUrl } from '@/utils/linkedin-page';
import type { RuntimeRequestInput } from '@/utils/runtime-messages';

/** The API's limit for names, titles and company names. */
export const MAX_TEXT_LENGTH = 200;
const MAX_URL_LENGTH = 2048;

export interface DraftField {
  value: string;
  /** Why the user should check this field, or null when the reader was sure. */
  hint: string | null;
}

export function hintFor(field: Field<string> | null): string | null {
  if (!field) return 'Not found on the page';
  if (field.directionControls) return 'Unsure: the page reverses part of this text; check it reads as shown';
  if (field.confidence === 'low') return 'Unsure: please check';
  if (field.confidence === 'medium') return 'Probably right: check it';
  return null;
}

function draftText(field: Field<string> | null, max = MAX_TEXT_LENGTH): DraftField {
  return { value: field ? field.value.slice(0, max) : '', hint: hintFor(field) };
}

function safeKeyToUrl(key: string | null | undefined, toUrl: (key: string) => string): string {
  if (!key) return '';
  try {
    return toUrl(key);
  } catch {
    return '';
  }
}

export function profileUrlOf(snapshot: { profileKey: string | null }): string {
  return safeKeyToUrl(snapshot.profileKey, profileUrlFromKey);
}

export interface JobChangeDraft {
  name: DraftField;
  title: DraftField;
  company: DraftField;
  companyUrl: DraftField;
}

export type JobChangeValues = { [K in keyof JobChangeDraft]: string };

export function jobChangeDraft(snapshot: ProfileSnapshot, position: Position | null): JobChangeDraft {
  const companyUrlField = position?.companyUrl ?? null;
  return {
    name: draftText(snapshot.name),
    title: draftText(position?.title ?? null),
    company: draftText(position?.company ?? null),
    companyUrl: {
      value: safeKeyToUrl(companyUrlField?.value, companyUrlFromKey),
      hint: hintFor(companyUrlField),
    },
  };
}

function optional(value: string, max = MAX_TEXT_LENGTH): string | undefined {
  const trimmed = value.trim().slice(0, max).trim();
  return trimmed === '' ? undefined : trimmed;
}

export interface FlagContext {
  /** Null when the API could not be asked who this is: the API matches the flag by profile URL. */
  stakeholderId: string | null;
  accountId: string | null;
  profileUrl: string;
  pageUrl: string;
  observedAt: Date;
}

export type FlagMessage = RuntimeRequestInput<'enqueueFlag'>['flag'];

export function flagFromForm(kind: JobChangeKind, values: JobChangeValues, context: FlagContext): FlagMessage {
  const flag: FlagMessage = { kind, observedAt: context.observedAt.toISOString() };
  if (context.stakeholderId) flag.stakeholderId = context.stakeholderId;
  if (context.accountId) flag.accountId = context.accountId;
  const profileUrl = optional(context.profileUrl, MAX_URL_LENGTH);
  if (profileUrl && normalizeProfileUrl(profileUrl).ok) flag.profileUrl = profileUrl;
  const name = optional(values.name);
  if (name) flag.observedName = name;
  const title = optional(values.title);
  if (title) flag.observedTitle = title;
  const company = optional(values.company);
  if (company) flag.observedCompany = company;
  const companyUrl = optional(values.companyUrl, MAX_URL_LENGTH);
  if (companyUrl) flag.observedCompanyUrl = companyUrl;
  if (context.pageUrl.length <= MAX_URL_LENGTH && isLinkedInPageUrl(context.pageUrl)) flag.pageUrl = context.pageUrl;
  return flag;
}

export interface StakeholderValues {
  fullName: string;
  title: string;
  profileUrl: string;
  role: BuyingRole | '';
}

export type StakeholderMessage = RuntimeRequestInput<'addStakeholder'>['stakeholder'];

export function stakeholderFromForm(
  values: StakeholderValues,
  accountId: string,
  notADuplicate = false,
): StakeholderMessage {
  const stakeholder: StakeholderMessage = { accountId, fullName: values.fullName.trim().slice(0, MAX_TEXT_LENGTH) };
  const title = optional(values.title);
  if (title) stakeholder.title = title;
  const profileUrl = optional(values.profileUrl, MAX_URL_LENGTH);
  if (profileUrl) stakeholder.profileUrl = profileUrl;
  if (values.role) stakeholder.buyingRoles = [values.role];
  if (notADuplicate) stakeholder.notADuplicate = true;
  return stakeholder;
}

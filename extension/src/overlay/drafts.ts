/**
 * The overlay's forms: their starting values from the page reader (with a hint where the reader
 * was unsure), and the messages built from what the user confirmed. Everything from the page is
 * untrusted text: it is trimmed and capped here by the rules in flags/flag-rules.ts, and the
 * background checks it again by the same rules.
 */
import { companyUrlFromKey, profileUrlFromKey } from '@threadwatch/api/linkedin-url';
import type { BuyingRole, JobChangeKind } from '@/api/generated/graphql';
import {
  clipText,
  isAcceptedPageUrl,
  isAcceptedProfileUrl,
  MAX_TEXT_LENGTH,
  MAX_URL_LENGTH,
  optionalText,
} from '@/flags/flag-rules';
import type { Field, Position, ProfileSnapshot } from '@/readers/profile-reader';
import type { RuntimeRequestInput } from '@/utils/runtime-messages';

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
  const profileUrl = optionalText(context.profileUrl, MAX_URL_LENGTH);
  if (profileUrl && isAcceptedProfileUrl(profileUrl)) flag.profileUrl = profileUrl;
  const name = optionalText(values.name);
  if (name) flag.observedName = name;
  const title = optionalText(values.title);
  if (title) flag.observedTitle = title;
  const company = optionalText(values.company);
  if (company) flag.observedCompany = company;
  const companyUrl = optionalText(values.companyUrl, MAX_URL_LENGTH);
  if (companyUrl) flag.observedCompanyUrl = companyUrl;
  if (isAcceptedPageUrl(context.pageUrl)) flag.pageUrl = context.pageUrl;
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
  const stakeholder: StakeholderMessage = { accountId, fullName: clipText(values.fullName) };
  const title = optionalText(values.title);
  if (title) stakeholder.title = title;
  const profileUrl = optionalText(values.profileUrl, MAX_URL_LENGTH);
  if (profileUrl) stakeholder.profileUrl = profileUrl;
  if (values.role) stakeholder.buyingRoles = [values.role];
  if (notADuplicate) stakeholder.notADuplicate = true;
  return stakeholder;
}

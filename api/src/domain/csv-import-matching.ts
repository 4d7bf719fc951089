// How an imported row finds the record it describes, what it would change, and when it shows a job
// change instead. Keys, strongest first: CRM id, then the normalized profile (or company page) URL and
// the e-mail address, then the name at the account. Keys that point at different records are a
// conflict the row cannot settle; the import never guesses.
import { createHash } from 'node:crypto';
import type { StakeholderRow } from './csv-import-rows.ts';
import type { Role } from './settings.ts';

export type MatchKey = 'CRM_ID' | 'PROFILE_URL' | 'COMPANY_URL' | 'EMAIL' | 'NAME';

export interface Known {
  id: string;
  crmId: string | null;
  /** How a message names the record, e.g. the person's name. */
  label: string;
}

export interface KeyHit<T extends Known> {
  key: MatchKey;
  /** The field the row gave this key in (for the column). */
  field: string;
  /** The record holding this key, if any. */
  record: T | undefined;
}

export type Match<T extends Known> =
  | { kind: 'new' }
  | { kind: 'match'; record: T; by: MatchKey }
  | { kind: 'conflict'; field: string | null; message: string };

const keyNoun: Record<MatchKey, string> = {
  CRM_ID: 'CRM id',
  PROFILE_URL: 'profile URL',
  COMPANY_URL: 'company page URL',
  EMAIL: 'e-mail address',
  NAME: 'name',
};

/**
 * Finds the record a row describes. `hits` are the row's keys in order of strength with the record
 * each one found; `sameName` the records of the same name in the same scope (the account for people,
 * the organization for accounts), consulted only when no key matched.
 */
export function matchRecord<T extends Known>(
  rowCrmId: string | null,
  hits: readonly KeyHit<T>[],
  sameName: readonly T[],
): Match<T> {
  const found = hits.filter((hit): hit is KeyHit<T> & { record: T } => hit.record !== undefined);
  const first = found[0];
  if (first) {
    const other = found.find((hit) => hit.record.id !== first.record.id);
    if (other) {
      return {
        kind: 'conflict',
        field: other.field,
        message: `The ${keyNoun[other.key]} belongs to ${other.record.label}, but the ${keyNoun[first.key]} to ${first.record.label}: correct the row.`,
      };
    }
    if (rowCrmId && first.record.crmId && first.record.crmId !== rowCrmId) {
      return {
        kind: 'conflict',
        field: first.field,
        message: `The ${keyNoun[first.key]} belongs to ${first.record.label}, whose CRM id is ${first.record.crmId}, not ${rowCrmId}.`,
      };
    }
    return { kind: 'match', record: first.record, by: first.key };
  }
  const eligible = sameName.filter((record) => !rowCrmId || !record.crmId || record.crmId === rowCrmId);
  if (eligible.length === 1 && eligible[0]) return { kind: 'match', record: eligible[0], by: 'NAME' };
  if (eligible.length > 1) {
    return {
      kind: 'conflict',
      field: null,
      message: `${eligible.length} records have this name: add a CRM id${hits.length ? '' : ' column'} or another key to tell them apart.`,
    };
  }
  return { kind: 'new' };
}

export interface KnownPerson {
  fullName: string;
  title: string | null;
  department: string | null;
  seniority: StakeholderRow['seniority'];
  buyingRoles: Role[];
  isMainContact: boolean;
  profileUrl: string | null;
  email: string | null;
  crmId: string | null;
}

export type PersonChanges = Partial<
  Pick<
    KnownPerson,
    | 'fullName'
    | 'title'
    | 'department'
    | 'seniority'
    | 'buyingRoles'
    | 'isMainContact'
    | 'profileUrl'
    | 'email'
    | 'crmId'
  >
>;

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((item) => b.includes(item));

/** What the row would change on the person: only what it gives and what differs. Nothing is cleared. */
export function personChanges(person: KnownPerson, row: StakeholderRow): PersonChanges {
  const changes: PersonChanges = {};
  if (row.fullName !== person.fullName) changes.fullName = row.fullName;
  if (row.title !== null && row.title !== person.title) changes.title = row.title;
  if (row.department !== null && row.department !== person.department) changes.department = row.department;
  if (row.seniority !== null && row.seniority !== person.seniority) changes.seniority = row.seniority;
  if (row.buyingRoles !== null && !sameSet(row.buyingRoles, person.buyingRoles)) changes.buyingRoles = row.buyingRoles;
  if (row.isMainContact !== null && row.isMainContact !== person.isMainContact)
    changes.isMainContact = row.isMainContact;
  if (row.profileUrl !== null && row.profileUrl !== person.profileUrl) changes.profileUrl = row.profileUrl;
  if (row.email !== null && row.email !== person.email) changes.email = row.email;
  if (row.crmId !== null && row.crmId !== person.crmId) changes.crmId = row.crmId;
  return changes;
}

export interface PersonPlace {
  accountId: string;
  accountName: string;
  accountCrmId: string | null;
  /** Open positions (no end date): accounts and company names. */
  openAccountIds: readonly string[];
  openCompanyNames: readonly string[];
}

/** A company name as names are compared: NFKC, lower case, runs of spaces as one, trimmed. */
export const companyNameKey = (name: string) => name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * Whether the row places a known person at another company than the one we know. `resolvedAccountId`
 * is the account the row names, when it is one of ours.
 */
export function companyChanged(
  place: PersonPlace,
  row: Pick<StakeholderRow, 'accountCrmId' | 'accountName'>,
  resolvedAccountId: string | null,
): boolean {
  if (resolvedAccountId)
    return resolvedAccountId !== place.accountId && !place.openAccountIds.includes(resolvedAccountId);
  if (row.accountCrmId && place.accountCrmId === row.accountCrmId) return false;
  if (row.accountName) {
    const name = companyNameKey(row.accountName);
    return (
      name !== companyNameKey(place.accountName) &&
      !place.openCompanyNames.some((open) => companyNameKey(open) === name)
    );
  }
  return row.accountCrmId !== null;
}

/**
 * The idempotency key of a job-change flag raised by an import: the same observation (person, company,
 * title) gives the same key whatever the file's name or row order, so a re-import raises nothing new.
 */
export function importFlagKey(stakeholderId: string, observedCompany: string, observedTitle: string | null): string {
  const content = [stakeholderId, companyNameKey(observedCompany), companyNameKey(observedTitle ?? '')].join('\u0000');
  return `import:${createHash('sha256').update(content).digest('hex').slice(0, 40)}`;
}

/**
 * Does the profile page show the person at the account we track them at? Company page keys are
 * compared when both sides have one, names (case-insensitively) otherwise.
 */
import { normalizeCompanyUrl } from '@threadwatch/api/linkedin-url';
import type { Position, ProfileSnapshot } from '@/readers/profile-reader';

export type CompanyMatch =
  /** A current position is at the account. */
  | { state: 'same'; position: Position }
  /** Current positions were found, none at the account; `position` is the first. */
  | { state: 'different'; position: Position }
  /** No current position with a company: the page does not tell. */
  | { state: 'unknown'; position: null };

export interface AccountIdentity {
  name: string;
  companyUrl: string | null;
}

function companyKey(url: string | null | undefined): string | null {
  if (!url) return null;
  const result = normalizeCompanyUrl(url);
  return result.ok ? result.key : null;
}

function foldName(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLocaleLowerCase();
}

/** True or false when the position can be compared with the account, null when it cannot. */
function atAccount(position: Position, account: AccountIdentity, accountKey: string | null): boolean | null {
  const positionKey = companyKey(position.companyUrl?.value);
  if (accountKey && positionKey) return accountKey === positionKey;
  if (position.company) return foldName(position.company.value) === foldName(account.name);
  return null;
}

export function matchCompany(snapshot: ProfileSnapshot, account: AccountIdentity): CompanyMatch {
  const accountKey = companyKey(account.companyUrl);
  let first: Position | null = null;
  for (const position of snapshot.currentPositions) {
    const same = atAccount(position, account, accountKey);
    if (same === null) continue;
    if (same) return { state: 'same', position };
    first ??= position;
  }
  return first ? { state: 'different', position: first } : { state: 'unknown', position: null };
}

/**
 * What the overlay shows for a page, from the background's lookups: a tracked person, an unknown
 * person (at one of our accounts or not), a company page's account, or a problem. Plain code, no
 * UI: the page-start script (entrypoints/linkedin.content) runs it to decide whether the overlay's
 * UI is worth loading, and hands its answer over (page-bridge.ts) so the UI does not ask again.
 * Lookups depend on the page's key and the companies the reader found, not on the rest of the
 * snapshot, so a re-read does not look things up again.
 */
import { companyUrlFromKey, profileUrlFromKey } from '@threadwatch/api/linkedin-url';
import type { CompanyLookupView, ProfileLookupView } from '@/api/service';
import type { CompanySnapshot } from '@/readers/company-reader';
import type { Position, ProfileSnapshot } from '@/readers/profile-reader';
import type { sendRuntimeRequest } from '@/utils/runtime-client';
import { type OverlayProblem, problemFrom } from './overlay-problem';
import type { LookupFlag } from './person-flags';

export type SendRequest = typeof sendRuntimeRequest;

export type TrackedStakeholder = NonNullable<ProfileLookupView['stakeholder']>;
export type CompanyAccount = NonNullable<CompanyLookupView['account']>;

export interface OverlayPage {
  /** The page's address (untrusted, as the page shows it). */
  url: string;
  /** Canonical key of the profile or company, e.g. `linkedin.com/in/jane-doe`. */
  key: string;
  snapshot: ProfileSnapshot | CompanySnapshot;
}

export type OverlayView =
  | { kind: 'loading' }
  | { kind: 'problem'; problem: OverlayProblem }
  | { kind: 'tracked'; stakeholder: TrackedStakeholder; flags: LookupFlag[] }
  /** Not tracked; `account` is the first current employer that is one of our accounts. */
  | { kind: 'unknown-person'; account: CompanyAccount | null; position: Position | null }
  | { kind: 'company'; account: CompanyAccount | null };

/** At most this many current employers are looked up for an unknown person. */
const MAX_EMPLOYER_LOOKUPS = 3;

function employerUrls(snapshot: ProfileSnapshot): Array<{ position: Position; url: string }> {
  const found: Array<{ position: Position; url: string }> = [];
  for (const position of snapshot.currentPositions) {
    const key = position.companyUrl?.value;
    if (!key || found.some((entry) => entry.url.includes(key))) continue;
    try {
      found.push({ position, url: companyUrlFromKey(key) });
    } catch {
      // Not a canonical key: nothing to look up.
    }
    if (found.length === MAX_EMPLOYER_LOOKUPS) break;
  }
  return found;
}

/** The lookups' identity: the page's key and, for profiles, the employers to look up. */
export function lookupKey(page: OverlayPage): string {
  if (page.snapshot.kind === 'company') return `company ${page.key}`;
  return `profile ${page.key} ${employerUrls(page.snapshot)
    .map((entry) => entry.url)
    .join(' ')}`;
}

export async function loadView(page: OverlayPage, send: SendRequest): Promise<OverlayView> {
  const { snapshot } = page;
  if (snapshot.kind === 'company') {
    const response = await send({ type: 'lookupCompany', url: companyUrlFromKey(page.key) });
    if (response.type === 'error') return { kind: 'problem', problem: problemFrom(response) };
    return { kind: 'company', account: response.value.account };
  }
  const response = await send({ type: 'lookupProfile', url: profileUrlFromKey(page.key) });
  if (response.type === 'error') return { kind: 'problem', problem: problemFrom(response) };
  if (response.value.stakeholder) {
    return { kind: 'tracked', stakeholder: response.value.stakeholder, flags: response.value.flags };
  }

  const employers = employerUrls(snapshot);
  const answers = await Promise.all(employers.map(({ url }) => send({ type: 'lookupCompany', url })));
  for (const [index, answer] of answers.entries()) {
    const employer = employers[index];
    if (answer.type === 'ok' && answer.value.account && employer) {
      return { kind: 'unknown-person', account: answer.value.account, position: employer.position };
    }
  }
  const failed = answers.find((answer) => answer.type === 'error');
  if (failed?.type === 'error') return { kind: 'problem', problem: problemFrom(failed) };
  return { kind: 'unknown-person', account: null, position: snapshot.currentPositions[0] ?? null };
}

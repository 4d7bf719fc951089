// Who may do what. Roles limit what a member may change; a token's scope can only narrow that.
import type { MemberRole, TokenScope } from '@threadwatch/db/client';

export type Action =
  | 'read'
  | 'flag' // record what was seen on a page (job changes, coverage gaps)
  | 'editStakeholders' // stakeholders, relationships, employment
  | 'editAccounts' // create and update accounts
  | 'eraseStakeholders' // irreversible removal of personal data
  | 'manageTokens' // tokens of other members
  | 'reviewFlags' // confirm or reject job changes
  | 'manageCases' // departure cases and their plans
  | 'manageTeam' // hand accounts over when one of ours leaves
  | 'manageSettings' // organization settings and playbooks
  | 'manageWebhooks'; // webhook endpoints, their secrets and delivery log

const everything: Action[] = [
  'read',
  'flag',
  'editStakeholders',
  'editAccounts',
  'eraseStakeholders',
  'manageTokens',
  'reviewFlags',
  'manageCases',
  'manageTeam',
  'manageSettings',
  'manageWebhooks',
];

const roleAllows: Record<MemberRole, ReadonlySet<Action>> = {
  ADMIN: new Set(everything),
  MANAGER: new Set([
    'read',
    'flag',
    'editStakeholders',
    'editAccounts',
    'eraseStakeholders',
    'reviewFlags',
    'manageCases',
    'manageTeam',
    'manageWebhooks',
  ]),
  CSM: new Set(['read', 'flag', 'editStakeholders', 'editAccounts', 'reviewFlags', 'manageCases']),
  REP: new Set(['read', 'flag', 'editStakeholders']),
};

const scopeAllows: Record<TokenScope, ReadonlySet<Action>> = {
  READ_ONLY: new Set(['read']),
  FLAGGING: new Set(['read', 'flag']),
  FULL: new Set(everything),
};

export const actions: readonly Action[] = everything;

export function isAllowed(role: MemberRole, scope: TokenScope, action: Action): boolean {
  return roleAllows[role].has(action) && scopeAllows[scope].has(action);
}

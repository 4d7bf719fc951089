// Who may do what. Roles limit what a member may change; a token's scope can only narrow that.
import type { MemberRole, TokenScope } from '@threadwatch/db/client';

export type Action =
  | 'read'
  | 'flag' // record what was seen on a page (job changes, coverage gaps)
  | 'editStakeholders' // stakeholders, relationships, employment
  | 'editAccounts' // create and update accounts
  | 'eraseStakeholders' // irreversible removal of personal data
  | 'manageTokens'; // tokens of other members

const roleAllows: Record<MemberRole, ReadonlySet<Action>> = {
  ADMIN: new Set(['read', 'flag', 'editStakeholders', 'editAccounts', 'eraseStakeholders', 'manageTokens']),
  MANAGER: new Set(['read', 'flag', 'editStakeholders', 'editAccounts', 'eraseStakeholders']),
  CSM: new Set(['read', 'flag', 'editStakeholders', 'editAccounts']),
  REP: new Set(['read', 'flag', 'editStakeholders']),
};

const scopeAllows: Record<TokenScope, ReadonlySet<Action>> = {
  READ_ONLY: new Set(['read']),
  FLAGGING: new Set(['read', 'flag']),
  FULL: new Set(['read', 'flag', 'editStakeholders', 'editAccounts', 'eraseStakeholders', 'manageTokens']),
};

export function isAllowed(role: MemberRole, scope: TokenScope, action: Action): boolean {
  return roleAllows[role].has(action) && scopeAllows[scope].has(action);
}

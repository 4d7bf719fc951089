// Who may do what. Roles limit what a member may change; a token's scope can only narrow that.
import type { MemberRole, TokenScope } from '@threadwatch/db/client';

export type Action =
  | 'read'
  | 'flag' // record what was seen on a page (job changes, coverage gaps)
  | 'editStakeholders' // stakeholders, relationships, employment
  | 'editAccounts' // create and update accounts
  | 'eraseStakeholders' // irreversible removal of personal data
  | 'createTokens' // tokens of one's own (only a FULL token mints tokens)
  | 'manageTokens' // tokens of other members
  | 'reviewFlags' // confirm or reject job changes
  | 'manageCases' // departure cases and their plans
  | 'manageTeam' // hand accounts over when one of ours leaves
  | 'manageMembers' // invite members, change roles, deactivate and reactivate (admins only)
  | 'manageSettings' // organization settings and playbooks
  | 'manageWebhooks'; // webhook endpoints, their secrets and delivery log

const everything: Action[] = [
  'read',
  'flag',
  'editStakeholders',
  'editAccounts',
  'eraseStakeholders',
  'createTokens',
  'manageTokens',
  'reviewFlags',
  'manageCases',
  'manageTeam',
  'manageMembers',
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
    'createTokens',
    'reviewFlags',
    'manageCases',
    'manageTeam',
    'manageWebhooks',
  ]),
  CSM: new Set(['read', 'flag', 'editStakeholders', 'editAccounts', 'createTokens', 'reviewFlags', 'manageCases']),
  REP: new Set(['read', 'flag', 'editStakeholders', 'createTokens']),
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

/** Who is asking: a member, their role, and the scope of the token they sent. */
export interface Caller {
  memberId: string;
  role: MemberRole;
  scope: TokenScope;
}

/**
 * Whether the caller may see, or act on, the tokens of `ownerId`: their own, or anyone's when they
 * may manage tokens (admins, with a FULL token). Everyone else is answered as if the token did not exist.
 */
export function mayManageTokensOf(caller: Caller, ownerId: string): boolean {
  return ownerId === caller.memberId || mayManageEveryonesTokens(caller);
}

/** Whether the caller may see and act on every member's tokens (admins, with a FULL token). */
export function mayManageEveryonesTokens(caller: Caller): boolean {
  return isAllowed(caller.role, caller.scope, 'manageTokens');
}

/**
 * Why the caller may not create a token for `ownerId`, or null when they may. Only a FULL token mints
 * tokens (a READ_ONLY or FLAGGING token cannot multiply itself); a member mints their own, admins
 * anyone's. The new token's scope never widens the owner's role: a scope only narrows it.
 */
export function tokenCreationRefusal(caller: Caller, ownerId: string): string | null {
  if (!isAllowed(caller.role, caller.scope, 'createTokens')) return 'Only a FULL token may create tokens.';
  if (!mayManageTokensOf(caller, ownerId)) return 'Only admins may create tokens for other members.';
  return null;
}

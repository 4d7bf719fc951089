// Who may do what: the one permission table. Roles limit what a member may change; a token's scope can
// only narrow that; every root field of the API names the action it needs (ROOT_FIELD_ACTIONS), and
// the schema takes each field's auth scopes from here (authScopesFor), never from its own module.
// README's permission section is printed from this file (`pnpm permissions:print`).

/** A member's role, most powerful first (the data model's MemberRole values are these strings). */
export const MEMBER_ROLES = ['ADMIN', 'MANAGER', 'CSM', 'REP'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** How far a token narrows its member's role (the data model's TokenScope values are these strings). */
export const TOKEN_SCOPES = ['READ_ONLY', 'FLAGGING', 'FULL'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

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
  | 'manageWebhooks' // webhook endpoints, their secrets and delivery log
  | 'viewAuditLog'; // the audit trail: who did what, from where

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
  'viewAuditLog',
];

export const roleAllows: Record<MemberRole, ReadonlySet<Action>> = {
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

export const scopeAllows: Record<TokenScope, ReadonlySet<Action>> = {
  READ_ONLY: new Set(['read']),
  FLAGGING: new Set(['read', 'flag']),
  FULL: new Set(everything),
};

export const actions: readonly Action[] = everything;

/** What each action covers, in README's words. */
export const ACTION_DESCRIPTIONS: Record<Action, string> = {
  read: 'read everything of the organization',
  flag: 'record what was seen on a page (job changes, coverage gaps)',
  editStakeholders: 'stakeholders, relationships, employment, notes',
  editAccounts: 'create and update accounts, their signals and events',
  eraseStakeholders: 'irreversible removal of personal data',
  createTokens: "tokens of one's own (only a FULL token mints tokens)",
  manageTokens: 'tokens of other members',
  reviewFlags: 'confirm or reject job changes',
  manageCases: 'departure cases and their plans',
  manageTeam: 'hand accounts over when one of ours leaves',
  manageMembers: 'invite members, change roles, deactivate and reactivate',
  manageSettings: 'organization settings and playbooks',
  manageWebhooks: 'webhook endpoints, their secrets and delivery log',
  viewAuditLog: 'the audit trail and its CSV export',
};

export function isAllowed(role: MemberRole, scope: TokenScope, action: Action): boolean {
  return roleAllows[role].has(action) && scopeAllows[scope].has(action);
}

/**
 * Callers that are not members: the hosting operator (its token from the environment) creates
 * organizations, and an invitee (an invitation code as the credential) exchanges the code for a token.
 * Neither may do anything else; no member may do what they do.
 */
export type Principal = 'operator' | 'invitee';
export const principals: readonly Principal[] = ['operator', 'invitee'];
export type Scope = Action | Principal;

const isAction = (scope: Scope): scope is Action => !(principals as readonly string[]).includes(scope);

/** What a root field needs: one action (or principal), or any one of several. */
export type Requirement = Scope | readonly [Scope, ...Scope[]];

/**
 * Every root Query and Mutation field and the action it needs: one line per field. Checks that depend
 * on the data (whose tokens, which import kind) happen in the services on top of this.
 */
export const ROOT_FIELD_ACTIONS = {
  // Queries
  account: 'read',
  accountChanges: 'read',
  accountOutcomes: 'read',
  accounts: 'read',
  apiTokens: 'read', // everyone sees their own; admins everyone's
  atRiskAccounts: 'read',
  auditLog: 'viewAuditLog',
  changes: 'read',
  companyLookup: 'read',
  coverageGaps: 'read',
  departedContacts: 'read',
  departureCases: 'read',
  digest: 'read',
  healthRecomputeRuns: 'read',
  importRuns: 'read',
  jobChangeFlags: 'read',
  members: 'read',
  node: 'read', // and the type's own scope: webhook endpoints and deliveries need manageWebhooks
  playbooks: 'read',
  profileLookup: 'read',
  riskModelEvaluation: 'read',
  soleThreadAccounts: 'read',
  stakeholder: 'read',
  stakeholders: 'read',
  turnoverReport: 'read',
  viewer: 'read',
  webhookEndpoints: 'manageWebhooks',
  // Mutations
  addEmployment: 'editStakeholders',
  addNote: 'editStakeholders',
  addStakeholderFromPage: 'flag',
  closeDepartureCase: 'manageCases',
  correctAccountOutcome: 'editAccounts',
  confirmJobChange: 'reviewFlags',
  acceptInvitation: 'invitee',
  changeMemberRole: 'manageMembers',
  createAccount: 'editAccounts',
  createApiToken: 'createTokens', // for another member: manageTokens too
  createOrganization: 'operator',
  createRelationship: 'editStakeholders',
  createStakeholder: 'editStakeholders',
  createWebhookEndpoint: 'manageWebhooks',
  deactivateMember: 'manageMembers', // through a handover of their accounts
  deleteAccountOutcome: 'editAccounts',
  deleteRelationship: 'editStakeholders',
  deleteWebhookEndpoint: 'manageWebhooks',
  eraseStakeholder: 'eraseStakeholders',
  flagJobChange: 'flag',
  handOverAccounts: 'manageTeam',
  importCsv: ['editStakeholders', 'editAccounts'], // accounts need editAccounts, the rest editStakeholders
  inviteMember: 'manageMembers',
  linkProfileToStakeholder: 'flag',
  reactivateMember: 'manageMembers',
  recordAccountEvent: 'editAccounts',
  recordAccountOutcome: 'editAccounts',
  recordAccountSignal: 'editAccounts',
  redeliverWebhook: 'manageWebhooks',
  rejectJobChange: 'reviewFlags',
  resumeWebhookEndpoint: 'manageWebhooks',
  revokeApiToken: 'read', // one's own tokens; another member's need manageTokens
  revokeMemberTokens: 'read', // one's own tokens; another member's need manageTokens
  rotateWebhookSecret: 'manageWebhooks',
  savePlaybook: 'manageSettings',
  setDepartureCaseOutlook: 'manageCases',
  updateAccount: 'editAccounts',
  updateCaseStep: 'manageCases',
  updateDepartureCase: 'manageCases',
  updateOrganizationSettings: 'manageSettings',
  updateRelationship: 'editStakeholders',
  updateStakeholder: 'editStakeholders',
  updateWebhookEndpoint: 'manageWebhooks',
} as const satisfies Record<string, Requirement>;

export type RootField = keyof typeof ROOT_FIELD_ACTIONS;

/** The actions (or principals) a root field accepts (any one of them suffices). */
export function requiredActions(field: RootField): readonly Scope[] {
  const requirement: Requirement = ROOT_FIELD_ACTIONS[field];
  return typeof requirement === 'string' ? [requirement] : requirement;
}

/** The auth scopes of a root field, for the schema: `authScopes: authScopesFor('createAccount')`. */
export function authScopesFor(field: RootField): Partial<Record<Scope, true>> {
  return Object.fromEntries(requiredActions(field).map((action) => [action, true]));
}

/** Whether a member of `role` with a token of `scope` may call the root field. */
export function mayCall(role: MemberRole, scope: TokenScope, field: RootField): boolean {
  return requiredActions(field).some((action) => isAction(action) && isAllowed(role, scope, action));
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

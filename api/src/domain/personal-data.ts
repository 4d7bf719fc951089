// Where a stakeholder's personal data lives, column by column, and how erasure removes it. Every text
// and JSON column of every model is classified here (api/test/personal-data.test.ts reads the data
// model and fails on a column that is not), and test/integration/erasure.test.ts proves each
// personal column holds the person's data before erasure and nothing of it after.

/** Models whose rows are one person's: erasure deletes them with the person (the column naming the person). */
export const personRows = {
  Stakeholder: 'id',
  Employment: 'stakeholderId',
  Relationship: 'stakeholderId',
  JobChangeFlag: 'stakeholderId',
} as const satisfies Record<string, string>;

/** Models whose rows hang off one of the person's rows and go with it (by foreign key). */
export const personDependentRows = {
  FlagSighting: 'another sighting of one of the person’s flags: deleted with the flag',
} as const satisfies Record<string, string>;

/** Columns that hold the person's data in rows that outlive the person: erasure clears them. */
export const scrubbedColumns = {
  DepartureCase: {
    stakeholderId: 'who left (cleared by its foreign key)',
    openFor: 'who left, while the case is open',
    destinationCompany: 'where the person went',
    destinationAccountId: 'the account the person went to',
    replacementId: 'who replaced a departed person (cleared by its foreign key)',
  },
  Event: {
    stakeholderId: 'the person the change or notification names',
    payload: 'the person’s name as it was when the change was recorded',
    subjectId: 'the person, when the change is about them',
    notificationPayload: 'the person’s name and where they went, copied into the webhook event',
  },
} as const satisfies Record<string, Record<string, string>>;

const reference = 'a row id or a reference to a row of the organization, not a person’s data';

/** Columns that hold no stakeholder's personal data, and why. */
export const notPersonal: Record<string, Record<string, string>> = {
  Organization: {
    id: reference,
    name: 'our customer organization',
    slug: 'our customer organization',
    currency: 'a setting',
    locale: 'a setting',
    settings: 'settings',
    creationKey: 'the operator’s idempotency key',
    creationRequestHash: 'a request hash',
  },
  Member: { id: reference, organizationId: reference, name: 'our own team', email: 'our own team' },
  Invitation: {
    id: reference,
    organizationId: reference,
    memberId: reference,
    createdById: reference,
    codeHash: 'an invitation code hash',
  },
  ApiToken: {
    id: reference,
    organizationId: reference,
    memberId: reference,
    name: 'our own team’s token',
    tokenHash: 'a token hash',
    prefix: 'a token prefix',
  },
  Account: {
    id: reference,
    organizationId: reference,
    ownerId: reference,
    name: 'a company',
    domains: 'a company',
    companyUrl: 'a company',
    crmId: 'a company',
    riskFactors: 'derived from the remaining people, recomputed in the erasure’s transaction',
    zoneReasons: 'derived from the remaining people, recomputed in the erasure’s transaction',
    coverage: 'derived from the remaining people, recomputed in the erasure’s transaction',
  },
  ErasureTombstone: {
    id: reference,
    organizationId: reference,
    erasedById: reference,
    profileUrlHash: 'a keyed hash, kept to recognise the person, not to recover them',
    emailHash: 'a keyed hash, kept to recognise the person, not to recover them',
  },
  DepartureCase: {
    id: reference,
    organizationId: reference,
    accountId: reference,
    playbookName: 'a playbook',
    outlookOverriddenById: reference,
    outlookNote: 'a member’s note on the case’s outlook, like notes on events and signals',
    closeNote: 'a member’s note on why the case closed, like notes on events and signals',
  },
  CaseStep: {
    id: reference,
    organizationId: reference,
    caseId: reference,
    ownerId: reference,
    phase: 'a playbook step',
    title: 'a playbook step',
  },
  PlaybookTemplate: { id: reference, organizationId: reference, name: 'a playbook', steps: 'a playbook' },
  AccountEvent: {
    id: reference,
    organizationId: reference,
    accountId: reference,
    recordedById: reference,
    note: 'a note on a company event',
  },
  AccountSignal: { id: reference, organizationId: reference, accountId: reference, note: 'a note on a signal' },
  RateLimitBucket: { key: 'a token’s budget' },
  WebhookEndpoint: {
    id: reference,
    organizationId: reference,
    createdById: reference,
    ownerId: reference,
    url: 'our customer’s receiver',
    description: 'our customer’s receiver',
    secret: 'a signing secret',
    secretPrefix: 'a signing secret prefix',
    previousSecret: 'a signing secret',
    pausedReason: 'the receiver’s status and reason',
  },
  WebhookDelivery: {
    id: reference,
    organizationId: reference,
    endpointId: reference,
    eventId: reference,
    redeliveryOfId: reference,
    lockedBy: 'a process name',
    lastError: 'the receiver’s status and reason',
  },
  WebhookAttempt: { id: reference, deliveryId: reference, error: 'the receiver’s status and reason' },
  BackgroundRun: {
    id: reference,
    organizationId: reference,
    memberId: reference,
    idempotencyKey: 'a client’s key',
    payloadHash: 'a hash of the request',
    input: 'an import’s kind, file name and column mapping, or a recompute’s settings version',
    content: 'an import file, kept only until its run finishes (imports check tombstones row by row)',
    cursor: 'a row count or an account id',
    progress: 'counts by outcome',
    problems: 'row numbers and messages of rejected rows',
    error: 'why a run failed',
    leaseOwner: 'a process name',
  },
  Event: {
    id: reference,
    organizationId: reference,
    actorId: reference,
    accountId: reference,
    subjectType: 'a type name',
    requestId: 'a request id',
    clientAddress: 'the address our own member’s request came from (audit trail), not a stakeholder’s',
  },
  RiskPoint: {
    id: reference,
    organizationId: reference,
    accountId: reference,
    factors: 'factor keys, points and fractions',
  },
  AccountOutcome: {
    id: reference,
    organizationId: reference,
    accountId: reference,
    recordedById: 'our own member who recorded the outcome',
    note: 'a note on what became of the account',
  },
  Note: {
    id: reference,
    organizationId: reference,
    accountId: reference,
    stakeholderId: 'a reference: notes on the person are deleted with them (by foreign key)',
    caseId: reference,
    authorId: reference,
    body: 'a member’s note; notes on the person are deleted with them',
  },
  WeeklyDigestSend: { id: reference, organizationId: reference, scope: 'a member id or ORGANIZATION' },
};

export type Classification = 'person-row' | 'scrubbed' | 'not-personal' | 'unclassified';

/** How erasure treats one column. */
export function classify(model: string, column: string): Classification {
  if (model in personRows || model in personDependentRows) return 'person-row';
  if ((scrubbedColumns as Record<string, Record<string, string>>)[model]?.[column]) return 'scrubbed';
  if (notPersonal[model]?.[column]) return 'not-personal';
  return 'unclassified';
}

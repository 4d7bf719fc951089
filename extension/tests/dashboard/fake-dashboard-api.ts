/**
 * A fake Threadwatch API for the dashboard: MSW answers `http.post` to API_URL by executing the
 * operation with graphql-js against the committed schema (api/schema.graphql), so documents,
 * variables and the data below are checked against the contract. Lists are paginated with
 * `cursor-<n>` cursors and a small page size; every request is recorded for assertions.
 */
import { readFileSync } from 'node:fs';
import { buildSchema, type ExecutionResult, graphql } from 'graphql';
import { HttpResponse, http } from 'msw';
import { API_URL, SCHEMA_PATH, VALID_TOKEN } from '../support/fake-api';

const schema = buildSchema(readFileSync(SCHEMA_PATH, 'utf8'));

export interface DashboardRequest {
  operationName: string;
  variables: Record<string, unknown>;
}

export const MEMBERS = [
  { id: 'member-dana', name: 'Dana Rep', active: true, email: 'dana@acme.test', role: 'REP' },
  { id: 'member-chris', name: 'Chris CSM', active: true, email: 'chris@acme.test', role: 'CSM' },
];

function account(index: number, name: string, arrMinor: number) {
  return {
    id: `account-${index}`,
    name,
    tier: index % 2 === 0 ? 'STRATEGIC' : 'KEY',
    arrMinor,
    renewalDate: '2027-03-31',
    owner: { name: 'Dana Rep' },
    // Hooli has no company page recorded.
    companyUrl: name === 'Hooli' ? null : `linkedin.com/company/${name.toLowerCase().replace(/\W+/g, '-')}`,
  };
}

/** The company lookup's account behind Acme Corp's map: two current stakeholders and a champion who left. */
export const ACME_MAP = {
  id: 'account-0',
  name: 'Acme Corp',
  tier: 'STRATEGIC',
  coverage: {
    requiredRoles: ['ECONOMIC_BUYER', 'CHAMPION'],
    filledRoles: ['ECONOMIC_BUYER'],
    missingRoles: ['CHAMPION'],
    coveragePercent: 50,
    liveThreadCount: 1,
    noLiveThread: false,
    singleThreaded: true,
    gaps: [],
  },
  risk: { band: 'RED', score: 80 },
  stakeholders: {
    totalCount: 3,
    nodes: [
      {
        id: 'sh-1',
        fullName: 'Jane Doe',
        title: 'VP Finance',
        status: 'ACTIVE',
        buyingRoles: ['ECONOMIC_BUYER'],
        isMainContact: true,
        profileUrl: null,
        department: 'Finance',
        seniority: 'VP',
        relationships: [{ strength: 'STRONG', live: true, member: { id: 'member-dana', name: 'Dana Rep' } }],
      },
      {
        id: 'sh-2',
        fullName: 'Sam Roe',
        title: 'IT Manager',
        status: 'ACTIVE',
        buyingRoles: [],
        isMainContact: false,
        profileUrl: null,
        department: 'IT',
        seniority: 'MANAGER',
        relationships: [],
      },
      {
        id: 'sh-3',
        fullName: 'Lee Gone',
        title: 'Head of Operations',
        status: 'DEPARTED',
        buyingRoles: ['CHAMPION'],
        isMainContact: false,
        profileUrl: null,
        department: 'Operations',
        seniority: 'DIRECTOR',
        relationships: [{ strength: 'STRONG', live: true, member: { id: 'member-dana', name: 'Dana Rep' } }],
      },
    ],
  },
};

export const GAP_ACCOUNTS = [
  {
    ...account(0, 'Acme Corp', 120_000_000),
    coverage: {
      coveragePercent: 33,
      liveThreadCount: 1,
      singleThreaded: true,
      gaps: [
        { kind: 'UNFILLED_ROLE', role: 'CHAMPION', department: null, message: 'No champion with a live thread.' },
        { kind: 'SINGLE_THREADED', role: null, department: null, message: 'Only one live thread.' },
      ],
    },
  },
  {
    ...account(1, 'Globex', 45_000_050),
    coverage: {
      coveragePercent: 50,
      liveThreadCount: 2,
      singleThreaded: false,
      gaps: [
        {
          kind: 'UNCOVERED_DEPARTMENT',
          role: null,
          department: 'Finance',
          message: 'Nobody in Finance has a live thread.',
        },
      ],
    },
  },
  {
    ...account(2, 'Initech', 9_000_000),
    coverage: {
      coveragePercent: 67,
      liveThreadCount: 3,
      singleThreaded: false,
      gaps: [{ kind: 'STALE_THREAD', role: null, department: null, message: 'The thread to Bill went stale.' }],
    },
  },
];

export const AT_RISK_ACCOUNTS = [
  {
    ...account(0, 'Acme Corp', 120_000_000),
    risk: {
      band: 'RED',
      score: 80,
      zone: 'RED_ZONE',
      zoneReasons: ['High growth potential', 'Referenceable customer'],
      factors: [
        { key: 'mainContactLeft', points: 45, explanation: 'The main contact left the company.' },
        { key: 'singleThreaded', points: 35, explanation: 'Only one live thread remains.' },
      ],
    },
  },
  {
    ...account(3, 'Hooli', 2_000_000),
    risk: {
      band: 'AMBER',
      score: 55,
      zone: 'DEAD_ZONE',
      zoneReasons: ['Low value beyond ARR'],
      factors: [{ key: 'engagement', points: 55, explanation: 'Engagement fell 60 % this quarter.' }],
    },
  },
];

export const OPEN_CASES = [
  {
    id: 'case-1',
    cause: 'MAIN_CONTACT_TURNOVER',
    arrAtRiskMinor: 120_000_000,
    departedOn: '2026-11-11',
    daysAtRisk: 12,
    planCompletion: 0.4,
    overdueStepCount: 2,
    nextStep: { id: 'step-1', title: 'Reach the champion', dueOn: '2026-11-13', overdue: true },
    outlook: { outlook: 'HIGH_RISK', overridden: true, note: 'Budget frozen until Q2' },
    playbookName: 'Main contact left (enterprise)',
    openedAt: '2026-11-11T09:00:00.000Z',
    account: account(0, 'Acme Corp', 120_000_000),
    stakeholder: { id: 'stakeholder-jane', fullName: 'Jane Doe', title: 'VP Finance' },
  },
  {
    id: 'case-2',
    cause: 'OUR_REP_LEFT',
    arrAtRiskMinor: 2_000_000,
    departedOn: null,
    daysAtRisk: 1,
    planCompletion: 0,
    overdueStepCount: 0,
    nextStep: null,
    outlook: { outlook: 'LIKELY_SAVED', overridden: false, note: null },
    playbookName: null,
    openedAt: '2026-11-22T09:00:00.000Z',
    account: account(3, 'Hooli', 2_000_000),
    stakeholder: null,
  },
];

function line(cause: string | null, figures: { open: number; saved: number; churned: number }) {
  return {
    cause,
    openCount: 1,
    openArrAtRiskMinor: figures.open,
    savedCount: figures.saved > 0 ? 1 : 0,
    savedArrMinor: figures.saved,
    churnedCount: figures.churned > 0 ? 1 : 0,
    churnedArrMinor: figures.churned,
    expectedSavedArrMinor: figures.open - Math.round(figures.open * 0.6),
    undecidedArrMinor: Math.round(figures.open * 0.6) - Math.round(figures.open * 0.2),
    highRiskArrMinor: Math.round(figures.open * 0.2),
    averageDaysAtRisk: 6.5,
    averagePlanCompletion: 0.4,
  };
}

export const REPORT = {
  __typename: 'TurnoverReport',
  from: '2026-08-26T00:00:00.000Z',
  to: '2026-11-23T23:59:59.999Z',
  empty: false,
  summary: 'Two accounts are at risk after departures; one was saved and one churned this quarter.',
  saveRate: 0.5,
  arrAtHighRiskMinor: 120_000_000,
  total: line(null, { open: 122_000_000, saved: 30_000_000, churned: 5_000_000 }),
  byCause: [
    line('MAIN_CONTACT_TURNOVER', { open: 120_000_000, saved: 30_000_000, churned: 0 }),
    line('OUR_REP_LEFT', { open: 2_000_000, saved: 0, churned: 5_000_000 }),
  ],
};

/** A period with no case: the API says so in the summary and has no save rate. */
export const EMPTY_REPORT = {
  ...REPORT,
  empty: true,
  summary:
    'Between Jan 1, 2026 and Mar 31, 2026 no customer was saved, lost or at risk from turnover: there is nothing to report.',
  saveRate: null,
  arrAtHighRiskMinor: 0,
  total: {
    ...line(null, { open: 0, saved: 0, churned: 0 }),
    openCount: 0,
    averageDaysAtRisk: null,
    averagePlanCompletion: null,
  },
  byCause: [],
};

/** This week's changes, grouped per account as `accountChanges` answers (TODAY is 2026-11-23T10:00Z). */
export const WEEK_CHANGES = [
  {
    name: 'Acme Corp',
    arrMinor: 120_000_000,
    bandFrom: 'AMBER',
    bandTo: 'RED',
    scoreFrom: 55,
    scoreTo: 80,
    factorsGained: ['departedRoleHolder', 'notAFactorYet'],
    factorsLost: [],
    casesOpened: 1,
    casesClosed: 0,
    flagsRaised: 2,
    flagsConfirmed: 1,
    threadsLost: 1,
    changeCount: 6,
    sentence: 'Acme Corp went from Amber to Red: the main contact left and a case was opened.',
    account: {
      id: 'account-0',
      tier: 'STRATEGIC',
      owner: { name: 'Dana Rep' },
      risk: { band: 'RED', score: 80 },
      riskHistory: [
        { at: '2026-08-31T10:00:00.000Z', score: 30, band: 'YELLOW' },
        { at: '2026-10-12T10:00:00.000Z', score: 80, band: 'RED' },
      ],
    },
  },
  {
    name: 'Globex',
    arrMinor: 45_000_050,
    bandFrom: 'AMBER',
    bandTo: 'GREEN',
    scoreFrom: 50,
    scoreTo: 20,
    factorsGained: [],
    factorsLost: ['singleThreaded'],
    casesOpened: 0,
    casesClosed: 1,
    flagsRaised: 0,
    flagsConfirmed: 0,
    threadsLost: 0,
    changeCount: 3,
    sentence: 'Globex went from Amber to Green: a second thread was built and the case closed.',
    account: {
      id: 'account-1',
      tier: 'KEY',
      owner: null,
      risk: { band: 'GREEN', score: 20 },
      riskHistory: [],
    },
  },
];

/** A note whose body looks like markup: the drawer must show it as text. */
export const HOSTILE_NOTE = '<img src=x onerror="alert(1)"><b>Call the CFO</b>';

export const ACME_TIMELINE = [
  {
    id: 'change-2',
    kind: 'NOTE_ADDED',
    occurredAt: '2026-11-22T09:00:00.000Z',
    sentence: 'Chris CSM added a note.',
    actor: { name: 'Chris CSM' },
    note: { id: 'note-1', body: HOSTILE_NOTE, author: { name: 'Chris CSM' } },
  },
  {
    id: 'change-1',
    kind: 'CASE_OPENED',
    occurredAt: '2026-11-20T09:00:00.000Z',
    sentence: 'A departure case was opened for Jane Doe.',
    actor: null,
    note: null,
  },
];

interface PageArgs {
  first?: number | null;
  after?: string | null;
}

const band = (name: string, accounts: number, churned: number) => ({
  band: name,
  accounts,
  churned,
  rate: accounts === 0 ? null : churned / accounts,
});

/** The track record: 40 accounts judged, 12 churned, 2 left out; a what-if answers other bands. */
export const EVALUATION = {
  from: '2024-11-24',
  to: '2026-11-23',
  horizonDays: 90,
  sampleSize: 40,
  churned: 12,
  excluded: 2,
  recorded: {
    auc: 0.74,
    calibration: [band('GREEN', 20, 2), band('YELLOW', 10, 3), band('AMBER', 6, 4), band('RED', 4, 3)],
  },
  candidate: null,
  factorLifts: [
    {
      factor: 'departedRoleHolder',
      lift: 3.2,
      withFactor: { accounts: 8, churned: 6, rate: 0.75 },
      withoutFactor: { accounts: 32, churned: 6, rate: 0.1875 },
    },
    {
      factor: 'staleThreads',
      lift: 1,
      withFactor: { accounts: 10, churned: 3, rate: 0.3 },
      withoutFactor: { accounts: 30, churned: 9, rate: 0.3 },
    },
    {
      factor: 'usageDrop',
      lift: null,
      withFactor: { accounts: 0, churned: 0, rate: null },
      withoutFactor: { accounts: 40, churned: 12, rate: 0.3 },
    },
  ],
  currentWeights: [
    { factor: 'departedRoleHolder', maxPoints: 30 },
    { factor: 'staleThreads', maxPoints: 8 },
    { factor: 'usageDrop', maxPoints: 10 },
  ],
};

export const CANDIDATE_METRICS = {
  auc: 0.81,
  calibration: [band('GREEN', 24, 2), band('YELLOW', 6, 2), band('AMBER', 5, 3), band('RED', 5, 5)],
};

export class FakeDashboardApi {
  token = VALID_TOKEN;
  /** Set: the token has expired at this instant, and every request is answered 401 TOKEN_EXPIRED. */
  tokenExpiredAt: string | null = null;
  /** No HTTP answer at all. */
  outage = false;
  /** A GraphQL error (HTTP 200 with `errors`) for this operation name. */
  graphqlErrorFor: { operationName: string; message: string } | null = null;
  /** The server's page size cap (small, so pagination shows with a few rows). */
  pageSize = 2;
  gapAccounts: unknown[] = GAP_ACCOUNTS;
  atRiskAccounts: unknown[] = AT_RISK_ACCOUNTS;
  openCases: unknown[] = OPEN_CASES;
  turnoverReport: unknown = REPORT;
  weekChanges: unknown[] = WEEK_CHANGES;
  evaluation: typeof EVALUATION = EVALUATION;
  /** Timeline entries per account id, newest first; `addNote` puts its note first. */
  timelines: Record<string, unknown[]> = { 'account-0': [...ACME_TIMELINE] };
  /** When set, `addNote` answers this typed error instead of adding the note. */
  addNoteError: { __typename: string; code: string; message: string } | null = null;

  readonly received: DashboardRequest[] = [];

  /** The variables of every request for one operation, in order. */
  variablesOf(operationName: string): Record<string, unknown>[] {
    return this.received.filter((request) => request.operationName === operationName).map((r) => r.variables);
  }

  private page(items: unknown[], { first, after }: PageArgs) {
    const start = after ? Number(after.replace('cursor-', '')) : 0;
    const size = Math.min(first ?? this.pageSize, this.pageSize);
    const nodes = items.slice(start, start + size);
    const end = start + nodes.length;
    return {
      totalCount: items.length,
      pageInfo: {
        startCursor: nodes.length > 0 ? `cursor-${start}` : null,
        endCursor: nodes.length > 0 ? `cursor-${end}` : null,
        hasNextPage: end < items.length,
        hasPreviousPage: start > 0,
      },
      edges: [],
      nodes,
    };
  }

  private readonly root = {
    viewer: () => ({
      tokenScope: 'READ_ONLY',
      role: 'MANAGER',
      member: MEMBERS[1],
      organization: { name: 'Acme Software', currency: 'USD', slug: 'acme' },
    }),
    members: () => MEMBERS,
    coverageGaps: (args: PageArgs) => this.page(this.gapAccounts, args),
    atRiskAccounts: (args: PageArgs) => this.page(this.atRiskAccounts, args),
    departureCases: (args: PageArgs) => this.page(this.openCases, args),
    turnoverReport: () => this.turnoverReport,
    accountChanges: (args: PageArgs) => this.page(this.weekChanges, args),
    account: ({ id }: { id: string }) => {
      const timeline = this.timelines[id];
      const week = this.weekChanges.find((node) => (node as { account: { id: string } }).account.id === id) as
        | { name: string }
        | undefined;
      if (!timeline || !week) return null;
      return { id, name: week.name, timeline: this.page(timeline, { first: 30 }) };
    },
    addNote: ({ input }: { input: { accountId: string; body: string } }) => {
      if (this.addNoteError) return this.addNoteError;
      const timeline = this.timelines[input.accountId] ?? [];
      const note = { id: `note-${timeline.length + 1}`, body: input.body, createdAt: '2026-11-23T10:00:00.000Z' };
      timeline.unshift({
        id: `change-${timeline.length + 10}`,
        kind: 'NOTE_ADDED',
        occurredAt: note.createdAt,
        sentence: 'Chris CSM added a note.',
        actor: { name: 'Chris CSM' },
        note: { ...note, author: { name: 'Chris CSM' } },
      });
      this.timelines[input.accountId] = timeline;
      return { __typename: 'AddNotePayload', note };
    },
    riskModelEvaluation: ({ horizonDays, weights }: { horizonDays?: number; weights?: unknown[] | null }) => ({
      ...this.evaluation,
      horizonDays: horizonDays ?? 90,
      candidate: weights ? CANDIDATE_METRICS : null,
    }),
    companyLookup: ({ url }: { url: string }) => ({
      __typename: 'CompanyLookup',
      companyUrl: url,
      account: url === 'linkedin.com/company/acme-corp' ? ACME_MAP : null,
    }),
  };

  readonly handlers = [
    http.post(API_URL, async ({ request }) => {
      if (this.outage) return HttpResponse.error();
      const body = (await request.json()) as { query: string; variables?: Record<string, unknown> };
      const operationName = /^\s*(?:query|mutation)\s+(\w+)/.exec(body.query)?.[1] ?? '(anonymous)';
      this.received.push({ operationName, variables: body.variables ?? {} });
      if (this.tokenExpiredAt) {
        const expiresAt = this.tokenExpiredAt;
        return HttpResponse.json(
          {
            errors: [
              {
                message: `API token expired on ${expiresAt}: create a new one (createApiToken, or ask an admin).`,
                extensions: { code: 'TOKEN_EXPIRED', expiresAt },
              },
            ],
          },
          { status: 401 },
        );
      }
      if (request.headers.get('authorization') !== `Bearer ${this.token}`) {
        return HttpResponse.json(
          { errors: [{ message: 'Invalid or revoked API token.', extensions: { code: 'UNAUTHENTICATED' } }] },
          { status: 401 },
        );
      }
      if (this.graphqlErrorFor?.operationName === operationName) {
        return HttpResponse.json({
          data: null,
          errors: [{ message: this.graphqlErrorFor.message, extensions: { code: 'SOMETHING_ODD' } }],
        });
      }
      const result: ExecutionResult = await graphql({
        schema,
        source: body.query,
        variableValues: body.variables ?? {},
        rootValue: this.root,
      });
      if (result.errors) {
        const errors = result.errors.map((error) => ({ message: error.message }));
        return HttpResponse.json({ errors, data: result.data ?? null }, { status: result.data ? 200 : 400 });
      }
      return HttpResponse.json(result);
    }),
  ];
}

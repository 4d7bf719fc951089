/**
 * The dashboard's reads from the API: the frame (viewer, currency, members), the three paginated
 * lists and the turnover report. Like service.ts, every method sends one typed operation
 * (src/api/operations/dashboard-*.graphql), checks the shape it relies on and never throws.
 *
 * The dashboard is an extension page, not a content script, so it calls the API itself (through
 * api/connection.ts) instead of going through the background.
 */
import { failWith, type ServiceResult, succeed } from '@/api/api-failure';
import type { GraphQLClient } from '@/api/client';
import { openApiClient } from '@/api/connection';
import {
  AddAccountNoteDocument,
  CompanyLookupDocument,
  DashboardAccountActivityDocument,
  type DashboardAccountActivityQuery,
  DashboardAtRiskAccountsDocument,
  type DashboardAtRiskAccountsQuery,
  type DashboardAtRiskAccountsQueryVariables,
  DashboardContextDocument,
  type DashboardContextQuery,
  DashboardCoverageGapsDocument,
  type DashboardCoverageGapsQuery,
  type DashboardCoverageGapsQueryVariables,
  DashboardDepartureCasesDocument,
  type DashboardDepartureCasesQuery,
  type DashboardDepartureCasesQueryVariables,
  DashboardRiskEvaluationDocument,
  type DashboardRiskEvaluationQuery,
  type DashboardRiskEvaluationQueryVariables,
  DashboardThisWeekDocument,
  type DashboardThisWeekQuery,
  type DashboardThisWeekQueryVariables,
  DashboardTurnoverReportDocument,
  type DashboardTurnoverReportQuery,
} from '@/api/generated/graphql';
import { createOperationCall, fromTypedError, KIND_BY_TYPENAME, member } from '@/api/operation-call';
import { check, isRecord } from '@/api/response-shape';
import { type CompanyLookupView, readCompanyLookup } from '@/api/service';

/** One page of a connection, as the dashboard lists use it. */
export interface Page<TNode> {
  nodes: TNode[];
  totalCount: number;
  endCursor: string | null;
  hasNextPage: boolean;
}

export type DashboardContext = DashboardContextQuery;
export type CoverageGapAccount = DashboardCoverageGapsQuery['coverageGaps']['nodes'][number];
export type AtRiskAccount = DashboardAtRiskAccountsQuery['atRiskAccounts']['nodes'][number];
export type DepartureCaseRow = DashboardDepartureCasesQuery['departureCases']['nodes'][number];
export type TurnoverReport = Omit<
  Extract<DashboardTurnoverReportQuery['turnoverReport'], { __typename: 'TurnoverReport' }>,
  '__typename'
>;
export type TurnoverLine = TurnoverReport['total'];
export type AccountWeek = DashboardThisWeekQuery['accountChanges']['nodes'][number];
export type AccountActivity = NonNullable<DashboardAccountActivityQuery['account']>;
export type ActivityEntry = AccountActivity['timeline']['nodes'][number];
export type RiskEvaluation = DashboardRiskEvaluationQuery['riskModelEvaluation'];
export type RiskScoreMetrics = RiskEvaluation['recorded'];

/** Variables without `first`: the service sets the page size. */
type PageVariables<T> = Omit<T, 'first'>;

export interface DashboardService {
  context(): Promise<ServiceResult<DashboardContext>>;
  coverageGaps(
    variables: PageVariables<DashboardCoverageGapsQueryVariables>,
  ): Promise<ServiceResult<Page<CoverageGapAccount>>>;
  atRiskAccounts(
    variables: PageVariables<DashboardAtRiskAccountsQueryVariables>,
  ): Promise<ServiceResult<Page<AtRiskAccount>>>;
  departureCases(
    variables: PageVariables<DashboardDepartureCasesQueryVariables>,
  ): Promise<ServiceResult<Page<DepartureCaseRow>>>;
  /**
   * An account's stakeholders, threads and coverage for its relationship map: the same company
   * lookup the overlay's company card makes, by the account's company page address.
   */
  accountMap(companyUrl: string): Promise<ServiceResult<CompanyLookupView>>;
  /** The report for the period, for one owner's accounts when `ownerId` is given. */
  turnoverReport(period: { from: string; to: string; ownerId?: string }): Promise<ServiceResult<TurnoverReport>>;
  /** The period's changes grouped per account, each account with its risk from `historyFrom` on. */
  accountChanges(variables: PageVariables<DashboardThisWeekQueryVariables>): Promise<ServiceResult<Page<AccountWeek>>>;
  /** The account's latest timeline entries (changes and notes), newest first. */
  accountActivity(accountId: string): Promise<ServiceResult<AccountActivity>>;
  /** Adds a plain-text note to the account. */
  addAccountNote(accountId: string, body: string): Promise<ServiceResult<{ noteId: string }>>;
  /** The risk score's track record over a period's outcomes, and under candidate weights when sent. */
  riskEvaluation(variables: DashboardRiskEvaluationQueryVariables): Promise<ServiceResult<RiskEvaluation>>;
}

/** How many timeline entries the account drawer shows. */
export const ACTIVITY_SIZE = 30;

export const DASHBOARD_PAGE_SIZE = 20;

interface Connection<TNode> {
  totalCount: number;
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
  nodes: TNode[];
}

function readPage<TNode>(connection: Connection<TNode>, field: string): ServiceResult<Page<TNode>> {
  const raw: unknown = connection;
  check(isRecord(raw) && Array.isArray(raw.nodes), `${field}.nodes is missing`);
  check(isRecord(raw.pageInfo) && typeof raw.pageInfo.hasNextPage === 'boolean', `${field}.pageInfo is missing`);
  return succeed({
    nodes: connection.nodes,
    totalCount: typeof connection.totalCount === 'number' ? connection.totalCount : connection.nodes.length,
    endCursor: connection.pageInfo.endCursor,
    hasNextPage: connection.pageInfo.hasNextPage,
  });
}

export function createDashboardService(client: GraphQLClient): DashboardService {
  const call = createOperationCall(client);

  return {
    context: () =>
      call(DashboardContextDocument, {}, (data) => {
        check(isRecord(data.viewer) && isRecord(data.viewer.organization), 'viewer.organization is missing');
        check(typeof data.viewer.organization.currency === 'string', 'organization.currency is missing');
        check(Array.isArray(data.members), 'members is missing');
        return succeed(data);
      }),

    coverageGaps: (variables) =>
      call(DashboardCoverageGapsDocument, { first: DASHBOARD_PAGE_SIZE, ...variables }, (data) =>
        readPage(data.coverageGaps, 'coverageGaps'),
      ),

    atRiskAccounts: (variables) =>
      call(DashboardAtRiskAccountsDocument, { first: DASHBOARD_PAGE_SIZE, ...variables }, (data) =>
        readPage(data.atRiskAccounts, 'atRiskAccounts'),
      ),

    departureCases: (variables) =>
      call(DashboardDepartureCasesDocument, { first: DASHBOARD_PAGE_SIZE, ...variables }, (data) =>
        readPage(data.departureCases, 'departureCases'),
      ),

    accountMap: (companyUrl) => call(CompanyLookupDocument, { url: companyUrl }, readCompanyLookup),

    turnoverReport: (period) =>
      call(DashboardTurnoverReportDocument, period, (data) => {
        const result: unknown = data.turnoverReport;
        check(isRecord(result) && typeof result.__typename === 'string', 'turnoverReport has no __typename');
        const report = data.turnoverReport;
        if (report.__typename !== 'TurnoverReport') {
          const kind = KIND_BY_TYPENAME[report.__typename];
          check(kind !== undefined && typeof report.message === 'string', 'turnoverReport is an unknown error');
          return failWith({ kind, message: report.message, code: report.code });
        }
        check(isRecord(report.total) && Array.isArray(report.byCause), 'turnoverReport lines are missing');
        const { __typename: _typename, ...value } = report;
        return succeed(value);
      }),

    accountChanges: (variables) =>
      call(DashboardThisWeekDocument, { first: DASHBOARD_PAGE_SIZE, ...variables }, (data) => {
        const raw: unknown = data.accountChanges;
        check(isRecord(raw) && Array.isArray(raw.nodes), 'accountChanges.nodes is missing');
        check(
          isRecord(raw.pageInfo) && typeof raw.pageInfo.hasNextPage === 'boolean',
          'accountChanges.pageInfo is missing',
        );
        for (const node of data.accountChanges.nodes) {
          check(isRecord(node.account) && Array.isArray(node.account.riskHistory), 'accountChanges.account is missing');
        }
        const { nodes, pageInfo } = data.accountChanges;
        return succeed({
          nodes,
          totalCount: nodes.length,
          endCursor: pageInfo.endCursor,
          hasNextPage: pageInfo.hasNextPage,
        });
      }),

    accountActivity: (accountId) =>
      call(DashboardAccountActivityDocument, { id: accountId, first: ACTIVITY_SIZE }, (data) => {
        if (data.account === null) return failWith({ kind: 'not-found', message: 'This account no longer exists.' });
        check(
          isRecord(data.account.timeline) && Array.isArray(data.account.timeline.nodes),
          'account.timeline is missing',
        );
        return succeed(data.account);
      }),

    addAccountNote: (accountId, body) =>
      call(AddAccountNoteDocument, { input: { accountId, body } }, (data) => {
        const result = member(data.addNote, 'addNote', 'AddNotePayload');
        if (result.__typename !== 'AddNotePayload') return failWith(fromTypedError(result));
        check(isRecord(result.note) && typeof result.note.id === 'string', 'addNote.note is missing');
        return succeed({ noteId: result.note.id });
      }),

    riskEvaluation: (variables) =>
      call(DashboardRiskEvaluationDocument, variables, (data) => {
        const raw: unknown = data.riskModelEvaluation;
        check(isRecord(raw) && isRecord(raw.recorded), 'riskModelEvaluation.recorded is missing');
        check(Array.isArray(data.riskModelEvaluation.recorded.calibration), 'recorded.calibration is missing');
        check(Array.isArray(data.riskModelEvaluation.factorLifts), 'riskModelEvaluation.factorLifts is missing');
        check(Array.isArray(data.riskModelEvaluation.currentWeights), 'riskModelEvaluation.currentWeights is missing');
        return succeed(data.riskModelEvaluation);
      }),
  };
}

/** The dashboard's service from the saved settings, or why it cannot have one (not connected). */
export async function openDashboardService(): Promise<ServiceResult<DashboardService>> {
  const client = await openApiClient();
  return client.ok ? succeed(createDashboardService(client.value)) : client;
}

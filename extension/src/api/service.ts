/**
 * The Threadwatch service: the extension's operations on the API, on top of client.ts.
 *
 * Each method sends one typed operation (src/api/operations/*.graphql), checks the shape it relies
 * on, turns the schema's typed error results (ValidationError, ConflictError, …) into `ApiFailure`s
 * and never throws: callers get a `ServiceResult`. Lives in the background; content scripts and
 * the popup reach it through runtime messages.
 */
import { failWith, type ServiceResult, succeed } from './api-failure';
import type { GraphQLClient } from './client';
import {
  AddStakeholderFromPageDocument,
  type AddStakeholderFromPageInput,
  type AddStakeholderFromPageMutation,
  CompanyLookupDocument,
  type CompanyLookupQuery,
  FlagJobChangeDocument,
  type FlagJobChangeInput,
  type FlagStatus,
  type LinkProfileInput,
  LinkProfileToStakeholderDocument,
  ProfileLookupDocument,
  type ProfileLookupQuery,
  type TokenScope,
  ViewerDocument,
} from './generated/graphql';
import { createOperationCall, fromTypedError, member } from './operation-call';
import { check, isRecord } from './response-shape';

type Variant<TUnion, TName extends string> = Omit<Extract<TUnion, { __typename: TName }>, '__typename'>;

/** What the API knows about the person on a profile page. */
export type ProfileLookupView = Variant<ProfileLookupQuery['profileLookup'], 'ProfileLookup'>;
/** What the API knows about the company on a company page. */
export type CompanyLookupView = Variant<CompanyLookupQuery['companyLookup'], 'CompanyLookup'>;

/** The company lookup's answer, checked for the shape the company card and the relationship map rely on. */
export function readCompanyLookup(data: CompanyLookupQuery): ServiceResult<CompanyLookupView> {
  const result = member(data.companyLookup, 'companyLookup', 'CompanyLookup');
  if (result.__typename !== 'CompanyLookup') return failWith(fromTypedError(result));
  const { account } = result;
  if (account !== null) {
    check(isRecord(account), 'companyLookup.account is not an object');
    check(isRecord(account.coverage) && Array.isArray(account.coverage.gaps), 'account.coverage is missing');
    check(isRecord(account.risk), 'account.risk is missing');
    check(
      isRecord(account.stakeholders) && Array.isArray(account.stakeholders.nodes),
      'account.stakeholders is missing',
    );
  }
  const { __typename: _typename, ...view } = result;
  return succeed(view);
}

export interface ConnectionInfo {
  memberName: string;
  organizationName: string;
  tokenScope: TokenScope;
  /** When the saved token expires (ISO 8601); null when it does not, or the API does not say. */
  tokenExpiresAt: string | null;
}

export interface FlagRecorded {
  flagId: string;
  status: FlagStatus;
  stakeholderName: string;
  /** True when the API had already recorded this idempotency key (a retry of a delivered flag). */
  replayed: boolean;
  /** True when the person had a pending flag of this kind: this was added to it as another sighting. */
  sighting: boolean;
}

export type PossibleDuplicate = Variant<
  AddStakeholderFromPageMutation['addStakeholderFromPage'],
  'AddStakeholderFromPagePayload'
>['possibleDuplicates'][number];

export type StakeholderAdded =
  | { added: true; stakeholderId: string; fullName: string; replayed: boolean }
  | { added: false; possibleDuplicates: PossibleDuplicate[] };

export interface ProfileLinked {
  stakeholderId: string;
  fullName: string;
  profileUrl: string | null;
}

export interface ThreadwatchService {
  lookupProfile(url: string): Promise<ServiceResult<ProfileLookupView>>;
  lookupCompany(url: string): Promise<ServiceResult<CompanyLookupView>>;
  /** Who the token belongs to: proves URL, token and permission all work. */
  testConnection(): Promise<ServiceResult<ConnectionInfo>>;
  sendFlag(input: FlagJobChangeInput): Promise<ServiceResult<FlagRecorded>>;
  addStakeholder(input: AddStakeholderFromPageInput): Promise<ServiceResult<StakeholderAdded>>;
  linkProfile(input: LinkProfileInput): Promise<ServiceResult<ProfileLinked>>;
}

export function createThreadwatchService(client: GraphQLClient): ThreadwatchService {
  const call = createOperationCall(client);

  return {
    lookupProfile: (url) =>
      call(ProfileLookupDocument, { url }, (data) => {
        const result = member(data.profileLookup, 'profileLookup', 'ProfileLookup');
        if (result.__typename !== 'ProfileLookup') return failWith(fromTypedError(result));
        check('stakeholder' in result, 'profileLookup.stakeholder is missing');
        check(Array.isArray(result.flags), 'profileLookup.flags is missing');
        const { stakeholder } = result;
        if (stakeholder !== null) {
          check(isRecord(stakeholder), 'profileLookup.stakeholder is not an object');
          check(isRecord(stakeholder.account), 'stakeholder.account is missing');
          check(Array.isArray(stakeholder.relationships), 'stakeholder.relationships is missing');
          check(Array.isArray(stakeholder.buyingRoles), 'stakeholder.buyingRoles is missing');
        }
        const { __typename: _typename, ...view } = result;
        // `tracked` is derived here rather than asked for: on the API it costs a second query.
        return succeed({ ...view, tracked: stakeholder !== null });
      }),

    lookupCompany: (url) => call(CompanyLookupDocument, { url }, readCompanyLookup),

    testConnection: () =>
      call(ViewerDocument, {}, ({ viewer }) => {
        check(isRecord(viewer) && isRecord(viewer.member) && isRecord(viewer.organization), 'viewer is incomplete');
        check(typeof viewer.member.name === 'string' && typeof viewer.organization.name === 'string', 'no names');
        return succeed({
          memberName: viewer.member.name,
          organizationName: viewer.organization.name,
          tokenScope: viewer.tokenScope,
          tokenExpiresAt: typeof viewer.token?.expiresAt === 'string' ? viewer.token.expiresAt : null,
        });
      }),

    sendFlag: (input) =>
      call(FlagJobChangeDocument, { input }, (data) => {
        const result = member(data.flagJobChange, 'flagJobChange', 'FlagPayload');
        if (result.__typename !== 'FlagPayload') return failWith(fromTypedError(result));
        check(isRecord(result.flag) && typeof result.flag.id === 'string', 'flagJobChange.flag is missing');
        check(isRecord(result.flag.stakeholder), 'flag.stakeholder is missing');
        return succeed({
          flagId: result.flag.id,
          status: result.flag.status,
          stakeholderName: result.flag.stakeholder.fullName,
          replayed: result.replayed === true,
          sighting: result.sighting === true,
        });
      }),

    addStakeholder: (input) =>
      call(AddStakeholderFromPageDocument, { input }, (data) => {
        const result = member(data.addStakeholderFromPage, 'addStakeholderFromPage', 'AddStakeholderFromPagePayload');
        if (result.__typename !== 'AddStakeholderFromPagePayload') return failWith(fromTypedError(result));
        check(Array.isArray(result.possibleDuplicates), 'addStakeholderFromPage.possibleDuplicates is missing');
        if (result.stakeholder) {
          return succeed({
            added: true,
            stakeholderId: result.stakeholder.id,
            fullName: result.stakeholder.fullName,
            replayed: result.replayed === true,
          });
        }
        check(result.possibleDuplicates.length > 0, 'neither a stakeholder nor possible duplicates');
        return succeed({ added: false, possibleDuplicates: result.possibleDuplicates });
      }),

    linkProfile: (input) =>
      call(LinkProfileToStakeholderDocument, { input }, (data) => {
        const result = member(data.linkProfileToStakeholder, 'linkProfileToStakeholder', 'LinkProfilePayload');
        if (result.__typename !== 'LinkProfilePayload') return failWith(fromTypedError(result));
        check(isRecord(result.stakeholder), 'linkProfileToStakeholder.stakeholder is missing');
        return succeed({
          stakeholderId: result.stakeholder.id,
          fullName: result.stakeholder.fullName,
          profileUrl: result.stakeholder.profileUrl,
        });
      }),
  };
}

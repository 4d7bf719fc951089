/**
 * A fake Threadwatch API for tests: MSW intercepts `fetch` to API_URL, checks the bearer token and
 * executes the operation with graphql-js against the committed schema (api/schema.graphql), so
 * documents and variables are validated for real. Flags are stored by idempotency key, like the
 * real API: a repeated key is a replay, never a second flag.
 *
 * Switches simulate trouble: `outage` (no HTTP answer), `loseResponses` (the API records the
 * flag, then the answer is lost), `respondWith` (any raw answer, e.g. HTML or a 502).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { normalizeProfileUrl } from '@threadwatch/api/linkedin-url';
import { buildSchema, type ExecutionResult, graphql } from 'graphql';
import { HttpResponse, http } from 'msw';
import type { FlagJobChangeInput } from '@/api/generated/graphql';

export const API_ORIGIN = 'https://threadwatch.test';
export const API_URL = `${API_ORIGIN}/graphql`;
export const API_PERMISSION = `${API_ORIGIN}/*`;
export const VALID_TOKEN = `tw_${'A1b2'.repeat(10)}xyz`;
/** When the valid token expires unless a test says otherwise: every token expires, this one far ahead. */
export const VALID_TOKEN_EXPIRES_AT = '2099-12-31T00:00:00.000Z';

export const KNOWN_PROFILE_URL = 'https://www.linkedin.com/in/jane-doe/';
export const KNOWN_STAKEHOLDER_ID = 'U3Rha2Vob2xkZXI6MDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAx';
export const KNOWN_ACCOUNT_ID = 'QWNjb3VudDowMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDI=';

export const SCHEMA_PATH = resolve(import.meta.dirname, '../../../api/schema.graphql');
const schema = buildSchema(readFileSync(SCHEMA_PATH, 'utf8'));

export interface ReceivedRequest {
  operationName: string;
  variables: Record<string, unknown>;
  authorization: string | null;
}

interface StoredFlag {
  id: string;
  input: FlagJobChangeInput;
}

function validationError(path: string[], message: string) {
  return {
    __typename: 'ValidationError',
    code: 'VALIDATION',
    message: `${path.join('.')}: ${message}`,
    issues: [{ path, message }],
  };
}

const jane = {
  id: KNOWN_STAKEHOLDER_ID,
  fullName: 'Jane Doe',
  title: 'VP Finance',
  status: 'ACTIVE',
  buyingRoles: ['ECONOMIC_BUYER'],
  isMainContact: true,
  profileUrl: 'https://www.linkedin.com/in/jane-doe/',
  account: {
    id: KNOWN_ACCOUNT_ID,
    name: 'Acme Corp',
    tier: 'STRATEGIC',
    companyUrl: 'https://www.linkedin.com/company/acme/',
    owner: { name: 'Dana Rep' },
    risk: { band: 'AMBER', score: 55 },
  },
  department: 'Finance',
  seniority: 'VP',
  relationships: [{ strength: 'STRONG', live: true, member: { id: 'TWVtYmVyOjE', name: 'Dana Rep' } }],
};

export class FakeThreadwatchApi {
  token = VALID_TOKEN;
  /** When the valid token expires, as `viewer { token { expiresAt } }` says. */
  tokenExpiresAt: string = VALID_TOKEN_EXPIRES_AT;
  /** Tokens that have expired, with when: answered 401 TOKEN_EXPIRED, as the API does. */
  readonly expiredTokens = new Map<string, string>();
  outage = false;
  loseResponses = false;
  /** A raw answer replacing the GraphQL one (status and body), e.g. an HTML error page. */
  respondWith: { status: number; body: string; contentType?: string } | null = null;
  /** Flags whose input makes this return a message are refused with a ValidationError. */
  refuseFlag: (input: FlagJobChangeInput) => string | null = () => null;

  readonly received: ReceivedRequest[] = [];
  readonly flags = new Map<string, StoredFlag>();
  readonly stakeholdersAdded = new Map<string, { id: string; fullName: string }>();

  /** Every flagJobChange request that reached the API (replays included). */
  flagRequests(): ReceivedRequest[] {
    return this.received.filter((request) => request.operationName === 'FlagJobChange');
  }

  private readonly root = {
    viewer: () => ({
      tokenScope: 'FLAGGING',
      member: { id: 'TWVtYmVyOjE=', name: 'Dana Rep' },
      organization: { name: 'Acme Software' },
      token: { expiresAt: this.tokenExpiresAt },
    }),
    profileLookup: ({ url }: { url: string }) => {
      const result = normalizeProfileUrl(url);
      if (!result.ok) return validationError(['url'], result.reason);
      const tracked = result.key === 'linkedin.com/in/jane-doe';
      return {
        __typename: 'ProfileLookup',
        profileUrl: `https://www.linkedin.com/in/${result.slug}/`,
        tracked,
        stakeholder: tracked ? jane : null,
        flags: [],
      };
    },
    companyLookup: ({ url }: { url: string }) => ({
      __typename: 'CompanyLookup',
      companyUrl: url,
      account: url.includes('/company/acme')
        ? {
            ...jane.account,
            coverage: {
              requiredRoles: ['CHAMPION', 'ECONOMIC_BUYER', 'EXECUTIVE_SPONSOR'],
              filledRoles: ['ECONOMIC_BUYER'],
              missingRoles: ['CHAMPION', 'EXECUTIVE_SPONSOR'],
              coveragePercent: 33,
              liveThreadCount: 1,
              noLiveThread: false,
              singleThreaded: true,
              gaps: [{ kind: 'UNFILLED_ROLE', role: 'CHAMPION', message: 'No champion with a live thread.' }],
            },
            stakeholders: { totalCount: 1, nodes: [jane] },
          }
        : null,
    }),
    flagJobChange: ({ input }: { input: FlagJobChangeInput }) => {
      const refusal = this.refuseFlag(input);
      if (refusal) return validationError(['input'], refusal);
      const existing = this.flags.get(input.idempotencyKey);
      if (existing && JSON.stringify(existing.input) !== JSON.stringify(input)) {
        return {
          __typename: 'ConflictError',
          code: 'CONFLICT',
          message: 'This idempotency key was used for another flag.',
          existingId: existing.id,
        };
      }
      const flag = existing ?? { id: `flag-${this.flags.size + 1}`, input };
      this.flags.set(input.idempotencyKey, flag);
      return {
        __typename: 'FlagPayload',
        replayed: existing !== undefined,
        sighting: false,
        flag: {
          id: flag.id,
          status: 'PENDING',
          matchedBy: 'PROFILE_URL',
          stakeholder: { id: jane.id, fullName: 'Jane Doe' },
        },
      };
    },
    addStakeholderFromPage: ({
      input,
    }: {
      input: { idempotencyKey?: string; fullName: string; notADuplicate?: boolean };
    }) => {
      const key = input.idempotencyKey ?? '';
      if (input.fullName === jane.fullName && !input.notADuplicate) {
        return {
          __typename: 'AddStakeholderFromPagePayload',
          replayed: false,
          stakeholder: null,
          possibleDuplicates: [jane],
        };
      }
      const existing = this.stakeholdersAdded.get(key);
      const added = existing ?? { id: `stakeholder-${this.stakeholdersAdded.size + 1}`, fullName: input.fullName };
      this.stakeholdersAdded.set(key, added);
      return {
        __typename: 'AddStakeholderFromPagePayload',
        replayed: existing !== undefined,
        stakeholder: added,
        possibleDuplicates: [],
      };
    },
    linkProfileToStakeholder: ({ input }: { input: { stakeholderId: string; profileUrl: string } }) =>
      input.stakeholderId === jane.id
        ? { __typename: 'LinkProfilePayload', stakeholder: { ...jane, profileUrl: input.profileUrl } }
        : { __typename: 'NotFoundError', code: 'NOT_FOUND', message: 'Stakeholder not found.', entity: 'Stakeholder' },
  };

  readonly handlers = [
    http.post(API_URL, async ({ request }) => {
      const body = (await request.json()) as { query: string; variables?: Record<string, unknown> };
      // An outage: the request never reaches the API.
      if (this.outage) return HttpResponse.error();
      const operationName = /^\s*(?:query|mutation)\s+(\w+)/.exec(body.query)?.[1] ?? '(anonymous)';
      this.received.push({
        operationName,
        variables: body.variables ?? {},
        authorization: request.headers.get('authorization'),
      });
      if (this.respondWith) {
        const { status, body: raw, contentType } = this.respondWith;
        return new HttpResponse(raw, { status, headers: { 'content-type': contentType ?? 'text/html' } });
      }
      const sent = request.headers.get('authorization')?.replace(/^Bearer /, '') ?? '';
      const expiredAt = this.expiredTokens.get(sent);
      if (expiredAt) {
        return HttpResponse.json(
          {
            errors: [
              {
                message: `API token expired on ${expiredAt}: create a new one (createApiToken, or ask an admin).`,
                extensions: { code: 'TOKEN_EXPIRED', expiresAt: expiredAt },
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
      const result: ExecutionResult = await graphql({
        schema,
        source: body.query,
        variableValues: body.variables ?? {},
        rootValue: this.root,
      });
      if (this.loseResponses) return HttpResponse.error();
      if (result.errors && !result.data) {
        // What Apollo answers for a document or variables the schema refuses.
        const errors = result.errors.map((error) => ({
          message: error.message,
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        }));
        return HttpResponse.json({ errors }, { status: 400 });
      }
      return HttpResponse.json(JSON.parse(JSON.stringify(result)));
    }),
  ];
}

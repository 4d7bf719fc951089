/**
 * A small GraphQL-over-HTTP client for the Threadwatch API: one POST per operation, a bearer
 * token, a timeout, and every way the exchange can fail turned into an `ApiFailure`, here and only
 * here (see api-failure.ts). It knows nothing about Threadwatch's operations; service.ts does.
 *
 * Runs only in the background service worker: content scripts never call the API.
 */
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
import {
  type ApiFailure,
  type ApiFailureIssue,
  type ApiFailureKind,
  failWith,
  type PlainFailureKind,
  type ServiceResult,
  succeed,
} from './api-failure';
import { isRecord } from './response-shape';
import { tokenExpiredMessage } from './token-expiry';

export const DEFAULT_TIMEOUT_MS = 10_000;

/** Longest server-provided message passed on to the user. */
const MAX_MESSAGE_LENGTH = 500;

export interface GraphQLClientOptions {
  /** The GraphQL endpoint, e.g. `https://threadwatch.example.com/graphql`. */
  endpoint: string;
  /** The API token (sent as `Authorization: Bearer <token>`). */
  token: string;
  timeoutMs?: number;
}

/** A generated typed document (`documentMode: 'string'`): its text plus its result and variable types. */
export type GraphQLDocument<TResult, TVariables> = DocumentTypeDecoration<TResult, TVariables> & {
  toString(): string;
};

export interface GraphQLClient {
  /** Resolves with the response's `data`, or with the failure; never rejects. */
  request<TResult, TVariables>(
    document: GraphQLDocument<TResult, TVariables>,
    variables: TVariables,
  ): Promise<ServiceResult<TResult>>;
}

interface GraphQLErrorInfo {
  message: string;
  code?: string;
  issues?: ApiFailureIssue[];
  /** TOKEN_EXPIRED: when the token expired. */
  expiresAt?: string;
}

function clip(text: string): string {
  return text.length <= MAX_MESSAGE_LENGTH ? text : `${text.slice(0, MAX_MESSAGE_LENGTH)}…`;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function readIssues(value: unknown): ApiFailureIssue[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const issues = value.flatMap((issue): ApiFailureIssue[] =>
    isRecord(issue) &&
    typeof issue.message === 'string' &&
    Array.isArray(issue.path) &&
    issue.path.every((part) => typeof part === 'string')
      ? [{ path: issue.path, message: clip(issue.message) }]
      : [],
  );
  return issues.length > 0 ? issues : undefined;
}

/** The `errors` of a GraphQL response body, or an empty list when there are none (or none readable). */
function readGraphQLErrors(body: unknown): GraphQLErrorInfo[] {
  if (!isRecord(body) || !Array.isArray(body.errors)) return [];
  return body.errors.flatMap((error): GraphQLErrorInfo[] => {
    if (!isRecord(error) || typeof error.message !== 'string') return [];
    const extensions = isRecord(error.extensions) ? error.extensions : {};
    const info: GraphQLErrorInfo = { message: clip(error.message) };
    if (typeof extensions.code === 'string') info.code = extensions.code;
    const issues = readIssues(extensions.issues);
    if (issues) info.issues = issues;
    if (typeof extensions.expiresAt === 'string' && !Number.isNaN(Date.parse(extensions.expiresAt)))
      info.expiresAt = extensions.expiresAt;
    return [info];
  });
}

const KIND_BY_CODE: Readonly<Record<string, ApiFailureKind>> = {
  UNAUTHENTICATED: 'unauthenticated',
  TOKEN_EXPIRED: 'token-expired',
  FORBIDDEN: 'forbidden',
  BAD_USER_INPUT: 'validation',
  BAD_REQUEST: 'validation',
  VALIDATION: 'validation',
  GRAPHQL_VALIDATION_FAILED: 'validation',
  GRAPHQL_PARSE_FAILED: 'validation',
  PAYLOAD_TOO_LARGE: 'validation',
  NOT_FOUND: 'not-found',
  CONFLICT: 'conflict',
  INTERNAL_SERVER_ERROR: 'server',
};

function duration(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}

function kindForStatus(status: number): PlainFailureKind {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 408) return 'timeout';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server';
  return 'http';
}

/** Turns one HTTP exchange with the API into data or an ApiFailure. */
class ResponseReader {
  constructor(
    private readonly endpoint: URL,
    private readonly timeoutMs: number,
  ) {}

  private get where(): string {
    return this.endpoint.origin;
  }

  unreachable(): ApiFailure {
    return {
      kind: 'unreachable',
      message: `Cannot reach the Threadwatch API at ${this.where}. Check the URL and that the API is running.`,
    };
  }

  timeout(): ApiFailure {
    return {
      kind: 'timeout',
      message: `The Threadwatch API at ${this.where} did not answer within ${duration(this.timeoutMs)}.`,
    };
  }

  fromGraphQLError(status: number, error: GraphQLErrorInfo): ApiFailure {
    const kind = (error.code && KIND_BY_CODE[error.code]) || (status >= 400 ? kindForStatus(status) : 'graphql');
    const code = error.code ? { code: error.code } : {};
    switch (kind) {
      case 'token-expired':
        return {
          kind,
          message: tokenExpiredMessage(error.expiresAt),
          status,
          ...code,
          ...(error.expiresAt ? { expiresAt: error.expiresAt } : {}),
        };
      case 'validation':
        return { kind, message: error.message, status, ...code, ...(error.issues ? { issues: error.issues } : {}) };
      case 'unauthenticated':
        return { kind, message: `Token rejected: ${error.message}`, status, ...code };
      default:
        return { kind, message: error.message, status, ...code };
    }
  }

  fromStatus(status: number): ApiFailure {
    const kind = kindForStatus(status);
    return { kind, message: this.statusMessage(kind, status), status };
  }

  private statusMessage(kind: ApiFailureKind, status: number): string {
    switch (kind) {
      case 'unauthenticated':
        return 'Token rejected (HTTP 401).';
      case 'forbidden':
        return 'The API refused this request (HTTP 403).';
      case 'timeout':
        return `The Threadwatch API at ${this.where} timed out (HTTP 408).`;
      case 'rate-limited':
        return 'The API is receiving too many requests (HTTP 429); trying again later.';
      case 'server':
        return `The Threadwatch API at ${this.where} failed (HTTP ${status}).`;
      default:
        return status === 404
          ? `There is no GraphQL API at ${this.endpoint.href} (HTTP 404). Check the API URL.`
          : `The API answered with HTTP ${status}.`;
    }
  }

  malformed(status: number, what: string): ApiFailure {
    return {
      kind: 'malformed-response',
      message: `The server at ${this.endpoint.href} answered with ${what}, not a Threadwatch GraphQL response.`,
      status,
    };
  }

  redirected(status: number): ApiFailure {
    return {
      kind: 'http',
      message: `The API URL ${this.endpoint.href} redirects elsewhere${status ? ` (HTTP ${status})` : ''}. Enter the final GraphQL URL.`,
      ...(status ? { status } : {}),
    };
  }

  /** Turns an HTTP answer into `data`, or the matching failure. */
  interpret(response: Response, text: string): ServiceResult<unknown> {
    const { status } = response;
    if (response.type === 'opaqueredirect' || (status >= 300 && status < 400)) return failWith(this.redirected(status));
    const parsed = parseJson(text);
    const body = parsed.ok ? parsed.value : undefined;
    const [firstError] = readGraphQLErrors(body);
    if (status === 401) {
      if (!firstError) return failWith(this.fromStatus(401));
      const code = firstError.code === 'TOKEN_EXPIRED' ? 'TOKEN_EXPIRED' : 'UNAUTHENTICATED';
      return failWith(this.fromGraphQLError(status, { ...firstError, code }));
    }
    if (firstError) return failWith(this.fromGraphQLError(status, firstError));
    if (status < 200 || status >= 300) return failWith(this.fromStatus(status));
    if (!parsed.ok) {
      return failWith(this.malformed(status, text.trim() === '' ? 'an empty body' : 'something other than JSON'));
    }
    if (!isRecord(body) || !isRecord(body.data)) return failWith(this.malformed(status, 'JSON without a data object'));
    return succeed(body.data);
  }
}

export function createGraphQLClient(options: GraphQLClientOptions): GraphQLClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let endpoint: URL | null;
  try {
    endpoint = new URL(options.endpoint);
  } catch {
    endpoint = null;
  }

  return {
    async request<TResult, TVariables>(
      document: GraphQLDocument<TResult, TVariables>,
      variables: TVariables,
    ): Promise<ServiceResult<TResult>> {
      if (!endpoint) {
        return failWith({ kind: 'not-configured', message: 'The API URL is not a valid address. Fix it in settings.' });
      }
      const reader = new ResponseReader(endpoint, timeoutMs);
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
      try {
        let response: Response;
        let text: string;
        try {
          response = await fetch(endpoint, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              accept: 'application/graphql-response+json, application/json',
              authorization: `Bearer ${options.token}`,
            },
            body: JSON.stringify({ query: document.toString(), variables }),
            signal: controller.signal,
            credentials: 'omit',
            cache: 'no-store',
            redirect: 'manual',
          });
          text = await response.text();
        } catch {
          return failWith(timedOut ? reader.timeout() : reader.unreachable());
        }
        // The generated document's result type is the contract: the API validated the operation
        // against the same schema. service.ts checks the shape it relies on before using it.
        return reader.interpret(response, text) as ServiceResult<TResult>;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

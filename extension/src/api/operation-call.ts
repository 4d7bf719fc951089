/**
 * Sending one typed operation and reading its answer, as the services (service.ts and the
 * dashboard's) do it: the client's failures pass through as they are, an unexpected shape becomes
 * a failure, and the schema's typed error results (ValidationError, ConflictError, …) become
 * `ApiFailure`s. Never throws.
 */
import { type ApiFailure, type ApiFailureKind, failWith, type ServiceResult } from './api-failure';
import type { GraphQLClient, GraphQLDocument } from './client';
import { check, isRecord } from './response-shape';

/** Sends one operation and reads its data with `read`, which may throw on an unexpected shape. */
export type OperationCall = <TResult, TVariables, TValue>(
  document: GraphQLDocument<TResult, TVariables>,
  variables: TVariables,
  read: (data: TResult) => ServiceResult<TValue>,
) => Promise<ServiceResult<TValue>>;

/** The call for `client`: its failures as they are, an unexpected shape as a failure. */
export function createOperationCall(client: GraphQLClient): OperationCall {
  return async function call<TResult, TVariables, TValue>(
    document: GraphQLDocument<TResult, TVariables>,
    variables: TVariables,
    read: (data: TResult) => ServiceResult<TValue>,
  ): Promise<ServiceResult<TValue>> {
    const answer = await client.request(document, variables);
    if (!answer.ok) return answer;
    try {
      return read(answer.value);
    } catch {
      // A missing or mistyped field: the answer is not what the schema promises.
      return failWith({
        kind: 'malformed-response',
        message: 'The API answered, but not in the shape this version of Threadwatch expects.',
      });
    }
  };
}

/** The typed error results of the schema's result unions, as the ApiErrorFields fragment selects them. */
type TypedErrorResult =
  | { __typename: 'ValidationError'; code: string; message: string; issues: { path: string[]; message: string }[] }
  | { __typename: 'ConflictError'; code: string; message: string; existingId: string | null }
  | { __typename: 'ForbiddenError'; code: string; message: string }
  | { __typename: 'NotFoundError'; code: string; message: string; entity: string };

export const KIND_BY_TYPENAME: Record<TypedErrorResult['__typename'], ApiFailureKind> = {
  ValidationError: 'validation',
  ConflictError: 'conflict',
  ForbiddenError: 'forbidden',
  NotFoundError: 'not-found',
};

export function fromTypedError(result: TypedErrorResult): ApiFailure {
  const { message, code } = result;
  switch (result.__typename) {
    case 'ValidationError':
      return { kind: 'validation', message, code, ...(result.issues.length > 0 ? { issues: result.issues } : {}) };
    case 'ConflictError':
      return { kind: 'conflict', message, code, ...(result.existingId ? { existingId: result.existingId } : {}) };
    case 'ForbiddenError':
      return { kind: 'forbidden', message, code };
    case 'NotFoundError':
      return { kind: 'not-found', message, code };
  }
}

/**
 * Checks which member of a result union the API answered with, before any field of it is read:
 * the expected payload, or one of the typed errors (which must carry a code and a message).
 */
export function member<TUnion extends { __typename: string }>(value: TUnion, field: string, payload: string): TUnion {
  const raw: unknown = value;
  check(isRecord(raw) && typeof raw.__typename === 'string', `${field} has no __typename`);
  if (raw.__typename === payload) return value;
  check(Object.hasOwn(KIND_BY_TYPENAME, raw.__typename), `${field} is an unknown ${raw.__typename}`);
  check(typeof raw.message === 'string' && typeof raw.code === 'string', `${field} has no code or message`);
  return value;
}

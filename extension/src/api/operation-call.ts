/**
 * Sending one typed operation and reading its answer, as the services (service.ts and the
 * dashboard's) do it: transport errors and unexpected shapes become failures, and the schema's
 * typed error results (ValidationError, ConflictError, …) become `ApiFailure`s. Never throws.
 */
import { ApiError, type ApiFailure, type ApiFailureKind, failWith, type ServiceResult } from './api-failure';
import type { GraphQLClient, GraphQLDocument } from './client';
import { check, isRecord } from './response-shape';

/** Sends one operation and reads its data with `read`, which may throw on an unexpected shape. */
export type OperationCall = <TResult, TVariables, TValue>(
  document: GraphQLDocument<TResult, TVariables>,
  variables: TVariables,
  read: (data: TResult) => ServiceResult<TValue>,
) => Promise<ServiceResult<TValue>>;

/** The call for `client`: maps transport errors and unexpected shapes to failures. */
export function createOperationCall(client: GraphQLClient): OperationCall {
  return async function call<TResult, TVariables, TValue>(
    document: GraphQLDocument<TResult, TVariables>,
    variables: TVariables,
    read: (data: TResult) => ServiceResult<TValue>,
  ): Promise<ServiceResult<TValue>> {
    let data: TResult;
    try {
      data = await client.request(document, variables);
    } catch (error) {
      if (error instanceof ApiError) return failWith(error.failure);
      return failWith({ kind: 'unreachable', message: 'The request to the Threadwatch API could not be made.' });
    }
    try {
      return read(data);
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
  const failure: ApiFailure = { kind: KIND_BY_TYPENAME[result.__typename], message: result.message, code: result.code };
  if (result.__typename === 'ValidationError' && result.issues.length > 0) failure.issues = result.issues;
  if (result.__typename === 'ConflictError' && result.existingId) failure.existingId = result.existingId;
  return failure;
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

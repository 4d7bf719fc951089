// A small Threadwatch client for front-end code: fetch, a bearer token, typed errors, and a helper that
// reads a whole Relay connection. It depends on nothing but `fetch`; copy it and adapt it.

export interface GraphQLErrorEntry {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: { code?: string; [key: string]: unknown };
}

/** The server answered, but with `errors[]`: the operation, or part of it, failed. */
export class GraphQLResponseError extends Error {
  override name = 'GraphQLResponseError';
  constructor(
    /** The HTTP status: 200 for field errors, 400 for an invalid operation, 401 without a valid token. */
    readonly status: number,
    readonly errors: readonly GraphQLErrorEntry[],
    /** What could still be answered (null when nothing could). */
    readonly data: unknown,
  ) {
    super(errors.map((error) => error.message).join('; ') || `GraphQL request failed with HTTP ${status}.`);
  }

  /** The `extensions.code` of the first error, e.g. `UNAUTHENTICATED` or `VALIDATION`. */
  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

/** No GraphQL answer at all: the network failed, or something in between answered (a proxy's 502). */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    /** 0 when no response arrived. */
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface Connection<TNode> {
  totalCount?: number;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  nodes: TNode[];
}

export interface ClientOptions {
  /** The GraphQL URL, e.g. http://127.0.0.1:4000/graphql. */
  endpoint: string;
  /** An API token; null sends no Authorization header. */
  token: string | null;
  fetch?: typeof fetch;
}

export type Variables = Record<string, unknown>;

export interface ThreadwatchClient {
  /** Runs one operation and returns its `data`; throws GraphQLResponseError or HttpError. */
  request<TData, TVariables extends Variables = Variables>(query: string, variables?: TVariables): Promise<TData>;
  /**
   * Reads every page of a connection. The operation must declare `$after: String` and pass it to the
   * connection; `select` picks the connection out of each page's data.
   */
  paginate<TData, TNode>(
    query: string,
    variables: Variables,
    select: (data: TData) => Connection<TNode>,
  ): AsyncGenerator<TNode[], void, undefined>;
}

export function createClient(options: ClientOptions): ThreadwatchClient {
  const send = options.fetch ?? fetch;

  async function request<TData, TVariables extends Variables = Variables>(
    query: string,
    variables?: TVariables,
  ): Promise<TData> {
    let response: Response;
    try {
      response = await send(options.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        body: JSON.stringify({ query, variables: variables ?? {} }),
      });
    } catch (error) {
      throw new HttpError(0, `Threadwatch API unreachable: ${error instanceof Error ? error.message : String(error)}`);
    }
    const text = await response.text();
    let body: { data?: unknown; errors?: GraphQLErrorEntry[] } | undefined;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!body || typeof body !== 'object' || (!('data' in body) && !Array.isArray(body.errors))) {
      throw new HttpError(response.status, `Threadwatch API answered HTTP ${response.status} without a GraphQL body.`);
    }
    if (body.errors?.length) throw new GraphQLResponseError(response.status, body.errors, body.data ?? null);
    if (!response.ok || body.data == null) {
      throw new HttpError(response.status, `Threadwatch API answered HTTP ${response.status} without data.`);
    }
    return body.data as TData;
  }

  async function* paginate<TData, TNode>(
    query: string,
    variables: Variables,
    select: (data: TData) => Connection<TNode>,
  ): AsyncGenerator<TNode[], void, undefined> {
    let after: string | null = null;
    for (;;) {
      const connection = select(await request<TData>(query, { ...variables, after }));
      yield connection.nodes;
      if (!connection.pageInfo.hasNextPage) return;
      if (!connection.pageInfo.endCursor || connection.pageInfo.endCursor === after) {
        throw new Error('The connection has a next page but no new end cursor: select pageInfo { endCursor }.');
      }
      after = connection.pageInfo.endCursor;
    }
  }

  return { request, paginate };
}

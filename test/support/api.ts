// A real API for a test file: fresh database, HTTP server on a free loopback port, and organizations
// with one member per role and a token each.
import type { MemberRole, PrismaClient, TokenScope } from '@threadwatch/db/client';
import { createLogger } from '../../api/src/logger.ts';
import { type RunningServer, type ServerOptions, startServer } from '../../api/src/server.ts';
import { storeNewToken, tokenExpiryFor } from '../../api/src/services/api-tokens.ts';
import { freshDatabase, type TestDatabase } from './database.ts';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: { code?: string; [key: string]: unknown } }>;
}

export interface TestApi {
  db: TestDatabase;
  prisma: PrismaClient;
  url: string;
  server: RunningServer;
  /** Sends a GraphQL request over HTTP, as a client would. */
  gql<T = Record<string, unknown>>(
    token: string | null,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/** Starts the API on a fresh database; `options` override the server's defaults (limits, budget, logger…). */
export async function startTestApi(options: Partial<ServerOptions> = {}): Promise<TestApi> {
  const db = await freshDatabase();
  const server = await startServer({
    prisma: db.prisma,
    logger: createLogger('silent'),
    readiness: db,
    poolStats: () => db.poolStats(),
    databaseKind: db.kind,
    ...options,
    port: 0,
    host: '127.0.0.1',
  });
  return {
    db,
    prisma: db.prisma,
    url: server.url,
    server,
    async gql(token, query, variables) {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as Omit<GraphQLResponse, 'status'>;
      return { status: response.status, ...body } as GraphQLResponse<never>;
    },
    async close() {
      await server.stop();
      await db.close();
    },
  };
}

export interface TestMember {
  id: string;
  token: string;
}

export interface TestOrganization {
  id: string;
  admin: TestMember;
  manager: TestMember;
  csm: TestMember;
  rep: TestMember;
}

export async function createToken(
  prisma: PrismaClient,
  organizationId: string,
  memberId: string,
  scope: TokenScope = 'FULL',
  expiresAt: Date = tokenExpiryFor({}),
): Promise<string> {
  const { secret } = await storeNewToken(prisma, { organizationId, memberId, name: `test ${scope}`, scope, expiresAt });
  return secret;
}

export async function createOrganization(prisma: PrismaClient, slug: string): Promise<TestOrganization> {
  const organization = await prisma.organization.create({ data: { name: `Org ${slug}`, slug } });
  const member = async (role: MemberRole): Promise<TestMember> => {
    const row = await prisma.member.create({
      data: {
        organizationId: organization.id,
        name: `${role} of ${slug}`,
        email: `${role.toLowerCase()}@${slug}.example`,
        role,
      },
    });
    return { id: row.id, token: await createToken(prisma, organization.id, row.id) };
  };
  return {
    id: organization.id,
    admin: await member('ADMIN'),
    manager: await member('MANAGER'),
    csm: await member('CSM'),
    rep: await member('REP'),
  };
}

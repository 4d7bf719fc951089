// The bench's stack floor: the API's libraries (Apollo Server, graphql-js, Pothos with its Prisma and
// Relay plugins, the Prisma client through the same adapter-pg factory and statement naming as the
// API) with nothing of Threadwatch's own: no authentication, no tenancy plugin, no cost limits, no
// logging, no plugins of its own. The organization is a fixed WHERE condition, so the shapes of
// peer.ts return the same rows as the other targets. What Threadwatch costs beyond this server is
// its own code; what this server costs beyond the SQL floor is the stack's.
//
// STACK_MODE=bare serves instead one hand-written graphql-js field (`{ role }`, answered from
// STACK_ROLE) through Apollo Server: the HTTP and Apollo floor, without Pothos, Prisma or a database.
//
// HTTP: node:http hands each JSON POST to Apollo's executeHTTPGraphQLRequest, as the API's own fast
// path does (Express, CORS and body-parser would be costs of the HTTP layer, not of the stack).
// Apollo's cache-control plugin is disabled, as in the API.
//
// Environment: STACK_DATABASE_URL, STACK_ORGANIZATION_ID, PORT; STACK_MODE=bare with STACK_ROLE.
import { createServer, type IncomingMessage } from 'node:http';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import {
  AccountTier,
  BuyingRole,
  FlagStatus,
  JobChangeKind,
  MemberRole,
  type Prisma,
  RelationshipStrength,
  RiskBand,
  RiskZone,
  StakeholderStatus,
} from '@threadwatch/db/client';
import { type Database, openDatabase } from '@threadwatch/db/database';
import type PrismaTypes from '@threadwatch/db/generated/pothos-types.ts';
import { getDatamodel } from '@threadwatch/db/generated/pothos-types.ts';
import { GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';

/** Job-change flags a lookup shows: pending ones, and ones decided in the last 30 days. */
const RECENTLY_DECIDED_MS = 30 * 86_400_000;

function stackSchema(db: Database, organizationId: string): GraphQLSchema {
  const prisma = db.prisma;
  const builder = new SchemaBuilder<{
    PrismaTypes: PrismaTypes;
    DefaultFieldNullability: false;
    Scalars: {
      DateTime: { Input: Date; Output: Date };
      BigInt: { Input: bigint; Output: bigint };
      JSON: { Input: unknown; Output: unknown };
    };
  }>({
    plugins: [RelayPlugin, PrismaPlugin],
    defaultFieldNullability: false,
    relay: { clientMutationId: 'omit', cursorType: 'String', nodesOnConnection: true },
    prisma: { client: prisma, dmmf: getDatamodel(), onUnusedQuery: null },
    // Type-checking only: the bench's program also holds the API's builder, whose scope-auth plugin
    // declares this option for every builder. This one does not load that plugin, which never reads it.
    scopeAuth: { authScopes: () => ({}) },
  });

  builder.scalarType('DateTime', {
    serialize: (value) => value.toISOString(),
    parseValue: (value) => new Date(String(value)),
  });
  builder.scalarType('BigInt', {
    serialize: (value) => value.toString(),
    parseValue: (value) => BigInt(String(value)),
  });
  builder.scalarType('JSON', { serialize: (value) => value, parseValue: (value) => value });

  const Role = builder.enumType(MemberRole, { name: 'MemberRole' });
  const Tier = builder.enumType(AccountTier, { name: 'AccountTier' });
  const Band = builder.enumType(RiskBand, { name: 'RiskBand' });
  const Zone = builder.enumType(RiskZone, { name: 'RiskZone' });
  const Status = builder.enumType(StakeholderStatus, { name: 'StakeholderStatus' });
  const Buying = builder.enumType(BuyingRole, { name: 'BuyingRole' });
  const Strength = builder.enumType(RelationshipStrength, { name: 'RelationshipStrength' });
  const Kind = builder.enumType(JobChangeKind, { name: 'JobChangeKind' });
  const Flag = builder.enumType(FlagStatus, { name: 'FlagStatus' });

  builder.prismaObject('Member', {
    fields: (t) => ({
      id: t.exposeID('id'),
      name: t.exposeString('name'),
      role: t.expose('role', { type: Role }),
      deactivatedAt: t.expose('deactivatedAt', { type: 'DateTime', nullable: true }),
    }),
  });

  builder.prismaObject('Account', {
    fields: (t) => ({
      id: t.exposeID('id'),
      name: t.exposeString('name'),
      arrMinor: t.expose('arrMinor', { type: 'BigInt' }),
      tier: t.expose('tier', { type: Tier }),
      companyUrl: t.exposeString('companyUrl', { nullable: true }),
      riskScore: t.exposeInt('riskScore'),
      riskBand: t.expose('riskBand', { type: Band }),
      riskZone: t.expose('riskZone', { type: Zone, nullable: true }),
      riskFactors: t.expose('riskFactors', { type: 'JSON' }),
      owner: t.relation('owner', { nullable: true }),
      stakeholders: t.relatedConnection('stakeholders', {
        cursor: 'id',
        query: { orderBy: [{ isMainContact: 'desc' }, { fullName: 'asc' }, { id: 'asc' }] },
      }),
    }),
  });

  builder.prismaObject('Stakeholder', {
    fields: (t) => ({
      id: t.exposeID('id'),
      fullName: t.exposeString('fullName'),
      title: t.exposeString('title', { nullable: true }),
      status: t.expose('status', { type: Status }),
      buyingRoles: t.expose('buyingRoles', { type: [Buying] }),
      isMainContact: t.exposeBoolean('isMainContact'),
      account: t.relation('account'),
      relationships: t.relation('relationships', {
        query: { orderBy: [{ strength: 'asc' }, { lastTouchAt: { sort: 'desc', nulls: 'last' } }] },
      }),
      jobChangeFlags: t.relation('flags', {
        query: () => ({
          where: {
            OR: [{ status: 'PENDING' }, { reviewedAt: { gte: new Date(Date.now() - RECENTLY_DECIDED_MS) } }],
          },
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          take: 20,
        }),
      }),
    }),
  });

  builder.prismaObject('Relationship', {
    fields: (t) => ({
      strength: t.expose('strength', { type: Strength }),
      lastTouchAt: t.expose('lastTouchAt', { type: 'DateTime', nullable: true }),
      member: t.relation('member'),
    }),
  });

  builder.prismaObject('JobChangeFlag', {
    fields: (t) => ({
      id: t.exposeID('id'),
      kind: t.expose('kind', { type: Kind }),
      status: t.expose('status', { type: Flag }),
      observedCompany: t.exposeString('observedCompany', { nullable: true }),
      observedAt: t.expose('observedAt', { type: 'DateTime' }),
      reviewedAt: t.expose('reviewedAt', { type: 'DateTime', nullable: true }),
    }),
  });

  const atRisk: Prisma.AccountWhereInput = { organizationId, riskBand: { in: ['AMBER', 'RED'] } };
  builder.queryType({
    fields: (t) => ({
      member: t.prismaField({
        type: 'Member',
        nullable: true,
        args: { id: t.arg.id({ required: true }) },
        resolve: (query, _root, args) =>
          prisma.member.findUnique({ ...query, where: { organizationId_id: { organizationId, id: String(args.id) } } }),
      }),
      stakeholder: t.prismaField({
        type: 'Stakeholder',
        nullable: true,
        args: { profileUrl: t.arg.string({ required: true }) },
        resolve: (query, _root, args) =>
          prisma.stakeholder.findUnique({
            ...query,
            where: { organizationId_profileUrl: { organizationId, profileUrl: args.profileUrl } },
          }),
      }),
      atRiskAccounts: t.prismaConnection({
        type: 'Account',
        cursor: 'id',
        totalCount: () => prisma.account.count({ where: atRisk }),
        resolve: (query) =>
          prisma.account.findMany({
            ...query,
            where: atRisk,
            orderBy: [{ riskScore: 'desc' }, { arrMinor: 'desc' }, { id: 'asc' }],
          }),
      }),
    }),
  });
  return builder.toSchema();
}

/** One field written with graphql-js alone. */
function bareSchema(role: string): GraphQLSchema {
  return new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: { role: { type: new GraphQLNonNull(GraphQLString), resolve: () => role } },
    }),
  });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const bare = process.env.STACK_MODE === 'bare';
const db = bare ? null : await openDatabase({ kind: 'postgres', url: process.env.STACK_DATABASE_URL ?? '' });
const schema = db
  ? stackSchema(db, process.env.STACK_ORGANIZATION_ID ?? '')
  : bareSchema(process.env.STACK_ROLE ?? 'MEMBER');
const apollo = new ApolloServer({ schema, plugins: [ApolloServerPluginCacheControlDisabled()] });
await apollo.start();

const server = createServer((req, res) => {
  void (async () => {
    try {
      const text = await readBody(req);
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers))
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      const answer = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: {
          method: req.method ?? 'GET',
          headers,
          search: new URL(req.url ?? '/', 'http://localhost').search,
          body: text ? JSON.parse(text) : undefined,
        },
        context: async () => ({}),
      });
      for (const [key, value] of answer.headers) res.setHeader(key, value);
      res.statusCode = answer.status ?? 200;
      if (answer.body.kind === 'complete') res.end(answer.body.string);
      else {
        for await (const chunk of answer.body.asyncIterator) res.write(chunk);
        res.end();
      }
    } catch (error) {
      res.statusCode = 400;
      res.end(String(error));
    }
  })();
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => {
  console.log(`GraphQL: http://127.0.0.1:${process.env.PORT}/graphql`);
});
process.on('SIGTERM', () => {
  server.close();
  void apollo
    .stop()
    .then(() => db?.close())
    .then(() => process.exit(0));
});

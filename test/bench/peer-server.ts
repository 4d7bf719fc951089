// The bench's PostGraphile server (a dev dependency of the bench only), in a process of its own
// like the API: the schema of tenancy views that peer.ts creates, read only, one pool of 10.
//
// Environment: PEER_DATABASE_URL, PEER_SCHEMA, PORT, and PEER_JWT_SECRET for the authenticated mode
// (each request's JWT is verified and its role and organization become settings of a transaction
// of its own, PostGraphile's per-request authentication).
import { createServer } from 'node:http';
import pg from 'pg';
import { postgraphile } from 'postgraphile';

const pool = new pg.Pool({ connectionString: process.env.PEER_DATABASE_URL, max: 10 });
const secret = process.env.PEER_JWT_SECRET;
const middleware = postgraphile(pool, process.env.PEER_SCHEMA ?? 'public', {
  graphqlRoute: '/graphql',
  disableDefaultMutations: true,
  dynamicJson: true,
  setofFunctionsContainNulls: false,
  legacyRelations: 'omit',
  disableQueryLog: true,
  watchPg: false,
  retryOnInitFail: false,
  ...(secret ? { jwtSecret: secret, jwtVerifyOptions: { algorithms: ['HS256'] } } : {}),
});

const server = createServer(middleware);
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => {
  console.log(`GraphQL: http://127.0.0.1:${process.env.PORT}/graphql`);
});
process.on('SIGTERM', () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});

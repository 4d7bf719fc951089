// profileLookup over HTTP against the API in its own process, next to the floor: the same lookup as
// one prepared SQL query through node-postgres.
import pg from 'pg';
import { httpLoad } from './load.ts';
import { type BenchDatabase, ms, percentile } from './support.ts';

const LOOKUP = `query Lookup($url: String!) {
  profileLookup(url: $url) {
    ... on ProfileLookup {
      stakeholder {
        fullName status buyingRoles isMainContact
        account { name tier owner { name } }
        relationships { strength live member { name } }
      }
    }
    ... on ValidationError { issues { message } }
  }
}`;

/** The URL variants a browser shows for one profile. */
function variants(key: string): string[] {
  const slug = key.slice('linkedin.com/in/'.length);
  return [
    `https://www.linkedin.com/in/${slug}/`,
    `https://de.linkedin.com/in/${slug}?trk=public_profile`,
    `linkedin.com/in/${slug.toUpperCase()}/fr/`,
    `https://m.linkedin.com/in/${encodeURIComponent(slug)}#experience`,
  ];
}

const FLOOR_SQL = `
  SELECT s.id, s."fullName", s.status, s."buyingRoles", s."isMainContact", a.name AS account, a.tier, m.name AS owner,
    (SELECT coalesce(json_agg(json_build_object('strength', r.strength, 'lastTouchAt', r."lastTouchAt", 'member', rm.name)), '[]')
       FROM "Relationship" r JOIN "Member" rm ON rm.id = r."memberId"
      WHERE r."organizationId" = s."organizationId" AND r."stakeholderId" = s.id) AS threads
  FROM "Stakeholder" s
  JOIN "Account" a ON a.id = s."accountId"
  LEFT JOIN "Member" m ON m.id = a."ownerId"
  WHERE s."organizationId" = $1 AND s."profileUrl" = $2`;

export async function floor(url: string, organizationId: string, keys: string[], seconds: number, connections: number) {
  const pool = new pg.Pool({ connectionString: url, max: connections });
  const query = (key: string) => pool.query({ name: 'lookup', text: FLOOR_SQL, values: [organizationId, key] });
  for (const key of keys.slice(0, 200)) await query(key);
  const latencies: number[] = [];
  for (let i = 0; i < 5000; i++) {
    const started = performance.now();
    await query(keys[i % keys.length] ?? '');
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  let done = 0;
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async (_, worker) => {
      for (let i = worker; Date.now() < until; i += connections) {
        await query(keys[i % keys.length] ?? '');
        done++;
      }
    }),
  );
  await pool.end();
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), rps: done / seconds };
}

export async function profileLookupBench(
  apiUrl: string,
  db: BenchDatabase,
  token: string,
  organizationId: string,
  keys: string[],
  options: { seconds: number; connections: number },
): Promise<string[]> {
  const bodies = keys
    .flatMap((key) => variants(key))
    .map((url) => JSON.stringify({ query: LOOKUP, variables: { url } }));
  const lines: string[] = [];
  // Warm up: caches, JIT, connections.
  await httpLoad(apiUrl, token, bodies, 2, options.connections);
  const sequential = await httpLoad(apiUrl, token, bodies, options.seconds, 1);
  const loaded = await httpLoad(apiUrl, token, bodies, options.seconds, options.connections);
  // What every request pays before the lookup: HTTP, token check, GraphQL execution.
  const trivial = await httpLoad(apiUrl, token, [JSON.stringify({ query: '{ viewer { role } }' })], options.seconds, 1);
  lines.push(
    `    { viewer { role } }, 1 connection:        p50 ${ms(trivial.p50)}  p99 ${ms(trivial.p99)}  ${trivial.rps.toFixed(0)} req/s`,
    `    profileLookup, 1 connection:              p50 ${ms(sequential.p50)}  p99 ${ms(sequential.p99)}  ${sequential.rps.toFixed(0)} req/s  (${sequential.errors} errors)`,
    `    profileLookup, ${options.connections} connections:            p50 ${ms(loaded.p50)}  p99 ${ms(loaded.p99)}  ${loaded.rps.toFixed(0)} req/s  (${loaded.errors} errors)`,
  );
  if (db.kind === 'postgres') {
    const base = await floor(db.url, organizationId, keys, options.seconds, options.connections);
    lines.push(
      `    floor: one prepared SQL query (node-postgres): p50 ${ms(base.p50)}  p99 ${ms(base.p99)}  ${base.rps.toFixed(0)} queries/s at ${options.connections} connections`,
      `    profileLookup p50 / floor p50: ${(sequential.p50 / base.p50).toFixed(1)}×`,
    );
  }
  return lines;
}

// profileLookup over HTTP against the API in its own process, at fixed arrival rates, next to the floor:
// the same lookup as one prepared SQL query through node-postgres, sent by the same generator.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@threadwatch/db/database';
import { type GeneratorReport, highestPassingRate, type LoadGenerator, rateLine } from './open-loop.ts';
import type { ApiProcess, BenchDatabase } from './support.ts';

/** The goal the highest-rate search holds the lookup to. */
const LOOKUP_P99_GOAL_MS = 10;
/** As many connections as the API's pool. */
const FLOOR_CONNECTIONS = 10;

/** The extension's own lookup operation, as it sends it (with the error fragment it uses). */
const operations = join(repoRoot, 'extension', 'src', 'api', 'operations');
const LOOKUP = ['profile-lookup.graphql', 'errors.graphql']
  .map((file) => readFileSync(join(operations, file), 'utf8'))
  .join('\n');

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
  SELECT s.id, s."fullName", s.title, s.status, s."buyingRoles", s."isMainContact",
    a.id AS "accountId", a.name AS account, a.tier, a."companyUrl", a."riskBand", a."riskScore", m.name AS owner,
    (SELECT coalesce(json_agg(json_build_object('strength', r.strength, 'lastTouchAt', r."lastTouchAt",
              'member', rm.name, 'memberLeftAt', rm."deactivatedAt") ORDER BY r.strength, r."lastTouchAt" DESC NULLS LAST), '[]')
       FROM "Relationship" r JOIN "Member" rm ON rm.id = r."memberId"
      WHERE r."organizationId" = s."organizationId" AND r."stakeholderId" = s.id) AS threads
  FROM "Stakeholder" s
  JOIN "Account" a ON a.id = s."accountId"
  LEFT JOIN "Member" m ON m.id = a."ownerId"
  WHERE s."organizationId" = $1 AND s."profileUrl" = $2`;

export interface LookupOptions {
  /** Seconds per fixed-rate run. */
  seconds: number;
  /** Seconds per step of the highest-rate search. */
  stepSeconds: number;
  /** The fixed rates to report, requests per second. */
  rates: number[];
}

/** The lookup's GraphQL request bodies: every profile in its URL variants. */
export function lookupBodies(keys: string[]): string[] {
  return keys
    .flatMap((key) => variants(key))
    .map((url) => JSON.stringify({ query: LOOKUP, operationName: 'ProfileLookup', variables: { url } }));
}

export async function profileLookupBench(
  generator: LoadGenerator,
  apiProcess: ApiProcess,
  db: BenchDatabase,
  token: string,
  organizationId: string,
  keys: string[],
  options: LookupOptions,
): Promise<string[]> {
  const lines: string[] = [];
  const api = { kind: 'http' as const, url: apiProcess.url, token };
  const cpu = apiProcess.cpuMs;
  const lookups = [{ name: 'profileLookup', weight: 1, bodies: lookupBodies(keys), expect: '"stakeholder"' }];
  const at = (rate: number, seconds: number) => generator.run({ target: api, streams: lookups, rate, seconds }, cpu);
  // Warm up: JIT, caches, connections.
  await at(200, 3);
  lines.push(`    profileLookup, open loop (latency from the intended send time; ${options.seconds} s per rate):`);
  const byRate = new Map<number, GeneratorReport>();
  for (const rate of options.rates) {
    const report = await at(rate, options.seconds);
    byRate.set(rate, report);
    lines.push(`      ${rateLine(report)}`);
  }
  // What every request pays before the lookup: HTTP, token check, GraphQL execution.
  const trivialRate = options.rates[0] ?? 200;
  const trivial = await generator.run(
    {
      target: api,
      streams: [{ name: 'viewer', weight: 1, bodies: [JSON.stringify({ query: '{ viewer { role } }' })] }],
      rate: trivialRate,
      seconds: options.seconds,
    },
    cpu,
  );
  lines.push(`      { viewer { role } } at ${rateLine(trivial).trimStart()}`);
  const search = await highestPassingRate(
    (rate) => at(rate, options.stepSeconds),
    (report) => report.errors === 0 && report.latency.p99 < LOOKUP_P99_GOAL_MS,
    {
      start: 100,
      max: 20_000,
      onStep: (report, passed) =>
        console.log(`      search step ${passed ? 'pass' : 'fail'}: ${rateLine(report).trimStart()}`),
    },
  );
  lines.push(
    search.best
      ? `    profileLookup: highest rate with p99 < ${LOOKUP_P99_GOAL_MS} ms (${options.stepSeconds} s steps): ` +
          `${search.best.rate} req/s${search.ceilingReached ? ' (the search ceiling)' : ''}: ${rateLine(search.best).trimStart()}`
      : `    profileLookup: p99 < ${LOOKUP_P99_GOAL_MS} ms not met even at 100 req/s`,
  );
  if (db.kind === 'postgres') {
    const floor = {
      kind: 'sql' as const,
      url: db.url,
      text: FLOOR_SQL,
      connections: FLOOR_CONNECTIONS,
    };
    const parameters = [{ name: 'floor', weight: 1, bodies: keys.map((key) => JSON.stringify([organizationId, key])) }];
    await generator.run({ target: floor, streams: parameters, rate: 200, seconds: 2 });
    lines.push(
      `    floor: the same lookup as one prepared SQL query (node-postgres, ${FLOOR_CONNECTIONS} connections), same generator:`,
    );
    for (const rate of options.rates) {
      const report = await generator.run({ target: floor, streams: parameters, rate, seconds: options.seconds });
      lines.push(`      ${rateLine(report)}`);
      const lookup = byRate.get(rate);
      if (lookup) {
        lines.push(
          `        profileLookup / floor at ${rate} req/s: p50 ${(lookup.latency.p50 / report.latency.p50).toFixed(1)}× ` +
            `(service p50 ${(lookup.service.p50 / report.service.p50).toFixed(1)}×)`,
        );
      }
    }
  }
  return lines;
}

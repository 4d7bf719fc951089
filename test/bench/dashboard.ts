// Dashboard queries and flag writes against the API in its own process, at one portfolio size.
import { randomUUID } from 'node:crypto';
import { openDatabase } from '@threadwatch/db/database';
import { systemActor } from '../../api/src/services/events.ts';
import { refreshAccountHealth } from '../../api/src/services/health.ts';
import { httpLoad } from './load.ts';
import { type ApiProcess, type BenchDatabase, ms } from './support.ts';

export const AT_RISK = `{
  atRiskAccounts(first: 50) {
    totalCount
    nodes {
      name arrMinor
      risk { score band zone factors { key points explanation } }
      stakeholders(first: 10) { nodes { fullName status buyingRoles relationships { strength live member { name } } } }
    }
  }
}`;

export const COVERAGE_GAPS = `{
  coverageGaps(first: 50) {
    totalCount
    nodes { name arrMinor owner { name } coverage { coveragePercent missingRoles liveThreadCount singleThreaded gaps { kind role message } } }
  }
}`;

export const FLAG = `mutation($input: FlagJobChangeInput!) { flagJobChange(input: $input) { __typename ... on FlagPayload { flag { id } } } }`;

export async function dashboardBench(api: ApiProcess, token: string, seconds: number): Promise<string[]> {
  const lines: string[] = [];
  for (const [name, query] of [
    ['atRiskAccounts(first: 50) + stakeholders + threads', AT_RISK],
    ['coverageGaps(first: 50)', COVERAGE_GAPS],
  ] as const) {
    const body = [JSON.stringify({ query })];
    await httpLoad(api.url, token, body, 1, 1);
    const cpuBefore = await api.cpuMs();
    const result = await httpLoad(api.url, token, body, seconds, 1);
    const cpu = ((await api.cpuMs()) - cpuBefore) / Math.max(1, result.requests);
    lines.push(
      `    ${name}, one at a time: p50 ${ms(result.p50)}  p99 ${ms(result.p99)}  ${result.rps.toFixed(0)} req/s  ` +
        `(${result.errors} errors)${Number.isFinite(cpu) ? `  API CPU ${ms(cpu)}/request` : ''}`,
    );
  }
  return lines;
}

/** LEAVING_SOON flags on active people: each write changes a status and reassesses the account. */
export async function flagWriteBench(
  apiUrl: string,
  token: string,
  profileKeys: string[],
  count: number,
): Promise<{ line: string; keys: string[] }> {
  const keys = profileKeys.slice(0, count);
  const bodies = keys.map((profileUrl) =>
    JSON.stringify({
      query: FLAG,
      variables: {
        input: {
          idempotencyKey: `bench-${randomUUID()}`,
          kind: 'LEAVING_SOON',
          profileUrl,
          observedAt: new Date().toISOString(),
        },
      },
    }),
  );
  const result = await httpLoad(apiUrl, token, bodies, 600, 1, true);
  return {
    keys,
    line: `    flagJobChange (leaving soon, with the risk update): p50 ${ms(result.p50)}  p99 ${ms(result.p99)}  ${result.rps.toFixed(0)} writes/s over ${result.requests} writes  (${result.errors} errors)`,
  };
}

/** Puts the people the flag bench touched back as they were, so every run starts alike. */
export async function undoFlagWrites(db: BenchDatabase, organizationId: string, keys: string[]): Promise<void> {
  const database = await openDatabase(
    db.kind === 'pglite' ? { kind: 'pglite', dataDir: db.dataDir } : { kind: 'postgres', url: db.url },
  );
  try {
    const people = await database.prisma.stakeholder.findMany({
      where: { organizationId, profileUrl: { in: keys } },
      select: { id: true, accountId: true },
    });
    await database.prisma.jobChangeFlag.deleteMany({
      where: { organizationId, idempotencyKey: { startsWith: 'bench-' } },
    });
    await database.prisma.stakeholder.updateMany({
      where: { id: { in: people.map((person) => person.id) }, status: 'SUSPECTED_DEPARTURE' },
      data: { status: 'ACTIVE' },
    });
    await database.prisma.$transaction(
      (tx) =>
        refreshAccountHealth(
          tx,
          organizationId,
          people.map((person) => person.accountId),
          { actor: systemActor },
        ),
      { timeout: 120_000 },
    );
  } finally {
    await database.close();
  }
}

// Imports as background runs through HTTP: the answer is always the run (never a failure for rows
// that were committed), the same file under the same key is the same run, an interrupted run resumes
// where it stopped, files in other encodings are decoded (or refused) and the budget is charged by rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, startTestApi, type TestApi, type TestOrganization } from '../../../test/support/api.ts';
import { awaitRun } from '../../../test/support/runs.ts';
import { windows1252 } from '../../../test/support/windows-1252.ts';
import { encodeId } from '../../src/global-id.ts';
import { BackgroundRunner, runnerFor } from '../../src/workers/background-runner.ts';

let api: TestApi;

interface Run {
  __typename: string;
  id: string;
  status: string;
  rowCount: number;
  rowsTotal: number | null;
  attempts: number;
  encoding: string | null;
  counts: { created: number; updated: number; unchanged: number; duplicate: number; rejected: number };
  noteworthyRowCount: number;
  rows: Array<{ rowNumber: number; outcome: string; column: string | null; message: string | null }>;
  code?: string;
  message?: string;
  issues?: Array<{ path: string[]; message: string }>;
}

const RUN = `
  __typename
  ... on ImportRun {
    id status rowCount rowsTotal attempts encoding noteworthyRowCount
    counts { created updated unchanged duplicate rejected }
    rows(first: 20) { rowNumber outcome column message }
  }
`;
const IMPORT = `mutation($input: ImportCsvInput!) {
  importCsv(input: $input) { ${RUN} ... on Error { code message } ... on ValidationError { issues { path message } } }
}`;

/** An accounts file of `rows` rows with CRM ids `prefix-1…`. */
const accountsFile = (prefix: string, rows: number) =>
  `Account ID,Account Name\n${Array.from({ length: rows }, (_, i) => `${prefix}-${i + 1},${prefix} Company ${i + 1}`).join('\n')}\n`;

async function startImport(token: string, input: Record<string, unknown>) {
  const response = await api.gql<{ importCsv: Run }>(token, IMPORT, { input: { kind: 'ACCOUNTS', ...input } });
  return response;
}

const accountsOf = (organizationId: string) => api.prisma.account.count({ where: { organizationId } });

let orgs = 0;
const newOrganization = () => createOrganization(api.prisma, `runs-${++orgs}`);

beforeAll(async () => {
  // A short request deadline (10 s in production): imports longer than it still answer their run, never TIMEOUT.
  api = await startTestApi({ requestTimeoutMs: 5_000 });
});

afterAll(async () => {
  await api?.close();
});

describe('import runs', () => {
  it('three large imports sent together each answer their run, and every row is committed once', async () => {
    const org = await newOrganization();
    const files = ['A', 'B', 'C'].map((prefix) => accountsFile(prefix, 250));
    const responses = await Promise.all(files.map((content) => startImport(org.csm.token, { content })));
    for (const response of responses) {
      expect(response.errors).toBeUndefined();
      expect(response.data?.importCsv.__typename).toBe('ImportRun');
      expect(['QUEUED', 'RUNNING', 'SUCCEEDED']).toContain(response.data?.importCsv.status);
      expect(response.data?.importCsv.rowsTotal).toBe(250);
    }
    const finished = await Promise.all(
      responses.map((response) => awaitRun<Run>(api, org.csm.token, response.data?.importCsv.id ?? '', RUN)),
    );
    for (const run of finished) {
      expect(run).toMatchObject({ status: 'SUCCEEDED', rowCount: 250, counts: { created: 250, rejected: 0 } });
    }
    expect(await accountsOf(org.id)).toBe(750);
    const listed = await api.gql<{ importRuns: Array<{ id: string }> }>(org.csm.token, '{ importRuns { id } }');
    expect(new Set(listed.data?.importRuns.map((run) => run.id))).toEqual(new Set(finished.map((run) => run.id)));
  });

  it('the same file under the same key is the same run; another file under it is a conflict', async () => {
    const org = await newOrganization();
    const content = accountsFile('K', 30);
    const first = await startImport(org.csm.token, { content, idempotencyKey: 'crm-export-1' });
    const run = await awaitRun<Run>(api, org.csm.token, first.data?.importCsv.id ?? '', RUN);
    expect(run.counts.created).toBe(30);
    // Sent again (a retry after a lost answer), and twice at once: the same run, nothing imported again.
    const again = await Promise.all(
      [1, 2].map(() => startImport(org.csm.token, { content, idempotencyKey: 'crm-export-1' })),
    );
    for (const response of again) {
      expect(response.data?.importCsv).toMatchObject({ id: run.id, status: 'SUCCEEDED', counts: { created: 30 } });
    }
    const other = await startImport(org.csm.token, { content: accountsFile('X', 3), idempotencyKey: 'crm-export-1' });
    expect(other.data?.importCsv).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    expect(await accountsOf(org.id)).toBe(30);
    const runs = await api.prisma.backgroundRun.count({ where: { organizationId: org.id } });
    expect(runs).toBe(1);
  });

  it('a file that cannot be imported is refused before a run starts, and nothing is stored', async () => {
    const org = await newOrganization();
    const unmapped = await startImport(org.csm.token, {
      content: 'Nope,Also nope\n1,2\n',
      mapping: [{ column: 'Missing', field: 'name' }],
    });
    expect(unmapped.data?.importCsv.__typename).toBe('ValidationError');
    const both = await startImport(org.csm.token, { content: 'a\n', contentBase64: 'YQo=' });
    expect(both.data?.importCsv).toMatchObject({ __typename: 'ValidationError' });
    expect(await api.prisma.backgroundRun.count({ where: { organizationId: org.id } })).toBe(0);
  });

  it("another organization's run is not found", async () => {
    const org = await newOrganization();
    const them = await newOrganization();
    const started = await startImport(org.csm.token, { content: accountsFile('T', 2) });
    const id = started.data?.importCsv.id ?? '';
    await awaitRun<Run>(api, org.csm.token, id, RUN);
    const theirView = await api.gql<{ node: unknown }>(them.admin.token, 'query($id: ID!) { node(id: $id) { id } }', {
      id,
    });
    expect(theirView.data?.node).toBeNull();
    const theirList = await api.gql<{ importRuns: unknown[] }>(them.admin.token, '{ importRuns { id } }');
    expect(theirList.data?.importRuns).toEqual([]);
  });

  it('charges the budget a point per row, not a flat price', async () => {
    const org = await newOrganization();
    const cost = async (rows: number) => {
      const response = await api.gql<{ importCsv: Run }>(org.csm.token, IMPORT, {
        input: { kind: 'ACCOUNTS', content: accountsFile(`C${rows}`, rows), dryRun: true },
      });
      expect(response.data?.importCsv.__typename).toBe('ImportRun');
      return (response as unknown as { extensions: { cost: { requested: number } } }).extensions.cost.requested;
    };
    const small = await cost(10);
    const large = await cost(1_010);
    expect(large - small).toBe(1_000);
  });
});

describe('encodings', () => {
  // "Société Générale €" and “Zürich” in Windows-1252 bytes.
  const cp1252 = windows1252('Account ID,Account Name\nE-1,Société Générale €\nE-2,Café “Zürich”\n');

  it('a Windows-1252 export sent as bytes is detected and stored as written', async () => {
    const org = await newOrganization();
    const started = await startImport(org.csm.token, { contentBase64: cp1252.toString('base64') });
    const run = await awaitRun<Run>(api, org.csm.token, started.data?.importCsv.id ?? '', RUN);
    expect(run).toMatchObject({ status: 'SUCCEEDED', encoding: 'windows-1252', counts: { created: 2 } });
    const names = await api.prisma.account.findMany({
      where: { organizationId: org.id },
      orderBy: { crmId: 'asc' },
      select: { name: true },
    });
    expect(names.map((row) => row.name)).toEqual(['Société Générale €', 'Café “Zürich”']);
  });

  it.each([
    ['its bytes under an explicit utf-8', { contentBase64: cp1252.toString('base64'), encoding: 'utf-8' }, /UTF-8/],
    [
      'an unknown encoding',
      { contentBase64: cp1252.toString('base64'), encoding: 'ebcdic-klingon' },
      /Unknown encoding/,
    ],
    ['text already holding replacement characters', { content: 'Account ID,Account Name\nE-1,J\uFFFDan\n' }, /U\+FFFD/],
    ['bytes that are not base64', { contentBase64: 'not base64!' }, /base64/],
  ])('refuses %s with a typed error and stores nothing', async (_name, input, message) => {
    const org = await newOrganization();
    const response = await startImport(org.csm.token, input);
    expect(response.data?.importCsv.__typename).toBe('ValidationError');
    expect(response.data?.importCsv.message).toMatch(message);
    expect(await accountsOf(org.id)).toBe(0);
    expect(await api.prisma.backgroundRun.count({ where: { organizationId: org.id } })).toBe(0);
  });
});

describe('an interrupted import', () => {
  let org: TestOrganization;

  beforeAll(async () => {
    org = await newOrganization();
  });

  it('resumes after its last committed batch and imports every row once', async () => {
    // This process stops after its first batch (as a deploy would stop it): the run is released.
    const here = new BackgroundRunner(api.prisma, null, 'restarted-process');
    const local = runnerFor(api.prisma);
    const stopped = new Promise<void>((resolve) => {
      const off = local.onProgress(() => {
        off();
        void local.stop().then(resolve);
      });
    });
    const started = await startImport(org.csm.token, { content: accountsFile('R', 350) });
    expect(started.errors).toBeUndefined();
    await stopped;
    const interrupted = await api.gql<{ node: Run }>(org.csm.token, `query($id: ID!) { node(id: $id) { ${RUN} } }`, {
      id: started.data?.importCsv.id,
    });
    expect(interrupted.data?.node).toMatchObject({ status: 'RUNNING', rowCount: 100, counts: { created: 100 } });
    expect(await accountsOf(org.id)).toBe(100);

    // Another process (or this one restarted) claims it and goes on from row 102.
    const resumed = await here.next();
    expect(encodeId('ImportRun', resumed?.runId ?? '')).toBe(started.data?.importCsv.id);
    await resumed?.done;
    const run = await awaitRun<Run>(api, org.csm.token, started.data?.importCsv.id ?? '', RUN);
    expect(run).toMatchObject({
      status: 'SUCCEEDED',
      attempts: 2,
      rowCount: 350,
      // Rows committed before the interruption were not read again (they would count as unchanged).
      counts: { created: 350, unchanged: 0, rejected: 0 },
    });
    expect(await accountsOf(org.id)).toBe(350);
  });
});

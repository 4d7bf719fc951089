// A search term matches the names that contain it as written: `\`, `%` and `_` are characters like any
// other, never escapes or wildcards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, startTestApi, type TestApi, type TestOrganization } from '../../../test/support/api.ts';

let api: TestApi;
let org: TestOrganization;

/** Each name with a special character beside a decoy that a wildcard or a dropped escape would match. */
const NAMES = [
  'Back\\slash Works',
  'Backslash Works',
  '100% Fabrics',
  '1000 Fabrics',
  'Under_score Labs',
  'UnderXscore Labs',
  'Odd %_%\\ Name',
  'Odd 12 Name',
  'Plain Name',
];

const CASES: Array<[string, string[]]> = [
  ['\\', ['Back\\slash Works', 'Odd %_%\\ Name']],
  ['k\\s', ['Back\\slash Works']],
  ['BACK\\SLASH', ['Back\\slash Works']],
  ['\\\\', []],
  ['%', ['100% Fabrics', 'Odd %_%\\ Name']],
  ['0%', ['100% Fabrics']],
  ['%%', []],
  ['_', ['Under_score Labs', 'Odd %_%\\ Name']],
  ['r_s', ['Under_score Labs']],
  ['%_%\\', ['Odd %_%\\ Name']],
  ['%_%', ['Odd %_%\\ Name']],
  ['Name', ['Odd %_%\\ Name', 'Odd 12 Name', 'Plain Name']],
];

beforeAll(async () => {
  api = await startTestApi();
  org = await createOrganization(api.prisma, 'acme');
  const host = await api.prisma.account.create({ data: { organizationId: org.id, name: 'Host Account' } });
  for (const name of NAMES) {
    await api.prisma.account.create({ data: { organizationId: org.id, name } });
    await api.prisma.stakeholder.create({ data: { organizationId: org.id, accountId: host.id, fullName: name } });
  }
});
afterAll(() => api.close());

describe('search', () => {
  it.each(CASES)('accounts named with %j are exactly %j', async (search, names) => {
    const response = await api.gql<{ accounts: { nodes: Array<{ name: string }> } }>(
      org.rep.token,
      'query($search: String) { accounts(first: 100, filter: { search: $search }) { nodes { name } } }',
      { search },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.accounts.nodes.map((node) => node.name).sort()).toEqual([...names].sort());
  });

  it.each(CASES)('stakeholders named with %j are exactly %j', async (search, names) => {
    const response = await api.gql<{ stakeholders: { nodes: Array<{ fullName: string }> } }>(
      org.rep.token,
      'query($search: String) { stakeholders(first: 100, filter: { search: $search }) { nodes { fullName } } }',
      { search },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.stakeholders.nodes.map((node) => node.fullName).sort()).toEqual([...names].sort());
  });
});

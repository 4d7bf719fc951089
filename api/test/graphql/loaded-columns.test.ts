// A column a type always loads is read off the row; a row made without it (a service's own
// select) gets it by its key, only in the viewer's organization.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, startTestApi, type TestApi, type TestOrganization } from '../../../test/support/api.ts';
import type { Context } from '../../src/context.ts';
import { columnReader } from '../../src/schema/loaded-columns.ts';

let api: TestApi;
let org: TestOrganization;
let other: TestOrganization;
let stakeholderId: string;

const contextOf = (organization: TestOrganization): Context => ({
  prisma: api.prisma,
  viewer: {
    organizationId: organization.id,
    memberId: organization.manager.id,
    role: 'MANAGER',
    tokenId: 'test',
    scope: 'FULL',
  },
});

beforeAll(async () => {
  api = await startTestApi();
  org = await createOrganization(api.prisma, 'loaded-columns');
  other = await createOrganization(api.prisma, 'loaded-columns-other');
  const account = await api.prisma.account.create({ data: { organizationId: org.id, name: 'Column Works' } });
  const person = await api.prisma.stakeholder.create({
    data: { organizationId: org.id, accountId: account.id, fullName: 'Rita Row', buyingRoles: ['CHAMPION'] },
  });
  stakeholderId = person.id;
});
afterAll(() => api.close());

describe('columnReader', () => {
  const column = columnReader<{ id: string; fullName: string; buyingRoles: string[] }>((ctx) => ctx.prisma.stakeholder);

  it('answers a loaded column from the row, without reading it again', async () => {
    const row = { id: stakeholderId, fullName: 'As loaded', buyingRoles: [] };
    expect(column('fullName')(row, {}, contextOf(org))).toBe('As loaded');
    expect(column('buyingRoles')(row, {}, contextOf(org))).toEqual([]);
  });

  it('reads a column the row came without by its key', async () => {
    const row = { id: stakeholderId } as { id: string; fullName: string; buyingRoles: string[] };
    await expect(column('fullName')(row, {}, contextOf(org))).resolves.toBe('Rita Row');
    await expect(column('buyingRoles')(row, {}, contextOf(org))).resolves.toEqual(['CHAMPION']);
  });

  it('never reads another organization’s row', async () => {
    const row = { id: stakeholderId } as { id: string; fullName: string; buyingRoles: string[] };
    await expect(Promise.resolve(column('fullName')(row, {}, contextOf(other)))).rejects.toThrow();
  });
});

// Erasure: after erasing a stakeholder, nothing of their personal data is left in any table (flags'
// evidence included), and the same profile, in any URL variant, is not re-added without meaning to.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeId } from '../../api/src/global-id.ts';
import { createOrganization, startTestApi, type TestApi, type TestOrganization } from '../support/api.ts';
import { searchTables } from '../support/database-snapshot.ts';

let api: TestApi;
let org: TestOrganization;
let accountId: string;

const PERSON = {
  fullName: 'Quillon Vexmarch',
  email: 'quillon.vexmarch@halcyon.example',
  profileUrl: 'linkedin.com/in/quillon-vexmarch-77',
  observedName: 'Quill Vexmarch-Observed',
  pageSlug: 'quillon-vexmarch-77',
};

beforeAll(async () => {
  api = await startTestApi();
  org = await createOrganization(api.prisma, 'erasure');
  const account = await api.prisma.account.create({
    data: { organizationId: org.id, name: 'Halcyon', companyUrl: 'linkedin.com/company/halcyon', tier: 'STRATEGIC' },
  });
  accountId = encodeId('Account', account.id);
});
afterAll(() => api.close());

async function mutate<T>(token: string, query: string, input: Record<string, unknown>) {
  const response = await api.gql<T>(token, query, { input });
  expect(response.errors).toBeUndefined();
  return response.data!;
}

describe('erasing a stakeholder', () => {
  it('leaves none of their personal data in any table, and a tombstone that stops a silent re-add', async () => {
    const created = await mutate<{ createStakeholder: { stakeholder: { id: string } } }>(
      org.csm.token,
      'mutation($input: CreateStakeholderInput!) { createStakeholder(input: $input) { ... on StakeholderPayload { stakeholder { id } } } }',
      {
        accountId,
        fullName: PERSON.fullName,
        email: PERSON.email,
        profileUrl: PERSON.profileUrl,
        isMainContact: true,
        buyingRoles: ['CHAMPION'],
        title: 'VP Data',
      },
    );
    const id = created.createStakeholder.stakeholder.id;
    await mutate(
      org.rep.token,
      'mutation($input: CreateRelationshipInput!) { createRelationship(input: $input) { __typename } }',
      {
        memberId: encodeId('Member', org.rep.id),
        stakeholderId: id,
        strength: 'STRONG',
        lastTouchAt: new Date().toISOString(),
      },
    );
    // Two flags with page evidence; one confirmed (a new position, a departure case).
    const flags: string[] = [];
    for (const kind of ['LEFT_COMPANY', 'LEAVING_SOON']) {
      const flagged = await mutate<{ flagJobChange: { flag: { id: string } } }>(
        org.rep.token,
        'mutation($input: FlagJobChangeInput!) { flagJobChange(input: $input) { ... on FlagPayload { flag { id } } } }',
        {
          idempotencyKey: randomUUID(),
          kind,
          profileUrl: `https://www.${PERSON.profileUrl}/`,
          observedName: PERSON.observedName,
          observedTitle: 'Chief Data Officer',
          observedCompany: 'Elsewhere Analytics',
          pageUrl: `https://www.linkedin.com/in/${PERSON.pageSlug}/?trk=people`,
          observedAt: new Date().toISOString(),
        },
      );
      flags.push(flagged.flagJobChange.flag.id);
    }
    await mutate(
      org.manager.token,
      'mutation($input: ConfirmJobChangeInput!) { confirmJobChange(input: $input) { __typename } }',
      {
        id: flags[0],
      },
    );
    const needles = [PERSON.fullName, PERSON.email, PERSON.profileUrl, PERSON.observedName, PERSON.pageSlug];
    expect((await searchTables(api.prisma, needles)).length).toBeGreaterThan(5);

    const erased = await api.gql<{ eraseStakeholder: { __typename: string } }>(
      org.manager.token,
      'mutation($id: ID!) { eraseStakeholder(id: $id) { __typename } }',
      { id },
    );
    expect(erased.data?.eraseStakeholder.__typename).toBe('EraseStakeholderPayload');
    const hits = await searchTables(api.prisma, [...needles, 'Quillon', 'Vexmarch']);
    console.log(
      `erasure: ${needles.length + 2} identifiers searched in every table after erasure: ${hits.length} hits`,
    );
    expect(hits).toEqual([]);

    // Re-adding the same profile in any variant is refused with a typed conflict, unless deliberate.
    const variants = [
      PERSON.profileUrl,
      `https://www.${PERSON.profileUrl}/`,
      `https://de.${PERSON.profileUrl}?trk=x`,
      `http://m.${PERSON.profileUrl.toUpperCase()}/`,
    ];
    for (const profileUrl of variants) {
      const again = await mutate<{ createStakeholder: { __typename: string; code?: string; message?: string } }>(
        org.csm.token,
        'mutation($input: CreateStakeholderInput!) { createStakeholder(input: $input) { __typename ... on Error { code message } } }',
        { accountId, fullName: 'Someone Else', profileUrl },
      );
      expect(again.createStakeholder, profileUrl).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
      expect(again.createStakeholder.message).toMatch(/erased/);
      const fromPage = await mutate<{ addStakeholderFromPage: { __typename: string; code?: string } }>(
        org.rep.token,
        'mutation($input: AddStakeholderFromPageInput!) { addStakeholderFromPage(input: $input) { __typename ... on Error { code } } }',
        { accountId, fullName: 'Someone Else', profileUrl, notADuplicate: true },
      );
      expect(fromPage.addStakeholderFromPage, profileUrl).toMatchObject({
        __typename: 'ConflictError',
        code: 'CONFLICT',
      });
    }
    const byEmail = await mutate<{ createStakeholder: { __typename: string } }>(
      org.csm.token,
      'mutation($input: CreateStakeholderInput!) { createStakeholder(input: $input) { __typename } }',
      { accountId, fullName: 'Someone Else', email: PERSON.email.toUpperCase() },
    );
    expect(byEmail.createStakeholder.__typename).toBe('ConflictError');
    expect(await api.prisma.stakeholder.count({ where: { organizationId: org.id } })).toBe(0);

    const deliberate = await mutate<{ createStakeholder: { __typename: string } }>(
      org.csm.token,
      'mutation($input: CreateStakeholderInput!) { createStakeholder(input: $input) { __typename } }',
      { accountId, fullName: PERSON.fullName, profileUrl: variants[1], allowErasedPerson: true },
    );
    expect(deliberate.createStakeholder.__typename).toBe('StakeholderPayload');
  });
});

// Erasure: after erasing a stakeholder, nothing of their personal data is left in any table (flags'
// evidence, cases and webhook events included): every column api/src/domain/personal-data.ts calls
// personal held the person's data before and holds none after. The same profile or e-mail address, in
// any variant, is not stored again without meaning to: not by adding, updating, linking or importing.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personRows, scrubbedColumns } from '../../api/src/domain/personal-data.ts';
import { decodeId, encodeId } from '../../api/src/global-id.ts';
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
  destination: 'Elsewhere Analytics',
  crmId: 'CRM-QV-77',
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
    // The person goes to a company that is one of our accounts.
    const destination = await api.prisma.account.create({
      data: {
        organizationId: org.id,
        name: 'Elsewhere Accounts',
        companyUrl: 'linkedin.com/company/elsewhere-analytics',
      },
    });
    // Webhook events copy the person's name and destination.
    await mutate(
      org.manager.token,
      'mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { __typename } }',
      {
        url: 'https://hooks.example.com/threadwatch',
        events: ['FLAG_CREATED', 'FLAG_CONFIRMED', 'DEPARTURE_CASE_OPENED'],
      },
    );
    const created = await mutate<{ createStakeholder: { stakeholder: { id: string } } }>(
      org.csm.token,
      'mutation($input: CreateStakeholderInput!) { createStakeholder(input: $input) { ... on StakeholderPayload { stakeholder { id } } } }',
      {
        accountId,
        fullName: PERSON.fullName,
        email: PERSON.email,
        profileUrl: PERSON.profileUrl,
        crmId: PERSON.crmId,
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
          observedCompany: PERSON.destination,
          observedCompanyUrl: 'https://www.linkedin.com/company/elsewhere-analytics/',
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
    // The person also replaced a colleague who left: that case names them as the replacement.
    const colleague = await api.prisma.stakeholder.create({
      data: { organizationId: org.id, accountId: decodeId(accountId).id, fullName: 'Cole Before', isMainContact: true },
    });
    const colleagueCase = await api.prisma.departureCase.create({
      data: {
        organizationId: org.id,
        accountId: decodeId(accountId).id,
        stakeholderId: colleague.id,
        cause: 'MAIN_CONTACT_TURNOVER',
        learned: 'AFTER_DEPARTURE',
        coverageAtOpen: 0,
        arrAtRiskMinor: 0n,
      },
    });
    await mutate(
      org.manager.token,
      'mutation($input: UpdateDepartureCaseInput!) { updateDepartureCase(input: $input) { __typename } }',
      { id: encodeId('DepartureCase', colleagueCase.id), replacementId: id },
    );

    const personId = decodeId(id).id;
    const needles = [
      personId,
      PERSON.fullName,
      PERSON.email,
      PERSON.profileUrl,
      PERSON.observedName,
      PERSON.pageSlug,
      PERSON.destination,
      PERSON.crmId,
    ];
    // Every column that personal-data.ts says erasure clears holds the person's data now…
    const before = await searchTables(api.prisma, [...needles, destination.id]);
    const held = new Set(before.map((hit) => `${hit.table}.${hit.column}`));
    const scrubbed = Object.entries(scrubbedColumns).flatMap(([table, columns]) =>
      Object.keys(columns).map((column) => `${table}.${column}`),
    );
    expect(scrubbed.filter((column) => !held.has(column))).toEqual([]);
    // …and every kind of row that is the person's exists.
    const rowsOfPerson = async () =>
      Object.fromEntries(
        await Promise.all(
          Object.entries(personRows).map(async ([table, column]) => {
            const [row] = await api.prisma.$queryRawUnsafe<Array<{ count: bigint }>>(
              `SELECT count(*) AS count FROM "${table}" WHERE "${column}" = $1::uuid`,
              personId,
            );
            return [table, Number(row?.count ?? 0)] as const;
          }),
        ),
      );
    expect(Object.values(await rowsOfPerson()).every((count) => count > 0)).toBe(true);

    const erased = await api.gql<{ eraseStakeholder: { __typename: string } }>(
      org.manager.token,
      'mutation($id: ID!) { eraseStakeholder(id: $id) { __typename } }',
      { id },
    );
    expect(erased.data?.eraseStakeholder.__typename).toBe('EraseStakeholderPayload');
    expect(Object.values(await rowsOfPerson()).every((count) => count === 0)).toBe(true);
    // (The destination account's own id stays, of course.)
    const hits = (await searchTables(api.prisma, [...needles, destination.id, 'Quillon', 'Vexmarch'])).filter(
      (hit) =>
        !(hit.table === 'Account' && hit.column === 'id') &&
        // …and so does its own risk history and change log.
        !(hit.column === 'accountId' && ['RiskPoint', 'Event'].includes(hit.table)),
    );
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
    expect(await api.prisma.stakeholder.count({ where: { organizationId: org.id, fullName: 'Someone Else' } })).toBe(0);

    // Nor is it stored on a tracked person: linking a profile, updating, or importing.
    const other = await api.prisma.stakeholder.create({
      data: { organizationId: org.id, accountId: decodeId(accountId).id, fullName: 'Tracked Other', crmId: 'CRM-TO-1' },
    });
    const otherId = encodeId('Stakeholder', other.id);
    for (const profileUrl of variants) {
      const linked = await mutate<{ linkProfileToStakeholder: { __typename: string; message?: string } }>(
        org.rep.token,
        'mutation($input: LinkProfileInput!) { linkProfileToStakeholder(input: $input) { __typename ... on Error { message } } }',
        { stakeholderId: otherId, profileUrl },
      );
      expect(linked.linkProfileToStakeholder, profileUrl).toMatchObject({ __typename: 'ConflictError' });
      expect(linked.linkProfileToStakeholder.message).toMatch(/erased/);
    }
    for (const fields of [{ email: PERSON.email.toUpperCase() }, { profileUrl: variants[2] }]) {
      const updated = await mutate<{ updateStakeholder: { __typename: string } }>(
        org.csm.token,
        'mutation($input: UpdateStakeholderInput!) { updateStakeholder(input: $input) { __typename } }',
        { id: otherId, ...fields },
      );
      expect(updated.updateStakeholder.__typename, JSON.stringify(fields)).toBe('ConflictError');
    }
    for (const [column, value] of [
      ['Email', PERSON.email.toUpperCase()],
      ['LinkedIn URL', `https://www.${PERSON.profileUrl}/`],
    ] as const) {
      const imported = await mutate<{
        importCsv: { rows: Array<{ outcome: string; column: string; message: string }> };
      }>(
        org.csm.token,
        'mutation($input: ImportCsvInput!) { importCsv(input: $input) { ... on ImportRun { rows { outcome column message } } } }',
        {
          kind: 'STAKEHOLDERS',
          content: `Contact ID,Full Name,Account Name,${column}\nCRM-TO-1,Tracked Other,Halcyon,${value}\n`,
        },
      );
      expect(imported.importCsv.rows, column).toEqual([
        { outcome: 'REJECTED', column, message: expect.stringMatching(/erased/) },
      ]);
    }
    expect(await api.prisma.stakeholder.findUniqueOrThrow({ where: { id: other.id } })).toMatchObject({
      email: null,
      profileUrl: null,
    });
    expect(await searchTables(api.prisma, [PERSON.email, PERSON.profileUrl])).toEqual([]);
    await api.prisma.stakeholder.delete({ where: { id: other.id } });

    const deliberate = await mutate<{ createStakeholder: { __typename: string } }>(
      org.csm.token,
      'mutation($input: CreateStakeholderInput!) { createStakeholder(input: $input) { __typename } }',
      { accountId, fullName: PERSON.fullName, profileUrl: variants[1], allowErasedPerson: true },
    );
    expect(deliberate.createStakeholder.__typename).toBe('StakeholderPayload');
  });
});

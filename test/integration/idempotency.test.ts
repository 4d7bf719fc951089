// Idempotent flags over HTTP, on whichever database the project runs (PostgreSQL included): 50
// concurrent identical requests make one flag, a later replay answers the same, and the same key
// with another payload is a conflict.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeId } from '../../api/src/global-id.ts';
import { createOrganization, startTestApi, type TestApi, type TestOrganization } from '../support/api.ts';

const FLAG = `mutation($input: FlagJobChangeInput!) {
  flagJobChange(input: $input) {
    __typename
    ... on FlagPayload { replayed flag { id idempotencyKey kind status observedCompany stakeholder { id status } } }
    ... on Error { code message }
  }
}`;

type Answer = { flagJobChange: { __typename: string; replayed?: boolean; flag?: { id: string }; code?: string } };

let api: TestApi;
let org: TestOrganization;
let stakeholderId: string;

beforeAll(async () => {
  api = await startTestApi();
  org = await createOrganization(api.prisma, 'idempotent');
  const account = await api.prisma.account.create({ data: { organizationId: org.id, name: 'Halcyon' } });
  const person = await api.prisma.stakeholder.create({
    data: { organizationId: org.id, accountId: account.id, fullName: 'Rhea Concurrent', isMainContact: true },
  });
  stakeholderId = encodeId('Stakeholder', person.id);
});
afterAll(() => api.close());

describe('idempotent flags', () => {
  it('50 concurrent identical flags make one flag; 49 are replays of it; a later replay answers the same; another payload under the key is a conflict', async () => {
    const input = {
      idempotencyKey: randomUUID(),
      kind: 'LEAVING_SOON',
      stakeholderId,
      observedAt: '2026-11-20T10:00:00.000Z',
      observedCompany: 'Elsewhere Inc',
    };
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => api.gql<Answer>(org.rep.token, FLAG, { input })),
    );
    for (const answer of answers) {
      expect(answer.errors).toBeUndefined();
      expect(answer.data?.flagJobChange.__typename).toBe('FlagPayload');
    }
    const ids = new Set(answers.map((answer) => answer.data?.flagJobChange.flag?.id));
    expect(ids.size).toBe(1);
    expect(answers.filter((answer) => answer.data?.flagJobChange.replayed === false)).toHaveLength(1);
    expect(answers.filter((answer) => answer.data?.flagJobChange.replayed === true)).toHaveLength(49);
    expect(await api.prisma.jobChangeFlag.count({ where: { idempotencyKey: input.idempotencyKey } })).toBe(1);
    console.log('idempotency: 50 concurrent identical flags -> 1 flag, 49 replays');

    const first = answers.find((answer) => answer.data?.flagJobChange.replayed === false)!;
    const replay = await api.gql<Answer>(org.rep.token, FLAG, { input });
    expect(replay.data).toEqual({ flagJobChange: { ...first.data!.flagJobChange, replayed: true } });

    const other = await api.gql<Answer>(org.rep.token, FLAG, {
      input: { ...input, observedCompany: 'Somewhere Else' },
    });
    expect(other.data?.flagJobChange).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    expect(await api.prisma.jobChangeFlag.count({ where: { organizationId: org.id } })).toBe(1);
  });
});

// Idempotent flags and page additions over HTTP, on whichever database the project runs (PostgreSQL
// included): 50 concurrent identical requests make one flag, a later replay answers the same, and the
// same key with another payload is a conflict; a person added from a page under a key is added once,
// and the key reused for another person is a conflict that adds nothing.
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

const ADD = `mutation($input: AddStakeholderFromPageInput!) {
  addStakeholderFromPage(input: $input) {
    __typename
    ... on AddStakeholderFromPagePayload { replayed stakeholder { id fullName title } possibleDuplicates { id } }
    ... on Error { code message }
  }
}`;

type Addition = {
  addStakeholderFromPage: {
    __typename: string;
    replayed?: boolean;
    stakeholder?: { id: string; fullName: string; title: string | null } | null;
    code?: string;
    message?: string;
  };
};

let api: TestApi;
let org: TestOrganization;
let stakeholderId: string;
let accountId: string;

beforeAll(async () => {
  api = await startTestApi();
  org = await createOrganization(api.prisma, 'idempotent');
  const account = await api.prisma.account.create({ data: { organizationId: org.id, name: 'Halcyon' } });
  const person = await api.prisma.stakeholder.create({
    data: { organizationId: org.id, accountId: account.id, fullName: 'Rhea Concurrent', isMainContact: true },
  });
  stakeholderId = encodeId('Stakeholder', person.id);
  accountId = encodeId('Account', account.id);
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

describe('idempotent additions from a page', () => {
  const addition = (idempotencyKey: string, fullName: string, title = 'Head of Data') => ({
    accountId,
    idempotencyKey,
    fullName,
    title,
    profileUrl: `https://www.linkedin.com/in/${fullName.toLowerCase().replace(/ /g, '-')}/`,
  });
  const people = (fullName: string) => api.prisma.stakeholder.count({ where: { organizationId: org.id, fullName } });

  it('a retry answers the same person; the key reused for another person (or another title) is a conflict that adds nothing', async () => {
    const key = randomUUID();
    const first = await api.gql<Addition>(org.rep.token, ADD, { input: addition(key, 'Ada Pagewise') });
    expect(first.data?.addStakeholderFromPage).toMatchObject({
      __typename: 'AddStakeholderFromPagePayload',
      replayed: false,
      stakeholder: { fullName: 'Ada Pagewise' },
    });
    const retry = await api.gql<Addition>(org.rep.token, ADD, { input: addition(key, 'Ada Pagewise') });
    expect(retry.data).toEqual({ addStakeholderFromPage: { ...first.data!.addStakeholderFromPage, replayed: true } });

    const before = await api.prisma.stakeholder.count({ where: { organizationId: org.id } });
    for (const input of [addition(key, 'Bo Otherperson'), addition(key, 'Ada Pagewise', 'CFO')]) {
      const reused = await api.gql<Addition>(org.rep.token, ADD, { input });
      expect(reused.data?.addStakeholderFromPage, JSON.stringify(input)).toMatchObject({
        __typename: 'ConflictError',
        code: 'CONFLICT',
        message: 'This idempotency key was already used for a different person.',
      });
    }
    expect(await api.prisma.stakeholder.count({ where: { organizationId: org.id } })).toBe(before);
    expect(await people('Bo Otherperson')).toBe(0);
  });

  it('two people sent at once under one key: one is added, its copies are replays, the other person is a conflict', async () => {
    const key = randomUUID();
    const sends = Array.from({ length: 20 }, (_unused, index) =>
      addition(key, index % 2 === 0 ? 'Cy Samekey' : 'Di Samekey'),
    );
    const answers = await Promise.all(sends.map((input) => api.gql<Addition>(org.rep.token, ADD, { input })));
    const added = answers.filter((answer) => answer.data?.addStakeholderFromPage.replayed === false);
    expect(added).toHaveLength(1);
    const winner = added[0]!.data!.addStakeholderFromPage.stakeholder!;
    answers.forEach((answer, index) => {
      const sentName = sends[index]!.fullName;
      expect(answer.errors).toBeUndefined();
      if (sentName === winner.fullName) {
        expect(answer.data?.addStakeholderFromPage, sentName).toMatchObject({
          __typename: 'AddStakeholderFromPagePayload',
          stakeholder: winner,
        });
      } else {
        expect(answer.data?.addStakeholderFromPage, sentName).toMatchObject({
          __typename: 'ConflictError',
          code: 'CONFLICT',
        });
      }
    });
    expect(await people('Cy Samekey')).toBe(winner.fullName === 'Cy Samekey' ? 1 : 0);
    expect(await people('Di Samekey')).toBe(winner.fullName === 'Di Samekey' ? 1 : 0);
  });
});

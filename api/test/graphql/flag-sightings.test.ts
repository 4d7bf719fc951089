// One flag per sighting: a job change flagged again for the same person and kind while a flag is
// pending is another sighting of that flag; retries replay by key; the lookup lists the person's flags.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, startTestApi, type TestApi, type TestOrganization } from '../../../test/support/api.ts';
import { encodeId } from '../../src/global-id.ts';

const FLAG = `mutation($input: FlagJobChangeInput!) {
  flagJobChange(input: $input) {
    __typename
    ... on FlagPayload {
      replayed sighting
      flag { id kind status observedCompany sightingCount sightings { observedCompany observedTitle pageUrl flaggedBy { name } } }
    }
    ... on Error { code message }
  }
}`;
const LOOKUP = `query($url: String!) {
  profileLookup(url: $url) {
    ... on ProfileLookup { flags { id kind status sightingCount observedCompany } }
  }
}`;
const REJECT = `mutation($id: ID!) { rejectJobChange(id: $id) { __typename } }`;

interface Payload {
  __typename: string;
  replayed?: boolean;
  sighting?: boolean;
  code?: string;
  flag?: {
    id: string;
    kind: string;
    status: string;
    observedCompany: string | null;
    sightingCount: number;
    sightings: Array<{
      observedCompany: string | null;
      observedTitle: string | null;
      pageUrl: string | null;
      flaggedBy: { name: string };
    }>;
  };
}
type Answer = { flagJobChange: Payload };

let api: TestApi;
let org: TestOrganization;
let other: TestOrganization;
let personId: string;
let person: string;
let otherPerson: string;

async function flag(token: string, input: Record<string, unknown>): Promise<Payload> {
  const answer = await api.gql<Answer>(token, FLAG, { input });
  expect(answer.errors).toBeUndefined();
  return answer.data!.flagJobChange;
}

function leftFor(stakeholderId: string, observedCompany: string, extra: Record<string, unknown> = {}) {
  return {
    idempotencyKey: randomUUID(),
    kind: 'LEFT_COMPANY',
    stakeholderId,
    observedCompany,
    observedAt: new Date().toISOString(),
    ...extra,
  };
}

beforeAll(async () => {
  api = await startTestApi();
  org = await createOrganization(api.prisma, 'sightings');
  other = await createOrganization(api.prisma, 'sightings-other');
  const account = await api.prisma.account.create({ data: { organizationId: org.id, name: 'Halcyon' } });
  const row = await api.prisma.stakeholder.create({
    data: {
      organizationId: org.id,
      accountId: account.id,
      fullName: 'Rhea Seen',
      profileUrl: 'linkedin.com/in/rhea-seen',
    },
  });
  personId = row.id;
  person = encodeId('Stakeholder', row.id);
  const theirs = await api.prisma.account.create({ data: { organizationId: other.id, name: 'Halcyon' } });
  const theirPerson = await api.prisma.stakeholder.create({
    data: {
      organizationId: other.id,
      accountId: theirs.id,
      fullName: 'Rhea Seen',
      profileUrl: 'linkedin.com/in/rhea-seen',
    },
  });
  otherPerson = encodeId('Stakeholder', theirPerson.id);
});
afterAll(() => api.close());

describe('flagging the same change again', () => {
  it('adds a sighting to the pending flag, replays a retried sighting, and refuses its key for another payload', async () => {
    const first = await flag(org.rep.token, leftFor(person, 'Globex'));
    expect(first).toMatchObject({ __typename: 'FlagPayload', replayed: false, sighting: false });
    expect(first.flag).toMatchObject({ status: 'PENDING', sightingCount: 0, sightings: [] });

    const again = leftFor(person, 'Globex Corporation', {
      observedTitle: 'CFO',
      pageUrl: 'https://www.linkedin.com/in/rhea-seen/',
    });
    const second = await flag(org.csm.token, again);
    expect(second).toMatchObject({ __typename: 'FlagPayload', replayed: false, sighting: true });
    expect(second.flag?.id).toBe(first.flag?.id);
    expect(second.flag?.observedCompany).toBe('Globex');
    expect(second.flag?.sightingCount).toBe(1);
    expect(second.flag?.sightings).toEqual([
      {
        observedCompany: 'Globex Corporation',
        observedTitle: 'CFO',
        pageUrl: 'https://www.linkedin.com/in/rhea-seen/',
        flaggedBy: { name: 'CSM of sightings' },
      },
    ]);

    const retried = await flag(org.csm.token, again);
    expect(retried).toMatchObject({ replayed: true, sighting: true, flag: { id: first.flag?.id, sightingCount: 1 } });
    const reused = await flag(org.csm.token, { ...again, observedCompany: 'Initech' });
    expect(reused).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });

    // The other organization's person of the same profile gets a flag of their own.
    const theirs = await flag(other.rep.token, leftFor(otherPerson, 'Globex'));
    expect(theirs).toMatchObject({ sighting: false });
    expect(theirs.flag?.id).not.toBe(first.flag?.id);

    expect(await api.prisma.jobChangeFlag.count({ where: { organizationId: org.id } })).toBe(1);
    expect(await api.prisma.flagSighting.count({ where: { organizationId: org.id } })).toBe(1);
  });

  it('makes a new flag for another kind, and after the pending one was decided', async () => {
    const promotion = await flag(org.rep.token, { ...leftFor(person, 'Halcyon'), kind: 'PROMOTION' });
    expect(promotion).toMatchObject({ sighting: false, flag: { kind: 'PROMOTION', sightingCount: 0 } });

    const pending = await api.prisma.jobChangeFlag.findFirstOrThrow({
      where: { organizationId: org.id, kind: 'LEFT_COMPANY', status: 'PENDING' },
    });
    const rejected = await api.gql(org.csm.token, REJECT, { id: encodeId('JobChangeFlag', pending.id) });
    expect(rejected.errors).toBeUndefined();
    const afterReview = await flag(org.rep.token, leftFor(person, 'Globex'));
    expect(afterReview).toMatchObject({ sighting: false, flag: { status: 'PENDING', sightingCount: 0 } });
    expect(afterReview.flag?.id).not.toBe(pending.id);
  });

  it('ten reps flagging the same change at the same moment make one flag with nine sightings', async () => {
    await api.prisma.jobChangeFlag.deleteMany({ where: { organizationId: org.id, kind: 'LEAVING_SOON' } });
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        flag(org.rep.token, { ...leftFor(person, `Seen ${index}`), kind: 'LEAVING_SOON' }),
      ),
    );
    expect(new Set(answers.map((answer) => answer.flag?.id)).size).toBe(1);
    expect(answers.filter((answer) => answer.sighting === false)).toHaveLength(1);
    expect(answers.filter((answer) => answer.sighting === true)).toHaveLength(9);
    const flags = await api.prisma.jobChangeFlag.findMany({
      where: { organizationId: org.id, kind: 'LEAVING_SOON' },
      include: { _count: { select: { sightings: true } } },
    });
    expect(flags.map((row) => row._count.sightings)).toEqual([9]);
  });
});

describe('the profile lookup', () => {
  it("lists the person's pending flags and those decided in the last 30 days, newest first, of the caller's organization only", async () => {
    const old = await api.prisma.jobChangeFlag.create({
      data: {
        organizationId: org.id,
        stakeholderId: personId,
        kind: 'INTERNAL_MOVE',
        status: 'CONFIRMED',
        matchedBy: 'MANUAL_LINK',
        observedAt: new Date(Date.now() - 60 * 86_400_000),
        reviewedAt: new Date(Date.now() - 45 * 86_400_000),
        flaggedById: org.rep.id,
        idempotencyKey: randomUUID(),
        requestHash: 'old',
      },
    });
    const answer = await api.gql<{
      profileLookup: { flags: Array<{ id: string; kind: string; status: string; sightingCount: number }> };
    }>(org.rep.token, LOOKUP, { url: 'https://www.linkedin.com/in/rhea-seen/?locale=de_DE' });
    expect(answer.errors).toBeUndefined();
    const flags = answer.data!.profileLookup.flags;
    expect(flags.map((row) => `${row.kind} ${row.status} ${row.sightingCount}`)).toEqual([
      'LEAVING_SOON PENDING 9',
      'LEFT_COMPANY PENDING 0',
      'PROMOTION PENDING 0',
      'LEFT_COMPANY REJECTED 1',
    ]);
    expect(flags.map((row) => row.id)).not.toContain(encodeId('JobChangeFlag', old.id));
  });

  it('answers each aliased stakeholder and flags field with its own selection', async () => {
    const plain = await api.gql<{ profileLookup: { flags: Array<{ id: string; kind: string; status: string }> } }>(
      org.rep.token,
      LOOKUP,
      { url: 'linkedin.com/in/rhea-seen' },
    );
    const expected = plain.data!.profileLookup.flags;
    expect(expected.length).toBeGreaterThan(1);
    const answer = await api.gql<{ profileLookup: Record<string, unknown> }>(
      org.rep.token,
      `query($url: String!) {
        profileLookup(url: $url) {
          ... on ProfileLookup {
            a: stakeholder { fullName }
            b: stakeholder { profileUrl }
            c: flags { id kind }
            d: flags { id status }
          }
        }
      }`,
      { url: 'linkedin.com/in/rhea-seen' },
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.profileLookup).toEqual({
      a: { fullName: 'Rhea Seen' },
      b: { profileUrl: 'https://www.linkedin.com/in/rhea-seen/' },
      c: expected.map(({ id, kind }) => ({ id, kind })),
      d: expected.map(({ id, status }) => ({ id, status })),
    });
  });
});

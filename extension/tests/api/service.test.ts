import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGraphQLClient } from '@/api/client';
import { createThreadwatchService, type ThreadwatchService } from '@/api/service';
import {
  API_URL,
  FakeThreadwatchApi,
  KNOWN_PROFILE_URL,
  KNOWN_STAKEHOLDER_ID,
  VALID_TOKEN,
  VALID_TOKEN_EXPIRES_AT,
} from '../support/fake-api';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let api: FakeThreadwatchApi;
let service: ThreadwatchService;

beforeEach(() => {
  api = new FakeThreadwatchApi();
  server.use(...api.handlers);
  service = createThreadwatchService(createGraphQLClient({ endpoint: API_URL, token: VALID_TOKEN }));
});

const KEY = '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

describe('Threadwatch service', () => {
  it('looks up a tracked stakeholder with account, roles, threads and risk', async () => {
    const result = await service.lookupProfile('https://de.linkedin.com/in/Jane-Doe/?trk=x');
    expect(result).toEqual({
      ok: true,
      value: {
        profileUrl: 'https://www.linkedin.com/in/jane-doe/',
        tracked: true,
        stakeholder: {
          id: KNOWN_STAKEHOLDER_ID,
          fullName: 'Jane Doe',
          title: 'VP Finance',
          status: 'ACTIVE',
          buyingRoles: ['ECONOMIC_BUYER'],
          isMainContact: true,
          account: expect.objectContaining({ name: 'Acme Corp', tier: 'STRATEGIC', owner: { name: 'Dana Rep' } }),
          relationships: [{ strength: 'STRONG', live: true, member: { name: 'Dana Rep' } }],
        },
        flags: [],
      },
    });
  });

  it('says when a person is not tracked', async () => {
    await expect(service.lookupProfile('https://www.linkedin.com/in/someone-else/')).resolves.toEqual({
      ok: true,
      value: { profileUrl: 'https://www.linkedin.com/in/someone-else/', tracked: false, stakeholder: null, flags: [] },
    });
  });

  it('turns a ValidationError result into a validation failure with its issues', async () => {
    const result = await service.lookupProfile('https://www.linkedin.com/company/acme/');
    expect(result).toMatchObject({
      ok: false,
      failure: { kind: 'validation', code: 'VALIDATION', issues: [{ path: ['url'] }] },
    });
  });

  it('looks up a company’s coverage', async () => {
    const result = await service.lookupCompany('https://www.linkedin.com/company/acme/');
    expect(result.ok && result.value.account?.coverage).toMatchObject({
      missingRoles: ['CHAMPION', 'EXECUTIVE_SPONSOR'],
      coveragePercent: 33,
      singleThreaded: true,
    });
  });

  it('tests the connection, with when the token expires', async () => {
    await expect(service.testConnection()).resolves.toEqual({
      ok: true,
      value: {
        memberName: 'Dana Rep',
        organizationName: 'Acme Software',
        tokenScope: 'FLAGGING',
        tokenExpiresAt: VALID_TOKEN_EXPIRES_AT,
      },
    });
    api.tokenExpiresAt = '2026-12-08T09:00:00.000Z';
    await expect(service.testConnection()).resolves.toMatchObject({
      ok: true,
      value: { tokenExpiresAt: '2026-12-08T09:00:00.000Z' },
    });
  });

  it('sends a flag once per idempotency key; the repeat is a replay', async () => {
    const input = {
      idempotencyKey: KEY,
      kind: 'LEFT_COMPANY' as const,
      observedAt: '2026-11-23T10:00:00Z',
      profileUrl: KNOWN_PROFILE_URL,
    };
    const first = await service.sendFlag(input);
    const second = await service.sendFlag(input);
    expect(first).toEqual({
      ok: true,
      value: { flagId: 'flag-1', status: 'PENDING', stakeholderName: 'Jane Doe', replayed: false, sighting: false },
    });
    expect(second).toEqual({
      ok: true,
      value: { flagId: 'flag-1', status: 'PENDING', stakeholderName: 'Jane Doe', replayed: true, sighting: false },
    });
    expect(api.flags.size).toBe(1);
  });

  it('reports a reused key with another payload as a conflict', async () => {
    await service.sendFlag({
      idempotencyKey: KEY,
      kind: 'LEFT_COMPANY',
      observedAt: '2026-11-23T10:00:00Z',
      profileUrl: KNOWN_PROFILE_URL,
    });
    const result = await service.sendFlag({
      idempotencyKey: KEY,
      kind: 'PROMOTION',
      observedAt: '2026-11-23T10:00:00Z',
      profileUrl: KNOWN_PROFILE_URL,
    });
    expect(result).toEqual({
      ok: false,
      failure: {
        kind: 'conflict',
        code: 'CONFLICT',
        message: 'This idempotency key was used for another flag.',
        existingId: 'flag-1',
      },
    });
  });

  it('returns possible duplicates instead of adding', async () => {
    const result = await service.addStakeholder({
      accountId: 'QWNjb3VudDox',
      fullName: 'Jane Doe',
      idempotencyKey: KEY,
    });
    expect(result).toMatchObject({ ok: true, value: { added: false, possibleDuplicates: [{ fullName: 'Jane Doe' }] } });
  });

  it('adds a person', async () => {
    const result = await service.addStakeholder({
      accountId: 'QWNjb3VudDox',
      fullName: 'Ann Smith',
      idempotencyKey: KEY,
    });
    expect(result).toEqual({
      ok: true,
      value: { added: true, stakeholderId: 'stakeholder-1', fullName: 'Ann Smith', replayed: false },
    });
  });

  it('links a profile, and reports an unknown stakeholder as not found', async () => {
    await expect(
      service.linkProfile({ stakeholderId: KNOWN_STAKEHOLDER_ID, profileUrl: KNOWN_PROFILE_URL }),
    ).resolves.toMatchObject({
      ok: true,
      value: { stakeholderId: KNOWN_STAKEHOLDER_ID, fullName: 'Jane Doe' },
    });
    await expect(
      service.linkProfile({ stakeholderId: 'U3Rha2Vob2xkZXI6Mg', profileUrl: KNOWN_PROFILE_URL }),
    ).resolves.toEqual({
      ok: false,
      failure: { kind: 'not-found', code: 'NOT_FOUND', message: 'Stakeholder not found.' },
    });
  });

  it('passes transport failures through', async () => {
    api.outage = true;
    await expect(service.testConnection()).resolves.toMatchObject({ ok: false, failure: { kind: 'unreachable' } });
  });

  it.each([
    { name: 'a result without __typename', data: { profileLookup: { tracked: true } } },
    { name: 'a result of an unknown type', data: { profileLookup: { __typename: 'Surprise', tracked: true } } },
    {
      name: 'an error result without a message',
      data: { profileLookup: { __typename: 'ValidationError', code: 'VALIDATION' } },
    },
    { name: 'a null root field', data: { profileLookup: null } },
    {
      name: 'a stakeholder without an account',
      data: {
        profileLookup: {
          __typename: 'ProfileLookup',
          profileUrl: KNOWN_PROFILE_URL,
          tracked: true,
          stakeholder: { fullName: 'Jane Doe', buyingRoles: [], relationships: [] },
        },
      },
    },
  ])('reports $name as a malformed response', async ({ data }) => {
    server.use(http.post(API_URL, () => HttpResponse.json({ data })));
    await expect(service.lookupProfile(KNOWN_PROFILE_URL)).resolves.toEqual({
      ok: false,
      failure: {
        kind: 'malformed-response',
        message: 'The API answered, but not in the shape this version of Threadwatch expects.',
      },
    });
  });
});

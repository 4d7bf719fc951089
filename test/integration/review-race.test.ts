// Confirming and rejecting the same job-change flag at the same moment, through the real HTTP API on
// whichever database the project runs (PostgreSQL included): one review wins, the other is a
// ConflictError that changes nothing, and the flag's status always agrees with its effects. The same
// race across two API processes runs in scale-out.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, startTestApi, type TestApi, type TestOrganization } from '../support/api.ts';
import { type Send, startReviewRace } from '../support/review-race.ts';

let api: TestApi;
let org: TestOrganization;
let race: Awaited<ReturnType<typeof startReviewRace>>;

beforeAll(async () => {
  api = await startTestApi({ webhookAllowPrivateAddresses: true });
  org = await createOrganization(api.prisma, 'review-race');
  const send: Send = (_index, token, query, variables) => api.gql(token, query, variables);
  race = await startReviewRace(api.prisma, org, send);
});
afterAll(async () => {
  await race?.close();
  await api?.close();
});

describe('reviews of one flag at the same moment', () => {
  it('confirm against reject, 50 rounds: exactly one wins, the loser is a ConflictError, status agrees with effects', async () => {
    const tally = await race.race(50, ['confirm', 'reject']);
    console.log(
      `review race: 50 rounds of confirm + reject → ${tally.confirmed} confirmed, ${tally.rejected} rejected`,
    );
    expect(tally.confirmed + tally.rejected).toBe(50);
  });

  it('confirm against confirm: both answer CONFIRMED, the effects happen once', async () => {
    expect(await race.race(10, ['confirm', 'confirm'])).toEqual({ confirmed: 10, rejected: 0 });
  });

  it('reject against reject: both answer REJECTED, nothing else changes', async () => {
    expect(await race.race(10, ['reject', 'reject'])).toEqual({ confirmed: 0, rejected: 10 });
  });
});

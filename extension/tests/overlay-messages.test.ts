// The background's answers to the overlay's own request for a direct add (with possible duplicates).
import { beforeEach, describe, expect, it } from 'vitest';
import { useBackgroundWorld } from './support/background-world';
import { linkedInSender, sendFrom } from './support/extension-contexts';
import { KNOWN_ACCOUNT_ID, KNOWN_STAKEHOLDER_ID } from './support/fake-api';

const world = useBackgroundWorld();
const KEY = '0f8e4c1a-5b2d-4e6f-9a7b-3c2d1e0f9a8b';

beforeEach(async () => {
  await world.start();
});

describe('addStakeholder (direct)', () => {
  it('answers with the person added, sent with the sender’s key', async () => {
    const response = await sendFrom(linkedInSender(), {
      type: 'addStakeholder',
      idempotencyKey: KEY,
      stakeholder: { accountId: KNOWN_ACCOUNT_ID, fullName: 'Sam Lee', buyingRoles: ['CHAMPION'] },
    });
    expect(response).toEqual({
      type: 'ok',
      value: { added: true, stakeholderId: 'stakeholder-1', fullName: 'Sam Lee', replayed: false },
    });
    expect(world.api.received.at(-1)?.variables.input).toMatchObject({ idempotencyKey: KEY, fullName: 'Sam Lee' });
    expect(await world.items()).toEqual([]);
  });

  it('answers with the possible duplicates instead', async () => {
    const response = await sendFrom(linkedInSender(), {
      type: 'addStakeholder',
      idempotencyKey: KEY,
      stakeholder: { accountId: KNOWN_ACCOUNT_ID, fullName: 'Jane Doe' },
    });
    expect(response).toMatchObject({
      type: 'ok',
      value: { added: false, possibleDuplicates: [{ id: KNOWN_STAKEHOLDER_ID, fullName: 'Jane Doe' }] },
    });
  });

  it('queues the add under the sender’s key when the API cannot be reached', async () => {
    world.api.outage = true;
    const stakeholder = { accountId: KNOWN_ACCOUNT_ID, fullName: 'Sam Lee' };
    const response = await sendFrom(linkedInSender(), { type: 'addStakeholder', idempotencyKey: KEY, stakeholder });
    expect(response).toMatchObject({
      type: 'ok',
      value: { added: false, queued: { idempotencyKey: KEY, status: 'queued', flag: { kind: 'addStakeholder' } } },
    });
    expect(await world.items()).toMatchObject([
      { idempotencyKey: KEY, flag: { kind: 'addStakeholder', input: stakeholder } },
    ]);

    // The same add again (a second press) is the same queue item, not another one.
    await sendFrom(linkedInSender(), { type: 'addStakeholder', idempotencyKey: KEY, stakeholder });
    expect(await world.items()).toHaveLength(1);

    world.api.outage = false;
    await world.fireRetryAlarm();
    expect(await world.items()).toMatchObject([{ idempotencyKey: KEY, status: 'sent' }]);
    expect(world.api.stakeholdersAdded.size).toBe(1);
  });

  it('answers an API refusal as the failure the API layer made, and queues nothing', async () => {
    world.api.token = `tw_${'Z'.repeat(43)}`;
    const response = await sendFrom(linkedInSender(), {
      type: 'addStakeholder',
      idempotencyKey: KEY,
      stakeholder: { accountId: KNOWN_ACCOUNT_ID, fullName: 'Sam Lee' },
    });
    expect(response).toMatchObject({
      type: 'error',
      code: 'api',
      reason: 'Token rejected: Invalid or revoked API token.',
      failure: { kind: 'unauthenticated', message: 'Token rejected: Invalid or revoked API token.', status: 401 },
    });
    expect(await world.items()).toEqual([]);
  });

  it('refuses a key that is not a UUID', async () => {
    const response = await sendFrom(linkedInSender(), {
      type: 'addStakeholder',
      idempotencyKey: 'again',
      stakeholder: { accountId: KNOWN_ACCOUNT_ID, fullName: 'Sam Lee' },
    });
    expect(response).toEqual({
      type: 'error',
      code: 'invalid-request',
      reason: 'invalid "addStakeholder" message: idempotencyKey must be a UUID',
    });
  });
});

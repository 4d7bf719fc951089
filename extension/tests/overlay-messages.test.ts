// The background's answers to the overlay's own requests: a direct add (with possible duplicates)
// and one queue item by its key.
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

describe('getQueueItem', () => {
  it('answers with the item of a key the content script got from enqueueing, and null for others', async () => {
    const enqueued = await sendFrom(linkedInSender(), {
      type: 'enqueueFlag',
      flag: { kind: 'LEAVING_SOON', observedAt: '2026-11-23T10:00:00.000Z', stakeholderId: KNOWN_STAKEHOLDER_ID },
    });
    if (enqueued.type !== 'ok' || !('item' in enqueued.value)) throw new Error('not enqueued');
    await world.settled();
    const key = enqueued.value.item.idempotencyKey;
    expect(await sendFrom(linkedInSender(), { type: 'getQueueItem', idempotencyKey: key })).toMatchObject({
      type: 'ok',
      value: { found: { idempotencyKey: key, status: 'sent' } },
    });
    expect(await sendFrom(linkedInSender(), { type: 'getQueueItem', idempotencyKey: KEY })).toEqual({
      type: 'ok',
      value: { found: null },
    });
  });
});

// Which queued items a profile card counts as about its person: by stakeholder, or, for a flag queued
// from the offline buttons before the person was known, by the profile's URL in any of its spellings.
import { describe, expect, it } from 'vitest';
import { isQueuedFlagAbout, personFlags, type ShownPerson } from '@/overlay/person-flags';
import type { QueuedFlag, QueueItem } from '@/queue/queue-item';

const DANA: ShownPerson = { stakeholderId: 'U3Q', profileUrl: 'https://www.linkedin.com/in/dana-ruiz/' };
const OBSERVED = '2026-11-23T10:00:00.000Z';

function queued(flag: QueuedFlag, status: QueueItem['status'] = 'queued'): QueueItem {
  const base = { idempotencyKey: '0f8e4c1a-5b2d-4e6f-9a7b-3c2d1e0f9a8b', flag, createdAt: 0, attempts: 0 };
  return status === 'sent'
    ? { ...base, status, sentAt: 1, outcome: 'Flag recorded.' }
    : { ...base, status: 'queued', nextAttemptAt: 0, lastError: null };
}

const jobChange = (input: Partial<Extract<QueuedFlag, { kind: 'jobChange' }>['input']>): QueuedFlag => ({
  kind: 'jobChange',
  input: { kind: 'LEFT_COMPANY', observedAt: OBSERVED, ...input },
});

describe('isQueuedFlagAbout', () => {
  it.each<[string, QueuedFlag, ShownPerson, boolean]>([
    ['names the stakeholder', jobChange({ stakeholderId: 'U3Q' }), DANA, true],
    ['names another stakeholder', jobChange({ stakeholderId: 'U3R' }), DANA, false],
    [
      'names another stakeholder, on the same profile',
      jobChange({ stakeholderId: 'U3R', profileUrl: DANA.profileUrl! }),
      DANA,
      false,
    ],
    ['queued offline with the same profile URL', jobChange({ profileUrl: DANA.profileUrl! }), DANA, true],
    [
      'queued offline with another spelling of the profile URL',
      jobChange({ profileUrl: 'https://linkedin.com/in/Dana-Ruiz?trk=feed' }),
      DANA,
      true,
    ],
    [
      'queued offline with another profile',
      jobChange({ profileUrl: 'https://www.linkedin.com/in/sam-lee/' }),
      DANA,
      false,
    ],
    [
      'queued offline while the card knows no profile URL',
      jobChange({ profileUrl: DANA.profileUrl! }),
      { ...DANA, profileUrl: null },
      false,
    ],
    [
      'neither side has a readable profile',
      jobChange({ profileUrl: 'https://example.com/' }),
      { ...DANA, profileUrl: 'https://example.com/' },
      false,
    ],
    ['an add, not a flag', { kind: 'addStakeholder', input: { accountId: 'QWM', fullName: 'Dana Ruiz' } }, DANA, false],
  ])('%s', (_name, flag, person, about) => {
    expect(isQueuedFlagAbout(queued(flag), person)).toBe(about);
  });
});

describe('personFlags', () => {
  it('lists an unsent flag queued from the offline buttons for the person, and not a sent one', () => {
    const offline = queued(jobChange({ kind: 'INTERNAL_MOVE', profileUrl: DANA.profileUrl! }));
    const sent = queued(jobChange({ kind: 'PROMOTION', profileUrl: DANA.profileUrl! }), 'sent');
    expect(personFlags([], [offline, sent], DANA).map((flag) => [flag.kind, flag.state])).toEqual([
      ['INTERNAL_MOVE', 'QUEUED'],
    ]);
  });
});

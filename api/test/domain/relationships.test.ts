import { describe, expect, it } from 'vitest';
import {
  defaultThreadSettings,
  isLiveThread,
  type RelationshipStrength,
  relationshipFacts,
  type ThreadSettings,
  wentStale,
} from '../../src/domain/relationships.ts';

const NOW = new Date('2026-06-30T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
const settings: ThreadSettings = defaultThreadSettings;

describe('relationshipFacts: a stored thread as the live-thread rule sees it', () => {
  it.each<[string, Date | null, boolean]>([
    ['member still with us', null, true],
    ['member deactivated', daysAgo(3), false],
  ])('%s', (_case, deactivatedAt, memberActive) => {
    const row = { strength: 'STRONG' as const, lastTouchAt: daysAgo(1), member: { deactivatedAt } };
    expect(relationshipFacts(row)).toEqual({ strength: 'STRONG', lastTouchAt: daysAgo(1), memberActive });
  });

  it.each<[RelationshipStrength, number, Date | null, boolean]>([
    ['STRONG', 10, null, true],
    ['MEDIUM', 90, null, true],
    ['MEDIUM', 91, null, false],
    ['WEAK', 1, null, false],
    ['STRONG', 1, daysAgo(1), false],
  ])(
    'a %s thread touched %i days ago (member deactivated at %s) is live: %s',
    (strength, touched, deactivatedAt, live) => {
      const facts = relationshipFacts({ strength, lastTouchAt: daysAgo(touched), member: { deactivatedAt } });
      expect(isLiveThread(facts, NOW, settings)).toBe(live);
    },
  );
});

describe('wentStale: a thread that turned stale between two assessments', () => {
  it.each<[string, Date | null, Date, boolean]>([
    ['fresh then, stale now', daysAgo(95), daysAgo(10), true],
    ['fresh then, fresh now', daysAgo(30), daysAgo(10), false],
    ['already stale then', daysAgo(200), daysAgo(10), false],
    ['exactly at the window now (not stale yet)', daysAgo(90), daysAgo(10), false],
    ['never touched (stale all along)', null, daysAgo(10), false],
  ])('%s', (_case, lastTouchAt, since, expected) => {
    expect(wentStale({ lastTouchAt }, since, NOW, settings)).toBe(expected);
  });

  it('uses the organization’s live window', () => {
    const shortWindow: ThreadSettings = { ...settings, liveWithinDays: 7 };
    expect(wentStale({ lastTouchAt: daysAgo(8) }, daysAgo(2), NOW, shortWindow)).toBe(true);
    expect(wentStale({ lastTouchAt: daysAgo(8) }, daysAgo(2), NOW, settings)).toBe(false);
  });
});

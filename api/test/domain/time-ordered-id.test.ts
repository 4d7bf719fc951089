import { describe, expect, it } from 'vitest';
import { timeOfId, timeOrderedId, timeOrderedIds } from '../../src/domain/time-ordered-id.ts';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A clock that answers the given milliseconds in turn (the last one from then on). */
function clockOf(...times: number[]) {
  let index = 0;
  return () => times[Math.min(index++, times.length - 1)]!;
}

const zeros = (bytes: Uint8Array) => bytes.fill(0);
const ones = (bytes: Uint8Array) => bytes.fill(0xff);

describe('timeOrderedIds', () => {
  it.each([
    ['the epoch, zero random bits', 0, zeros, '00000000-0000-7000-8000-000000000000'],
    ['the epoch, all random bits set', 0, ones, '00000000-0000-77ff-bfff-ffffffffffff'],
    ['2026-12-05T00:00:00.000Z', Date.UTC(2026, 11, 5), zeros, '01a24380-2000-7000-8000-000000000000'],
    ['the largest 48-bit millisecond', 2 ** 48 - 1, zeros, 'ffffffff-ffff-7000-8000-000000000000'],
  ])('lays out %s as version 7, variant 10', (_name, ms, random, expected) => {
    const id = timeOrderedIds(() => ms, random)();
    expect(id).toBe(expected);
    expect(id).toMatch(UUID_V7);
    expect(timeOfId(id)).toBe(ms);
  });

  it.each([
    ['later milliseconds', [1000, 1001, 1002, 5000]],
    ['the same millisecond', [1000, 1000, 1000, 1000]],
    ['a clock that goes back', [5000, 4000, 3000, 5000]],
  ])('gives strictly increasing ids over %s', (_name, times) => {
    const next = timeOrderedIds(clockOf(...times), ones);
    const ids = times.map(() => next());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(UUID_V7);
  });

  it('keeps the last millisecond while the clock is behind it', () => {
    const next = timeOrderedIds(clockOf(5000, 4000), zeros);
    expect(timeOfId(next())).toBe(5000);
    expect(timeOfId(next())).toBe(5000);
  });

  it('borrows the next millisecond when one millisecond has used its 4096 counter values', () => {
    const next = timeOrderedIds(() => 7000, zeros);
    const ids = Array.from({ length: 4097 }, () => next());
    expect(timeOfId(ids[4095]!)).toBe(7000);
    expect(ids[4095]!.slice(14, 18)).toBe('7fff');
    expect(timeOfId(ids[4096]!)).toBe(7001);
    expect([...ids].sort()).toEqual(ids);
  });

  it('orders the process generator’s ids as they were made, and stamps them with the time', () => {
    const before = Date.now();
    const ids = Array.from({ length: 1000 }, () => timeOrderedId());
    const after = Date.now();
    expect([...ids].sort()).toEqual(ids);
    expect(timeOfId(ids[0]!)).toBeGreaterThanOrEqual(before);
    expect(timeOfId(ids[999]!)).toBeLessThanOrEqual(after + 1);
  });
});

import { describe, expect, it } from 'vitest';
import { assertSameRequest, requestHash } from '../../src/domain/idempotency.ts';

describe('requestHash', () => {
  const base = { idempotencyKey: 'key-1', fullName: 'Ada', title: null, observedAt: new Date('2026-11-20T10:00:00Z') };
  it.each<[string, Record<string, unknown>, boolean]>([
    ['the same payload', { ...base }, true],
    ['another key', { ...base, idempotencyKey: 'key-2' }, true],
    [
      'fields in another order',
      { observedAt: base.observedAt, title: null, fullName: 'Ada', idempotencyKey: 'k' },
      true,
    ],
    ['undefined for null', { ...base, title: undefined }, true],
    ['a field left out', { idempotencyKey: 'key-1', fullName: 'Ada', observedAt: base.observedAt }, false],
    ['the same instant as another Date object', { ...base, observedAt: new Date(base.observedAt.getTime()) }, true],
    ['another name', { ...base, fullName: 'Bo' }, false],
    ['a title given', { ...base, title: 'CFO' }, false],
    ['another instant', { ...base, observedAt: new Date('2026-11-20T10:00:01Z') }, false],
    ['an extra field', { ...base, department: 'Finance' }, false],
  ])('%s: same request = %s', (_label, other, same) => {
    expect(requestHash(other) === requestHash(base)).toBe(same);
  });
});

describe('assertSameRequest', () => {
  const hash = requestHash({ idempotencyKey: 'k', fullName: 'Ada' });
  it.each<[string, string | null, boolean]>([
    ['the stored hash', hash, false],
    ['another hash', requestHash({ idempotencyKey: 'k', fullName: 'Bo' }), true],
    ['a record stored before requests were hashed', null, false],
  ])('%s: conflict = %s', (_label, stored, conflict) => {
    const check = () => assertSameRequest(stored, hash, 'person');
    if (conflict) expect(check).toThrow('This idempotency key was already used for a different person.');
    else expect(check).not.toThrow();
  });
});

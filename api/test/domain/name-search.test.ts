import { describe, expect, it } from 'vitest';
import { likeLiteral } from '../../src/domain/name-search.ts';

describe('likeLiteral', () => {
  it.each([
    ['Acme', 'Acme'],
    ['', ''],
    ['\\', '\\\\'],
    ['%', '\\%'],
    ['_', '\\_'],
    ['100% _real_ \\o/', '100\\% \\_real\\_ \\\\o/'],
    ['\\%', '\\\\\\%'],
    ['Müller*?[a]', 'Müller*?[a]'],
  ])('%j → %j', (term, pattern) => {
    expect(likeLiteral(term)).toBe(pattern);
  });
});

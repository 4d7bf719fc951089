import { describe, expect, it } from 'vitest';
import { arrayLiteral } from '../../src/database.ts';

describe('arrayLiteral', () => {
  it.each([
    [[], '{}'],
    [['CHAMPION'], '{"CHAMPION"}'],
    [['CHAMPION', 'USER'], '{"CHAMPION","USER"}'],
    [['a,b', 'c}d', 'e{f'], '{"a,b","c}d","e{f"}'],
    [['say "hi"', 'back\\slash'], '{"say \\"hi\\"","back\\\\slash"}'],
    [[null, 'NULL'], '{NULL,"NULL"}'],
    [['Jürgen 🦄'], '{"Jürgen 🦄"}'],
  ])('%j → %s', (values, literal) => {
    expect(arrayLiteral(values)).toBe(literal);
  });
});

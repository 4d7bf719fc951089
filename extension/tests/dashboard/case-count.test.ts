import { describe, expect, it } from 'vitest';
import { caseCountNote } from '@/dashboard/case-count';

const acme = { account: { id: 'a1', name: 'Acme Corp' } };
const globex = { account: { id: 'a2', name: 'Globex' } };
const hooli = { account: { id: 'a3', name: 'Hooli' } };

describe('caseCountNote', () => {
  it.each([
    ['no case', [], 0, true, null],
    ['one case', [acme], 1, true, '1 open case on 1 account: one per account.'],
    ['one case per account', [acme, globex], 2, true, '2 open cases on 2 accounts: one per account.'],
    [
      'two cases on one account (8 cases, 7 accounts in the issue)',
      [acme, acme, globex, hooli],
      4,
      true,
      '4 open cases on 3 accounts, one case per key person who left (Acme Corp has 2).',
    ],
    [
      'several accounts with several cases',
      [acme, globex, acme, globex, globex],
      5,
      true,
      '5 open cases on 2 accounts, one case per key person who left (Acme Corp has 2, Globex has 3).',
    ],
    [
      'not every case loaded yet: no account count from a partial page',
      [acme, globex],
      30,
      false,
      '30 open cases, one per key person who left: an account can have several, so this can be more than the accounts at risk.',
    ],
  ])('%s', (_name, cases, total, complete, note) => {
    expect(caseCountNote(cases, total, complete)).toBe(note);
  });
});

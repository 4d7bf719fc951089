import { describe, expect, it } from 'vitest';
import {
  type AccountMove,
  BULK_TOP_ACCOUNTS,
  type BulkCause,
  bandLines,
  bulkHeadline,
  emptyBulkTally,
  mergeBulkTallies,
  moveLine,
  readBulkTally,
  tallyMove,
} from '../../src/domain/bulk-changes.ts';
import { genericBody } from '../../src/domain/webhook-bodies.ts';
import type { StoredEvent } from '../../src/domain/webhook-payloads.ts';
import { slackMessage } from '../../src/domain/webhook-slack.ts';
import { bulkSummaryEventData } from '../../src/services/webhook-events.ts';

const move = (overrides: Partial<AccountMove>): AccountMove => ({
  accountId: 'a',
  name: 'Acme',
  ownerId: 'casey',
  arrMinor: 10_000_000,
  bandFrom: 'YELLOW',
  bandTo: 'AMBER',
  score: 60,
  gapsOpened: 0,
  ...overrides,
});

describe('tallyMove', () => {
  it.each<[string, AccountMove, { changed: number; moved: number; rose: number; fell: number; gaps: number }]>([
    ['a rise', move({}), { changed: 1, moved: 1, rose: 1, fell: 0, gaps: 0 }],
    ['a fall', move({ bandFrom: 'RED', bandTo: 'GREEN' }), { changed: 1, moved: 1, rose: 0, fell: 1, gaps: 0 }],
    [
      'gaps without a band move',
      move({ bandTo: 'YELLOW', gapsOpened: 2 }),
      { changed: 1, moved: 0, rose: 0, fell: 0, gaps: 2 },
    ],
    ['nothing worth a line', move({ bandTo: 'YELLOW' }), { changed: 0, moved: 0, rose: 0, fell: 0, gaps: 0 }],
  ])('%s', (_, one, expected) => {
    const { all } = tallyMove(emptyBulkTally(), one);
    expect({
      changed: all.accountsChanged,
      moved: all.accountsMoved,
      rose: all.rose,
      fell: all.fell,
      gaps: all.gapsOpened,
    }).toEqual(expected);
  });

  it('counts per band and per owner; accounts with no owner count organization-wide only', () => {
    let tally = emptyBulkTally();
    tally = tallyMove(tally, move({ accountId: '1', bandTo: 'RED' }));
    tally = tallyMove(tally, move({ accountId: '2', bandFrom: 'RED', bandTo: 'AMBER', ownerId: 'robin' }));
    tally = tallyMove(tally, move({ accountId: '3', bandTo: 'RED', ownerId: null }));
    expect(tally.all.bands.RED).toEqual({ rose: 2, fell: 0 });
    expect(tally.all.bands.AMBER).toEqual({ rose: 0, fell: 1 });
    expect(Object.keys(tally.byOwner).sort()).toEqual(['casey', 'robin']);
    expect(tally.byOwner.casey?.accountsMoved).toBe(1);
    expect(tally.all.arrRoseMinor).toBe(20_000_000);
    expect(bandLines(tally.all)).toEqual(['Red: 2 rose into it', 'Amber: 1 fell into it']);
  });

  it('keeps only the largest accounts by ARR, however many moved, and merging batches keeps the same', () => {
    const moves = Array.from({ length: 35 }, (_, i) =>
      move({ accountId: String(i), name: `A${i}`, arrMinor: i * 100 }),
    );
    const whole = moves.reduce(tallyMove, emptyBulkTally());
    const batches = [moves.slice(0, 10), moves.slice(10, 30), moves.slice(30)].map((batch) =>
      batch.reduce(tallyMove, emptyBulkTally()),
    );
    const merged = batches.reduce(mergeBulkTallies, emptyBulkTally());
    expect(merged).toEqual(whole);
    expect(whole.all.top).toHaveLength(BULK_TOP_ACCOUNTS);
    expect(whole.all.top[0]?.name).toBe('A34');
    expect(whole.all.accountsMoved).toBe(35);
  });

  it('reads back a stored tally, and anything else as empty', () => {
    const tally = tallyMove(emptyBulkTally(), move({}));
    expect(readBulkTally(JSON.parse(JSON.stringify(tally)))).toEqual(tally);
    for (const junk of [null, 'x', 3, {}, { all: 1, byOwner: {} }])
      expect(readBulkTally(junk)).toEqual(emptyBulkTally());
  });
});

describe('words', () => {
  const tally = tallyMove(emptyBulkTally(), move({ gapsOpened: 1 })).all;
  it.each<[BulkCause, string]>([
    [
      { kind: 'SETTINGS_CHANGED', keys: ['requiredRoles', 'riskWeights'], member: { id: 'm', name: 'Ana' } },
      'Settings changed (required roles and risk weights) by Ana: the risk band moved at 1 account (rose at 1, fell at 0); ARR whose risk rose: EUR 100,000; new coverage gaps at 1 account.',
    ],
    [
      { kind: 'RULES_CHANGED', rulesVersion: 3 },
      'A new version of the risk rules: the risk band moved at 1 account (rose at 1, fell at 0); ARR whose risk rose: EUR 100,000; new coverage gaps at 1 account.',
    ],
    [
      { kind: 'IMPORT', fileName: 'accounts.csv', importKind: 'ACCOUNTS', member: null },
      'Import of accounts.csv: the risk band moved at 1 account (rose at 1, fell at 0); ARR whose risk rose: EUR 100,000; new coverage gaps at 1 account.',
    ],
    [
      { kind: 'HANDOVER', from: null, to: { id: 't', name: 'Robin' }, member: { id: 'm', name: 'Ana' } },
      'Handover from a former member to Robin by Ana: the risk band moved at 1 account (rose at 1, fell at 0); ARR whose risk rose: EUR 100,000; new coverage gaps at 1 account.',
    ],
  ])('headline %#', (cause, headline) => {
    expect(bulkHeadline(cause, tally, 'EUR')).toBe(headline);
  });

  it('one line per account: from → to with the score, the gaps, the amount with its currency', () => {
    expect(moveLine(move({ gapsOpened: 2 }), 'USD')).toBe(
      'Acme (USD 100,000): yellow → amber, score 60; 2 new coverage gaps',
    );
    expect(moveLine(move({ bandTo: 'YELLOW', gapsOpened: 1 }), 'JPY')).toBe('Acme (JPY 100,000): 1 new coverage gap');
  });
});

describe('the summary event', () => {
  const moves = Array.from({ length: 12 }, (_, i) =>
    move({ accountId: `a${i}`, name: i === 11 ? 'Evil <!channel> & Co' : `Account ${i}`, arrMinor: (i + 1) * 100_000 }),
  );
  const tally = moves.reduce(tallyMove, emptyBulkTally());
  const data = bulkSummaryEventData(
    { kind: 'IMPORT', fileName: 'x<@U1>.csv', importKind: 'ACCOUNTS', member: { id: 'm', name: 'Ana' } },
    { id: 'o', name: 'Casey <!here>' },
    tally.all,
    'USD',
  );
  const event: StoredEvent = {
    id: 'e',
    occurredAt: new Date('2026-12-04T00:00:00Z'),
    type: 'RISK_BANDS_CHANGED',
    data,
  };

  it('generic: risk_bands.changed with counts, bands (red first) and the top accounts with global ids', () => {
    const body = genericBody(event) as { type: string; data: typeof data };
    expect(body.type).toBe('risk_bands.changed');
    expect(body.data).toMatchObject({ accountsChanged: 12, accountsMoved: 12, rose: 12, fell: 0, currency: 'USD' });
    expect(body.data.bands.map((band) => band.band)).toEqual(['RED', 'AMBER', 'YELLOW', 'GREEN']);
    expect(body.data.accounts).toHaveLength(10);
    expect(body.data.accounts[0]).toMatchObject({
      arrMinor: 1_200_000,
      bandFrom: 'YELLOW',
      bandTo: 'AMBER',
      score: 60,
    });
    expect(body.data.accounts[0]?.account.id).toBe(Buffer.from('Account:a11').toString('base64url'));
  });

  it('Slack: the owner and headline, band counts and one escaped line per account, then how many more', () => {
    const message = slackMessage(event);
    expect(message.text).toBe(
      'For *Casey &lt;!here&gt;*: Import of x&lt;@U1&gt;.csv by Ana: the risk band moved at 12 accounts (rose at 12, fell at 0); ARR whose risk rose: USD 78,000.',
    );
    const lines = (message.blocks[1] as { text: { text: string } }).text.text.split('\n');
    expect(lines[0]).toBe('Amber: 12 rose into it');
    expect(lines[1]).toBe('• Evil &lt;!channel&gt; &amp; Co (USD 12,000): yellow → amber, score 60');
    expect(lines.at(-1)).toBe('…and 2 more');
    expect(lines).toHaveLength(12);
  });
});

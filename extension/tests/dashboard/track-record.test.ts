import { describe, expect, it } from 'vitest';
import {
  aucWords,
  bandCounts,
  CHART,
  calibrationBars,
  changedWeights,
  parseWeight,
  trackRecordPeriod,
} from '@/dashboard/track-record';

describe('track record helpers', () => {
  it('judges the last two years, today included', () => {
    expect(trackRecordPeriod(new Date('2026-11-23T10:00:00Z'))).toEqual({ from: '2024-11-24', to: '2026-11-23' });
  });

  it.each([
    [null, 'No AUC yet: it needs accounts that churned and accounts that stayed.'],
    [0.5, '0.50 (no better than chance)'],
    [0.55, '0.55 (barely better than chance)'],
    [0.64, '0.64 (fair)'],
    [0.7, '0.70 (good)'],
    [0.86, '0.86 (strong)'],
  ])('reads an AUC of %s', (auc, words) => {
    expect(aucWords(auc)).toBe(words);
  });

  it.each([
    ['12', 12],
    ['0', 0],
    ['100', 100],
    ['7.5', 7.5],
    ['', null],
    ['-1', null],
    ['101', null],
    ['ten', null],
  ])('reads the weight %j as %s', (text, value) => {
    expect(parseWeight(text)).toBe(value);
  });

  it('counts a band’s accounts, one in the singular', () => {
    expect(bandCounts({ accounts: 1, churned: 1 })).toBe('1 account · 1 churned');
    expect(bandCounts({ accounts: 12, churned: 0 })).toBe('12 accounts · 0 churned');
  });

  it('sends only the weights that changed, and refuses a value that is no weight', () => {
    const current = [
      { factor: 'departedRoleHolder', maxPoints: 30 },
      { factor: 'staleThreads', maxPoints: 8 },
      { factor: 'usageDrop', maxPoints: 10 },
    ];
    expect(changedWeights(current, { departedRoleHolder: '30', staleThreads: '0', usageDrop: '25' })).toEqual({
      ok: true,
      weights: [
        { factor: 'staleThreads', maxPoints: 0 },
        { factor: 'usageDrop', maxPoints: 25 },
      ],
    });
    expect(changedWeights(current, {})).toEqual({ ok: true, weights: [] });
    expect(changedWeights(current, { staleThreads: '-3', usageDrop: 'x' })).toEqual({
      ok: false,
      invalid: ['staleThreads', 'usageDrop'],
    });
  });

  it('draws bars as tall as the churn rate, side by side with a what-if, empty bands flat', () => {
    const recorded = [
      { band: 'GREEN' as const, accounts: 10, churned: 1, rate: 0.1 },
      { band: 'RED' as const, accounts: 0, churned: 0, rate: null },
    ];
    const candidate = [
      { band: 'GREEN' as const, accounts: 8, churned: 0, rate: 0 },
      { band: 'RED' as const, accounts: 2, churned: 2, rate: 1 },
    ];
    const plotHeight = CHART.height - CHART.top - CHART.bottom;
    const alone = calibrationBars(recorded, null);
    expect(alone.map((bar) => [bar.band, bar.label, bar.height])).toEqual([
      ['GREEN', '10 %', 0.1 * plotHeight],
      ['RED', '–', 0],
    ]);
    const paired = calibrationBars(recorded, candidate);
    expect(paired).toHaveLength(4);
    const [green, red, greenWhatIf, redWhatIf] = paired;
    expect(greenWhatIf!.x).toBeCloseTo(green!.x + green!.width);
    expect(redWhatIf!.height).toBe(plotHeight);
    expect(redWhatIf!.y).toBe(CHART.top);
    expect(red!.x).toBeGreaterThan(greenWhatIf!.x);
  });
});

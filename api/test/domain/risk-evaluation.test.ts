import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Band } from '../../src/domain/changes.ts';
import { bandFor, defaultRiskWeights } from '../../src/domain/risk.ts';
import {
  auc,
  calibration,
  decisiveOutcomes,
  type EvaluationCase,
  type EvaluationFactor,
  evaluateRisk,
  factorLifts,
  rescore,
  withDerivedFractions,
} from '../../src/domain/risk-evaluation.ts';

const cases = (list: Array<[number, boolean]>) => list.map(([score, positive]) => ({ score, positive }));

describe('auc', () => {
  it.each([
    [
      'perfect ranking',
      cases([
        [10, false],
        [20, false],
        [80, true],
        [90, true],
      ]),
      1,
    ],
    [
      'reversed ranking',
      cases([
        [10, true],
        [20, true],
        [80, false],
        [90, false],
      ]),
      0,
    ],
    [
      'all tied',
      cases([
        [50, true],
        [50, false],
        [50, true],
        [50, false],
      ]),
      0.5,
    ],
    [
      'one tie across classes counts half',
      cases([
        [10, false],
        [50, false],
        [50, true],
        [90, true],
      ]),
      0.875,
    ],
    // Pairs (p, n): (30,10) win, (30,40) loss, (60,10) win, (60,40) win: 3 of 4.
    [
      'mixed',
      cases([
        [10, false],
        [30, true],
        [40, false],
        [60, true],
      ]),
      0.75,
    ],
    [
      'ties within a class do not matter',
      cases([
        [10, false],
        [10, false],
        [70, true],
        [70, true],
      ]),
      1,
    ],
  ])('%s', (_name, sample, expected) => {
    expect(auc(sample)).toBeCloseTo(expected, 10);
  });

  it.each([
    ['empty sample', []],
    [
      'no positives',
      cases([
        [10, false],
        [20, false],
      ]),
    ],
    ['no negatives', cases([[10, true]])],
  ])('is null for %s', (_name, sample) => {
    expect(auc(sample)).toBeNull();
  });

  const sampleArb = fc.array(fc.record({ score: fc.integer({ min: 0, max: 100 }), positive: fc.boolean() }), {
    maxLength: 60,
  });

  it('lies in [0, 1] whenever both classes are present', () => {
    fc.assert(
      fc.property(sampleArb, (sample) => {
        const value = auc(sample);
        if (sample.some((c) => c.positive) && sample.some((c) => !c.positive)) {
          expect(value).not.toBeNull();
          expect(value!).toBeGreaterThanOrEqual(0);
          expect(value!).toBeLessThanOrEqual(1);
        } else expect(value).toBeNull();
      }),
    );
  });

  it('equals the pairwise count with ties half', () => {
    fc.assert(
      fc.property(sampleArb, (sample) => {
        const positives = sample.filter((c) => c.positive);
        const negatives = sample.filter((c) => !c.positive);
        fc.pre(positives.length > 0 && negatives.length > 0);
        let wins = 0;
        for (const p of positives)
          for (const n of negatives) wins += p.score > n.score ? 1 : p.score === n.score ? 0.5 : 0;
        expect(auc(sample)).toBeCloseTo(wins / (positives.length * negatives.length), 10);
      }),
    );
  });

  it('is 1 − AUC when the classes are swapped, and unchanged by order and monotone transforms', () => {
    fc.assert(
      fc.property(sampleArb, (sample) => {
        const value = auc(sample);
        fc.pre(value !== null);
        expect(auc(sample.map((c) => ({ ...c, positive: !c.positive })))).toBeCloseTo(1 - value!, 10);
        expect(auc([...sample].reverse())).toBeCloseTo(value!, 10);
        expect(auc(sample.map((c) => ({ ...c, score: c.score * 3 + 7 })))).toBeCloseTo(value!, 10);
      }),
    );
  });
});

describe('calibration', () => {
  it('lists the four bands with counts and rates, null for an empty band', () => {
    const rows = calibration([
      { band: 'RED', churned: true },
      { band: 'RED', churned: true },
      { band: 'RED', churned: false },
      { band: 'GREEN', churned: false },
      { band: 'GREEN', churned: true },
    ]);
    expect(rows).toEqual([
      { band: 'GREEN', accounts: 2, churned: 1, rate: 0.5 },
      { band: 'YELLOW', accounts: 0, churned: 0, rate: null },
      { band: 'AMBER', accounts: 0, churned: 0, rate: null },
      { band: 'RED', accounts: 3, churned: 2, rate: 2 / 3 },
    ]);
  });

  it('is four empty bands for an empty sample', () => {
    expect(calibration([]).map((row) => [row.band, row.accounts, row.rate])).toEqual([
      ['GREEN', 0, null],
      ['YELLOW', 0, null],
      ['AMBER', 0, null],
      ['RED', 0, null],
    ]);
  });
});

function riskCase(id: string, churned: boolean, factors: EvaluationFactor[]): EvaluationCase {
  const score = Math.min(
    100,
    factors.reduce((sum, factor) => sum + factor.points, 0),
  );
  return { accountId: id, churned, score, band: bandFor(score), factors };
}

describe('factor lifts', () => {
  const sample = [
    riskCase('a', true, [{ key: 'departedRoleHolder', points: 30, fraction: 1 }]),
    riskCase('b', true, [{ key: 'departedRoleHolder', points: 30, fraction: 1 }]),
    riskCase('c', false, [{ key: 'departedRoleHolder', points: 30, fraction: 1 }]),
    riskCase('d', true, [{ key: 'staleThreads', points: 4, fraction: 0.5 }]),
    riskCase('e', false, [{ key: 'staleThreads', points: 4, fraction: 0.5 }]),
    riskCase('f', false, []),
  ];

  it('compares the churn rate with and without each factor, strongest first', () => {
    const lifts = factorLifts(sample, ['departedRoleHolder', 'staleThreads', 'usageDrop']);
    expect(lifts.map((lift) => [lift.factor, lift.withFactor, lift.withoutFactor])).toEqual([
      ['departedRoleHolder', { accounts: 3, churned: 2, rate: 2 / 3 }, { accounts: 3, churned: 1, rate: 1 / 3 }],
      ['staleThreads', { accounts: 2, churned: 1, rate: 0.5 }, { accounts: 4, churned: 2, rate: 0.5 }],
      ['usageDrop', { accounts: 0, churned: 0, rate: null }, { accounts: 6, churned: 3, rate: 0.5 }],
    ]);
    expect(lifts.map((lift) => lift.lift)).toEqual([2, 1, null]);
  });

  it('reports factors found in the history even when they are not among the keys', () => {
    expect(factorLifts(sample, []).map((lift) => lift.factor)).toEqual(['departedRoleHolder', 'staleThreads']);
  });

  it('has no lift when nobody churned without the factor', () => {
    const [lift] = factorLifts([riskCase('a', true, [{ key: 'x', points: 5 }]), riskCase('b', false, [])]);
    expect(lift).toMatchObject({ factor: 'x', lift: null, withFactor: { rate: 1 }, withoutFactor: { rate: 0 } });
  });
});

describe('rescoring under other weights', () => {
  it.each([
    ['fractions times the new weights, rounded', [{ key: 'a', points: 10, fraction: 0.5 }], { a: 30 }, 15],
    ['a factor without a weight keeps its points', [{ key: 'z', points: 7, fraction: 1 }], { a: 30 }, 7],
    ['an unknown fraction keeps its points', [{ key: 'a', points: 9 }], { a: 50 }, 9],
    [
      'the cap of 100',
      [
        { key: 'a', points: 60, fraction: 1 },
        { key: 'b', points: 60, fraction: 1 },
      ],
      { a: 80, b: 80 },
      100,
    ],
    ['a zero weight removes the factor', [{ key: 'a', points: 12, fraction: 0.4 }], { a: 0 }, 0],
  ] as Array<[string, EvaluationFactor[], Record<string, number>, number]>)(
    '%s',
    (_name, factors, weights, expected) => {
      expect(rescore(factors, weights)).toBe(expected);
    },
  );

  it('derives missing fractions from the current weights, capped at 1, unknown when the weight is 0', () => {
    expect(
      withDerivedFractions(
        [
          { key: 'a', points: 15 },
          { key: 'b', points: 12 },
          { key: 'c', points: 3 },
          { key: 'd', points: 2, fraction: 0.2 },
        ],
        { a: 30, b: 10, c: 0, d: 10 },
      ),
    ).toEqual([
      { key: 'a', points: 15, fraction: 0.5 },
      { key: 'b', points: 12, fraction: 1 },
      { key: 'c', points: 3 },
      { key: 'd', points: 2, fraction: 0.2 },
    ]);
  });

  it('gives back the recorded score under the weights the points were made with', () => {
    const keys = Object.keys(defaultRiskWeights) as (keyof typeof defaultRiskWeights)[];
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...keys)),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true })),
        (chosen, fractions) => {
          const factors = chosen
            .map((key, index) => {
              const fraction = fractions[index] ?? 1;
              return { key, fraction, points: Math.round(defaultRiskWeights[key] * fraction) };
            })
            .filter((factor) => factor.points > 0);
          const recorded = Math.min(
            100,
            factors.reduce((sum, factor) => sum + factor.points, 0),
          );
          expect(rescore(factors, Object.fromEntries(Object.entries(defaultRiskWeights)))).toBe(recorded);
        },
      ),
    );
  });
});

describe('evaluateRisk', () => {
  const bands: Band[] = ['GREEN', 'YELLOW', 'AMBER', 'RED'];
  const caseArb = fc.record({
    accountId: fc.uuid(),
    churned: fc.boolean(),
    factors: fc.uniqueArray(
      fc.record({
        key: fc.constantFrom('departedRoleHolder', 'usageDrop', 'coverageGap', 'staleThreads'),
        fraction: fc.double({ min: 0.05, max: 1, noNaN: true }),
      }),
      { selector: (factor) => factor.key, maxLength: 4 },
    ),
  });
  const weights = { departedRoleHolder: 30, usageDrop: 10, coverageGap: 15, staleThreads: 8 };
  const toCase = (raw: { accountId: string; churned: boolean; factors: Array<{ key: string; fraction: number }> }) =>
    riskCase(
      raw.accountId,
      raw.churned,
      raw.factors.map((factor) => ({
        ...factor,
        points: Math.round(weights[factor.key as keyof typeof weights] * factor.fraction),
      })),
    );

  it('answers an empty sample with no AUC, empty bands and no lift', () => {
    const evaluation = evaluateRisk([], { currentWeights: weights, candidate: weights });
    expect(evaluation.sampleSize).toBe(0);
    expect(evaluation.recorded.auc).toBeNull();
    expect(evaluation.candidate?.auc).toBeNull();
    expect(evaluation.recorded.calibration.every((row) => row.accounts === 0)).toBe(true);
    expect(evaluation.factorLifts.every((lift) => lift.withFactor.accounts === 0 && lift.lift === null)).toBe(true);
  });

  it('has no candidate metrics when no weights were sent', () => {
    expect(evaluateRisk([], { currentWeights: weights }).candidate).toBeNull();
  });

  it('keeps the AUC when every weight is scaled by the same factor (no cap reached)', () => {
    fc.assert(
      fc.property(fc.array(caseArb, { maxLength: 40 }), fc.integer({ min: 2, max: 5 }), (raw, scale) => {
        // Fractions on a grid of 1/4 and weights that are multiples of 4 keep rounding out of the way;
        // the largest weights add up to 100, so the cap is never reached.
        const sample = raw.map((item) =>
          toCase({ ...item, factors: item.factors.map((f) => ({ ...f, fraction: Math.ceil(f.fraction * 4) / 4 })) }),
        );
        const small = { departedRoleHolder: 4, usageDrop: 4, coverageGap: 8, staleThreads: 4 };
        const large = Object.fromEntries(Object.entries(small).map(([key, value]) => [key, value * scale]));
        const a = evaluateRisk(sample, { currentWeights: weights, candidate: small });
        const b = evaluateRisk(sample, { currentWeights: weights, candidate: large });
        expect(b.candidate?.auc).toEqual(a.candidate?.auc);
      }),
    );
  });

  it('counts every case in exactly one band, and the current weights reproduce the recorded metrics', () => {
    fc.assert(
      fc.property(fc.array(caseArb, { maxLength: 40 }), (raw) => {
        const sample = raw.map(toCase);
        const evaluation = evaluateRisk(sample, { currentWeights: weights, candidate: weights });
        const rows = evaluation.recorded.calibration;
        expect(rows.map((row) => row.band)).toEqual(bands);
        expect(rows.reduce((sum, row) => sum + row.accounts, 0)).toBe(sample.length);
        expect(rows.reduce((sum, row) => sum + row.churned, 0)).toBe(evaluation.churned);
        expect(evaluation.candidate).toEqual(evaluation.recorded);
        for (const lift of evaluation.factorLifts)
          expect(lift.withFactor.accounts + lift.withoutFactor.accounts).toBe(sample.length);
      }),
    );
  });
});

describe('decisive outcomes', () => {
  const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
  it('takes the first churn of an account, else its latest outcome, one per account', () => {
    const picked = decisiveOutcomes([
      { accountId: 'b', kind: 'RENEWED', occurredOn: day('2025-01-01') },
      { accountId: 'b', kind: 'EXPANDED', occurredOn: day('2025-06-01') },
      { accountId: 'a', kind: 'RENEWED', occurredOn: day('2025-09-01') },
      { accountId: 'a', kind: 'CHURNED', occurredOn: day('2025-03-01') },
      { accountId: 'a', kind: 'CHURNED', occurredOn: day('2025-02-01') },
    ]);
    expect(picked.map((item) => [item.accountId, item.kind, item.occurredOn.toISOString().slice(0, 10)])).toEqual([
      ['a', 'CHURNED', '2025-02-01'],
      ['b', 'EXPANDED', '2025-06-01'],
    ]);
  });
});

// Properties the turnover risk keeps over generated accounts (see the header of risk.ts and the
// README's risk section): doing the right thing never raises the score and undoing it never lowers
// it, under any weights and cut-offs an organization may set; every point belongs to a named factor.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessRisk, defaultRiskWeights, defaultZoneRules } from '../../src/domain/risk.ts';
import {
  improvements,
  type RiskScenario,
  riskBandsArbitrary,
  riskInputOf,
  riskWeightsArbitrary,
  scenarioArbitrary,
} from '../support/risk-scenarios.ts';

const RUNS = 400;

function scoreOf(scenario: RiskScenario, weights = defaultRiskWeights, bands = undefined as never) {
  return assessRisk(riskInputOf(scenario), weights, bands ? { bands, zones: defaultZoneRules } : {}).score;
}

describe.each(improvements)('$name', (improvement) => {
  it('never raises the score (and undoing it never lowers it), with the default weights', () => {
    fc.assert(
      fc.property(scenarioArbitrary, fc.nat(), (scenario, pick) => {
        const better = improvement.apply(scenario, pick);
        fc.pre(better !== null);
        // Read from `scenario` to `better` it is the improvement; from `better` to `scenario`, its undoing.
        expect(scoreOf(better as RiskScenario)).toBeLessThanOrEqual(scoreOf(scenario));
      }),
      { numRuns: RUNS },
    );
  });

  it('never raises the score under any weights and band cut-offs', () => {
    fc.assert(
      fc.property(
        scenarioArbitrary,
        fc.nat(),
        riskWeightsArbitrary,
        riskBandsArbitrary,
        (scenario, pick, weights, bands) => {
          const better = improvement.apply(scenario, pick);
          fc.pre(better !== null);
          expect(scoreOf(better as RiskScenario, weights, bands as never)).toBeLessThanOrEqual(
            scoreOf(scenario, weights, bands as never),
          );
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('every point belongs to a named factor', () => {
  it('the score is the sum of the factor points, or 100 when that sum is higher', () => {
    fc.assert(
      fc.property(scenarioArbitrary, riskWeightsArbitrary, riskBandsArbitrary, (scenario, weights, bands) => {
        const risk = assessRisk(riskInputOf(scenario), weights, { bands, zones: defaultZoneRules });
        const sum = risk.factors.reduce((total, item) => total + item.points, 0);
        expect(risk.score).toBe(Math.min(100, sum));
        for (const item of risk.factors) {
          expect(Number.isInteger(item.points) && item.points > 0).toBe(true);
          expect(item.fraction).toBeGreaterThan(0);
          expect(item.fraction).toBeLessThanOrEqual(1);
          expect(Object.keys(weights)).toContain(item.key);
          expect(item.explanation).toMatch(/^\S.*\.$/);
        }
        expect(new Set(risk.factors.map((item) => item.key)).size).toBe(risk.factors.length);
      }),
      { numRuns: RUNS },
    );
  });

  it('a strategic or key account whose main contacts all left unreplaced is at least amber', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (generated) => {
        const scenario: RiskScenario = {
          ...generated,
          account: {
            ...generated.account,
            tier: generated.account.tier === 'STANDARD' ? 'KEY' : generated.account.tier,
            lifecycle: 'CUSTOMER',
          },
          people: [
            ...generated.people.map((person) => ({ ...person, isMainContact: false })),
            {
              id: 'gone',
              name: 'Gone',
              status: 'DEPARTED',
              buyingRoles: [],
              department: null,
              isMainContact: true,
              sentiment: 'NEUTRAL',
              lastEngagedAt: null,
              pendingDepartureFlag: false,
              replaced: false,
              caseClosed: generated.people.length % 2 === 0,
            },
          ],
        };
        expect(['AMBER', 'RED']).toContain(assessRisk(riskInputOf(scenario)).band);
      }),
      { numRuns: RUNS },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Band,
  caseOutlook,
  type Outlook,
  type OutlookFacts,
  overrideNoteProblem,
  type ReplacementStage,
} from '../../src/domain/case-outlook.ts';
import { type CaseOutlook, type ReportCase, turnoverReport } from '../../src/domain/turnover-report.ts';

function facts(extra: Partial<OutlookFacts> = {}): OutlookFacts {
  return {
    planCompletion: 0,
    dueShare: 0,
    replacement: 'NONE',
    newContactEngaged: false,
    band: 'YELLOW',
    record: { saved: 0, churned: 0 },
    override: null,
    ...extra,
  };
}

describe('caseOutlook', () => {
  it.each<[string, Partial<OutlookFacts>, Outlook, number]>([
    ['a fresh case, nothing due yet', {}, 'AT_RISK', 0],
    [
      'plan on track, 80 % done and due (seed 002)',
      { planCompletion: 0.8, dueShare: 0.8, band: 'RED' },
      'LIKELY_SAVED',
      1,
    ],
    ['nothing done, 80 % due, red band', { planCompletion: 0, dueShare: 0.8, band: 'RED' }, 'HIGH_RISK', -3],
    ['slightly behind', { planCompletion: 0.6, dueShare: 0.8 }, 'AT_RISK', -1],
    ['well behind in a green account', { planCompletion: 0.2, dueShare: 0.8, band: 'GREEN' }, 'AT_RISK', -1],
    [
      'replacement onboarded, plan behind',
      { replacement: 'ONBOARDED', planCompletion: 0.2, dueShare: 0.8 },
      'LIKELY_SAVED',
      1,
    ],
    ['replacement identified and engaged', { replacement: 'IDENTIFIED', newContactEngaged: true }, 'LIKELY_SAVED', 2],
    ['poor record for this cause and segment', { record: { saved: 1, churned: 3 }, band: 'RED' }, 'HIGH_RISK', -2],
    ['good record', { record: { saved: 7, churned: 3 } }, 'LIKELY_SAVED', 1],
    ['too short a record counts nothing', { record: { saved: 2, churned: 0 } }, 'AT_RISK', 0],
  ])('%s → %s (score %s)', (_name, extra, outlook, score) => {
    const result = caseOutlook(facts(extra));
    expect(result.outlook).toBe(outlook);
    expect(result.score).toBe(score);
    expect(result.reasons.reduce((sum, reason) => sum + reason.points, 0)).toBe(score);
    expect(result.overridden).toBe(false);
  });

  it('explains itself', () => {
    const result = caseOutlook(facts({ planCompletion: 0.8, dueShare: 0.8, band: 'RED' }));
    expect(result.reasons).toEqual([
      { points: 2, text: 'Plan on track: 80% of the plan done, 80% due by now.' },
      { points: 0, text: 'No replacement identified yet.' },
      { points: -1, text: 'The account is in the red band.' },
      { points: 0, text: 'Too few closed cases like this one to judge (0).' },
    ]);
  });

  it('an override replaces the outlook, keeps the computed one and shows the note', () => {
    const result = caseOutlook(
      facts({ planCompletion: 0.8, dueShare: 0.8, override: { outlook: 'HIGH_RISK', note: 'Budget frozen' } }),
    );
    expect(result).toMatchObject({
      outlook: 'HIGH_RISK',
      computed: 'LIKELY_SAVED',
      overridden: true,
      note: 'Budget frozen',
    });
    expect(result.reasons.at(-1)).toEqual({ points: 0, text: 'Set by the case owner: Budget frozen' });
  });

  it.each<[string | null | undefined, string | null]>([
    [null, 'Say why you override the outlook.'],
    [undefined, 'Say why you override the outlook.'],
    ['', 'Say why you override the outlook.'],
    [' \t\n ', 'Say why you override the outlook.'],
    ['x'.repeat(501), 'Keep the note under 500 characters.'],
    ['Champion moved to the board', null],
  ])('override note %j → %s', (note, problem) => {
    expect(overrideNoteProblem(note)).toBe(problem);
  });
});

// ---- Properties --------------------------------------------------------------------------------

const rank: Record<Outlook, number> = { HIGH_RISK: 0, AT_RISK: 1, LIKELY_SAVED: 2 };
const stageRank: Record<ReplacementStage, number> = { NONE: 0, IDENTIFIED: 1, ONBOARDED: 2 };
const share = fc.double({ min: 0, max: 1, noNaN: true });
const band = fc.constantFrom<Band>('GREEN', 'YELLOW', 'AMBER', 'RED');
const stage = fc.constantFrom<ReplacementStage>('NONE', 'IDENTIFIED', 'ONBOARDED');
const outlookFacts = fc.record({
  planCompletion: share,
  dueShare: share,
  replacement: stage,
  newContactEngaged: fc.boolean(),
  band,
  record: fc.record({ saved: fc.nat(20), churned: fc.nat(20) }),
  override: fc.constant(null),
});

describe('outlook properties', () => {
  it('more plan progress never moves an outlook toward churn', () => {
    fc.assert(
      fc.property(outlookFacts, share, (base, more) => {
        const further = { ...base, planCompletion: Math.max(base.planCompletion, more) };
        expect(rank[caseOutlook(further).outlook]).toBeGreaterThanOrEqual(rank[caseOutlook(base).outlook]);
        expect(caseOutlook(further).score).toBeGreaterThanOrEqual(caseOutlook(base).score);
      }),
      { numRuns: 2_000 },
    );
  });

  it('a replacement further along (onboarded at best) never moves an outlook toward churn', () => {
    fc.assert(
      fc.property(outlookFacts, stage, (base, next) => {
        fc.pre(stageRank[next] >= stageRank[base.replacement]);
        const further = { ...base, replacement: next };
        expect(rank[caseOutlook(further).outlook]).toBeGreaterThanOrEqual(rank[caseOutlook(base).outlook]);
      }),
      { numRuns: 2_000 },
    );
  });

  it('the expected save, high risk and undecided figures add up exactly to the ARR at risk', () => {
    const openCase = fc.record({
      arr: fc.bigInt({ min: 0n, max: 10n ** 12n }),
      facts: outlookFacts,
      closed: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(openCase, { maxLength: 40 }), (items) => {
        const now = new Date('2026-03-01T00:00:00Z');
        const cases: ReportCase[] = items.map((item, index) => ({
          id: String(index),
          accountName: `A${index}`,
          cause: 'MAIN_CONTACT_TURNOVER',
          segment: 'SMB',
          ownerId: null,
          ownerName: null,
          arrAtRiskMinor: item.arr,
          departedOn: new Date('2026-01-01T00:00:00Z'),
          learnedOn: new Date('2026-01-02T00:00:00Z'),
          openedAt: new Date('2026-01-02T00:00:00Z'),
          closedAt: item.closed ? new Date('2026-02-01T00:00:00Z') : null,
          outcome: item.closed ? 'CHURNED' : null,
          planCompletion: item.facts.planCompletion,
          outlook: caseOutlook(item.facts).outlook as CaseOutlook,
          saveReasons: [],
          closeNote: null,
        }));
        const report = turnoverReport({
          from: new Date('2026-01-15T00:00:00Z'),
          to: now,
          now,
          cases,
          currency: 'USD',
          locale: 'en-US',
        });
        for (const line of [report.total, ...report.byCause, ...report.bySegment, ...report.byOwner]) {
          expect(line.expectedSavedArrMinor + line.undecidedArrMinor + line.highRiskArrMinor).toBe(
            line.openArrAtRiskMinor,
          );
        }
      }),
      { numRuns: 300 },
    );
  });
});

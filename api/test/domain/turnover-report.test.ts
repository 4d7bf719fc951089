import { describe, expect, it } from 'vitest';
import {
  type CaseCause,
  formatMoney,
  type ReportCase,
  type ReportLine,
  turnoverReport,
} from '../../src/domain/turnover-report.ts';

const DAY_MS = 86_400_000;
const FROM = new Date('2025-06-01T00:00:00Z');
const TO = new Date('2025-06-30T00:00:00Z');

function daysBefore(date: Date, days: number): Date {
  return new Date(date.getTime() - days * DAY_MS);
}

function reportCase(extra: Partial<ReportCase> = {}): ReportCase {
  return {
    cause: 'MAIN_CONTACT_TURNOVER',
    arrAtRiskMinor: 1_000_000n,
    openedAt: daysBefore(TO, 40),
    closedAt: null,
    outcome: null,
    planCompletion: 0,
    ...extra,
  };
}

function report(cases: ReportCase[], highRiskArrMinor = 0n, currency = 'USD') {
  return turnoverReport({ from: FROM, to: TO, cases, highRiskArrMinor, currency });
}

describe('the executive report of seed 002', () => {
  const to = new Date('2025-06-30T17:00:00Z');
  const from = daysBefore(to, 7);
  // 12 open cases worth 250,000.00 in total (11 × 20,000 + 30,000), opened 25 or 35 days ago
  // (30 on average), plans 40 % or 80 % complete (60 % on average).
  const open: ReportCase[] = Array.from({ length: 12 }, (_, index) => ({
    cause: 'MAIN_CONTACT_TURNOVER',
    arrAtRiskMinor: index === 11 ? 3_000_000n : 2_000_000n,
    openedAt: daysBefore(to, index % 2 === 0 ? 25 : 35),
    closedAt: null,
    outcome: null,
    planCompletion: index % 2 === 0 ? 0.4 : 0.8,
  }));
  // 2 cases saved last week, worth 43,000.00, at risk for 20 and 40 days.
  const saved: ReportCase[] = [
    {
      ...open[0]!,
      arrAtRiskMinor: 2_000_000n,
      openedAt: daysBefore(to, 22),
      closedAt: daysBefore(to, 2),
      outcome: 'SAVED',
      planCompletion: 1,
    },
    {
      ...open[0]!,
      arrAtRiskMinor: 2_300_000n,
      openedAt: daysBefore(to, 43),
      closedAt: daysBefore(to, 3),
      outcome: 'SAVED',
      planCompletion: 1,
    },
  ];
  const result = turnoverReport({
    from,
    to,
    cases: [...open, ...saved],
    highRiskArrMinor: 6_000_000n,
    currency: 'USD',
  });

  it('counts 2 saved worth $43,000 and 12 open worth $250,000', () => {
    expect(result.total).toMatchObject({
      cause: null,
      savedCount: 2,
      savedArrMinor: 4_300_000n,
      churnedCount: 0,
      churnedArrMinor: 0n,
      openCount: 12,
      openArrAtRiskMinor: 25_000_000n,
      averageDaysAtRisk: 30,
    });
    expect(result.total.averagePlanCompletion).toBeCloseTo(0.6, 10);
  });

  it('expects to save $201,000 of the $250,000 at risk (save rate 100 %)', () => {
    // 6 × 20,000 × 0.7 + 5 × 20,000 × 0.9 + 30,000 × 0.9 = 84,000 + 90,000 + 27,000
    expect(result.saveRate).toBe(1);
    expect(result.total.expectedSavedArrMinor).toBe(20_100_000n);
  });

  it('has one line, for main contact turnover, equal to the total', () => {
    expect(result.byCause).toEqual([{ ...result.total, cause: 'MAIN_CONTACT_TURNOVER' }]);
    expect(result.arrAtHighRiskMinor).toBe(6_000_000n);
  });

  it('tells it in the words of the seed', () => {
    expect(result.summary).toBe(
      'In this period we saved 2 customers worth $43,000 from turnover risk. ' +
        '12 customers are at risk, worth $250,000 in ARR; the average time at risk is 30 days and recovery plans are 60% complete. ' +
        'Based on the progress so far, we expect to save $201,000 of the ARR at risk. ' +
        '$60,000 of ARR remains at high risk of churn.',
    );
  });
});

describe('which cases count', () => {
  type Bucket = 'saved' | 'churned' | 'open' | 'none';

  function bucketOf(line: ReportLine): Bucket {
    if (line.savedCount === 1) return 'saved';
    if (line.churnedCount === 1) return 'churned';
    if (line.openCount === 1) return 'open';
    return 'none';
  }

  it.each<[string, Partial<ReportCase>, Bucket]>([
    ['saved within the period', { closedAt: new Date('2025-06-10T00:00:00Z'), outcome: 'SAVED' }, 'saved'],
    ['churned within the period', { closedAt: new Date('2025-06-10T00:00:00Z'), outcome: 'CHURNED' }, 'churned'],
    ['saved exactly at `from`', { closedAt: FROM, outcome: 'SAVED' }, 'saved'],
    ['saved exactly at `to`', { closedAt: TO, outcome: 'SAVED' }, 'saved'],
    ['saved a millisecond before `from`', { closedAt: new Date(FROM.getTime() - 1), outcome: 'SAVED' }, 'none'],
    [
      'saved after `to`: still open at the end of the period',
      { closedAt: new Date(TO.getTime() + 1), outcome: 'SAVED' },
      'open',
    ],
    ['never closed, opened before the period', { openedAt: daysBefore(FROM, 100) }, 'open'],
    ['opened exactly at `to`', { openedAt: TO }, 'open'],
    ['opened after `to`', { openedAt: new Date(TO.getTime() + 1) }, 'none'],
    ['closed in the period without an outcome', { closedAt: new Date('2025-06-10T00:00:00Z'), outcome: null }, 'none'],
  ])('%s → %s', (_label, extra, bucket) => {
    expect(bucketOf(report([reportCase(extra)]).total)).toBe(bucket);
  });
});

describe('save rate', () => {
  const closed = (outcome: 'SAVED' | 'CHURNED' | null, closedAt = new Date('2025-06-10T00:00:00Z')) =>
    reportCase({ closedAt, outcome });

  it.each<[string, ReportCase[], number]>([
    ['no closed case: even odds', [reportCase()], 0.5],
    ['closed without outcome only', [closed(null)], 0.5],
    ['2 saved, 0 churned', [closed('SAVED'), closed('SAVED')], 1],
    ['1 saved, 3 churned', [closed('SAVED'), closed('CHURNED'), closed('CHURNED'), closed('CHURNED')], 0.25],
    ['0 saved, 1 churned', [closed('CHURNED')], 0],
    [
      'closed before the period still count (track record)',
      [
        closed('SAVED', new Date('2024-01-10T00:00:00Z')),
        closed('CHURNED', new Date('2024-02-10T00:00:00Z')),
        closed('SAVED'),
      ],
      2 / 3,
    ],
  ])('%s → %d', (_label, cases, rate) => {
    expect(report(cases).saveRate).toBeCloseTo(rate, 12);
  });
});

describe('expected saved ARR = Σ arrAtRisk × saveRate × (0.5 + 0.5 × planCompletion)', () => {
  const history = {
    even: [] as ReportCase[],
    allSaved: [reportCase({ closedAt: new Date('2025-01-01T00:00:00Z'), outcome: 'SAVED' })],
    quarter: [
      reportCase({ closedAt: new Date('2025-01-01T00:00:00Z'), outcome: 'SAVED' }),
      ...Array.from({ length: 3 }, () =>
        reportCase({ closedAt: new Date('2025-01-01T00:00:00Z'), outcome: 'CHURNED' }),
      ),
    ],
  };

  it.each<[string, ReportCase[], Array<[bigint, number]>, bigint]>([
    ['no progress, even odds', history.even, [[1_000_000n, 0]], 250_000n],
    ['finished plan, even odds', history.even, [[1_000_000n, 1]], 500_000n],
    ['60 % done, all saved so far', history.allSaved, [[1_000_000n, 0.6]], 800_000n],
    ['quarter save rate, half done', history.quarter, [[1_000_000n, 0.5]], 187_500n],
    [
      'rounded per case to whole minor units',
      history.even,
      [
        [333n, 0],
        [333n, 0],
      ],
      166n,
    ],
    [
      'several cases add up',
      history.allSaved,
      [
        [2_000_000n, 0.4],
        [3_000_000n, 0.8],
      ],
      4_100_000n,
    ],
    [
      'completion outside 0..1 is clamped',
      history.allSaved,
      [
        [1_000_000n, 1.7],
        [1_000_000n, -1],
      ],
      1_500_000n,
    ],
    ['no open case', history.allSaved, [], 0n],
  ])('%s', (_label, closed, open, expected) => {
    const cases = [
      ...closed,
      ...open.map(([arrAtRiskMinor, planCompletion]) => reportCase({ arrAtRiskMinor, planCompletion })),
    ];
    expect(report(cases).total.expectedSavedArrMinor).toBe(expected);
  });
});

describe('averages', () => {
  it.each<[string, ReportCase[], number | null, number | null]>([
    ['nothing open or closed', [], null, null],
    ['one open case, 30 days', [reportCase({ openedAt: daysBefore(TO, 30), planCompletion: 0.25 })], 30, 0.25],
    [
      'open and closed in the period are both averaged for time',
      [
        reportCase({ openedAt: daysBefore(TO, 10), planCompletion: 0.5 }),
        reportCase({
          openedAt: new Date('2025-06-05T00:00:00Z'),
          closedAt: new Date('2025-06-25T00:00:00Z'),
          outcome: 'SAVED',
        }),
      ],
      15,
      0.5,
    ],
    [
      'one decimal',
      [
        reportCase({ openedAt: daysBefore(TO, 10), planCompletion: 0.2 }),
        reportCase({
          openedAt: new Date('2025-06-01T00:00:00Z'),
          closedAt: new Date('2025-06-21T06:00:00Z'),
          outcome: 'CHURNED',
        }),
      ],
      15.1,
      0.2,
    ],
    [
      'cases closed before the period are left out',
      [
        reportCase({ openedAt: daysBefore(TO, 12), planCompletion: 0.9 }),
        reportCase({
          openedAt: new Date('2024-01-01T00:00:00Z'),
          closedAt: new Date('2024-12-01T00:00:00Z'),
          outcome: 'SAVED',
        }),
      ],
      12,
      0.9,
    ],
    [
      'only closed cases: no plan average',
      [
        reportCase({
          openedAt: new Date('2025-06-02T00:00:00Z'),
          closedAt: new Date('2025-06-05T00:00:00Z'),
          outcome: 'SAVED',
        }),
      ],
      3,
      null,
    ],
  ])('%s', (_label, cases, days, completion) => {
    const { total } = report(cases);
    expect(total.averageDaysAtRisk).toBe(days);
    if (completion === null) expect(total.averagePlanCompletion).toBeNull();
    else expect(total.averagePlanCompletion).toBeCloseTo(completion, 12);
  });
});

describe('breakdown by cause', () => {
  const inPeriod = new Date('2025-06-15T00:00:00Z');

  it.each<[string, ReportCase[], Array<[CaseCause, number, number, number]>]>([
    ['no case', [], []],
    [
      'causes in CaseCause order, only those with a case',
      [
        reportCase({ cause: 'EXECUTIVE_CHANGE' }),
        reportCase({ cause: 'OUR_REP_LEFT', closedAt: inPeriod, outcome: 'SAVED' }),
        reportCase({ cause: 'MAIN_CONTACT_TURNOVER', closedAt: inPeriod, outcome: 'CHURNED' }),
        reportCase({ cause: 'EXECUTIVE_CHANGE' }),
      ],
      [
        ['MAIN_CONTACT_TURNOVER', 0, 1, 0],
        ['OUR_REP_LEFT', 1, 0, 0],
        ['EXECUTIVE_CHANGE', 0, 0, 2],
      ],
    ],
    [
      'a cause whose cases all closed before the period is left out',
      [
        reportCase({ cause: 'ROLE_HOLDER_TURNOVER', closedAt: new Date('2025-02-01T00:00:00Z'), outcome: 'SAVED' }),
        reportCase({ cause: 'OUR_REP_LEFT' }),
      ],
      [['OUR_REP_LEFT', 0, 0, 1]],
    ],
    [
      'a case closed in the period without outcome keeps its cause',
      [reportCase({ cause: 'ROLE_HOLDER_TURNOVER', closedAt: inPeriod })],
      [['ROLE_HOLDER_TURNOVER', 0, 0, 0]],
    ],
  ])('%s', (_label, cases, lines) => {
    const result = report(cases);
    expect(result.byCause.map((line) => [line.cause, line.savedCount, line.churnedCount, line.openCount])).toEqual(
      lines,
    );
  });

  it('cause lines add up to the total', () => {
    const cases = [
      reportCase({ cause: 'EXECUTIVE_CHANGE', arrAtRiskMinor: 1_234_567n, planCompletion: 0.3 }),
      reportCase({ cause: 'OUR_REP_LEFT', arrAtRiskMinor: 7_654_321n, planCompletion: 0.9 }),
      reportCase({ cause: 'OUR_REP_LEFT', arrAtRiskMinor: 500_000n, closedAt: inPeriod, outcome: 'SAVED' }),
      reportCase({ cause: 'MAIN_CONTACT_TURNOVER', arrAtRiskMinor: 999_999n, closedAt: inPeriod, outcome: 'CHURNED' }),
    ];
    const { total, byCause } = report(cases);
    const sum = (pick: (line: ReportLine) => bigint) => byCause.reduce((all, line) => all + pick(line), 0n);
    expect(sum((line) => line.savedArrMinor)).toBe(total.savedArrMinor);
    expect(sum((line) => line.churnedArrMinor)).toBe(total.churnedArrMinor);
    expect(sum((line) => line.openArrAtRiskMinor)).toBe(total.openArrAtRiskMinor);
    expect(sum((line) => line.expectedSavedArrMinor)).toBe(total.expectedSavedArrMinor);
    expect(total).toMatchObject({ savedArrMinor: 500_000n, churnedArrMinor: 999_999n, openArrAtRiskMinor: 8_888_888n });
  });
});

describe('summary', () => {
  const inPeriod = new Date('2025-06-20T00:00:00Z');

  it.each<[string, ReportCase[], bigint, string]>([
    [
      'nothing happened',
      [],
      0n,
      'In this period we saved no customer from turnover risk. No customer is at risk from turnover. $0 of ARR remains at high risk of churn.',
    ],
    [
      'one saved, one lost, one open',
      [
        reportCase({
          arrAtRiskMinor: 1_500_000n,
          openedAt: daysBefore(inPeriod, 10),
          closedAt: inPeriod,
          outcome: 'SAVED',
        }),
        reportCase({
          arrAtRiskMinor: 900_000n,
          openedAt: daysBefore(inPeriod, 20),
          closedAt: inPeriod,
          outcome: 'CHURNED',
        }),
        reportCase({ arrAtRiskMinor: 4_000_000n, openedAt: daysBefore(TO, 15), planCompletion: 0.5 }),
      ],
      4_000_000n,
      'In this period we saved 1 customer worth $15,000 from turnover risk. We lost 1 customer worth $9,000. ' +
        '1 customer is at risk, worth $40,000 in ARR; the average time at risk is 15 days and recovery plans are 50% complete. ' +
        'Based on the progress so far, we expect to save $15,000 of the ARR at risk. $40,000 of ARR remains at high risk of churn.',
    ],
    [
      'all closed, none open',
      [
        reportCase({
          arrAtRiskMinor: 1_000_000n,
          openedAt: daysBefore(inPeriod, 1),
          closedAt: inPeriod,
          outcome: 'SAVED',
        }),
      ],
      0n,
      'In this period we saved 1 customer worth $10,000 from turnover risk. No customer is at risk from turnover; the average time at risk was 1 day. $0 of ARR remains at high risk of churn.',
    ],
  ])('%s', (_label, cases, highRisk, summary) => {
    expect(report(cases, highRisk).summary).toBe(summary);
  });

  it('uses the organization currency', () => {
    const cases = [reportCase({ arrAtRiskMinor: 2_500_000n, closedAt: inPeriod, outcome: 'SAVED' })];
    expect(report(cases, 0n, 'EUR').summary).toBe(
      'In this period we saved 1 customer worth €25,000 from turnover risk. No customer is at risk from turnover; the average time at risk was 30 days. €0 of ARR remains at high risk of churn.',
    );
  });
});

describe('formatMoney', () => {
  it.each<[bigint, string, string]>([
    [4_300_000n, 'USD', '$43,000'],
    [25_000_000n, 'USD', '$250,000'],
    [4_300_050n, 'USD', '$43,001'],
    [4_300_049n, 'USD', '$43,000'],
    [0n, 'USD', '$0'],
    [4_300_000n, 'EUR', '€43,000'],
    [4_300_000n, 'GBP', '£43,000'],
    [43_000n, 'JPY', '¥43,000'],
    [4_300_000n, 'ZZZZ', '43,000 ZZZZ'],
  ])('%s minor units of %s → %s', (minor, currency, text) => {
    expect(formatMoney(minor, currency)).toBe(text);
  });
});

import { describe, expect, it } from 'vitest';
import {
  type CaseOutlook,
  formatDuration,
  formatMoney,
  type ReportCase,
  type ReportLine,
  turnoverReport,
} from '../../src/domain/turnover-report.ts';

const DAY_MS = 86_400_000;
const FROM = new Date('2025-06-01T00:00:00Z');
const TO = new Date('2025-06-30T00:00:00Z');
const NOW = new Date('2025-07-15T00:00:00Z');

function daysBefore(date: Date, days: number): Date {
  return new Date(date.getTime() - days * DAY_MS);
}

let sequence = 0;
function reportCase(extra: Partial<ReportCase> = {}): ReportCase {
  sequence += 1;
  return {
    id: `case-${sequence}`,
    accountName: `Account ${sequence}`,
    cause: 'MAIN_CONTACT_TURNOVER',
    segment: 'MID_MARKET',
    ownerId: 'owner-a',
    ownerName: 'Ada',
    arrAtRiskMinor: 1_000_000n,
    departedOn: daysBefore(TO, 40),
    learnedOn: daysBefore(TO, 38),
    openedAt: daysBefore(TO, 38),
    closedAt: null,
    outcome: null,
    planCompletion: 0,
    outlook: 'AT_RISK',
    saveReasons: [],
    closeNote: null,
    ...extra,
  };
}

function report(cases: ReportCase[], extra: { currency?: string; locale?: string; now?: Date } = {}) {
  return turnoverReport({
    from: FROM,
    to: TO,
    now: extra.now ?? NOW,
    cases,
    currency: extra.currency ?? 'USD',
    locale: extra.locale ?? 'en-US',
  });
}

describe('the executive report of seed 002', () => {
  const now = new Date('2025-06-30T17:00:00Z');
  const from = daysBefore(now, 7);
  // 12 open cases worth $250,000: 8 × $20,000 + $30,000 likely saved ($190,000), 3 × $20,000 at
  // high risk ($60,000); departures 30 days ago; plans 80 % or 20 % done (60 % on average).
  const open = Array.from({ length: 12 }, (_, index) =>
    reportCase({
      arrAtRiskMinor: index === 8 ? 3_000_000n : 2_000_000n,
      departedOn: daysBefore(now, 30),
      learnedOn: daysBefore(now, 1),
      openedAt: daysBefore(now, 1),
      planCompletion: index < 9 ? 0.8 : 0,
      outlook: index < 9 ? 'LIKELY_SAVED' : 'HIGH_RISK',
    }),
  );
  // 2 cases saved last week, worth $43,000, after their new contacts completed onboarding.
  const saved = [2_000_000n, 2_300_000n].map((arrAtRiskMinor) =>
    reportCase({
      arrAtRiskMinor,
      departedOn: daysBefore(now, 40),
      closedAt: daysBefore(now, 2),
      outcome: 'SAVED',
      planCompletion: 1,
      saveReasons: ['ONBOARDING_COMPLETE', 'NEW_CONTACT_ENGAGED'],
    }),
  );
  const result = turnoverReport({ from, to: now, now, cases: [...open, ...saved], currency: 'USD', locale: 'en-US' });

  it('answers every figure of the sentence', () => {
    expect(result.total).toMatchObject({
      savedCount: 2,
      savedArrMinor: 4_300_000n,
      openCount: 12,
      openArrAtRiskMinor: 25_000_000n,
      expectedSavedArrMinor: 19_000_000n,
      highRiskArrMinor: 6_000_000n,
      undecidedArrMinor: 0n,
    });
    expect(result.total.averagePlanCompletion).toBeCloseTo(0.6, 10);
    expect(result.empty).toBe(false);
    expect(result.saveRate).toBe(1);
    expect(result.saved.map((item) => item.reasons)).toEqual([
      ['ONBOARDING_COMPLETE', 'NEW_CONTACT_ENGAGED'],
      ['ONBOARDING_COMPLETE', 'NEW_CONTACT_ENGAGED'],
    ]);
  });

  it('says the sentence of the seed', () => {
    expect(result.sentence).toBe(
      'Last week we saved 2 customers from main contact turnover risk worth $43,000 because the new contacts completed onboarding and are engaged. ' +
        'We have 12 customers currently at risk because of main contact turnover, they are worth a combined $250,000 in ARR. ' +
        'The average time at risk is 1 month and we are 60% complete with the recovery action plans. ' +
        'Based on the progress so far, we believe we can save $190,000 of the revenue at risk, while $60,000 remains at a high risk of churn.',
    );
  });

  it('has one line per cause, segment and owner, equal to the total here', () => {
    expect(result.byCause).toEqual([{ ...result.total, cause: 'MAIN_CONTACT_TURNOVER' }]);
    expect(result.bySegment).toEqual([{ ...result.total, segment: 'MID_MARKET' }]);
    expect(result.byOwner).toEqual([{ ...result.total, ownerId: 'owner-a', ownerName: 'Ada' }]);
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
    ['saved after `to`: still open at its end', { closedAt: new Date(TO.getTime() + 1), outcome: 'SAVED' }, 'open'],
    ['never closed, opened before the period', { openedAt: daysBefore(FROM, 100) }, 'open'],
    ['opened exactly at `to`', { openedAt: TO }, 'open'],
    ['opened after `to`', { openedAt: new Date(TO.getTime() + 1) }, 'none'],
    ['closed in the period without an outcome', { closedAt: new Date('2025-06-10T00:00:00Z'), outcome: null }, 'none'],
  ])('%s → %s', (_label, extra, bucket) => {
    expect(bucketOf(report([reportCase(extra)]).total)).toBe(bucket);
  });
});

describe('outlook split of the ARR at risk', () => {
  it.each<[string, CaseOutlook[], [bigint, bigint, bigint]]>([
    ['all likely saved', ['LIKELY_SAVED', 'LIKELY_SAVED'], [3_000_000n, 0n, 0n]],
    ['one of each', ['LIKELY_SAVED', 'AT_RISK', 'HIGH_RISK'], [1_000_000n, 2_000_000n, 3_000_000n]],
    ['all undecided', ['AT_RISK', 'AT_RISK'], [0n, 3_000_000n, 0n]],
  ])('%s', (_name, outlooks, [likely, undecided, high]) => {
    const cases = outlooks.map((outlook, index) =>
      reportCase({ outlook, arrAtRiskMinor: BigInt(index + 1) * 1_000_000n }),
    );
    const { total } = report(cases);
    expect([total.expectedSavedArrMinor, total.undecidedArrMinor, total.highRiskArrMinor]).toEqual([
      likely,
      undecided,
      high,
    ]);
    expect(total.expectedSavedArrMinor + total.undecidedArrMinor + total.highRiskArrMinor).toBe(
      total.openArrAtRiskMinor,
    );
  });

  it('names the undecided rest in the sentence', () => {
    const result = report([reportCase({ outlook: 'LIKELY_SAVED' }), reportCase({ outlook: 'AT_RISK' })]);
    expect(result.sentence).toContain(
      'we believe we can save $10,000 of the revenue at risk, while $0 remains at a high risk of churn and the outlook for $10,000 is still open.',
    );
  });

  it('a closed case has no weight in the split, whatever its last outlook', () => {
    const result = report([reportCase({ outlook: 'HIGH_RISK', closedAt: daysBefore(TO, 3), outcome: 'CHURNED' })]);
    expect(result.total.highRiskArrMinor).toBe(0n);
    expect(result.total.churnedArrMinor).toBe(1_000_000n);
  });
});

describe('time at risk in the report', () => {
  it('counts open cases to the earlier of now and the period end, closed ones to their close', () => {
    const future = turnoverReport({
      from: FROM,
      to: new Date('2025-12-31T00:00:00Z'),
      now: new Date('2025-06-10T00:00:00Z'),
      // Departed 5 days before now: a period to Dec 31 must not count the days to come.
      cases: [
        reportCase({
          departedOn: new Date('2025-06-05T00:00:00Z'),
          openedAt: new Date('2025-06-09T00:00:00Z'),
          learnedOn: new Date('2025-06-09T00:00:00Z'),
        }),
      ],
      currency: 'USD',
      locale: 'en-US',
    });
    expect(future.total.averageDaysAtRisk).toBe(5);
    const closed = report([
      reportCase({
        departedOn: new Date('2025-06-01T00:00:00Z'),
        learnedOn: new Date('2025-06-02T00:00:00Z'),
        closedAt: new Date('2025-06-11T00:00:00Z'),
        outcome: 'SAVED',
      }),
      reportCase({ departedOn: new Date('2025-06-10T00:00:00Z'), learnedOn: new Date('2025-06-12T00:00:00Z') }),
    ]);
    // 10 days to the close; 20 days to the period end (now is later).
    expect(closed.total.averageDaysAtRisk).toBe(15);
  });
});

describe('an empty period', () => {
  const result = report([reportCase({ closedAt: daysBefore(FROM, 5), outcome: 'SAVED' })]);

  it('says so, with no invented save rate', () => {
    expect(result.empty).toBe(true);
    expect(result.saveRate).toBeNull();
    expect(result.total.averageDaysAtRisk).toBeNull();
    expect(result.total.averagePlanCompletion).toBeNull();
    expect(result.sentence).toBe(
      'Between Jun 1, 2025 and Jun 30, 2025 no customer was saved, lost or at risk from turnover: there is nothing to report.',
    );
    expect(result.byCause).toEqual([]);
    expect(result.bySegment).toEqual([]);
    expect(result.byOwner).toEqual([]);
  });
});

describe('breakdowns', () => {
  const result = report([
    reportCase({ cause: 'MAIN_CONTACT_TURNOVER', segment: 'ENTERPRISE', ownerId: 'b', ownerName: 'Bo' }),
    reportCase({
      cause: 'ROLE_HOLDER_TURNOVER',
      segment: 'SMB',
      ownerId: 'a',
      ownerName: 'Ada',
      arrAtRiskMinor: 500_000n,
    }),
    reportCase({
      cause: 'OUR_REP_LEFT',
      segment: 'SMB',
      ownerId: null,
      ownerName: null,
      closedAt: daysBefore(TO, 1),
      outcome: 'CHURNED',
    }),
  ]);

  it('by cause, segment and owner (owners by name, no owner last); each adds up to the total', () => {
    expect(result.byCause.map((line) => [line.cause, line.openCount, line.churnedCount])).toEqual([
      ['MAIN_CONTACT_TURNOVER', 1, 0],
      ['ROLE_HOLDER_TURNOVER', 1, 0],
      ['OUR_REP_LEFT', 0, 1],
    ]);
    expect(result.bySegment.map((line) => [line.segment, line.openArrAtRiskMinor])).toEqual([
      ['ENTERPRISE', 1_000_000n],
      ['SMB', 500_000n],
    ]);
    expect(result.byOwner.map((line) => [line.ownerName, line.openCount + line.churnedCount])).toEqual([
      ['Ada', 1],
      ['Bo', 1],
      [null, 1],
    ]);
    for (const lines of [result.byCause, result.bySegment, result.byOwner]) {
      expect(lines.reduce((sum, line) => sum + line.openArrAtRiskMinor, 0n)).toBe(result.total.openArrAtRiskMinor);
    }
  });

  it('a mixed period speaks of turnover in general', () => {
    expect(result.sentence).toContain('We have 2 customers currently at risk because of turnover');
    expect(result.sentence).toContain('We lost 1 customer worth $10,000.');
  });
});

describe('rendering', () => {
  it.each<[number, string, string]>([
    [0, 'en-US', '0 days'],
    [1, 'en-US', '1 day'],
    [27, 'en-US', '27 days'],
    [28, 'en-US', '1 month'],
    [30, 'en-US', '1 month'],
    [45, 'en-US', '1 month'],
    [46, 'en-US', '2 months'],
    [30, 'de-DE', '1 Monat'],
    [3, 'de-DE', '3 Tage'],
  ])('formatDuration(%s, %s) → %s', (days, locale, text) => {
    expect(formatDuration(days, locale)).toBe(text);
  });

  it.each<[bigint, string, string, string]>([
    [4_300_000n, 'USD', 'en-US', '$43,000'],
    [4_300_000n, 'EUR', 'de-DE', '43.000\u00a0€'],
    [4_300_000n, 'EUR', 'en-US', '€43,000'],
    [4_300_000n, 'JPY', 'en-US', '¥4,300,000'],
    [4_300_000n, 'ZZZ', 'en-US', 'ZZZ\u00a043,000'],
    [4_300_000n, 'USD', 'not a locale!', '$43,000'],
  ])('formatMoney(%s, %s, %s) → %s', (minor, currency, locale, text) => {
    expect(formatMoney(minor, currency, locale)).toBe(text);
  });

  it('writes the sentence in the organization’s locale and currency', () => {
    const result = report([reportCase({ outlook: 'LIKELY_SAVED', planCompletion: 0.5 })], {
      currency: 'EUR',
      locale: 'de-DE',
    });
    expect(result.locale).toBe('de-DE');
    expect(result.sentence).toContain('worth 10.000\u00a0€ in ARR');
    expect(result.sentence).toContain('we are 50\u00a0% complete');
    expect(result.sentence).toContain('Between 01.06.2025 and 30.06.2025');
  });

  it.each<[string, ReportCase['saveReasons'][], string]>([
    [
      'both reasons, one case',
      [['ONBOARDING_COMPLETE', 'NEW_CONTACT_ENGAGED']],
      'risk worth $10,000 because the new contact completed onboarding and is engaged.',
    ],
    [
      'onboarding only',
      [['ONBOARDING_COMPLETE'], ['ONBOARDING_COMPLETE', 'NEW_CONTACT_ENGAGED']],
      'risk worth $20,000 because the new contacts completed onboarding.',
    ],
    [
      'engaged only',
      [['NEW_CONTACT_ENGAGED'], ['NEW_CONTACT_ENGAGED']],
      'risk worth $20,000 because the new contacts are engaged.',
    ],
    ['not known for every case', [['ONBOARDING_COMPLETE'], []], 'risk worth $20,000. No customer'],
  ])('why they were saved: %s', (_name, reasons, text) => {
    const cases = reasons.map((saveReasons) =>
      reportCase({ closedAt: daysBefore(TO, 1), outcome: 'SAVED', saveReasons }),
    );
    expect(report(cases).sentence).toContain(text);
  });
});

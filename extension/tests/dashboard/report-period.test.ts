import { describe, expect, it } from 'vitest';
import { formatDays, lastDays, periodRange } from '@/dashboard/report-period';

describe('report period', () => {
  it('defaults to the last 90 days, today included', () => {
    expect(lastDays(new Date('2026-11-23T10:00:00.000Z'))).toEqual({ from: '2026-08-26', to: '2026-11-23' });
  });

  it.each([
    {
      period: { from: '2026-01-01', to: '2026-03-31' },
      range: { ok: true, from: '2026-01-01T00:00:00.000Z', to: '2026-03-31T23:59:59.999Z' },
    },
    {
      period: { from: '2026-02-02', to: '2026-02-02' },
      range: { ok: true, from: '2026-02-02T00:00:00.000Z', to: '2026-02-02T23:59:59.999Z' },
    },
    {
      period: { from: '2026-03-01', to: '2026-02-01' },
      range: { ok: false, reason: 'The period must start before it ends.' },
    },
    { period: { from: '', to: '2026-02-01' }, range: { ok: false, reason: 'Enter both dates of the period.' } },
    {
      period: { from: '2026-02-30', to: '2026-03-01' },
      range: { ok: false, reason: 'Enter both dates of the period.' },
    },
  ])('$period.from to $period.to', ({ period, range }) => {
    expect(periodRange(period)).toEqual(range);
  });
});

describe('formatDays', () => {
  // The API counts days (whole for a case, one decimal for an average); the dashboard shows them as given.
  it.each<[number, string]>([
    [0, '0 days'],
    [1, '1 day'],
    [69, '69 days'],
    [69.5, '69.5 days'],
    [1234, '1,234 days'],
  ])('%s → %s', (days, text) => {
    expect(formatDays(days)).toBe(text);
  });
});

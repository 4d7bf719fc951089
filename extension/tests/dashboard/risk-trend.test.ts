import { describe, expect, it } from 'vitest';
import { sparklinePoints, weekWindow } from '@/dashboard/risk-trend';

const FROM = '2026-01-01T00:00:00.000Z';
const TO = '2026-01-11T00:00:00.000Z';
const BOX = { width: 100, height: 20 };

describe('risk trend', () => {
  it('looks back one week for changes and twelve weeks for the trend', () => {
    expect(weekWindow(new Date('2026-11-23T10:00:00.000Z'))).toEqual({
      since: '2026-11-16T10:00:00.000Z',
      until: '2026-11-23T10:00:00.000Z',
      trendFrom: '2026-08-31T10:00:00.000Z',
    });
  });

  it.each([
    { name: 'no point draws nothing', points: [], line: '' },
    {
      name: 'one point holds to the end',
      points: [{ at: FROM, score: 50 }],
      line: '0,10 100,10',
    },
    {
      name: 'a rise steps up at its moment',
      points: [
        { at: FROM, score: 20 },
        { at: '2026-01-06T00:00:00.000Z', score: 80 },
      ],
      line: '0,16 50,16 50,4 100,4',
    },
    {
      name: 'points are sorted by time',
      points: [
        { at: '2026-01-06T00:00:00.000Z', score: 80 },
        { at: FROM, score: 20 },
      ],
      line: '0,16 50,16 50,4 100,4',
    },
    {
      name: 'the last point before the window gives the score at its start',
      points: [
        { at: '2025-11-01T00:00:00.000Z', score: 90 },
        { at: '2025-12-01T00:00:00.000Z', score: 40 },
        { at: '2026-01-06T00:00:00.000Z', score: 60 },
      ],
      line: '0,12 50,12 50,8 100,8',
    },
    {
      name: 'a score unchanged for longer than the window is a flat line',
      points: [{ at: '2025-06-01T00:00:00.000Z', score: 25 }],
      line: '0,15 100,15',
    },
    {
      name: 'points after the window are left out',
      points: [{ at: '2026-02-01T00:00:00.000Z', score: 70 }],
      line: '',
    },
    {
      name: 'scores beyond 0–100 are clamped',
      points: [
        { at: '2025-12-01T00:00:00.000Z', score: 140 },
        { at: '2026-01-11T00:00:00.000Z', score: -5 },
      ],
      line: '0,0 100,0 100,20 100,20',
    },
    {
      name: 'an unreadable time is left out',
      points: [
        { at: 'not a date', score: 90 },
        { at: FROM, score: 0 },
      ],
      line: '0,20 100,20',
    },
  ])('$name', ({ points, line }) => {
    expect(sparklinePoints(points, FROM, TO, BOX)).toBe(line);
  });
});

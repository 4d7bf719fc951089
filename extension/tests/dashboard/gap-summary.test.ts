import { describe, expect, it } from 'vitest';
import { type GapInput, gapLine, gapSentence, threadLabel } from '@/dashboard/gap-summary';

const gap = (kind: GapInput['kind'], message = 'x'): GapInput => ({ kind, message });

describe('gapLine', () => {
  it.each([
    { gaps: [gap('SINGLE_THREADED')], live: 1, line: 'Single-threaded' },
    { gaps: [gap('SINGLE_THREADED')], live: 0, line: 'No live thread' },
    { gaps: [gap('NO_LIVE_THREAD')], live: 0, line: 'No live thread' },
    {
      gaps: [
        gap('UNCOVERED_DEPARTMENT'),
        gap('UNFILLED_ROLE'),
        gap('UNCOVERED_DEPARTMENT'),
        gap('UNCOVERED_DEPARTMENT'),
      ],
      live: 2,
      line: '1 unfilled role · 3 departments without a live thread',
    },
    {
      gaps: [gap('STALE_THREAD'), gap('UNFILLED_ROLE'), gap('UNFILLED_ROLE'), gap('NO_LIVE_THREAD')],
      live: 0,
      line: '2 unfilled roles · No live thread · 1 key person gone stale',
    },
    { gaps: [], live: 3, line: '' },
  ])('$line', ({ gaps, live, line }) => {
    expect(gapLine(gaps, live)).toBe(line);
  });
});

describe('threadLabel and gapSentence', () => {
  it('calls no live thread by its name, not single-threaded', () => {
    expect([0, 1, 2].map(threadLabel)).toEqual(['No live thread', 'Single-threaded', '2 live threads']);
    expect(gapSentence(gap('SINGLE_THREADED', 'Single-threaded: one thread.'), 0)).toBe(
      'No live thread to anyone at this account.',
    );
    expect(gapSentence(gap('SINGLE_THREADED', 'Single-threaded: one thread.'), 1)).toBe('Single-threaded: one thread.');
  });
});

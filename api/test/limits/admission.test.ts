import { describe, expect, it } from 'vitest';
import { admits, overloadedBody } from '../../src/limits/admission.ts';

describe('admission', () => {
  it.each([
    // [requests in flight, limit, admitted]
    [0, 100, true],
    [99, 100, true],
    [100, 100, false],
    [250, 100, false],
    [0, 1, true],
    [1, 1, false],
    [1, 2, true],
    [2, 2, false],
    // 0 switches shedding off.
    [0, 0, true],
    [100_000, 0, true],
  ])('with %i in flight and a limit of %i, admits: %s', (inFlight, limit, admitted) => {
    expect(admits(inFlight, limit)).toBe(admitted);
  });

  it('refuses in the shape of every other error, with a typed code and when to retry', () => {
    expect(JSON.parse(overloadedBody())).toEqual({
      errors: [
        {
          message: 'The server is busy; retry in 1 s.',
          extensions: { code: 'OVERLOADED', retryAfterSeconds: 1 },
        },
      ],
    });
  });
});

// A pure function of a string, remembered: for values a server sees few distinct ones of (peer
// addresses, Accept headers) and that would otherwise be worked out again on every request.

/**
 * `compute`, remembering up to `limit` answers; once full it starts over, so a stream of distinct
 * inputs (an attacker's) costs memory in proportion to the limit, never more.
 */
export function memoized<Value>(limit: number, compute: (input: string) => Value): (input: string) => Value {
  const answers = new Map<string, Value>();
  return (input) => {
    if (answers.has(input)) return answers.get(input) as Value;
    const value = compute(input);
    if (answers.size >= limit) answers.clear();
    answers.set(input, value);
    return value;
  };
}

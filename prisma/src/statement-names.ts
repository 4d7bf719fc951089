// Names for PostgreSQL prepared statements. A named statement is parsed and planned once per
// connection and then only bound and executed, which saves most of PostgreSQL's work on the short,
// frequent queries an API sends (a lookup's statement costs more to plan than to run).
//
// The same text always gets the same name in a process, so every pooled connection prepares it at
// most once. Only texts seen before are named (one-off statements stay unnamed and leave nothing
// behind), only plain data statements (not DDL, whose result shape could change), and at most
// `limit` distinct texts a process: each costs a little memory in every connection's backend, and
// statements whose text varies (an IN list of a varying length) must not grow that without bound.

/** Statements that can be prepared and whose result columns a migration does not change under them. */
const DATA_STATEMENT = /^\s*(?:SELECT|INSERT|UPDATE|DELETE|WITH)\b/i;

export interface StatementNames {
  /** The name to prepare `sql` under, or undefined to send it unnamed. */
  nameFor(sql: string): string | undefined;
  /** Distinct texts named so far. */
  readonly named: number;
}

export function statementNames(limit = 500, prefix = 'tw'): StatementNames {
  const names = new Map<string, string>();
  /** Texts seen once, waiting for a second use; cleared when it grows past four times the limit. */
  const seen = new Set<string>();
  return {
    nameFor(sql) {
      const known = names.get(sql);
      if (known !== undefined) return known;
      if (names.size >= limit || !DATA_STATEMENT.test(sql)) return undefined;
      if (!seen.has(sql)) {
        if (seen.size >= 4 * limit) seen.clear();
        seen.add(sql);
        return undefined;
      }
      seen.delete(sql);
      const name = `${prefix}_${names.size + 1}`;
      names.set(sql, name);
      return name;
    },
    get named() {
      return names.size;
    },
  };
}

// A search term matches names that contain it as written. Prisma's `contains` puts the term between
// `%` wildcards in a LIKE pattern as it is, where PostgreSQL reads `%` and `_` as wildcards and `\` as
// the escape character; escaped, each of them stands for itself.

/** The term as LIKE pattern text that matches exactly its characters (`\` being the escape character). */
export function likeLiteral(term: string): string {
  return term.replace(/[\\%_]/g, (character) => `\\${character}`);
}

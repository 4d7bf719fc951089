// On PostgreSQL, statements a process repeats run as named prepared statements (statement-names.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/database.ts';

const onPostgres = process.env.TEST_DB === 'postgres';

describe.skipIf(!onPostgres)('prepared statements on PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  interface Prepared {
    name: string;
    statement: string;
    generic_plans: bigint;
    custom_plans: bigint;
  }

  it('prepares a repeated statement once on its connection and reuses it, with the right rows each time', async () => {
    const organization = await db.prisma.organization.create({ data: { name: 'Prepared', slug: 'prepared' } });
    // One transaction keeps one connection, whose prepared statements pg_prepared_statements lists.
    const { answers, prepared } = await db.prisma.$transaction(async (tx) => {
      const answers: string[][] = [];
      for (let round = 0; round < 8; round++) {
        await tx.member.create({
          data: {
            organizationId: organization.id,
            name: `Member ${round}`,
            email: `m${round}@example.com`,
            role: 'REP',
          },
        });
        const members = await tx.member.findMany({
          where: { organizationId: organization.id },
          orderBy: { name: 'asc' },
          select: { name: true },
        });
        answers.push(members.map((member) => member.name));
      }
      const prepared = await tx.$queryRaw<Prepared[]>`
        SELECT name, statement, generic_plans, custom_plans FROM pg_prepared_statements WHERE name LIKE 'tw\\_%'`;
      return { answers, prepared };
    });
    expect(answers.map((names) => names.length)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(answers.at(-1)).toEqual(Array.from({ length: 8 }, (_, i) => `Member ${i}`));
    const read = prepared.find((row) => /FROM "public"\."Member"/.test(row.statement) && /^SELECT/.test(row.statement));
    const write = prepared.find((row) => /^INSERT INTO "public"\."Member"/.test(row.statement));
    expect(read, JSON.stringify(prepared.map((row) => row.statement.slice(0, 80)))).toBeDefined();
    expect(write).toBeDefined();
    // Named from its second use on: 7 executions of the prepared statement on this connection.
    expect(Number(read?.generic_plans) + Number(read?.custom_plans)).toBe(7);
    // The raw catalogue query itself ran once: unnamed.
    expect(prepared.some((row) => row.statement.includes('pg_prepared_statements'))).toBe(false);
  });
});

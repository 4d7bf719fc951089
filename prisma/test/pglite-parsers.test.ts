// The embedded engine parses Prisma's results with the adapter's parsers, made its own once, instead
// of a copy of all its parsers per statement; the values Prisma reads back are the same.
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../src/database.ts';

const TIMESTAMP = 1114;
const JSONB = 3802;

let db: Database;
let defaults: PGlite['parsers'];

beforeAll(async () => {
  db = await openDatabase({ kind: 'pglite', dataDir: null });
  const plain = new PGlite();
  await plain.waitReady;
  defaults = { ...plain.parsers };
  await plain.close();
});
afterAll(() => db?.close());

const ROW = `SELECT TIMESTAMP '2031-03-10 08:15:30.123' AS at, '{"a": [1, null, "x"]}'::jsonb AS data,
  9007199254740993::bigint AS big, 12.50::numeric(10, 2) AS amount, DATE '2031-03-10' AS day,
  '\\x00ff'::bytea AS raw, ARRAY[TIMESTAMP '2031-03-10 00:00:00'] AS ats`;

type Row = {
  at: Date;
  data: unknown;
  big: bigint;
  amount: { toString(): string };
  day: Date;
  raw: Uint8Array;
  ats: Date[];
};

const expectRow = (rows: Row[]) => {
  expect(rows).toHaveLength(1);
  const [row] = rows;
  expect(row!.at).toEqual(new Date('2031-03-10T08:15:30.123Z'));
  expect(row!.data).toEqual({ a: [1, null, 'x'] });
  expect(row!.big).toBe(9007199254740993n);
  expect(row!.amount.toString()).toBe('12.5');
  expect(row!.day).toEqual(new Date('2031-03-10T00:00:00.000Z'));
  expect([...row!.raw]).toEqual([0, 255]);
  expect(row!.ats).toEqual([new Date('2031-03-10T00:00:00.000Z')]);
};

describe.skipIf(process.env.TEST_DB === 'postgres')('PGlite result parsers', () => {
  it('reads the same values outside and inside a transaction', async () => {
    expectRow(await db.prisma.$queryRawUnsafe<Row[]>(ROW));
    expectRow(await db.prisma.$transaction((tx) => tx.$queryRawUnsafe<Row[]>(ROW)));
  });

  it('makes the adapter’s parsers the engine’s own', async () => {
    const engine = db.pglite!;
    await db.prisma.$queryRawUnsafe('SELECT 1');
    expect(engine.parsers[TIMESTAMP]).not.toBe(defaults[TIMESTAMP]);
    expect(engine.parsers[JSONB]).not.toBe(defaults[JSONB]);
    // A statement of the engine's own, without parsers, now reads timestamps as the adapter does.
    const result = await engine.query<{ at: unknown }>(`SELECT TIMESTAMP '2031-03-10 08:15:30.123' AS at`);
    expect(typeof result.rows[0]!.at).toBe('string');
  });
});

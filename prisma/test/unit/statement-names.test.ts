import { describe, expect, it } from 'vitest';
import { statementNames } from '../../src/statement-names.ts';

describe('statementNames', () => {
  it('names a data statement from its second use on, the same name every time', () => {
    const names = statementNames();
    const sql = 'SELECT "id" FROM "Account" WHERE "organizationId" = $1';
    expect(names.nameFor(sql)).toBeUndefined();
    const name = names.nameFor(sql);
    expect(name).toBe('tw_1');
    expect(names.nameFor(sql)).toBe(name);
    expect(names.nameFor(`${sql} `)).toBeUndefined();
    expect(names.nameFor(`${sql} `)).toBe('tw_2');
    expect(names.named).toBe(2);
  });

  it.each([
    ['INSERT INTO "Note" ("id") VALUES ($1)', true],
    ['  update "Account" SET "name" = $1', true],
    ['DELETE FROM "Note" WHERE "id" = $1', true],
    ['WITH x AS (SELECT 1) SELECT * FROM x', true],
    ['ALTER TABLE "Account" ADD COLUMN "x" int', false],
    ['CREATE INDEX "i" ON "Account" ("name")', false],
    ['BEGIN', false],
    ['SET LOCAL statement_timeout = 1000', false],
    ['SELECTED', false],
  ])('%s: named when repeated? %s', (sql, named) => {
    const names = statementNames();
    names.nameFor(sql);
    expect(names.nameFor(sql) !== undefined).toBe(named);
  });

  it('names at most `limit` distinct texts; the rest stay unnamed', () => {
    const names = statementNames(3);
    const texts = Array.from({ length: 10 }, (_, i) => `SELECT ${i}`);
    for (const sql of texts) names.nameFor(sql);
    const given = texts.map((sql) => names.nameFor(sql));
    expect(given.filter((name) => name !== undefined)).toEqual(['tw_1', 'tw_2', 'tw_3']);
    expect(names.named).toBe(3);
    expect(names.nameFor('SELECT 0')).toBe('tw_1');
  });
});

// Every text and JSON column of every model is classified for erasure: a new column (or model) that
// may hold a person's data fails here until api/src/domain/personal-data.ts says how erasure treats it.
import { getDatamodel } from '@threadwatch/db/generated/pothos-types.ts';
import { describe, expect, it } from 'vitest';
import { classify, notPersonal, personRows, scrubbedColumns } from '../src/domain/personal-data.ts';

const models = getDatamodel().datamodel.models as unknown as Record<
  string,
  { fields: Array<{ name: string; type: string; kind: string }> }
>;
const textColumns = Object.entries(models).flatMap(([model, { fields }]) =>
  fields
    .filter((field) => field.kind === 'scalar' && (field.type === 'String' || field.type === 'Json'))
    .map((field) => [model, field.name] as const),
);

describe('personal data classification', () => {
  it('classifies every String and Json column of every model', () => {
    expect(textColumns.length).toBeGreaterThan(80);
    const unclassified = textColumns.filter(([model, column]) => classify(model, column) === 'unclassified');
    expect(unclassified.map(([model, column]) => `${model}.${column}`)).toEqual([]);
  });

  it('names only columns that exist', () => {
    const exists = (model: string, column: string) => models[model]?.fields.some((field) => field.name === column);
    const named = [
      ...Object.entries(personRows).map(([model, column]) => [model, column] as const),
      ...Object.entries(scrubbedColumns).flatMap(([model, columns]) =>
        Object.keys(columns).map((column) => [model, column] as const),
      ),
      ...Object.entries(notPersonal).flatMap(([model, columns]) =>
        Object.keys(columns).map((column) => [model, column] as const),
      ),
    ];
    expect(named.filter(([model, column]) => !exists(model, column))).toEqual([]);
  });

  it('classifies a column one way only', () => {
    const twice = Object.entries(scrubbedColumns).flatMap(([model, columns]) =>
      Object.keys(columns).filter((column) => notPersonal[model]?.[column] || model in personRows),
    );
    expect(twice).toEqual([]);
    expect(Object.keys(personRows).filter((model) => model in notPersonal)).toEqual([]);
  });

  it.each([
    ['Stakeholder', 'email', 'person-row'],
    ['JobChangeFlag', 'pageUrl', 'person-row'],
    ['DepartureCase', 'destinationCompany', 'scrubbed'],
    ['Event', 'notificationPayload', 'scrubbed'],
    ['Member', 'email', 'not-personal'],
    ['Stakeholder', 'aNewColumn', 'person-row'],
    ['DepartureCase', 'aNewColumn', 'unclassified'],
    ['ANewModel', 'note', 'unclassified'],
  ])('%s.%s is %s', (model, column, expected) => {
    expect(classify(model, column)).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { layoutRelationshipMap, type MapStakeholder, NODE_WIDTH } from '@/overlay/relationship-map-layout';

const person = (
  id: string,
  department: string | null,
  seniority: MapStakeholder['seniority'],
  threads: MapStakeholder['relationships'] = [],
): MapStakeholder => ({
  id,
  fullName: id,
  department,
  seniority,
  buyingRoles: [],
  relationships: threads,
});
const ana = { id: 'm1', name: 'Ana' };

describe('layoutRelationshipMap', () => {
  it('puts departments in columns, seniorities in rows, members on top, missing roles in a last column', () => {
    const layout = layoutRelationshipMap(
      [
        person('cfo', 'Finance', 'EXECUTIVE', [{ strength: 'STRONG', live: true, member: ana }]),
        person('analyst', 'Finance', 'INDIVIDUAL_CONTRIBUTOR', [{ strength: 'WEAK', live: false, member: ana }]),
        person('cto', 'Engineering', 'EXECUTIVE'),
        person('someone', null, null),
      ],
      ['CHAMPION'],
    );
    expect(layout.columns.map((column) => column.label)).toEqual([
      'Engineering',
      'Finance',
      'No department',
      'Missing roles',
    ]);
    expect(layout.rows.map((row) => row.label)).toEqual(['Executive', 'Individual', 'Other']);
    const at = new Map(layout.nodes.map((node) => [node.id, node]));
    expect(at.get('cfo')?.y).toBe(at.get('cto')?.y);
    expect(at.get('cfo')?.x).toBe(at.get('analyst')?.x);
    expect(at.get('m1')?.kind).toBe('member');
    expect(at.get('m1')!.y).toBeLessThan(at.get('cfo')!.y);
    expect(at.get('missing:CHAMPION')?.kind).toBe('missing-role');
    expect(at.get('missing:CHAMPION')!.x).toBeGreaterThan(at.get('someone')!.x);
    expect(layout.lines).toEqual([
      { from: 'm1', to: 'cfo', strength: 'STRONG', live: true },
      { from: 'm1', to: 'analyst', strength: 'WEAK', live: false },
    ]);
  });

  it('keeps 30 stakeholders apart: no two boxes overlap, and it is the same every time', () => {
    const many = Array.from({ length: 30 }, (_, index) =>
      person(`p${index}`, ['Sales', 'Finance', 'IT'][index % 3] ?? null, (['VP', 'MANAGER'] as const)[index % 2]),
    );
    const layout = layoutRelationshipMap(many, ['EXECUTIVE_SPONSOR', 'CHAMPION']);
    const boxes = layout.nodes.filter((node) => node.kind !== 'member');
    for (const [index, a] of boxes.entries()) {
      for (const b of boxes.slice(index + 1)) {
        expect(a.y !== b.y || Math.abs(a.x - b.x) >= NODE_WIDTH, `${a.id} and ${b.id} overlap`).toBe(true);
      }
    }
    expect(layoutRelationshipMap(many, ['EXECUTIVE_SPONSOR', 'CHAMPION'])).toEqual(layout);
  });
});

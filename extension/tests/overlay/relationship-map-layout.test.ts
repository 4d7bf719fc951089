import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAP_WIDTH,
  layoutRelationshipMap,
  type MapLayout,
  type MapStakeholder,
  NODE_HEIGHT,
} from '@/overlay/relationship-map-layout';

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
  it('puts departments in columns, seniorities in rows, members on top, missing roles in a last band', () => {
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
    expect(at.get('missing:CHAMPION')!.y).toBeGreaterThan(at.get('someone')!.y);
    expect(layout.lines.map(({ points: _, ...line }) => line)).toEqual([
      { from: 'm1', to: 'cfo', strength: 'STRONG', live: true, departed: false },
      { from: 'm1', to: 'analyst', strength: 'WEAK', live: false, departed: false },
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
        const apart = Math.abs(a.y - b.y) >= NODE_HEIGHT || Math.abs(a.x - b.x) >= (a.width + b.width) / 2;
        expect(apart, `${a.id} and ${b.id} overlap`).toBe(true);
      }
    }
    expect(layoutRelationshipMap(many, ['EXECUTIVE_SPONSOR', 'CHAMPION'])).toEqual(layout);
  });

  it('marks people who left, and their threads, so they are not read as coverage', () => {
    const left = {
      ...person('gone', 'Sales', 'VP', [{ strength: 'STRONG', live: true, member: ana }]),
      status: 'DEPARTED' as const,
    };
    const here = {
      ...person('here', 'Sales', 'VP', [{ strength: 'MEDIUM', live: true, member: ana }]),
      status: 'ACTIVE' as const,
    };
    const unsure = { ...person('unsure', 'Sales', 'VP'), status: 'SUSPECTED_DEPARTURE' as const };
    const layout = layoutRelationshipMap([left, here, unsure], []);
    const at = new Map(layout.nodes.map((node) => [node.id, node]));
    expect([at.get('gone')?.departed, at.get('here')?.departed, at.get('unsure')?.departed]).toEqual([
      true,
      false,
      false,
    ]);
    expect(layout.lines.map((line) => [line.to, line.departed])).toEqual([
      ['gone', true],
      ['here', false],
    ]);
  });

  // A 30-person account like the Chromium test's: five departments, every seniority, threads from two members.
  const departments = ['Finance', 'Operations', 'IT', 'Sales', 'Legal', 'Procurement', 'Marketing', 'Human Resources'];
  const levels = ['EXECUTIVE', 'VP', 'DIRECTOR', 'MANAGER', 'INDIVIDUAL_CONTRIBUTOR'] as const;
  const rep = { id: 'rep', name: 'A member with a rather long name, Senior Account Executive' };
  const csm = { id: 'csm', name: 'Customer Success Manager' };
  const account = (departmentCount: number) =>
    Array.from({ length: 30 }, (_, index) =>
      person(
        `Person ${index}`,
        departments[index % departmentCount] ?? null,
        levels[Math.floor(index / 6) % levels.length],
        index % 4 === 0 ? [{ strength: 'STRONG', live: index % 8 === 0, member: index % 8 === 0 ? rep : csm }] : [],
      ),
    );
  const crosses = (layout: MapLayout) => {
    const found: string[] = [];
    for (const line of layout.lines) {
      line.points.slice(1).forEach(([x2, y2], index) => {
        const [x1, y1] = line.points[index] ?? [x2, y2];
        for (const box of layout.nodes) {
          const left = box.x - box.width / 2;
          const right = box.x + box.width / 2;
          const top = box.y - NODE_HEIGHT / 2;
          const bottom = box.y + NODE_HEIGHT / 2;
          // Strictly inside: a line may end on its own boxes' edges.
          const inside =
            Math.max(x1, x2) > left && Math.min(x1, x2) < right && Math.max(y1, y2) > top && Math.min(y1, y2) < bottom;
          if (inside) found.push(`${line.from}→${line.to} crosses ${box.id}`);
        }
      });
    }
    return found;
  };

  it.each([
    [5, DEFAULT_MAP_WIDTH],
    [8, DEFAULT_MAP_WIDTH],
    [3, 400],
  ])('fits %i departments of 30 people into %i px: nothing wider, no line through a box', (count, width) => {
    const layout = layoutRelationshipMap(
      account(count),
      ['EXECUTIVE_SPONSOR', 'CHAMPION', 'TECHNICAL_EVALUATOR'],
      width,
    );
    expect(layout.width).toBeLessThanOrEqual(width);
    for (const node of layout.nodes) {
      expect(node.x + node.width / 2, node.id).toBeLessThanOrEqual(layout.width);
      expect(node.y + NODE_HEIGHT / 2, node.id).toBeLessThanOrEqual(layout.height);
    }
    for (const column of layout.columns) expect(column.x).toBeLessThanOrEqual(layout.width);
    expect(layout.nodes.filter((node) => node.kind === 'stakeholder')).toHaveLength(30);
    expect(layout.lines).toHaveLength(8);
    expect(crosses(layout)).toEqual([]);
  });
});

/**
 * The relationship map's layout, deterministic and without a library: our members in a row at the
 * top; the account's stakeholders below in one column per department (alphabetical, "No
 * department" last) and one row per seniority (executives first); an empty slot per missing
 * required role in a last column; a line from each member to each stakeholder they have a thread
 * to, by strength (width) and live or stale (solid or dashed). Readable at 30 stakeholders: a column
 * holds several people of a seniority side by side rather than on top of one another.
 */
import type { BuyingRole, RelationshipStrength, Seniority } from '@/api/generated/graphql';

export interface MapStakeholder {
  id: string;
  fullName: string;
  department?: string | null;
  seniority?: Seniority | null;
  buyingRoles: BuyingRole[];
  relationships: Array<{ strength: RelationshipStrength; live: boolean; member: { id: string; name: string } }>;
}

export interface MapNode {
  id: string;
  label: string;
  x: number;
  y: number;
  kind: 'member' | 'stakeholder' | 'missing-role';
  roles: BuyingRole[];
}

export interface MapLine {
  from: string;
  to: string;
  strength: RelationshipStrength;
  live: boolean;
}

export interface MapLayout {
  width: number;
  height: number;
  columns: Array<{ label: string; x: number }>;
  rows: Array<{ label: string; y: number }>;
  nodes: MapNode[];
  lines: MapLine[];
}

export const NODE_WIDTH = 96;
export const NODE_HEIGHT = 30;
const GAP = 10;
const TOP = 24;
const MEMBER_ROW = TOP + NODE_HEIGHT / 2;
const FIRST_ROW = MEMBER_ROW + NODE_HEIGHT + 40;
const LEFT = 70;

const SENIORITY_ORDER: Array<Seniority | null> = [
  'EXECUTIVE',
  'VP',
  'DIRECTOR',
  'MANAGER',
  'INDIVIDUAL_CONTRIBUTOR',
  null,
];
export const SENIORITY_LABELS: Record<Seniority, string> = {
  EXECUTIVE: 'Executive',
  VP: 'VP',
  DIRECTOR: 'Director',
  MANAGER: 'Manager',
  INDIVIDUAL_CONTRIBUTOR: 'Individual',
};
const NO_DEPARTMENT = 'No department';
const MISSING = 'Missing roles';

export function layoutRelationshipMap(
  stakeholders: readonly MapStakeholder[],
  missingRoles: readonly BuyingRole[],
): MapLayout {
  const departments = [...new Set(stakeholders.map((person) => person.department?.trim() || NO_DEPARTMENT))].sort(
    (a, b) => (a === NO_DEPARTMENT ? 1 : b === NO_DEPARTMENT ? -1 : a.localeCompare(b)),
  );
  const rowsUsed = SENIORITY_ORDER.filter((level) =>
    stakeholders.some((person) => (person.seniority ?? null) === level),
  );
  // How many people share a cell decides the column's width: side by side, never stacked.
  const cell = (department: string, level: Seniority | null) =>
    stakeholders
      .filter(
        (person) => (person.department?.trim() || NO_DEPARTMENT) === department && (person.seniority ?? null) === level,
      )
      .sort((a, b) => a.fullName.localeCompare(b.fullName));
  const columns: Array<{ label: string; x: number; width: number }> = [];
  let x = LEFT;
  for (const department of departments) {
    const widest = Math.max(1, ...rowsUsed.map((level) => cell(department, level).length));
    const width = widest * (NODE_WIDTH + GAP);
    columns.push({ label: department, x, width });
    x += width + GAP;
  }
  if (missingRoles.length > 0) {
    columns.push({ label: MISSING, x, width: NODE_WIDTH + GAP });
    x += NODE_WIDTH + 2 * GAP;
  }
  const rowHeight = NODE_HEIGHT + 24;
  const rows = rowsUsed.map((level, index) => ({
    label: level ? SENIORITY_LABELS[level] : 'Other',
    y: FIRST_ROW + index * rowHeight,
  }));

  const nodes: MapNode[] = [];
  columns.forEach((column) => {
    if (column.label === MISSING && missingRoles.length > 0) return;
    rowsUsed.forEach((level, rowIndex) => {
      cell(column.label, level).forEach((person, index) => {
        nodes.push({
          id: person.id,
          label: person.fullName,
          x: column.x + index * (NODE_WIDTH + GAP) + NODE_WIDTH / 2,
          y: rows[rowIndex]?.y ?? FIRST_ROW,
          kind: 'stakeholder',
          roles: person.buyingRoles,
        });
      });
    });
  });
  const missingColumn = columns.find((column) => column.label === MISSING);
  missingRoles.forEach((role, index) => {
    nodes.push({
      id: `missing:${role}`,
      label: role,
      x: (missingColumn?.x ?? x) + NODE_WIDTH / 2,
      y: FIRST_ROW + index * rowHeight,
      kind: 'missing-role',
      roles: [role],
    });
  });

  const members = new Map<string, string>();
  const lines: MapLine[] = [];
  for (const person of stakeholders) {
    for (const thread of person.relationships ?? []) {
      members.set(thread.member.id, thread.member.name);
      lines.push({ from: thread.member.id, to: person.id, strength: thread.strength, live: thread.live });
    }
  }
  const memberList = [...members].sort((a, b) => a[1].localeCompare(b[1]));
  memberList.forEach(([id, name], index) => {
    nodes.push({
      id,
      label: name,
      x: LEFT + index * (NODE_WIDTH + GAP) + NODE_WIDTH / 2,
      y: MEMBER_ROW,
      kind: 'member',
      roles: [],
    });
  });
  const memberWidth = LEFT + memberList.length * (NODE_WIDTH + GAP);
  const lastRow = Math.max(rows.length, missingRoles.length);
  return {
    width: Math.max(x, memberWidth) + GAP,
    height: FIRST_ROW + Math.max(1, lastRow) * rowHeight,
    columns: columns.map(({ label, x: left, width }) => ({ label, x: left + width / 2 - GAP / 2 })),
    rows,
    nodes,
    lines,
  };
}

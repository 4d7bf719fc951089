/**
 * The relationship map's layout, deterministic and without a library: our members in a row at the
 * top; the account's stakeholders below in one column per department (alphabetical, "No
 * department" last) and one row per seniority (executives first); the missing required roles as
 * empty slots in a last band; a line from each member to each stakeholder they have a thread to,
 * by strength (width) and live or stale (solid or dashed).
 *
 * Readable at 30 stakeholders within a given width: the map never grows wider than `maxWidth`.
 * A department's column holds as many people side by side as the width allows and wraps the rest
 * onto further lines of the same seniority row; departments that do not fit side by side wrap
 * into a further band below, with their own headings; the missing roles wrap the same way. Lines
 * never cross a box: each one drops from its member to a lane of its own under the member row,
 * runs along it to the gutter left of the stakeholder's slot, down the gutter (boxes sit only in
 * slots, so gutters are free) and into the box's left side.
 */
import type { BuyingRole, RelationshipStrength, Seniority, StakeholderStatus } from '@/api/generated/graphql';

export interface MapStakeholder {
  id: string;
  fullName: string;
  department?: string | null;
  seniority?: Seniority | null;
  buyingRoles: BuyingRole[];
  /** A person who left stays on the map, marked, so the rep sees whom the account lost. */
  status?: StakeholderStatus | null;
  relationships: Array<{ strength: RelationshipStrength; live: boolean; member: { id: string; name: string } }>;
}

export interface MapNode {
  id: string;
  label: string;
  /** The box's centre and size. */
  x: number;
  y: number;
  width: number;
  kind: 'member' | 'stakeholder' | 'missing-role';
  roles: BuyingRole[];
  /** A stakeholder who left the company: their roles and threads no longer count for coverage. */
  departed: boolean;
}

export interface MapLine {
  from: string;
  to: string;
  strength: RelationshipStrength;
  live: boolean;
  /** A thread to someone who left: it counts for nothing any more, whatever its strength. */
  departed: boolean;
  /** The route as corner points, from the member's box to the stakeholder's. */
  points: Array<[number, number]>;
}

export interface MapLayout {
  width: number;
  height: number;
  /** Department headings (and the missing roles' heading), centred on x, baseline at y. */
  columns: Array<{ label: string; x: number; y: number }>;
  rows: Array<{ label: string; y: number }>;
  nodes: MapNode[];
  lines: MapLine[];
}

export const NODE_WIDTH = 120;
export const MEMBER_WIDTH = 168;
export const NODE_HEIGHT = 30;
/** The map's width when nothing says otherwise: the open panel's width at a 1024 px window. */
export const DEFAULT_MAP_WIDTH = 900;
const GAP = 16;
const SLOT = NODE_WIDTH + GAP;
const LINE_GAP = 8;
const TOP = 8;
const LEFT = 88;
const HEADING = 20;
const LANE_STEP = 4;

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
export const MISSING = 'Missing roles';

const departmentOf = (person: MapStakeholder) => person.department?.trim() || NO_DEPARTMENT;

export function layoutRelationshipMap(
  stakeholders: readonly MapStakeholder[],
  missingRoles: readonly BuyingRole[],
  maxWidth = DEFAULT_MAP_WIDTH,
): MapLayout {
  const slotsAcross = Math.max(1, Math.floor((maxWidth - LEFT) / SLOT));
  const nodes: MapNode[] = [];
  const columns: MapLayout['columns'] = [];
  const rows: MapLayout['rows'] = [];

  // Members: one row (wrapping) at the top.
  const members = new Map<string, string>();
  for (const person of stakeholders) {
    for (const thread of person.relationships ?? []) members.set(thread.member.id, thread.member.name);
  }
  const memberList = [...members].sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0]));
  const membersAcross = Math.max(1, Math.floor((maxWidth - LEFT) / (MEMBER_WIDTH + GAP)));
  memberList.forEach(([id, name], index) => {
    nodes.push({
      id,
      label: name,
      x: LEFT + (index % membersAcross) * (MEMBER_WIDTH + GAP) + MEMBER_WIDTH / 2,
      y: TOP + Math.floor(index / membersAcross) * (NODE_HEIGHT + LINE_GAP) + NODE_HEIGHT / 2,
      width: MEMBER_WIDTH,
      kind: 'member',
      roles: [],
      departed: false,
    });
  });
  const memberLines = Math.max(1, Math.ceil(memberList.length / membersAcross));
  const membersBottom = TOP + memberLines * (NODE_HEIGHT + LINE_GAP) - LINE_GAP;
  // Each member's lines run along a lane of their own under the member row.
  const laneOf = new Map(memberList.map(([id], index) => [id, membersBottom + 8 + index * LANE_STEP]));
  let y = membersBottom + 8 + memberList.length * LANE_STEP + 8;

  // Stakeholders: departments in columns, wrapped into bands that fit the width.
  const departments = [...new Set(stakeholders.map(departmentOf))].sort((a, b) =>
    a === NO_DEPARTMENT ? 1 : b === NO_DEPARTMENT ? -1 : a.localeCompare(b),
  );
  const levels = SENIORITY_ORDER.filter((level) => stakeholders.some((person) => (person.seniority ?? null) === level));
  const cell = (department: string, level: Seniority | null) =>
    stakeholders
      .filter((person) => departmentOf(person) === department && (person.seniority ?? null) === level)
      .sort((a, b) => a.fullName.localeCompare(b.fullName) || a.id.localeCompare(b.id));
  const bands: string[][] = [];
  for (let index = 0; index < departments.length; index += slotsAcross) {
    bands.push(departments.slice(index, index + slotsAcross));
  }
  for (const band of bands) {
    // Spare slots go to the departments whose busiest cell needs them, one at a time.
    const needs = band.map((department) => Math.max(1, ...levels.map((level) => cell(department, level).length)));
    const widths = band.map(() => 1);
    let spare = slotsAcross - band.length;
    while (spare > 0) {
      const wanting = widths.findIndex((width, index) => width < (needs[index] ?? 1));
      if (wanting < 0) break;
      const most = widths.reduce(
        (best, width, index) => (width < (needs[index] ?? 1) && width < (widths[best] ?? 0) ? index : best),
        wanting,
      );
      widths[most] = (widths[most] ?? 1) + 1;
      spare--;
    }
    const lefts: number[] = [];
    let x = LEFT;
    band.forEach((department, index) => {
      lefts.push(x);
      const width = (widths[index] ?? 1) * SLOT;
      columns.push({ label: department, x: x + (width - GAP) / 2, y: y + HEADING - 6 });
      x += width;
    });
    y += HEADING;
    for (const level of levels) {
      let lines = 1;
      band.forEach((department, index) => {
        const across = widths[index] ?? 1;
        const people = cell(department, level);
        lines = Math.max(lines, Math.ceil(people.length / across));
        people.forEach((person, at) => {
          nodes.push({
            id: person.id,
            label: person.fullName,
            x: (lefts[index] ?? LEFT) + (at % across) * SLOT + NODE_WIDTH / 2,
            y: y + Math.floor(at / across) * (NODE_HEIGHT + LINE_GAP) + NODE_HEIGHT / 2,
            width: NODE_WIDTH,
            kind: 'stakeholder',
            roles: person.buyingRoles,
            departed: person.status === 'DEPARTED',
          });
        });
      });
      rows.push({ label: level ? SENIORITY_LABELS[level] : 'Other', y: y + NODE_HEIGHT / 2 });
      y += lines * (NODE_HEIGHT + LINE_GAP) + 8;
    }
  }

  // Missing roles: a last band of empty slots.
  if (missingRoles.length > 0) {
    columns.push({ label: MISSING, x: LEFT, y: y + HEADING - 6 });
    y += HEADING;
    missingRoles.forEach((role, index) => {
      nodes.push({
        id: `missing:${role}`,
        label: role,
        x: LEFT + (index % slotsAcross) * SLOT + NODE_WIDTH / 2,
        y: y + Math.floor(index / slotsAcross) * (NODE_HEIGHT + LINE_GAP) + NODE_HEIGHT / 2,
        width: NODE_WIDTH,
        kind: 'missing-role',
        roles: [role],
        departed: false,
      });
    });
    y += Math.ceil(missingRoles.length / slotsAcross) * (NODE_HEIGHT + LINE_GAP);
  }

  const at = new Map(nodes.map((node) => [node.id, node]));
  const lines: MapLine[] = [];
  for (const person of stakeholders) {
    const to = at.get(person.id);
    for (const thread of person.relationships ?? []) {
      const from = at.get(thread.member.id);
      if (!from || !to) continue;
      const lane = laneOf.get(thread.member.id) ?? membersBottom + 8;
      const gutter = to.x - to.width / 2 - GAP / 2;
      // From the box's foot when members fit one line; from its left side down the gutter when
      // they wrap, so as not to cross the members below.
      const start: Array<[number, number]> =
        memberLines === 1
          ? [
              [from.x, from.y + NODE_HEIGHT / 2],
              [from.x, lane],
            ]
          : [
              [from.x - from.width / 2, from.y],
              [from.x - from.width / 2 - GAP / 2, from.y],
              [from.x - from.width / 2 - GAP / 2, lane],
            ];
      lines.push({
        from: thread.member.id,
        to: person.id,
        strength: thread.strength,
        live: thread.live,
        departed: to.departed,
        points: [...start, [gutter, lane], [gutter, to.y], [to.x - to.width / 2, to.y]],
      });
    }
  }
  const right = Math.max(LEFT + SLOT, ...nodes.map((node) => node.x + node.width / 2 + GAP));
  return { width: Math.min(maxWidth, right), height: y + 4, columns, rows, nodes, lines };
}

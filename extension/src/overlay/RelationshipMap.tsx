/** The account's relationship map as SVG: see relationship-map-layout.ts for what goes where. */
import { useState } from 'react';
import { ROLE_LABELS, STRENGTH_LABELS } from '@/api/enum-labels';
import type { BuyingRole } from '@/api/generated/graphql';
import { layoutRelationshipMap, type MapStakeholder, NODE_HEIGHT } from './relationship-map-layout';

const STROKE = { STRONG: 3, MEDIUM: 2, WEAK: 1 } as const;
/** About how many characters of 10 px text fit a box of this width; the full text is the box's title. */
const fits = (width: number) => Math.floor((width - 8) / 6);

function short(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function RelationshipMap({
  stakeholders,
  missingRoles,
  startOpen = false,
}: {
  stakeholders: readonly MapStakeholder[];
  missingRoles: readonly BuyingRole[];
  /** Where there is room (the dashboard), the map is shown whole from the start. */
  startOpen?: boolean;
}) {
  const layout = layoutRelationshipMap(stakeholders, missingRoles);
  const at = new Map(layout.nodes.map((node) => [node.id, node]));
  // The card is narrow: the map is scaled to fit it, and opens whole in a wider panel on request.
  const [open, setOpen] = useState(false);
  return (
    <figure className={`relationship-map${open ? ' open' : ''}${startOpen ? ' whole' : ''}`}>
      {startOpen ? null : (
        <button type="button" onClick={() => setOpen((value) => !value)}>
          {open ? 'Close the map' : 'Open the whole map'}
        </button>
      )}
      <svg
        role="img"
        aria-label={`Relationship map: ${stakeholders.length} stakeholders, ${layout.lines.length} threads, ${missingRoles.length} missing roles`}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        width={layout.width}
        height={layout.height}
      >
        {layout.columns.map((column) => (
          <text
            key={`${column.label}@${column.y}`}
            x={column.x}
            y={column.y}
            className={column.label === 'Missing roles' ? 'column missing' : 'column'}
          >
            {short(column.label, 22)}
            <title>{column.label}</title>
          </text>
        ))}
        {layout.rows.map((row) => (
          <text key={`${row.label}@${row.y}`} x={4} y={row.y + 4} className="row">
            {row.label}
          </text>
        ))}
        {layout.lines.map((line) => {
          const from = at.get(line.from);
          const to = at.get(line.to);
          if (!from || !to) return null;
          return (
            <polyline
              key={`${line.from}-${line.to}`}
              points={line.points.map(([x, y]) => `${x},${y}`).join(' ')}
              className={line.departed ? 'thread departed' : line.live ? 'thread live' : 'thread stale'}
              strokeWidth={STROKE[line.strength]}
            >
              <title>
                {`${from.label} → ${to.label}: ${STRENGTH_LABELS[line.strength]}, ${line.departed ? 'left the company' : line.live ? 'live' : 'stale'}`}
              </title>
            </polyline>
          );
        })}
        {layout.nodes.map((node) => (
          <g
            key={node.id}
            className={`node ${node.kind}${node.departed ? ' departed' : ''}`}
            transform={`translate(${node.x - node.width / 2}, ${node.y - NODE_HEIGHT / 2})`}
          >
            <rect width={node.width} height={NODE_HEIGHT} rx={6} />
            <text
              x={node.width / 2}
              y={(node.roles.length > 0 || node.departed) && node.kind === 'stakeholder' ? 12 : 19}
              className="node-name"
            >
              {node.kind === 'missing-role'
                ? short(`No ${ROLE_LABELS[node.roles[0] as BuyingRole]}`, fits(node.width))
                : short(node.label, fits(node.width))}
            </text>
            {node.kind === 'stakeholder' && (node.roles.length > 0 || node.departed) ? (
              <text x={node.width / 2} y={25} className="roles">
                {short(
                  `${node.departed ? 'Left · ' : ''}${node.roles.map((role) => ROLE_LABELS[role]).join(', ')}`,
                  fits(node.width) + 2,
                )}
              </text>
            ) : null}
            <title>
              {node.kind === 'missing-role'
                ? `Missing: ${ROLE_LABELS[node.roles[0] as BuyingRole]}`
                : `${node.label}${node.roles.length > 0 ? ` (${node.roles.map((role) => ROLE_LABELS[role]).join(', ')})` : ''}${node.departed ? ', left the company' : ''}`}
            </title>
          </g>
        ))}
      </svg>
      <figcaption className="muted">
        Lines: our threads (thicker is stronger; dashed is stale; dotted: to someone who left). Dashed boxes: missing
        roles. Struck-out names: people who left. Point at a box for the full name.
      </figcaption>
    </figure>
  );
}

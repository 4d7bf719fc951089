/** The account's relationship map as SVG: see relationship-map-layout.ts for what goes where. */
import { useState } from 'react';
import { ROLE_LABELS, STRENGTH_LABELS } from '@/api/enum-labels';
import type { BuyingRole } from '@/api/generated/graphql';
import { layoutRelationshipMap, type MapStakeholder, NODE_HEIGHT, NODE_WIDTH } from './relationship-map-layout';

const STROKE = { STRONG: 3, MEDIUM: 2, WEAK: 1 } as const;

function short(text: string, max = 16): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function RelationshipMap({
  stakeholders,
  missingRoles,
}: {
  stakeholders: readonly MapStakeholder[];
  missingRoles: readonly BuyingRole[];
}) {
  const layout = layoutRelationshipMap(stakeholders, missingRoles);
  const at = new Map(layout.nodes.map((node) => [node.id, node]));
  // The card is narrow: the whole map opens in a wider panel at the rep's request.
  const [open, setOpen] = useState(false);
  return (
    <figure className={`relationship-map${open ? ' open' : ''}`}>
      <button type="button" onClick={() => setOpen((value) => !value)}>
        {open ? 'Close the map' : 'Open the whole map'}
      </button>
      <svg
        role="img"
        aria-label={`Relationship map: ${stakeholders.length} stakeholders, ${layout.lines.length} threads, ${missingRoles.length} missing roles`}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        width={layout.width}
        height={layout.height}
      >
        {layout.columns.map((column) => (
          <text
            key={column.label}
            x={column.x}
            y={layout.rows[0] ? layout.rows[0].y - NODE_HEIGHT / 2 - 6 : 0}
            className="column"
          >
            {short(column.label, 20)}
          </text>
        ))}
        {layout.rows.map((row) => (
          <text key={row.label} x={4} y={row.y + 4} className="row">
            {row.label}
          </text>
        ))}
        {layout.lines.map((line) => {
          const from = at.get(line.from);
          const to = at.get(line.to);
          if (!from || !to) return null;
          return (
            <line
              key={`${line.from}-${line.to}`}
              x1={from.x}
              y1={from.y + NODE_HEIGHT / 2}
              x2={to.x}
              y2={to.y - NODE_HEIGHT / 2}
              className={line.live ? 'thread live' : 'thread stale'}
              strokeWidth={STROKE[line.strength]}
            >
              <title>{`${from.label} → ${to.label}: ${STRENGTH_LABELS[line.strength]}, ${line.live ? 'live' : 'stale'}`}</title>
            </line>
          );
        })}
        {layout.nodes.map((node) => (
          <g
            key={node.id}
            className={`node ${node.kind}`}
            transform={`translate(${node.x - NODE_WIDTH / 2}, ${node.y - NODE_HEIGHT / 2})`}
          >
            <rect width={NODE_WIDTH} height={NODE_HEIGHT} rx={6} />
            <text x={NODE_WIDTH / 2} y={node.roles.length > 0 && node.kind === 'stakeholder' ? 12 : 19}>
              {node.kind === 'missing-role' ? `No ${ROLE_LABELS[node.roles[0] as BuyingRole]}` : short(node.label)}
            </text>
            {node.kind === 'stakeholder' && node.roles.length > 0 ? (
              <text x={NODE_WIDTH / 2} y={25} className="roles">
                {short(node.roles.map((role) => ROLE_LABELS[role]).join(', '), 20)}
              </text>
            ) : null}
            <title>
              {node.kind === 'missing-role' ? `Missing: ${ROLE_LABELS[node.roles[0] as BuyingRole]}` : node.label}
            </title>
          </g>
        ))}
      </svg>
      <figcaption className="muted">
        Lines: our threads (thicker is stronger; dashed is stale). Dashed boxes: missing roles.
      </figcaption>
    </figure>
  );
}

/** The relationship map's styles, shared by the overlay's shadow root and the dashboard's account view. */
export const RELATIONSHIP_MAP_CSS = `
.relationship-map { margin: 8px 0; }
.relationship-map.open { position: fixed; top: 72px; right: 16px; max-width: calc(100vw - 32px);
  max-height: calc(100vh - 96px); overflow: auto; margin: 0; padding: 10px; background: #fff;
  border: 1px solid #d0d7de; border-radius: 10px; box-shadow: 0 6px 24px rgba(0,0,0,.25); z-index: 1; }
.relationship-map > button { margin-bottom: 6px; }
.relationship-map svg { display: block; max-width: 100%; height: auto; font: 10px system-ui, sans-serif; }
.relationship-map .column, .relationship-map .row { fill: #57606a; font-weight: 600; }
.relationship-map .column { text-anchor: middle; }
.relationship-map .column.missing { text-anchor: start; fill: #a40e26; }
.relationship-map .node text { text-anchor: middle; fill: #1d2226; }
.relationship-map .node .roles { fill: #57606a; font-size: 9px; }
.relationship-map .stakeholder rect { fill: #f6f8fa; stroke: #8c959f; }
.relationship-map .member rect { fill: #ddf4ff; stroke: #0a66c2; }
.relationship-map .missing-role rect { fill: #fff; stroke: #a40e26; stroke-dasharray: 4 3; }
.relationship-map .missing-role text { fill: #a40e26; }
.relationship-map .thread { stroke: #0a66c2; fill: none; stroke-linejoin: round; }
.relationship-map .thread.stale { stroke: #8c959f; stroke-dasharray: 5 4; }
.relationship-map .thread.departed { stroke: #d0d7de; stroke-dasharray: 2 3; }
.relationship-map .departed rect { fill: #fff; stroke: #d0d7de; }
.relationship-map .departed .node-name { fill: #6e7781; text-decoration: line-through; }
`;

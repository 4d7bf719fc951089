/** The overlay's styles, inside its shadow root: the page's CSS cannot reach in, nor these out. */
import { RELATIONSHIP_MAP_CSS } from './relationship-map-styles';

export const OVERLAY_CSS = `
:host { all: initial; position: fixed; top: 72px; right: 16px; z-index: 2147483646; display: block; }
* { box-sizing: border-box; }
.card { width: 320px; max-height: calc(100vh - 96px); overflow: auto; background: #fff; color: #1d2226;
  font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; border: 1px solid #d0d7de;
  border-radius: 10px; box-shadow: 0 6px 24px rgba(0,0,0,.18); overflow-wrap: anywhere; }
.card.collapsed { width: auto; }
header { display: flex; align-items: center; justify-content: space-between; gap: 8px; padding: 6px 10px;
  background: #0b3d5c; color: #fff; border-radius: 9px 9px 0 0; }
.brand { font-weight: 600; letter-spacing: .02em; }
.toggle { background: transparent; color: #fff; border: 0; padding: 0 4px; font-size: 14px; }
.body { padding: 10px 12px 12px; }
.body[hidden] { display: none; }
h2 { font-size: 15px; margin: 0 0 2px; }
h3 { font-size: 13px; margin: 10px 0 4px; }
p { margin: 4px 0; }
ul { list-style: none; margin: 4px 0; padding: 0; }
li { padding: 2px 0; }
.name { font-weight: 600; }
.muted { color: #57606a; }
.facts { display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; margin: 8px 0; }
.facts dt { color: #57606a; }
.facts dd { margin: 0; }
.band { display: inline-block; padding: 0 6px; border-radius: 8px; font-weight: 600; }
.band-green { background: #dafbe1; color: #116329; }
.band-yellow { background: #fff8c5; color: #7d4e00; }
.band-amber { background: #ffe7c2; color: #953800; }
.band-red { background: #ffebe9; color: #a40e26; }
.note { padding: 6px 8px; border-radius: 6px; background: #f6f8fa; }
.note.warn { background: #fff8c5; }
.note.error { background: #ffebe9; }
.note.ok { background: #dafbe1; }
.roles li { display: flex; justify-content: space-between; align-items: center; gap: 6px; }
.roles .missing span { color: #a40e26; }
.kinds legend { width: 100%; padding: 0; margin-top: 10px; font-weight: 600; }
.kinds, .actions { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; }
button { font: inherit; padding: 3px 8px; border: 1px solid #d0d7de; border-radius: 6px; background: #f6f8fa;
  color: #1d2226; cursor: pointer; }
button.primary { background: #0a66c2; border-color: #0a66c2; color: #fff; }
button:disabled { opacity: .55; cursor: default; }
fieldset { border: 0; margin: 0; padding: 0; }
.field { display: flex; flex-direction: column; margin: 6px 0; }
.field label { color: #57606a; font-size: 12px; }
input, select { font: inherit; padding: 4px 6px; border: 1px solid #d0d7de; border-radius: 6px; width: 100%; }
.hint { color: #953800; font-size: 11px; }
.flags li { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 4px;
  border-top: 1px solid #eaeef2; }
.flags li.decided { color: #57606a; }
${RELATIONSHIP_MAP_CSS}
.duplicates li { display: flex; flex-wrap: wrap; align-items: center; gap: 4px; }
`;

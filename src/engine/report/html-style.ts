/**
 * The report's only stylesheet, inlined because the file must read offline and the CSP allows nothing else.
 * Print rules keep table headers on every page and rows whole, and drop link colours.
 */
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d0d7de; --soft: #f6f8fa; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0 auto; max-width: 1280px; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 14px; margin: 16px 0 6px; }
.meta, .note, .missing { color: var(--muted); }
.note { font-size: 12px; }
.verdict { display: inline-block; padding: 6px 12px; border-radius: 6px; font-size: 16px; margin: 8px 0; color: #fff; }
.v-incident { background: #b3261e; } .v-suspicious { background: #b45309; } .v-tuning { background: #3b6ea5; }
.v-noise { background: #4b5563; } .v-pending { background: #6b7280; }
.conclusion { font-size: 15px; background: var(--soft); border-left: 4px solid var(--line); padding: 8px 12px; white-space: pre-wrap; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 12px; }
th, td { border: 1px solid var(--line); padding: 3px 6px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: var(--soft); }
td.num { text-align: right; white-space: nowrap; }
td.time, td.nowrap { white-space: nowrap; }
code, .mono { font-family: ui-monospace, "Cascadia Mono", Consolas, monospace; font-size: 12px; overflow-wrap: anywhere; }
ol.reasoning li { margin: 4px 0; }
.weight { display: inline-block; min-width: 3em; font-family: ui-monospace, Consolas, monospace; }
.pos { color: #b3261e; } .neg { color: #1a7f37; }
.tag { display: inline-block; border: 1px solid var(--line); border-radius: 4px; padding: 0 4px; font-size: 11px; color: var(--muted); }
.matrix { overflow-x: auto; hyphens: auto; }
.matrix table { table-layout: fixed; min-width: 1100px; }
.matrix th { font-size: 11px; }
.matrix td { padding: 2px; }
.tech { border: 1px solid var(--line); border-radius: 3px; padding: 2px 3px; margin: 2px 0; font-size: 10.5px; color: var(--muted); }
.tech.hit { color: #111; font-weight: 600; }
.tech .rules { display: block; font-weight: 400; font-size: 10px; }
.l-critical { background: #fca5a5; border-color: #b91c1c; } .l-high { background: #fecaca; border-color: #dc2626; }
.l-medium { background: #fed7aa; border-color: #ea580c; } .l-low { background: #fef3c7; border-color: #d97706; }
.l-informational { background: #dbeafe; border-color: #2563eb; }
tr:target, li:target, div:target { outline: 2px solid #0969da; }
@page { size: A4; margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  a { color: inherit; text-decoration: none; }
  thead { display: table-header-group; }
  tr, .tech { break-inside: avoid; }
  h2 { break-after: avoid; }
  .matrix { overflow: visible; }
  .matrix table { min-width: 0; }
}
`;

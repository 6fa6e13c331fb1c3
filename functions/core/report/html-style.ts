/** The HTML report's stylesheet (inline; the page's CSP allows exactly this text by its hash). */
export const REPORT_CSS = `
:root { color-scheme: light; --crit: #7f1d1d; --high: #c62828; --med: #e67e22; --low: #f1c40f; --info: #7f8c8d; --ok: #2e7d32; --line: #d0d4d9; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1d232a; background: #f6f7f9; }
header { background: #1d232a; color: #fff; padding: 16px 24px; }
header h1 { margin: 0; font-size: 20px; }
header p { margin: 4px 0 0; color: #c7cdd4; }
main { padding: 16px 24px 48px; max-width: 1400px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; margin: 0 0 16px; }
h2 { font-size: 16px; margin: 0 0 8px; }
.tiles { display: flex; flex-wrap: wrap; gap: 12px; }
.tile { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; min-width: 150px; }
.tile .value { font-size: 24px; font-weight: 600; display: block; }
.tile .what { color: #5b6570; }
.grid2 { display: flex; flex-wrap: wrap; gap: 24px; }
table.list { border-collapse: collapse; width: 100%; }
table.list th, table.list td { text-align: left; padding: 3px 8px; border-bottom: 1px solid #eceef1; vertical-align: top; }
table.list th { font-weight: 600; color: #3b4450; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.soon td { background: #fff4d6; }
.note { color: #5b6570; }
.sev { font-weight: 600; }
.sev-CRITICAL { color: var(--crit); } .sev-HIGH { color: var(--high); } .sev-MEDIUM { color: #a35200; } .sev-LOW { color: #7a6200; } .sev-INFORMATIONAL { color: var(--info); }
rect.bar-CRITICAL { fill: var(--crit); } rect.bar-HIGH { fill: var(--high); } rect.bar-MEDIUM { fill: var(--med); } rect.bar-LOW { fill: var(--low); } rect.bar-INFORMATIONAL { fill: var(--info); }
rect.bar-control { fill: #34495e; } rect.bar-share { fill: var(--ok); } rect.bar-share-low { fill: var(--high); }
rect.share-rest { fill: #f2c4c4; } rect.share-mfa { fill: var(--ok); }
.chart-label, .chart-value { font: 12px system-ui, sans-serif; fill: #1d232a; }
.big { font-size: 40px; font-weight: 700; }
.controls { display: flex; flex-wrap: wrap; gap: 12px; align-items: end; margin-bottom: 8px; }
.controls label { display: flex; flex-direction: column; font-size: 12px; color: #3b4450; }
.controls input, .controls select { font: inherit; padding: 3px 6px; }
.table { border: 1px solid var(--line); border-radius: 4px; }
.trow { display: grid; grid-template-columns: 132px 86px 124px minmax(80px, 1fr) minmax(100px, 1.2fr) minmax(160px, 2fr) 80px; height: 28px; align-items: center; }
.trow > span { overflow: hidden; white-space: nowrap; text-overflow: ellipsis; padding: 0 6px; }
.thead { background: #eef1f4; border-bottom: 1px solid var(--line); }
.thead button { font: inherit; font-weight: 600; background: none; border: 0; text-align: left; cursor: pointer; padding: 0 6px; height: 28px; }
.thead button[aria-sort="ascending"]::after { content: " \\25B2"; } .thead button[aria-sort="descending"]::after { content: " \\25BC"; }
.viewport { height: 560px; overflow-y: auto; position: relative; }
.spacer { position: relative; }
.trow[hidden] { display: none; }
.tbody .trow { position: absolute; left: 0; right: 0; border-bottom: 1px solid #eceef1; cursor: pointer; }
.tbody .trow:hover, .tbody .trow.selected { background: #e8f0fe; }
#finding-detail { border-top: 1px solid var(--line); margin-top: 8px; padding-top: 8px; }
#finding-detail dl { display: grid; grid-template-columns: 160px 1fr; gap: 4px 12px; margin: 0; }
#finding-detail dt { color: #5b6570; }
#finding-detail dd { margin: 0; overflow-wrap: anywhere; }
`;

/** The console's stylesheet, served at `<basePath>/style.css` (the CSP allows no inline style). */
export const STYLESHEET = `
:root { color-scheme: light; --ink: #1d2330; --muted: #667085; --line: #d9dde5; --accent: #2f5bd3; --bad: #b42318; --bg: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: var(--bg); }
.top { display: flex; gap: 24px; align-items: center; padding: 12px 24px; background: #1d2330; color: #fff; }
.top a { color: #fff; text-decoration: none; }
.top nav { display: flex; gap: 16px; }
.brand { font-weight: 600; }
.actor { margin-left: auto; opacity: .8; }
main { max-width: 1200px; margin: 0 auto; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 16px; }
h2 { font-size: 16px; margin: 24px 0 8px; }
a { color: var(--accent); }
.muted { color: var(--muted); }
.notice { padding: 10px 14px; border: 1px solid #a6d8b8; background: #ecfdf3; border-radius: 6px; }
.error { padding: 10px 14px; border: 1px solid #f4b4ad; background: #fef3f2; border-radius: 6px; }
.counts { display: flex; gap: 12px; margin: 0 0 16px; padding: 0; list-style: none; }
.counts li { padding: 8px 14px; background: #fff; border: 1px solid var(--line); border-radius: 6px; }
.counts strong { font-size: 18px; display: block; }
form.filters { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 10px; padding: 14px; background: #fff; border: 1px solid var(--line); border-radius: 6px; align-items: end; }
label { display: flex; flex-direction: column; gap: 4px; font-size: 12px; color: var(--muted); }
label.check { flex-direction: row; align-items: center; color: var(--ink); font-size: 14px; }
input, select, textarea { font: inherit; padding: 6px 8px; border: 1px solid var(--line); border-radius: 4px; background: #fff; color: var(--ink); }
button { font: inherit; padding: 7px 14px; border: 0; border-radius: 4px; background: var(--accent); color: #fff; cursor: pointer; }
button.danger { background: var(--bad); }
table { width: 100%; border-collapse: collapse; margin-top: 16px; background: #fff; border: 1px solid var(--line); }
th, td { text-align: left; padding: 8px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 12px; color: var(--muted); font-weight: 600; background: #fafbfc; }
code, pre { font: 12px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace; }
pre { padding: 12px; background: #fff; border: 1px solid var(--line); border-radius: 6px; overflow: auto; }
dl { display: grid; grid-template-columns: 200px 1fr; gap: 6px 16px; padding: 14px; margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 6px; }
dt { color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; }
.badge-active { background: #ecfdf3; color: #067647; }
.badge-expired { background: #f2f4f7; color: #475467; }
.badge-revoked { background: #fef3f2; color: #b42318; }
.actions { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 16px; }
.actions form { display: flex; flex-direction: column; gap: 10px; padding: 14px; background: #fff; border: 1px solid var(--line); border-radius: 6px; }
.pager { margin-top: 12px; }
`;

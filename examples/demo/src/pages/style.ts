/** The demo's whole stylesheet, served at {@link STYLESHEET_PATH}. */
export const STYLESHEET = `
:root {
  --ink: #1c2033; --muted: #646b85; --line: #e3e6ef; --paper: #ffffff; --page: #f4f5fa;
  --accent: #4f46e5; --accent-ink: #ffffff; --danger: #c4314b; --ok: #16794a; --ok-bg: #e7f6ee;
  --info-bg: #eef0fe; --error-bg: #fdecef; --radius: 12px;
  color-scheme: light;
}
* { box-sizing: border-box; }
body {
  margin: 0; min-height: 100vh; display: flex; flex-direction: column;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); background: var(--page);
}
code { font: 0.9em ui-monospace, "SF Mono", Menlo, Consolas, monospace; background: #eef0f6; padding: 0.1em 0.35em; border-radius: 4px; }
h1 { font-size: 1.75rem; line-height: 1.2; margin: 0 0 0.5rem; }
h2 { font-size: 1.05rem; margin: 0; }
.muted { color: var(--muted); font-weight: normal; }
.lead { color: var(--muted); margin: 0 0 1.25rem; }

.topbar {
  display: flex; align-items: center; justify-content: space-between; gap: 1rem; flex-wrap: wrap;
  padding: 0.75rem 1.5rem; background: var(--paper); border-bottom: 1px solid var(--line);
}
.brand { display: flex; align-items: center; gap: 0.5rem; font-weight: 700; color: var(--ink); text-decoration: none; }
.who { display: flex; align-items: center; gap: 0.75rem; flex-wrap: wrap; font-size: 0.95rem; }
.who form { margin: 0; }

main { flex: 1; width: 100%; max-width: 760px; margin: 0 auto; padding: 2rem 1.25rem; }
.footer { text-align: center; color: var(--muted); font-size: 0.85rem; padding: 1.5rem; }

.card { background: var(--paper); border: 1px solid var(--line); border-radius: var(--radius); padding: 2rem; box-shadow: 0 1px 2px rgba(16, 24, 40, 0.04); }
.narrow { max-width: 440px; margin: 1.5rem auto; }
.stack { display: grid; gap: 1rem; margin: 1.25rem 0; }
label { display: grid; gap: 0.35rem; font-weight: 600; font-size: 0.95rem; }
input {
  font: inherit; font-weight: normal; padding: 0.6rem 0.75rem; border: 1px solid #cdd2e0; border-radius: 8px; background: #fff; color: var(--ink);
}
input:focus { outline: 2px solid var(--accent); outline-offset: 1px; border-color: var(--accent); }
.hint { font-size: 0.9rem; color: var(--muted); margin: 0; }
.status { color: var(--muted); margin: 0 0 0.5rem; }

.button {
  display: inline-block; font: inherit; font-weight: 600; font-size: 0.95rem; line-height: 1.2; cursor: pointer;
  padding: 0.55rem 1rem; border-radius: 8px; border: 1px solid #cdd2e0; background: var(--paper); color: var(--ink); text-decoration: none;
}
.button:hover { background: #f6f7fb; }
.button:disabled { opacity: 0.5; cursor: not-allowed; }
.button.primary { background: var(--accent); border-color: var(--accent); color: var(--accent-ink); padding: 0.7rem 1rem; }
.button.primary:hover { background: #4338ca; }
.button.danger { background: var(--danger); border-color: var(--danger); color: #fff; }
.button.danger:hover { background: #a82840; }
.button.danger-outline { color: var(--danger); border-color: #f0b8c2; }
.button.danger-outline:hover { background: var(--error-bg); }
.button.subtle { border-color: transparent; background: #eef0f6; }

.notice { padding: 0.75rem 1rem; border-radius: 8px; margin: 0 0 1.25rem; background: var(--info-bg); }
.notice.success { background: var(--ok-bg); color: var(--ok); }
.notice.error { background: var(--error-bg); color: var(--danger); }

.devices { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.75rem; }
.device {
  display: grid; grid-template-columns: auto 1fr auto; gap: 1rem; align-items: center;
  background: var(--paper); border: 1px solid var(--line); border-radius: var(--radius); padding: 1rem 1.25rem;
}
.device.current { border-color: #b9b5f6; box-shadow: 0 0 0 3px #eef0fe; }
.device .icon { width: 48px; height: 48px; border-radius: 10px; display: grid; place-items: center; background: #eef0f6; color: #3f4668; }
.device.current .icon { background: var(--info-bg); color: var(--accent); }
.device p { margin: 0.15rem 0 0.5rem; font-size: 0.9rem; }
.device dl { display: flex; flex-wrap: wrap; gap: 0.25rem 1.5rem; margin: 0; font-size: 0.875rem; }
.device dl div { display: flex; gap: 0.35rem; }
.device dt { color: var(--muted); }
.device dd { margin: 0; }
.device .action { margin: 0; }
.badge {
  display: inline-block; vertical-align: 0.1em; margin-left: 0.35rem; padding: 0.1rem 0.5rem; border-radius: 999px;
  font-size: 0.75rem; font-weight: 600; background: var(--ok-bg); color: var(--ok);
}
.bulk { display: flex; justify-content: flex-end; gap: 0.75rem; flex-wrap: wrap; margin-top: 1.5rem; }
.bulk form { margin: 0; }

.create-key { display: grid; gap: 0.6rem; margin: 1.5rem 0; justify-items: start; }
.create-key label { width: 100%; }
.create-key label.scope { display: flex; gap: 0.5rem; align-items: center; font-weight: normal; }
.create-key label.scope input { width: auto; }
@media (max-width: 560px) {
  .device { grid-template-columns: auto 1fr; }
  .device .action { grid-column: 1 / -1; }
  .bulk { justify-content: stretch; }
  .bulk form, .bulk .button { width: 100%; }
}
`;

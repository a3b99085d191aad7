import { html, type SafeHtml } from './html.js';

/** A time in UTC, machine-readable too; `never` for `null` (no expiry). */
export function time(date: Date | null, none = 'never'): SafeHtml {
  if (date === null) return html`<span class="muted">${none}</span>`;
  const text = date.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
  return html`<time datetime="${date.toISOString()}">${text}</time>`;
}

/** The status as a badge. */
export function statusBadge(status: string): SafeHtml {
  return html`<span class="badge badge-${status}">${status}</span>`;
}

/** The context as indented JSON (escaped where it is put in the page). */
export function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? 'null';
}

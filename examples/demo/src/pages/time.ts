import { html } from 'hono/html';
import type { Html } from './layout.js';

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

const UNITS: ReadonlyArray<readonly [Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

/** "just now", "3 minutes ago", "in 12 hours", "yesterday". */
export function relativeTime(date: Date, now: number): string {
  const seconds = Math.round((date.getTime() - now) / 1000);
  if (Math.abs(seconds) < 45) return 'just now';
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'minute') return relative.format(Math.round(seconds / size), unit);
  }
  return 'just now';
}

/** A `<time>` showing the relative time, with the exact UTC time on hover. */
export function timeTag(date: Date | null, now: number, never = 'never'): Html {
  if (date === null) return html`<span>${never}</span>`;
  const exact = `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  return html`<time datetime="${date.toISOString()}" title="${exact}">${relativeTime(date, now)}</time>`;
}

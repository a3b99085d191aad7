import { html } from 'hono/html';
import type { Html } from './layout.js';

const PHONE = html`<rect x="7" y="2.5" width="10" height="19" rx="2"/><path d="M11 18.5h2"/>`;
const TABLET = html`<rect x="4.5" y="2.5" width="15" height="19" rx="2"/><path d="M11 18.5h2"/>`;
const LAPTOP = html`<rect x="4" y="5" width="16" height="11" rx="1.5"/><path d="M2 19h20"/>`;
const TERMINAL = html`<rect x="3" y="4" width="18" height="16" rx="2"/><path d="M7 9.5l3 2.5-3 2.5M12.5 15h4.5"/>`;

/** A line drawing for the kind of device (inline SVG: no image requests, no emoji font needed). */
export function deviceIcon(device: string): Html {
  const shape = /phone/i.test(device)
    ? PHONE
    : /iPad|tablet/i.test(device)
      ? TABLET
      : /Command line|Script/.test(device)
        ? TERMINAL
        : LAPTOP;
  return html`<svg viewBox="0 0 24 24" width="28" height="28" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round">${shape}</svg>`;
}

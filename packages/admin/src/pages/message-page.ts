import { html, type SafeHtml } from '../html.js';
import { layout } from './layout.js';

/** A page that only says what went wrong (403, 400, 404, 503…), with a stable code. */
export function messagePage(basePath: string, options: { title: string; code: string; message: string; actor?: string | null }): SafeHtml {
  return layout({
    basePath,
    title: options.title,
    actor: options.actor ?? null,
    body: html`<h1>${options.title}</h1>
<p class="error" data-code="${options.code}">${options.message}</p>
<p class="muted">Error code: <code>${options.code}</code></p>`,
  });
}

import { html, type SafeHtml } from '../html.js';

/** The frame of every page: the console's stylesheet, its navigation and who is signed in. */
export function layout(options: { basePath: string; title: string; actor?: string | null; body: SafeHtml; head?: SafeHtml }): SafeHtml {
  const { basePath } = options;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${options.title} · Authentify admin</title>
<link rel="stylesheet" href="${basePath}/style.css">
${options.head}
</head>
<body>
<header class="top">
  <a class="brand" href="${basePath}/">Authentify admin</a>
  ${options.actor == null ? '' : html`<nav><a href="${basePath}/">Sessions</a><a href="${basePath}/prune">Prune</a></nav><span class="actor">${options.actor}</span>`}
</header>
<main>
${options.body}
</main>
</body>
</html>
`;
}

/** A notice above a page's content, from `?notice=` after a form post. */
export function noticeBox(notice: string | null): SafeHtml {
  return notice === null ? html`` : html`<p class="notice" role="status">${notice}</p>`;
}

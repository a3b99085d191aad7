import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { DemoUser } from '../users.js';

/** The header's log-out button: Authentify's logout route, coming back to the login page (a 303). */
const LOGOUT_ACTION = `/auth/logout?return_to=${encodeURIComponent('/login?notice=signed-out')}`;

/**
 * Server-rendered HTML. Hono's `html` tag escapes every interpolated value (`<`, `>`, `&`, `"`,
 * `'`), so a session's context — text a client chose — can never become markup; only other
 * `html` fragments are inserted as they are.
 */
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** The path the stylesheet is served at (a file, so the CSP can forbid inline styles). */
export const STYLESHEET_PATH = '/assets/style.css';

const FAVICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='8' fill='%234f46e5'/%3E%3Cpath d='M10 15v-3a6 6 0 0 1 12 0v3' stroke='white' stroke-width='2.5' fill='none'/%3E%3Crect x='8' y='15' width='16' height='11' rx='2' fill='white'/%3E%3C/svg%3E";

export function layout(page: { title: string; user?: DemoUser | null; body: Html }): Html {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${page.title} · Authentify demo</title>
    <link rel="icon" href="${FAVICON}">
    <link rel="stylesheet" href="${STYLESHEET_PATH}">
  </head>
  <body>
    <header class="topbar">
      <a class="brand" href="/"><img class="logo" src="${FAVICON}" alt="" width="26" height="26">Authentify <span class="muted">demo</span></a>
      ${page.user ? signedInAs(page.user) : ''}
    </header>
    <main>${page.body}</main>
    <footer class="footer">
      Sessions live in an SQLite file; tokens are stored only as SHA-256 digests.
    </footer>
  </body>
</html>`;
}

function signedInAs(user: DemoUser): Html {
  return html`<div class="who">
        <span>Signed in as <strong>${user.name}</strong> <span class="muted">${user.email}</span></span>
        <form method="post" action="${LOGOUT_ACTION}"><button class="button subtle" type="submit">Log out</button></form>
      </div>`;
}

/** A message box; `kind` sets its colour. */
export function notice(text: string | null, kind: 'info' | 'success' | 'error' = 'info'): Html | '' {
  return text === null ? '' : html`<p class="notice ${kind}" role="status">${text}</p>`;
}

import { html } from 'hono/html';
import { DEMO_USER } from '../users.js';
import { type Html, layout, notice } from './layout.js';

/** Messages the login page shows for `?notice=…`; unknown values show nothing (no reflection). */
const NOTICES: Readonly<Record<string, string>> = {
  'signed-out': 'You are signed out on this device.',
  'signed-out-everywhere': 'You are signed out on every device.',
};

/** Shown when a page sent the browser here (`?return_to=`): it had no session that could be refreshed. */
const SIGN_IN_TO_CONTINUE = 'Sign in to see that page. If you were signed in, your session has ended: it was signed out from another device, or it expired.';

export function loginPage(options: { notice?: string | undefined; email?: string; error?: string; returnTo?: string | null }): Html {
  const returnTo = options.returnTo ?? null;
  const known = options.notice === undefined ? null : (NOTICES[options.notice] ?? null);
  const message = known ?? (returnTo === null || options.error !== undefined ? null : SIGN_IN_TO_CONTINUE);
  // returnTo is one of the demo's own pages (page-routes.ts checks it), percent-encoded here.
  const action = returnTo === null ? '/login' : `/login?return_to=${encodeURIComponent(returnTo)}`;
  return layout({
    title: 'Sign in',
    body: html`<section class="card narrow">
      <h1>Sign in</h1>
      <p class="lead">Each sign-in starts a session of its own, which you can see and end from any of your devices.</p>
      ${notice(message)}
      ${options.error === undefined ? '' : notice(options.error, 'error')}
      <form class="stack" method="post" action="${action}">
        <label>Email
          <input name="email" type="email" autocomplete="username" required maxlength="254" value="${options.email ?? ''}" autofocus>
        </label>
        <label>Password
          <input name="password" type="password" autocomplete="current-password" required maxlength="1024">
        </label>
        <button class="button primary" type="submit">Sign in</button>
      </form>
      <p class="hint">Demo account: <code>${DEMO_USER.email}</code> / <code>${DEMO_USER.password}</code></p>
    </section>`,
  });
}

import { html } from 'hono/html';
import { DEMO_USER } from '../users.js';
import { type Html, layout, notice } from './layout.js';

/** Messages the login page shows for `?notice=…`; unknown values show nothing (no reflection). */
const NOTICES: Readonly<Record<string, string>> = {
  'signed-out': 'You are signed out on this device.',
  'signed-out-everywhere': 'You are signed out on every device.',
  'session-ended': 'Your session has ended: it was signed out from another device, or it expired. Please sign in again.',
};

export function loginPage(options: { notice?: string | undefined; email?: string; error?: string }): Html {
  const message = options.notice === undefined ? null : (NOTICES[options.notice] ?? null);
  return layout({
    title: 'Sign in',
    body: html`<section class="card narrow">
      <h1>Sign in</h1>
      <p class="lead">Each sign-in starts a session of its own, which you can see and end from any of your devices.</p>
      ${notice(message)}
      ${options.error === undefined ? '' : notice(options.error, 'error')}
      <form class="stack" method="post" action="/login">
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

import type { ApiKey } from '@authentify/core';
import { html } from 'hono/html';
import type { DemoUser } from '../users.js';
import { type Html, layout, notice } from './layout.js';
import { timeTag } from './time.js';

/** The scopes a key of the demo may carry: what `/api/me` and `/api/profile` ask for. */
export const DEMO_KEY_SCOPES = ['profile:read'] as const;

export interface ApiKeysPageInput {
  user: DemoUser;
  /** The user's live keys, newest first. */
  keys: readonly ApiKey[];
  /** The plaintext of a key just created: shown on this one page, never again. */
  created?: { name: string; apiKey: string };
  /** `?notice=` of the redirect that led here. */
  notice?: string | undefined;
  /** A form mistake to show (the create form's). */
  error?: string;
  now: number;
}

/**
 * "Your API keys": create one (its plaintext is shown once, on the page the form answers with),
 * see the others by name and last characters, revoke one. The forms post to the demo's own
 * page routes, which call `auth.createApiKey` and `auth.revokeApiKey`; the CSRF check of the
 * `required` middleware covers them like every cookie-authenticated post.
 */
export function apiKeysPage(input: ApiKeysPageInput): Html {
  return layout({
    title: 'Your API keys',
    user: input.user,
    body: html`<section class="intro">
      <h1>Your API keys</h1>
      <p class="lead">
        Keys for scripts and integrations: <code>Authorization: Bearer afy_ak_…</code>. They are not devices: signing out
        everywhere leaves them working. Revoke one you no longer use.
      </p>
      <p><a href="/devices">Your devices</a></p>
    </section>
    ${input.notice === 'key-revoked' ? notice('That key is revoked. Its next request will be refused.', 'success') : ''}
    ${input.error === undefined ? '' : notice(input.error, 'error')}
    ${input.created === undefined ? '' : createdNotice(input.created)}
    <form class="create-key" method="post" action="/api-keys">
      <label>Name <input name="name" maxlength="100" required placeholder="CI reader"></label>
      <label class="scope"><input type="checkbox" name="scope" value="profile:read" checked> profile:read</label>
      <button class="button" type="submit">Create key</button>
    </form>
    <ul class="devices">
      ${input.keys.length === 0 ? html`<li class="muted">No keys yet.</li>` : input.keys.map((key) => keyRow(key, input.now))}
    </ul>`,
  });
}

function createdNotice(created: { name: string; apiKey: string }): Html {
  return html`<div class="notice success new-key" role="status">
      <p>Your new key “${created.name}”. Copy it now: it is not shown again.</p>
      <p><code class="api-key">${created.apiKey}</code></p>
    </div>`;
}

function keyRow(key: ApiKey, now: number): Html {
  return html`<li class="device api-key-row" data-key-id="${key.id}">
      <div class="about">
        <h2>${key.name} <span class="muted">…${key.displayHint}</span></h2>
        <p class="muted">scopes: ${key.scopes.join(', ')}</p>
        <dl>
          <div><dt>Created</dt><dd>${timeTag(key.createdAt, now)}</dd></div>
          <div><dt>Last used</dt><dd>${timeTag(key.lastUsedAt, now)}</dd></div>
          <div><dt>Ends</dt><dd>${timeTag(key.expiresAt, now)}</dd></div>
        </dl>
      </div>
      <form class="action" method="post" action="/api-keys/${encodeURIComponent(key.id)}/revoke">
        <button class="button danger-outline" type="submit">Revoke</button>
      </form>
    </li>`;
}

import type { Session } from '@authentify/core';
import { html } from 'hono/html';
import type { DeviceContext } from '../auth.js';
import type { DemoUser } from '../users.js';
import { deviceIcon } from './icons.js';
import { type Html, layout, notice } from './layout.js';
import { timeTag } from './time.js';

export interface DevicesPageInput {
  user: DemoUser;
  /** The user's live sessions, newest first. */
  sessions: readonly Session<DeviceContext>[];
  currentSessionId: string;
  /** `?notice=` of the redirect that led here, and its `?count=`. */
  notice?: string | undefined;
  count?: number;
  now: number;
}

/** Messages for `?notice=…`; unknown values show nothing (no reflection). */
function noticeText(key: string | undefined, count: number): string | null {
  switch (key) {
    case 'revoked':
      return 'That device is signed out. Its next request will be refused.';
    case 'not-found':
      return 'That session had already ended.';
    case 'others-signed-out':
      return count === 1 ? 'Signed out 1 other session.' : `Signed out ${count} other sessions.`;
    default:
      return null;
  }
}

export function devicesPage(input: DevicesPageInput): Html {
  // This device first, then the others, newest first.
  const current = input.sessions.filter((session) => session.id === input.currentSessionId);
  const others = input.sessions.filter((session) => session.id !== input.currentSessionId);
  return layout({
    title: 'Your devices',
    user: input.user,
    body: html`<section class="intro">
      <h1>Your devices</h1>
      <p class="lead">
        Every sign-in is a session with a token of its own. Revoke one you do not recognise: its
        very next request is refused.
      </p>
    </section>
    ${notice(noticeText(input.notice, input.count ?? 0), 'success')}
    <ul class="devices">
      ${[...current, ...others].map((session) => deviceRow(session, session.id === input.currentSessionId, input.now))}
    </ul>
    <section class="bulk">
      <form method="post" action="/auth/logout-others">
        <button class="button" type="submit" ${others.length === 0 ? 'disabled' : ''}>Log out other devices</button>
      </form>
      <form method="post" action="/auth/logout-all">
        <button class="button danger" type="submit">Log out everywhere</button>
      </form>
    </section>`,
  });
}

function deviceRow(session: Session<DeviceContext>, current: boolean, now: number): Html {
  const { device, browser, ip } = session.context;
  const via = session.transport === 'cookie' ? 'Web browser' : 'API client, bearer token';
  return html`<li class="device${current ? ' current' : ''}" data-session-id="${session.id}">
        <div class="icon" aria-hidden="true">${deviceIcon(device)}</div>
        <div class="about">
          <h2>${device} · ${browser}${current ? html` <span class="badge">This device</span>` : ''}</h2>
          <p class="muted">${via}${ip === null ? '' : ` · ${ip}`} · session <code>${session.id.slice(0, 8)}</code></p>
          <dl>
            <div><dt>Signed in</dt><dd>${timeTag(session.createdAt, now)}</dd></div>
            <div><dt>Last active</dt><dd>${timeTag(session.lastUsedAt, now)}</dd></div>
            <div><dt>Ends</dt><dd>${timeTag(session.expiresAt, now)}</dd></div>
          </dl>
        </div>
        <form class="action" method="post" action="${current ? '/auth/logout' : `/devices/${session.id}/revoke`}">
          <button class="button ${current ? 'subtle' : 'danger-outline'}" type="submit">${current ? 'Log out' : 'Revoke'}</button>
        </form>
      </li>`;
}

import type { Session } from '@authentify/core';
import { html } from 'hono/html';
import type { DeviceContext } from '../auth.js';
import type { ClientMove } from '../client-changes.js';
import { describeUserAgent } from '../user-agent.js';
import type { DemoUser } from '../users.js';
import { deviceIcon } from './icons.js';
import { type Html, layout, notice } from './layout.js';
import { timeTag } from './time.js';

export interface DevicesPageInput {
  user: DemoUser;
  /** The user's live sessions, newest first. */
  sessions: readonly Session<DeviceContext>[];
  currentSessionId: string;
  /** The latest move to another network Authentify reported for a session, if any. */
  movesOf: (sessionId: string) => ClientMove | undefined;
  /** `?notice=` of the redirect that led here. */
  notice?: string | undefined;
  now: number;
}

/**
 * Where each form posts: Authentify's own routes, with the page to come back to as `return_to`
 * (a same-origin path; the route answers the form with a 303 there once it has done its work).
 */
const withReturnTo = (route: string, page: string): string => `${route}?return_to=${encodeURIComponent(page)}`;
const FORM_ACTIONS = {
  logout: withReturnTo('/auth/logout', '/login?notice=signed-out'),
  logoutAll: withReturnTo('/auth/logout-all', '/login?notice=signed-out-everywhere'),
  logoutOthers: withReturnTo('/auth/logout-others', '/devices?notice=others-signed-out'),
  revoke: (sessionId: string): string => withReturnTo(`/auth/sessions/${encodeURIComponent(sessionId)}/revoke`, '/devices?notice=revoked'),
} as const;

/** Messages for `?notice=…`; unknown values show nothing (no reflection). */
function noticeText(key: string | undefined): string | null {
  switch (key) {
    case 'revoked':
      return 'That device is signed out. Its next request will be refused.';
    case 'others-signed-out':
      return 'Every other session is signed out.';
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
    ${notice(noticeText(input.notice), 'success')}
    <ul class="devices">
      ${[...current, ...others].map((session) => deviceRow(session, session.id === input.currentSessionId, input.movesOf(session.id), input.now))}
    </ul>
    <section class="bulk">
      <form method="post" action="${FORM_ACTIONS.logoutOthers}">
        <button class="button" type="submit" ${others.length === 0 ? 'disabled' : ''}>Log out other devices</button>
      </form>
      <form method="post" action="${FORM_ACTIONS.logoutAll}">
        <button class="button danger" type="submit">Log out everywhere</button>
      </form>
    </section>
    <p class="api-keys-link"><a class="button subtle" href="/api-keys">API keys</a> for scripts and integrations</p>
    ${input.user.admin ? html`<p class="admin-link"><a class="button subtle" href="/admin/">Admin console</a> every user’s sessions</p>` : ''}`,
  });
}

function deviceRow(session: Session<DeviceContext>, current: boolean, move: ClientMove | undefined, now: number): Html {
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
            <div><dt>Last seen from</dt><dd>${lastSeenFrom(session)}</dd></div>
          </dl>
          ${move === undefined ? '' : moveAlert(move, now)}
        </div>
        <form class="action" method="post" action="${current ? FORM_ACTIONS.logout : FORM_ACTIONS.revoke(session.id)}">
          <button class="button ${current ? 'subtle' : 'danger-outline'}" type="submit">${current ? 'Log out' : 'Revoke'}</button>
        </form>
      </li>`;
}

/** Where the session was last used from: the address and the browser of that request. */
function lastSeenFrom(session: Session<DeviceContext>): string {
  if (session.lastIp === null && session.lastUserAgent === null) return 'unknown';
  const agent = session.lastUserAgent === null ? null : describeUserAgent(session.lastUserAgent);
  return [session.lastIp, agent === null ? null : `${agent.device} · ${agent.browser}`].filter((part) => part !== null).join(' · ');
}

/** Authentify saw this session used from another network than before (its onClientChange hook). */
function moveAlert(move: ClientMove, now: number): Html {
  return html`<p class="notice error move" role="status">
    New network ${timeTag(move.at, now)}: used from <strong>${move.current.ip ?? 'an unknown address'}</strong>, before from
    ${move.previous.ip ?? 'an unknown address'}. Not you? Revoke it.
  </p>`;
}

import type { Session, SessionFilter, SessionStateCounts } from '@authentify/core';
import { statusBadge, time } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { listQueryString } from '../list-query.js';
import { layout, noticeBox } from './layout.js';
import { revokeUserForm } from './revoke-forms.js';

/** What the list page shows: one page of the search, the counts by state, and the filters. */
export interface ListPageData {
  basePath: string;
  actor: string;
  filter: SessionFilter;
  counts: SessionStateCounts;
  sessions: readonly Session<object>[];
  nextCursor: string | null;
  notice: string | null;
}

/** Sessions across users: filters, counts by state, the page's rows and a "next page" link. */
export function listPage(data: ListPageData): SafeHtml {
  const { basePath, filter } = data;
  const next = data.nextCursor === null ? null : `${basePath}/${listQueryString(filter, { cursor: data.nextCursor })}`;
  return layout({
    basePath,
    title: 'Sessions',
    actor: data.actor,
    body: html`<h1>Sessions</h1>
${noticeBox(data.notice)}
${filterForm(basePath, filter)}
<ul class="counts" aria-label="Sessions by state">
  <li><strong data-count="live">${data.counts.live}</strong>live</li>
  <li><strong data-count="expired">${data.counts.expired}</strong>expired</li>
  <li><strong data-count="revoked">${data.counts.revoked}</strong>revoked</li>
</ul>
${data.sessions.length === 0 ? html`<p class="muted">No session matches these filters.</p>` : sessionTable(basePath, data.sessions)}
${next === null ? '' : html`<p class="pager"><a rel="next" href="${next}">Next page →</a></p>`}
${filter.userId === undefined ? '' : html`<h2>All sessions of this user</h2><div class="actions">${revokeUserForm(basePath, filter.userId, data.counts.live)}</div>`}`,
  });
}

function filterForm(basePath: string, filter: SessionFilter): SafeHtml {
  const states = filter.states ?? [];
  const checked = (state: string) => (states.includes(state as never) ? html` checked` : '');
  const selected = (transport: string) => (filter.transport === transport ? html` selected` : '');
  const dateValue = (date: Date | undefined) => (date === undefined ? '' : date.toISOString().slice(0, 16));
  return html`<form class="filters" method="get" action="${basePath}/" role="search">
  <label>User id<input name="userId" maxlength="255" value="${filter.userId ?? ''}"></label>
  <label>Transport<select name="transport"><option value="">any</option><option value="header"${selected('header')}>header</option><option value="cookie"${selected('cookie')}>cookie</option></select></label>
  <label>Created from (UTC)<input type="datetime-local" name="createdFrom" value="${dateValue(filter.createdFrom)}"></label>
  <label>Created until (UTC)<input type="datetime-local" name="createdUntil" value="${dateValue(filter.createdUntil)}"></label>
  <label>Last used from (UTC)<input type="datetime-local" name="lastUsedFrom" value="${dateValue(filter.lastUsedFrom)}"></label>
  <label>Last used until (UTC)<input type="datetime-local" name="lastUsedUntil" value="${dateValue(filter.lastUsedUntil)}"></label>
  <fieldset class="states"><legend class="muted">State</legend>
    <label class="check"><input type="checkbox" name="state" value="live"${checked('live')}> live</label>
    <label class="check"><input type="checkbox" name="state" value="expired"${checked('expired')}> expired</label>
    <label class="check"><input type="checkbox" name="state" value="revoked"${checked('revoked')}> revoked</label>
  </fieldset>
  <button type="submit">Search</button>
</form>`;
}

function sessionTable(basePath: string, sessions: readonly Session<object>[]): SafeHtml {
  return html`<table>
<thead><tr><th>Session</th><th>User</th><th>Transport</th><th>State</th><th>Created</th><th>Last used</th><th>Last IP</th><th>Ends</th></tr></thead>
<tbody>
${sessions.map(
  (session) => html`<tr>
  <td><a href="${basePath}/sessions/${session.id}"><code>${session.id}</code></a></td>
  <td><a href="${basePath}/${listQueryString({ userId: session.userId })}">${session.userId}</a></td>
  <td>${session.transport}</td>
  <td>${statusBadge(session.status)}</td>
  <td>${time(session.createdAt)}</td>
  <td>${time(session.lastUsedAt)}</td>
  <td>${session.lastIp ?? html`<span class="muted">unknown</span>`}</td>
  <td>${session.revokedAt === null ? time(session.expiresAt) : html`revoked ${time(session.revokedAt)}`}</td>
</tr>`,
)}
</tbody>
</table>`;
}

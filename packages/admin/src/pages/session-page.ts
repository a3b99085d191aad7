import type { Session } from '@authentify/core';
import { prettyJson, statusBadge, time } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { listQueryString } from '../list-query.js';
import { layout, noticeBox } from './layout.js';
import { revokeSessionForm, revokeUserForm } from './revoke-forms.js';

/**
 * One session: every field of the public `Session` (which has no token and no digest), the
 * context as indented JSON, and the forms that end it or all of its user's.
 */
export function sessionPage(data: { basePath: string; actor: string; session: Session<object>; notice: string | null }): SafeHtml {
  const { basePath, session } = data;
  const none = (text: string) => html`<span class="muted">${text}</span>`;
  return layout({
    basePath,
    title: `Session ${session.id}`,
    actor: data.actor,
    body: html`<h1>Session <code>${session.id}</code></h1>
${noticeBox(data.notice)}
<dl>
  <dt>State</dt><dd>${statusBadge(session.status)}</dd>
  <dt>User</dt><dd><a href="${basePath}/${listQueryString({ userId: session.userId })}">${session.userId}</a></dd>
  <dt>Transport</dt><dd>${session.transport}</dd>
  <dt>Label</dt><dd>${session.label ?? none('—')}</dd>
  <dt>Created</dt><dd>${time(session.createdAt)}</dd>
  <dt>Authenticated</dt><dd>${time(session.authenticatedAt)}</dd>
  <dt>Last used</dt><dd>${time(session.lastUsedAt)}</dd>
  <dt>Last IP</dt><dd>${session.lastIp ?? none('unknown')}</dd>
  <dt>Last User-Agent</dt><dd>${session.lastUserAgent ?? none('unknown')}</dd>
  <dt>Access token expires</dt><dd>${time(session.accessExpiresAt)}</dd>
  <dt>Refresh token expires</dt><dd>${time(session.refreshExpiresAt, 'no refresh token')}</dd>
  <dt>Session ends</dt><dd>${time(session.expiresAt)}</dd>
  <dt>Absolute end</dt><dd>${time(session.absoluteExpiresAt)}</dd>
  <dt>Revoked</dt><dd>${time(session.revokedAt, 'no')}</dd>
  <dt>Reason</dt><dd>${session.revocationReason ?? none('—')}</dd>
  <dt>Revoked by</dt><dd>${session.revokedBy ?? none('—')}</dd>
  <dt>Note</dt><dd>${session.revocationNote ?? none('—')}</dd>
</dl>
<h2>Context</h2>
<pre>${prettyJson(session.context)}</pre>
<h2>Actions</h2>
<div class="actions">
${session.status === 'active' ? revokeSessionForm(basePath, session.id) : html`<p class="muted">This session has ended (${session.status}).</p>`}
${revokeUserForm(basePath, session.userId, null)}
</div>`,
  });
}
